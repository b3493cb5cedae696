"""Messages a receptionist can act on: each mistake, written in a real file, checked with --check.

Issues 13.7, 13.8 and 19.10: tabs, quotes, words lost after " #", impossible and implausible
dates, mistyped fields inside translations and references, language codes, announcements.yaml,
files saved as UTF-16, and a "last reviewed" date in the future.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.cli import main
from kiosk.content import load_deck
from kiosk.scheduling.rules import what_to_show

from .conftest import ContentFolder, reference_yaml, slide_md


def check(content: ContentFolder, capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    """``--check`` on the folder: its output lines, the folder's path taken off each."""
    main(["--check", "--content", str(content.path), *extra])
    out = capsys.readouterr().out
    return [line.replace(f"{content.path}/", "") for line in out.splitlines()]


def only(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.startswith(start)]
    assert len(found) == 1, "\n".join(lines)
    return found[0]


# -- 13.7 and 19.10: one mistake in a slide, one plain message on its line ----------------------

#: A slide with one mistake, where ``--check`` puts the message, words the message holds (the
#: fix, where it can be written out) and words that would mislead (YAML's "colon" jargon, a
#: UTF-16 file called "binary", the year 1 shown as a date).
ONE_MISTAKE = [
    pytest.param(
        slide_md("tab", extra="key_points:\n\t- Rest helps.\n"),
        "slides/tab.md:6:",
        ("tab", "spaces"),
        ("colon",),
        id="a tab used for indenting says use spaces",
    ),
    pytest.param(
        slide_md("quote", title='"Back pain'),
        "slides/quote.md:3:",
        ("never closed", '"'),
        ("colon",),
        id="an unclosed quote says how to close it",
    ),
    pytest.param(
        slide_md("apostrophe", title="'Don't stop moving'"),
        "slides/apostrophe.md:3:",
        ("apostrophe", 'title: "Don\'t stop moving"'),
        ("colon",),
        id="an apostrophe inside single quotes says how to quote",
    ),
    pytest.param(
        slide_md("date", extra="reviewed:\n  date: 2027-02-29\n"),
        "slides/date.md:6:",
        ("2027-02-29 is not a real date", "February 2027 has 28 days"),
        ("colon",),
        id="an impossible date says so plainly",
    ),
    pytest.param(
        slide_md("old", extra="reviewed:\n  date: 0001-01-01\n"),
        "slides/old.md:6:",
        ("0001-01-01 cannot be right",),
        ("1 Jan 2",),
        id="a review date in the year 1 is said plainly",
    ),
    pytest.param(
        slide_md(
            "journal",
            extra="references:\n"
            + reference_yaml(source="", journal="Archives of Internal Medicine"),
        ),
        "slides/journal.md:10:",
        ("'journal'", "Did you mean 'source'?"),
        (),
        id="journal in a reference suggests source",
    ),
    pytest.param(
        slide_md("utf16").encode("utf-16"),
        "slides/utf16.md:",
        ("UTF-16", "UTF-8"),
        ("binary",),
        id="a UTF-16 slide is called UTF-16, not binary",
    ),
]


@pytest.mark.parametrize(("slide", "where", "says", "never_says"), ONE_MISTAKE)
def test_one_mistake_gets_one_plain_message_on_its_line(
    content: ContentFolder,
    capsys: pytest.CaptureFixture[str],
    slide: str | bytes,
    where: str,
    says: tuple[str, ...],
    never_says: tuple[str, ...],
) -> None:
    content.slide(where.split("/")[1].split(":")[0], slide)
    line = only(check(content, capsys), where)
    assert all(words in line for words in says), line
    assert not any(words in line for words in never_says), line


# -- 13.7: other YAML mistakes in plain words ---------------------------------------------------


def test_words_after_an_unquoted_hash_are_a_warning_naming_them(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.slide("hash.md", slide_md("hash", title="Back pain #1 reason for visits"))
    content.slide(
        "heading.md",  # a Markdown heading inside a block of text is not a comment
        slide_md(
            "heading",
            extra="translations:\n  es:\n    title: T\n    teaser: T\n"
            "    summary: |\n      Texto #2 aqui\n",
        ),
    )
    lines = check(content, capsys)
    line = only(lines, "slides/hash.md:3:")
    assert "warning" in line
    assert "#1 reason for visits" in line and "Back pain" in line and "quotes" in line
    assert not any(item.startswith("slides/heading.md:10") for item in lines)
    slide = load_deck(content.path).deck.slide("hash")
    assert slide is not None  # still shown: a warning
    settings_comment = "clinic_name: Test   # the name in the corner\n"
    content.settings(settings_comment)
    assert not any(item.startswith("settings.yaml") for item in check(content, capsys))


def test_a_mistyped_field_inside_a_translation_is_on_its_own_line_with_did_you_mean(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.settings("languages: [en, es]\n")
    content.slide(
        "trans.md",
        slide_md("trans", extra="translations:\n  es:\n    titel: Hola\n    teaser: Un resumen\n"),
    )
    line = only(check(content, capsys), "slides/trans.md:7:")
    assert "translations, es, titel:" in line and "Did you mean 'title'?" in line


def test_an_unknown_language_code_and_an_unlisted_translation_are_warnings(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.settings("languages: [en, xq]\n")
    content.slide(
        "lang.md",
        slide_md(
            "lang",
            extra="reviewed: {date: 2026-11-01, by: A}\ntranslations:\n"
            "  fr:\n    title: Bonjour\n    teaser: Un resume\n",
        ),
    )
    lines = check(content, capsys, "--at", "2026-11-20 10:00")
    unknown = only(lines, "settings.yaml:1: warning:")
    assert "'xq'" in unknown and "not a language code" in unknown
    unlisted = only(lines, "slides/lang.md:7: warning:")
    assert "fr" in unlisted and "languages" in unlisted and "never" in unlisted
    assert load_deck(content.path).deck.slide("lang") is not None


def test_check_also_checks_announcements(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.slide("ok.md", slide_md("ok"))
    (content.path / "announcements.yaml").write_text(
        "announcements:\n  - id: late\n    text: The doctor is late\n    until: tomorrow\n",
        encoding="utf-8",
    )
    lines = check(content, capsys)
    assert any(line.startswith("announcements.yaml:4:") for line in lines), lines


# -- 19.10: misleading messages ------------------------------------------------------------------


def test_a_too_large_announcements_file_is_not_called_a_slide_file(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.slide("ok.md", slide_md("ok"))
    (content.path / "announcements.yaml").write_text("# x\n" * 40_000, encoding="utf-8")
    line = only(check(content, capsys), "announcements.yaml")
    assert "too big" in line and "announcements file" in line
    assert "slide" not in line


# -- 13.8: a "last reviewed" date in the future switches nothing off -----------------------------


def test_a_review_date_in_the_future_never_switches_off_schedules(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.settings(
        "time_zone: Europe/London\nopening_hours:\n  mon: ['09:00-17:00']\n  tue: ['09:00-17:00']\n"
    )
    content.slide("typo.md", slide_md("typo", extra="reviewed:\n  date: 2062-11-25\n"))
    content.slide(
        "mornings.md", slide_md("mornings", extra="schedule:\n  times: ['09:00-12:00']\n")
    )
    deck = load_deck(content.path).deck
    monday_evening = dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC)
    showing = what_to_show(deck, monday_evening)
    assert showing.closed and not showing.implausible_clock  # opening hours still apply
    monday_morning = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    assert "mornings" in what_to_show(deck, monday_morning).ids
    assert "mornings" not in what_to_show(deck, monday_morning.replace(hour=13)).ids
    lines = check(content, capsys, "--at", "2026-11-30 10:00")
    line = only(lines, "slides/typo.md:6:")
    assert "2062-11-25 is in the future" in line and "typo" in line
    assert not any("computer's clock" in item for item in lines)  # --at is not the clock


def test_a_time_given_with_at_before_2024_is_not_called_this_computers_clock(
    content: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    content.slide("ok.md", slide_md("ok"))
    lines = check(content, capsys, "--at", "2019-05-01 10:00")
    assert not any("computer's clock" in line for line in lines), lines
    assert any("--at" in line and "2019-05-01" in line for line in lines), lines


def test_the_shipped_deck_still_checks_clean_of_these_warnings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--check"])
    out = capsys.readouterr().out
    for words in ("reason for visits", "not a language code", "cannot be right", "UTF-16"):
        assert words not in out
