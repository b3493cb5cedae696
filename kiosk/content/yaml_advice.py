"""What a YAML mistake means, in the words of someone who has never heard of YAML.

The YAML library reports what its parser met ("found character '\\t' that cannot start any
token"); staff need to know what to type instead ("indent with spaces"). Each function here
looks at the library's report and the line it points at, and returns advice, or None when it has
nothing better than the general message.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Final

#: English month names whatever the machine's language (calendar.month_name follows it).
_MONTH_NAMES: Final = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Line ends as YAML counts them (str.splitlines would also break at U+2028 and others).
LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_DATE: Final = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
#: ``key: 'value...`` or ``- 'value...``: a value that opens with a single quote.
_SINGLE_QUOTED: Final = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?(?:[^\s'\"#:][^:#]*?:\s+)?)'(?P<rest>.*)$"
)


def explain(problem: str, context: str, lines: list[str], index: int) -> str | None:
    """Advice for the YAML library's ``problem`` (and ``context``) at ``lines[index]``."""
    line = lines[index] if 0 <= index < len(lines) else ""
    if "'\\t'" in problem or "\t" in line[: len(line) - len(line.lstrip())]:
        return (
            "This line is indented with a tab. Indent with spaces only (two for each level, "
            "like the lines above it); tabs are not allowed here."
        )
    date = impossible_date(line) if "out of range" in problem or "must be in" in problem else None
    if date is not None:
        return date
    quoted = _SINGLE_QUOTED.match(line)
    if quoted is not None and _apostrophe_inside(quoted["rest"]):
        inner = quoted["rest"].rstrip()
        inner = inner[:-1] if inner.endswith("'") else inner
        lead = quoted["lead"].strip()
        fixed = f'{lead} "{inner}"' if lead else f'"{inner}"'
        return (
            "An apostrophe inside text that starts with ' ends the text early. Put the text in "
            f"double quotes instead, like {fixed} (or write the apostrophe twice: '')."
        )
    if "quoted scalar" in context and "end of stream" in problem:
        mark = '"' if '"' in line else "'"
        return (
            f"A quote mark ({mark}) on this line is never closed. End the text with the same "
            f'mark, like title: "Back pain and you", or leave both quote marks out.'
        )
    return None


def _apostrophe_inside(rest: str) -> bool:
    """``Don't stop'``: a single quote that is not the closing one nor doubled ('')."""
    body = rest.rstrip()
    body = body[:-1] if body.endswith("'") else body
    return "'" in body.replace("''", "")


def impossible_date(line: str) -> str | None:
    """``2027-02-29 is not a real date: February 2027 has 28 days.`` for a date on ``line``."""
    match = _DATE.search(line)
    if match is None:
        return None
    text, (year, month, day) = match[0], (int(match[1]), int(match[2]), int(match[3]))
    if not 1 <= month <= 12:
        why = f"there is no month {month} (months go from 1 to 12)"
    else:
        days = calendar.monthrange(year, month)[1] if year >= 1 else 31
        if 1 <= day <= days:
            return None
        why = f"{_MONTH_NAMES[month]} {year} has {days} days"
    return f"{text} is not a real date: {why}. Write the date as year-month-day, like 2026-11-25."


@dataclass(frozen=True, slots=True)
class LostWords:
    """Words YAML dropped as a comment: ``title: Back pain #1 reason`` keeps "Back pain"."""

    line: int  # 0-based, in the YAML text
    key: str | None
    kept: str
    lost: str

    @property
    def message(self) -> str:
        what = f"{self.key}:" if self.key else "This line"
        example = f'{self.key}: "{self.kept} {self.lost}"' if self.key else f'"{self.kept} ..."'
        return (
            f'{what} only "{self.kept}" is read. The words after it, "{self.lost}", are taken '
            "as a note for staff and never shown (a # after a space starts a note). To keep "
            f"them, put the whole text in quotes: {example}"
        )


_VALUE_WITH_HASH: Final = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?)(?:(?P<key>[^\s'\"#:\-][^:#]*?):\s+)?"
    r"(?P<value>[^\s'\"|>&*!%@`{\[#][^#]*?)\s+(?P<lost>#\S.*?)\s*$"
)
_BLOCK_START: Final = re.compile(
    r"^(?P<indent>\s*)(?:-\s+)?(?:[^#]*?:\s*)?[|>][-+0-9]*\s*(?:#.*)?$"
)


def lost_words(yaml_text: str) -> list[LostWords]:
    """Values whose end YAML reads as a comment: a ``#`` straight after a space and before a
    word (``#1``). A note written as ``# like this`` (with a space) is meant as one."""
    found: list[LostWords] = []
    if " #" not in yaml_text and "\t#" not in yaml_text:
        return found  # the usual case, at once
    block_indent: int | None = None  # inside a | or > block: its text is taken as written
    for index, line in enumerate(LINE_BREAK.split(yaml_text)):
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        block = _BLOCK_START.match(line)
        if block is not None:
            block_indent = len(block["indent"])
            continue
        match = _VALUE_WITH_HASH.match(line)
        if match is None:
            continue
        key = match["key"].strip() if match["key"] else None
        found.append(LostWords(index, key, match["value"].strip(), match["lost"]))
    return found
