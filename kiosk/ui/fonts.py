"""Characters no installed font can draw: they show as empty boxes, so they are logged.

Qt falls back through every installed font before it draws a box (glyph 0, "notdef"); a box
on screen therefore means this machine lacks a font (an emoji font, a script's font, or any
font at all), which only the log can tell the person who installs the kiosk.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtGui import QFont, QTextLayout

log = logging.getLogger(__name__)

_NOTDEF: Final = 0
#: Zero-width joiners and variation selectors: drawn as part of their neighbours, never alone.
_JOINERS: Final = frozenset("\u200c\u200d\ufe0e\ufe0f")
_seen: set[str] = set()


def undrawable(text: str, font: QFont) -> list[str]:
    """The characters of ``text`` that no installed font can draw with ``font``, in order."""
    if not text.strip() or not _has_notdef(text, font):
        return []
    # A glyph run's string indexes are not reliable after a missing joined emoji, so each
    # character is tried on its own once a box is known to be there.
    chars = dict.fromkeys(char for char in text if not char.isspace() and char not in _JOINERS)
    return [char for char in chars if _has_notdef(char, font)]


def _has_notdef(text: str, font: QFont) -> bool:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1_000_000)
    layout.endLayout()
    return any(_NOTDEF in run.glyphIndexes() for run in layout.glyphRuns())


def log_undrawable(what: str, text: str, font: QFont) -> None:
    """Log, once per text, the characters of ``text`` that would show as boxes."""
    if text in _seen:
        return
    _seen.add(text)
    missing = undrawable(text, font)
    if not missing:
        return
    drawn = sum(1 for char in text if not char.isspace()) - len(missing)
    names = ", ".join(f"U+{ord(char):04X}" for char in missing[:10])
    how = "any of its characters" if drawn <= 0 else f"{len(missing)} of its characters"
    log.warning(
        "%s: no installed font can draw %s (%s); they show as empty boxes. Install a font "
        "that has them (fonts-noto-core, fonts-noto-color-emoji, fonts-wqy-microhei).",
        what,
        how,
        names,
    )
