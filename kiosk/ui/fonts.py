"""Fonts as drawn: characters no installed font can draw, and bold that stays bold.

Characters no installed font can draw show as empty boxes, so they are logged.

Qt falls back through every installed font before it draws a box (glyph 0, "notdef"); a box
on screen therefore means this machine lacks a font (an emoji font, a script's font, or any
font at all), which only the log can tell the person who installs the kiosk.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPainter, QPainterPath, QPen, QRawFont, QTextLayout

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


#: How thick a faked bold makes a glyph's strokes, as a share of the font's pixel size (what
#: FreeType's own emboldening adds: an em / 24).
_FAKE_BOLD_SHARE: Final = 1 / 24
#: Weights from this on are bold (semibold included).
_BOLD: Final = 600


#: From this pixel size on Qt draws glyphs as outlines, not from its glyph cache
#: (QT_MAX_CACHED_GLYPH_SIZE), and its fake bold is lost; below it, Qt's own fake bold shows.
_OUTLINE_PX: Final = 64


def fakes_bold(raw: QRawFont) -> bool:
    """True when ``raw`` is asked for bold but its face has none (WenQuanYi Micro Hei, the CJK
    fallback on many machines, has only a regular face) at a size where Qt's fake bold is lost:
    Qt fakes it only for glyphs it caches; from 64 px on it draws outlines, and those come out
    regular."""
    if raw.weight() < _BOLD or raw.pixelSize() < _OUTLINE_PX:
        return False
    return QFontDatabase.weight(raw.familyName(), raw.styleName()) < _BOLD


def draw_layout(painter: QPainter, layout: QTextLayout, position: QPointF) -> None:
    """Draw a laid-out text at ``position`` in the painter's pen colour, bold where bold was
    asked for at every size: glyphs whose face has no bold are drawn as outlines thickened by
    the painter (the same look as Qt's own fake bold on small text)."""
    runs = layout.glyphRuns()
    if not any(fakes_bold(run.rawFont()) for run in runs):
        layout.draw(painter, position)
        return
    colour = painter.pen().color()
    for run in runs:
        raw = run.rawFont()
        if not fakes_bold(raw):
            painter.drawGlyphRun(position, run)
            continue
        outline = QPainterPath()
        for index, at in zip(run.glyphIndexes(), run.positions(), strict=True):
            outline.addPath(raw.pathForGlyph(index).translated(position + at))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, raw.pixelSize() * _FAKE_BOLD_SHARE)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(colour)
        painter.drawPath(outline)
        painter.restore()
