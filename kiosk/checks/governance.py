"""Keeping health information current and readable: the warnings ``--check`` adds.

Warnings, never errors: a slide due for review, or hard to read, still shows (unless
``show_overdue: false``), but staff are told, with the file and the line to change.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Final

from kiosk.content import files, frontmatter
from kiosk.content.files import SETTINGS_FILE, SLIDES_DIR, UnreadableFileError
from kiosk.content.model import Deck, Slide
from kiosk.content.problems import Problem, Severity
from kiosk.scheduling.rules import (
    EARLIEST_PLAUSIBLE,
    is_overdue,
    newest_review,
    review_due,
    short_date,
)

log = logging.getLogger(__name__)

#: The reading grade health information should not go above (US school grade, Flesch-Kincaid).
MAX_READING_GRADE: Final = 8.0
#: Shorter texts give unstable grades (one long word swings them).
MIN_WORDS_FOR_GRADE: Final = 40

_LINK: Final = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [text](address) → text
_AUTOLINK: Final = re.compile(r"<(?:https?://|mailto:)[^>]*>|https?://\S+")
_HEADING: Final = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_LIST_ITEM: Final = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_EMPHASIS: Final = re.compile(r"[*_`~]+")
_SENTENCE_END: Final = re.compile(r"[.!?:;]\W*$")


def governance_problems(deck: Deck, today: dt.date) -> list[Problem]:
    """Warnings about the shown slides' reviews and reading grade, and about the clock.

    Hidden slides (``enabled: false``) are left out: patients do not see them.
    """
    problems: list[Problem] = []
    english = deck.settings.default_language.split("-")[0].lower() == "en"
    for slide in deck.enabled_slides:
        name = f"{SLIDES_DIR}/{slide.file_name}"
        text = _slide_text(deck.folder / SLIDES_DIR / slide.file_name)
        document = _document(text)
        review_line = document.line_of(("reviewed",)) if document is not None else 1
        if slide.reviewed is None:
            review_line = 1
        problems.extend(_review_problems(slide, today, name, review_line))
        if english:
            problems.extend(_reading_problems(slide, name, _first_body_line(text)))
        problems.extend(_translation_problems(slide, deck.settings.languages, name, document))
    problems.extend(_clock_problems(deck, today))
    problems.extend(_fallback_problems(deck))
    return problems


# -- translations -------------------------------------------------------------------------------


def _translation_problems(
    slide: Slide, languages: list[str], name: str, document: frontmatter.Document | None
) -> list[Problem]:
    """Each configured language: a translation is there, and a qualified translator checked it."""
    found: list[Problem] = []
    for code in languages[1:]:  # the first language is the one the slides are written in
        translation = slide.translations.get(code)
        line = document.line_of(("translations", code)) if document is not None else 1
        if translation is None:
            message = (
                f"No {code} translation: patients reading {code} see this slide in "
                f"{languages[0]}. Add one under 'translations: {code}:'."
            )
        elif translation.reviewed is None:
            message = (
                f"The {code} translation is not yet reviewed by a qualified translator. "
                "When it is, add 'reviewed: {date: YYYY-MM-DD, by: Name}' under it."
            )
        else:
            continue
        found.append(Problem(name, message, line, "translations", Severity.WARNING, slide.id))
    return found


# -- reviews ------------------------------------------------------------------------------------


def _review_problems(slide: Slide, today: dt.date, name: str, line: int) -> list[Problem]:
    if not is_overdue(slide, today):
        return []
    if slide.reviewed is None:
        message = "Never reviewed: add 'reviewed' with the date and who checked it."
    else:
        due = review_due(slide, today)
        assert due is not None  # reviewed slides always have a due date
        by = f" by {slide.reviewed.by}" if slide.reviewed.by else ""
        message = (
            f"Review overdue since {long_date(due)} (last reviewed "
            f"{long_date(slide.reviewed.date)}{by}). Check the text against its sources and "
            "update 'reviewed'."
        )
    return [Problem(name, message, line, "reviewed", Severity.WARNING, slide.id)]


def long_date(day: dt.date) -> str:
    """``3 Mar 2026``, whatever the computer's language."""
    return short_date(day, today=dt.date.min)  # a year unlike any today: always written


def _clock_problems(deck: Deck, today: dt.date) -> list[Problem]:
    if today < EARLIEST_PLAUSIBLE:
        return [
            Problem(
                str(deck.folder),
                f"This computer's clock says {today.isoformat()}, which cannot be right. "
                "Set the date and time; until then only slides without a schedule are shown.",
                severity=Severity.WARNING,
            )
        ]
    newest = newest_review(deck)
    if newest is None or today >= newest:
        return []
    slide = next(s for s in deck.slides if s.reviewed is not None and s.reviewed.date == newest)
    document = _document(_slide_text(deck.folder / SLIDES_DIR / slide.file_name))
    line = document.line_of(("reviewed", "date")) if document is not None else 1
    return [
        Problem(
            f"{SLIDES_DIR}/{slide.file_name}",
            f"reviewed: {newest.isoformat()} is after today ({today.isoformat()}) by this "
            "computer's clock. Correct the date, or set the clock: until the clock passes this "
            "date only slides without a schedule are shown.",
            line,
            "reviewed",
            Severity.WARNING,
            slide.id,
        )
    ]


def _fallback_problems(deck: Deck) -> list[Problem]:
    wanted = deck.settings.fallback_slide
    if wanted is None:
        return []
    slide = deck.slide(wanted)
    if slide is not None and slide.enabled:
        return []
    what = "is hidden (enabled: false)" if slide is not None else "is not the id of any slide"
    line = 1
    try:
        raw = frontmatter.parse_yaml(
            files.read_text(deck.folder / SETTINGS_FILE, files.MAX_SETTINGS_BYTES)
        )
        line = frontmatter.yaml_line(raw, ("fallback_slide",)) + 1
    except UnreadableFileError:
        pass
    return [
        Problem(
            SETTINGS_FILE,
            f"fallback_slide: '{wanted}' {what}. When nothing else is live, the 'welcome' "
            "slide (or the first slide) is shown instead.",
            line,
            "fallback_slide",
            Severity.WARNING,
        )
    ]


# -- reading grade ------------------------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """The summary as a patient reads it: Markdown syntax and web addresses taken out, and each
    heading and list item ended as a sentence (so it is not read as part of the next one)."""
    lines: list[str] = []
    for raw in markdown.splitlines():
        line = _LINK.sub(r"\1", raw)
        line = _AUTOLINK.sub("", line)
        block = _HEADING.match(line) or _LIST_ITEM.match(line)
        if block is not None:
            line = block.group(1)
        line = _EMPHASIS.sub("", line).strip()
        if block is not None and line and not _SENTENCE_END.search(line):
            line += "."
        lines.append(line)
    return "\n".join(lines)


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_][\w'\u2019-]*", text))


def reading_grade(markdown: str) -> float | None:
    """The Flesch-Kincaid grade of a summary, or None when it is too short to judge."""
    text = plain_text(markdown)
    if word_count(text) < MIN_WORDS_FOR_GRADE:
        return None
    import textstat  # ~0.5 s the first time (its pronouncing dictionary); only --check needs it

    return float(textstat.flesch_kincaid_grade(text))


def _reading_problems(slide: Slide, name: str, line: int) -> list[Problem]:
    grade = reading_grade(slide.summary)
    if grade is None or grade <= MAX_READING_GRADE:
        return []
    message = (
        f"Reading grade {grade:.1f} (aim for {MAX_READING_GRADE:.0f} or lower): shorter "
        "sentences and simpler words help patients."
    )
    return [Problem(name, message, line, None, Severity.WARNING, slide.id)]


# -- the slide file again, for line numbers -----------------------------------------------------


def _slide_text(path: Path) -> str | None:
    try:
        return files.read_text(path, files.MAX_SLIDE_BYTES)
    except UnreadableFileError:
        return None


def _document(text: str | None) -> frontmatter.Document | None:
    if text is None:
        return None
    try:
        return frontmatter.split(text)
    except UnreadableFileError:
        return None
    except Exception:  # the loader read it a moment ago; a line number is not worth a crash
        log.exception("Cannot read the front matter again for line numbers")
        return None


def _first_body_line(text: str | None) -> int:
    """The file line of the summary's first non-blank line (1 when unknown)."""
    if text is None:
        return 1
    lines = text.splitlines()
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() == frontmatter.FENCE), None
    )
    if closing is None:
        return 1
    for index in range(closing + 1, len(lines)):
        if lines[index].strip():
            return index + 1
    return closing + 1
