"""Invisible characters in short texts (titles, teasers, key points): found, named, removed.

A right-to-left override (U+202E) pasted into a title shows it backwards; a zero-width space
splits a word where no one can see it; a control character draws as a box or nothing. None of
them belongs in a title, so ``--check`` names them with their line and the screen leaves them
out. Joiners (U+200C, U+200D) and direction marks (U+200E, U+200F) are kept: scripts and emoji
need them, and they cannot reorder text beyond themselves.
"""

from __future__ import annotations

import re
from typing import Final

_NAMES: Final = {
    **{chr(c): "a direction override" for c in range(0x202A, 0x202F)},
    **{chr(c): "a direction isolate" for c in range(0x2066, 0x206A)},
    "\u200b": "a zero-width space",
    "\u2060": "a word joiner",
    "\ufeff": "a zero-width no-break space",
    "\u180e": "a Mongolian vowel separator",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
    "\u00ad": "a soft hyphen",
}
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f" + "".join(re.escape(char) for char in _NAMES) + "]"
)


def unsafe_in(text: str) -> list[str]:
    """The invisible characters in ``text``, each named once, like "a direction override
    (U+202E)", in order of first appearance."""
    found: dict[str, None] = {}
    for match in _UNSAFE.finditer(text):
        char = match.group()
        found.setdefault(f"{_NAMES.get(char, 'a control character')} (U+{ord(char):04X})")
    return list(found)


def neutralised(text: str) -> str:
    """``text`` without its invisible characters (a tab or line break becomes a space)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: " " if m.group() in "\t\n\r\u2028\u2029" else "", text)
