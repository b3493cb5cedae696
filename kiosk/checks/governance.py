"""Keeping health information current and readable: the warnings ``--check`` adds.

Warnings, never errors: a slide due for review, or hard to read, still shows (unless
``show_overdue: false``), but staff are told, with the file and the line to change.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any, Final

from kiosk.checks import clarity
from kiosk.content import files, frontmatter
from kiosk.content.files import SETTINGS_FILE, SLIDES_DIR, UnreadableFileError
from kiosk.content.languages import is_known_language
from kiosk.content.model import Deck, Slide
from kiosk.content.problems import Problem, Severity
from kiosk.scheduling.rules import (
    EARLIEST_PLAUSIBLE,
    is_overdue,
    review_due,
    short_date,
)

log = logging.getLogger(__name__)

#: Where ``today`` comes from unless told otherwise.
THIS_CLOCK: Final = "this computer's clock"
#: A "reviewed" date before this is a slip (0001-01-01), not a review.
EARLIEST_REVIEW: Final = dt.date(1990, 1, 1)


def governance_problems(
    deck: Deck, today: dt.date, *, clock_words: str = THIS_CLOCK
) -> list[Problem]:
    """Warnings about the shown slides' reviews and translations, about languages, and about
    the clock. ``clock_words``: where ``today`` comes from, as staff should read it (``--at``
    is not this computer's clock).

    Hidden slides (``enabled: false``) are left out: patients do not see them.
    """
    problems: list[Problem] = list(_language_problems(deck))
    for slide in deck.enabled_slides:
        name = f"{SLIDES_DIR}/{slide.file_name}"
        text = _slide_text(deck.folder / SLIDES_DIR / slide.file_name)
        document = _document(text)
        review_line = document.line_of(("reviewed",)) if document is not None else 1
        if slide.reviewed is None:
            review_line = 1
        date_line = document.line_of(("reviewed", "date")) if document is not None else 1
        problems.extend(_review_problems(slide, today, name, review_line, clock_words, date_line))
        problems.extend(_translation_problems(slide, deck.settings.languages, name, document))
        problems.extend(_unlisted_translations(slide, deck.settings.languages, name, document))
    problems.extend(_clock_problems(deck, today, clock_words))
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
        elif translation.out_of_date is not None:
            message = (
                f"The {code} translation is out of date: the {languages[0]} text changed on "
                f"{translation.out_of_date.isoformat()}, so patients reading {code} see the old "
                "text. Update the translation (saving it in the editor clears this)."
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


def _review_problems(
    slide: Slide,
    today: dt.date,
    name: str,
    line: int,
    clock_words: str = THIS_CLOCK,
    date_line: int | None = None,
) -> list[Problem]:
    if slide.reviewed is not None and slide.reviewed.date < EARLIEST_REVIEW:
        written = slide.reviewed.date.isoformat()
        message = (
            f"reviewed: {written} cannot be right: this text was not checked then. Write the "
            "date it was last checked against its sources, like 2026-11-25."
        )
        return [Problem(name, message, date_line or line, "reviewed", Severity.WARNING, slide.id)]
    if slide.reviewed is not None and slide.reviewed.date > today:
        written = slide.reviewed.date.isoformat()
        message = (
            f"reviewed: {written} is in the future (today is {long_date(today)} by "
            f"{clock_words}). Is it a typo? Write the date the text was last checked. "
            "(It changes nothing else: schedules and opening hours work as usual.)"
        )
        return [Problem(name, message, date_line or line, "reviewed", Severity.WARNING, slide.id)]
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


def _clock_problems(deck: Deck, today: dt.date, clock_words: str = THIS_CLOCK) -> list[Problem]:
    if today >= EARLIEST_PLAUSIBLE:
        return []
    if clock_words == THIS_CLOCK:
        message = (
            f"This computer's clock says {today.isoformat()}, which cannot be right. "
            "Set the date and time; until then only slides without a schedule are shown."
        )
    else:
        message = (
            f"{clock_words[0].upper()}{clock_words[1:]} is before "
            f"{long_date(EARLIEST_PLAUSIBLE)}, when this kiosk software was first used: at such "
            "a time the kiosk would take its clock for wrong and show only slides without a "
            "schedule."
        )
    return [Problem(str(deck.folder), message, severity=Severity.WARNING)]


# -- languages ----------------------------------------------------------------------------------


def _language_problems(deck: Deck) -> list[Problem]:
    """A code in ``languages`` that is no language (``sp`` for ``es``): a warning, on its line."""
    unknown = [code for code in deck.settings.languages if not is_known_language(code)]
    if not unknown:
        return []
    raw = _settings_raw(deck)
    found = []
    for code in unknown:
        index = deck.settings.languages.index(code)
        line = frontmatter.yaml_line(raw, ("languages", index)) + 1 if raw is not None else 1
        found.append(
            Problem(
                SETTINGS_FILE,
                f"languages: '{code}' is not a language code the kiosk knows. Check it: codes "
                "are like en (English), es (Spanish), zh-Hans (Chinese, simplified).",
                line,
                "languages",
                Severity.WARNING,
            )
        )
    return found


def _unlisted_translations(
    slide: Slide, languages: list[str], name: str, document: frontmatter.Document | None
) -> list[Problem]:
    """A translation in a language that settings.yaml does not list is never shown."""
    found = []
    for code in slide.translations:
        if code in languages[1:]:
            continue
        line = document.line_of(("translations", code)) if document is not None else 1
        if code == languages[0]:
            message = (
                f"translations: {code} is the language the slide itself is written in, so "
                "patients never see this translation."
            )
        else:
            known = "" if is_known_language(code) else f" ('{code}' is not a language code)"
            message = (
                f"translations: {code}{known} is not in languages in settings.yaml "
                f"({', '.join(languages)}), so patients never see it. Add it to languages, "
                "or check the code."
            )
        found.append(Problem(name, message, line, "translations", Severity.WARNING, slide.id))
    return found


def _settings_raw(deck: Deck) -> Any:
    try:
        return frontmatter.parse_yaml(
            files.read_text(deck.folder / SETTINGS_FILE, files.MAX_SETTINGS_BYTES)
        )
    except UnreadableFileError:
        return None


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
            files.read_text(
                deck.folder / SETTINGS_FILE, files.MAX_SETTINGS_BYTES, inside=deck.folder
            )
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


# -- clear communication ------------------------------------------------------------------------


def slide_texts(slide: Slide, languages: list[str]) -> list[clarity.Text]:
    """The slide as patients read it in each configured language that has its text."""
    texts = [_text(slide, languages[0])]
    for code in languages[1:]:
        if code in slide.translations:
            texts.append(_text(slide.in_language(code), code))
    return texts


def _text(slide: Slide, language: str) -> clarity.Text:
    return clarity.Text(
        language=language,
        title=slide.title,
        teaser=slide.teaser,
        key_points=tuple(slide.key_points),
        summary=slide.summary,
        image=slide.image,
        picture_description=slide.picture_description or "",
    )


def clarity_reports(
    deck: Deck, swaps: list[clarity.Swap] | None = None
) -> list[tuple[Slide, clarity.Text, clarity.Report]]:
    """Each shown slide's clear-communication report, per language."""
    swaps = clarity.word_list(deck.folder) if swaps is None else swaps
    return [
        (slide, text, clarity.check(text, swaps))
        for slide in deck.enabled_slides
        for text in slide_texts(slide, deck.settings.languages)
    ]


def score_lines(deck: Deck) -> list[tuple[str, str]]:
    """Per shown slide and language, its file and its score and reading grades (``--check``)."""
    return [
        (f"{SLIDES_DIR}/{slide.file_name}", f"score ({text.language}): {summary_of(report)}")
        for slide, text, report in clarity_reports(deck)
    ]


def summary_of(report: clarity.Report) -> str:
    """``score 90%; grade 7.2 (Flesch-Kincaid 5.1, SMOG 7.2)``: what staff aim at."""
    grades = report.grades
    if grades.stricter is not None:
        grade = (
            f"; reading grade {grades.stricter:.1f} (Flesch-Kincaid {grades.flesch_kincaid}, "
            f"SMOG {grades.smog})"
        )
    elif grades.spanish_ease is not None:
        grade = f"; reading ease {grades.spanish_ease:.0f} (Fernández-Huerta, Szigriszt-Pazos)"
    else:
        grade = ""
    return f"clear communication {report.score}%{grade}"


def clarity_problems(deck: Deck) -> list[Problem]:
    """Warnings that make the shown slides harder to understand or act on, at their lines."""
    swaps = clarity.word_list(deck.folder)
    found: list[Problem] = []
    for slide in deck.enabled_slides:
        name = f"{SLIDES_DIR}/{slide.file_name}"
        text = _slide_text(deck.folder / SLIDES_DIR / slide.file_name)
        found.extend(_clarity_problems(slide, deck.settings.languages, name, text, swaps))
    return found


def _clarity_problems(
    slide: Slide, languages: list[str], name: str, text: str | None, swaps: list[clarity.Swap]
) -> list[Problem]:
    document = _document(text)
    lines = text.splitlines() if text is not None else []
    found = []
    for index, patient_text in enumerate(slide_texts(slide, languages)):
        report = clarity.check(patient_text, swaps)
        prefix = () if index == 0 else ("translations", patient_text.language)
        label = "" if index == 0 else f"{patient_text.language}: "
        for finding in report.findings:
            line = _finding_line(finding, prefix, document, lines, text)
            message = f"{label}{finding.rule}: {finding.message} ({finding.source})"
            found.append(Problem(name, message, line, finding.field, Severity.WARNING, slide.id))
        if report.score < clarity.PASSING_SCORE:
            found.append(
                Problem(name, f"{label}{report.score_line()}", 1, None, Severity.WARNING, slide.id)
            )
    return found


def _finding_line(
    finding: clarity.Finding,
    prefix: tuple[str, ...],
    document: frontmatter.Document | None,
    lines: list[str],
    text: str | None,
) -> int:
    """The file line of a finding: the summary's own line, or the field's line."""
    offset = (finding.line or 1) - 1
    if finding.field == "summary" and not prefix:
        return _first_body_line(text) + offset
    if document is None:
        return 1
    if finding.field == "summary":
        key = document.line_of((*prefix, "summary"))
        block = 0 < key <= len(lines) and lines[key - 1].rstrip().endswith(("|", ">", "|-", ">-"))
        return key + offset + (1 if block else 0)
    if finding.field == "key_points":
        return document.line_of((*prefix, "key_points", offset))
    if finding.field == "picture_description":
        line = document.line_of((*prefix, "picture_description"))
        return line if line > document.line_of(()) else document.line_of(("image",))
    return document.line_of((*prefix, finding.field))


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
