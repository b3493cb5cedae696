"""How much Markdown a slide may hold, so that laying it out can never freeze the screen.

Qt lays out a Markdown text in time that grows faster than its size for some shapes: a list of
10,000 items takes 14 s to build, a table of 10,000 cells 2 s to lay out. A waiting-room summary
is a page or two; these limits are far above that and keep the worst case to a fraction of a
second (``tests/player/test_markdown_bound.py`` fuzzes shapes within them). The count is one
linear pass over the text, with no parsing, so checking is always cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

MAX_CHARACTERS: Final = 20_000
MAX_LINES: Final = 1_000
#: Counted as the ``|`` characters on lines that have one: every table cell needs one.
MAX_TABLE_CELLS: Final = 800
#: Quote marks, list marks and indentation before a line's text: each level of nesting narrows
#: the text, and deep nesting (``- - - - ...``) lays a long text out one letter a line.
MAX_NESTING_PREFIX: Final = 40
#: Pictures (``![...](...)``, shown as nothing) and code marks (`` ` ``, costly to pair up).
MAX_PICTURES: Final = 100
MAX_BACKTICKS: Final = 1_000

_PREFIX: Final = re.compile(r"[ \t>*+-]*(?:\d{1,9}[.)][ \t>*+-]*)*")


@dataclass(frozen=True, slots=True)
class MarkdownTooBig:
    """Why a text is too big to show, and the 0-based line (within the text) where it became so."""

    message: str
    line: int


def too_big(text: str) -> MarkdownTooBig | None:
    """None if ``text`` is within the limits, else what to tell staff."""
    if len(text) > MAX_CHARACTERS:
        return MarkdownTooBig(
            f"it is {len(text):,} characters long, more than the {MAX_CHARACTERS:,} the screen "
            "can show quickly. Shorten it, or split it over two slides",
            text.count("\n", 0, MAX_CHARACTERS),
        )
    for count, limit, what in (
        (text.count("!["), MAX_PICTURES, "pictures (![...])"),
        (text.count("`"), MAX_BACKTICKS, "code marks (`)"),
    ):
        if count > limit:
            return MarkdownTooBig(
                f"it has {count:,} {what}, more than the {limit:,} the screen can show quickly",
                0,
            )
    cells = 0
    for number, line in enumerate(text.split("\n")):
        if number >= MAX_LINES:
            return MarkdownTooBig(
                f"it has more than {MAX_LINES:,} lines, more than the screen can show quickly. "
                "Shorten it, or split it over two slides",
                number,
            )
        cells += line.count("|")
        if cells > MAX_TABLE_CELLS:
            return MarkdownTooBig(
                f"its tables have more than {MAX_TABLE_CELLS:,} cells, more than the screen "
                "can show quickly. Make the tables smaller, or split them over two slides",
                number,
            )
        prefix = _PREFIX.match(line)
        nesting = prefix.end() if prefix else 0
        if nesting > MAX_NESTING_PREFIX and nesting < len(line.rstrip()):
            return MarkdownTooBig(
                f"a line starts with {nesting} spaces, quote marks (>) or list marks, nested "
                f"deeper than the screen can show (at most {MAX_NESTING_PREFIX})",
                number,
            )
    return None


def shortened(text: str) -> str:
    """The beginning of ``text``, within the limits, to show as plain text in its place."""
    lines = text[:MAX_CHARACTERS].split("\n")[: MAX_LINES // 2]
    return "\n".join(lines)
