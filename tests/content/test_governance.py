"""Governance warnings: reviews that are due, translations not yet reviewed, a wrong clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kiosk.checks.clarity import Text, plain
from kiosk.checks.governance import governance_problems
from kiosk.cli import main
from kiosk.content import Severity, load_deck
from kiosk.paths import SHIPPED_DECK
from tests.commands import run_kiosk

from .conftest import ContentFolder, make_content
from .test_cli_check import without_advice

#: Long words in long sentences: well above grade 8 (and more than 40 words).
HARD = (
    "Comprehensive multidisciplinary rehabilitation programmes incorporating cognitive "
    "behavioural interventions demonstrate statistically significant improvements in "
    "functional disability outcomes compared with conventional pharmacological management "
    "strategies, particularly amongst individuals experiencing persistent musculoskeletal "
    "symptomatology, although methodological heterogeneity considerably complicates "
    "definitive interpretation of the accumulated evidence regarding comparative "
    "effectiveness and long-term sustainability.\n"
)
#: Short words in short sentences (more than 40 words).
EASY = (
    "Thank you for waiting. Please take a seat. We will call your name soon. "
    "If you need help, ask at the desk. You can read the slides while you wait. "
    "Tap a slide to read more. The screen goes back by itself. We hope you feel better soon.\n"
)


def slide_text(
    slide_id: str,
    *,
    reviewed: str | None = None,
    by: str = "Dr Lee",
    every: int = 12,
    body: str = EASY,
    enabled: bool = True,
) -> str:
    """A slide file: ``reviewed:`` on line 6 when given; the body starts on line 10 or 8."""
    lines = ["---", f"id: {slide_id}", "title: A title", "teaser: A teaser."]
    lines.append(f"review_every_months: {every}")
    if reviewed is not None:
        lines += ["reviewed:", f"  date: {reviewed}"] + ([f"  by: {by}"] if by else [])
    if not enabled:
        lines.append("enabled: false")
    lines += ["---", ""]
    return "\n".join(lines) + "\n" + body


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if text.startswith(start))


def warnings_of(content: ContentFolder, today: dt.date) -> list[str]:
    result = content.load()
    assert result.errors == (), result.errors
    problems = governance_problems(result.deck, today)
    assert all(p.severity is Severity.WARNING for p in problems)
    return [f"{p.file}:{p.line}: {p.message}" for p in problems]


# -- --check, a real process --------------------------------------------------------------------


def test_check_reports_overdue_and_hard_to_read_as_warnings(tmp_path: Path) -> None:
    content = make_content(tmp_path / "clinic")
    old = content.slide("x.md", slide_text("x", reviewed="2024-03-03", body=HARD))
    never = content.slide("y.md", slide_text("y"))
    fresh = content.slide("z.md", slide_text("z", reviewed=dt.date.today().isoformat()))
    process = run_kiosk("--check", "--content", str(content.path))
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stderr == ""
    advice = [line for line in process.stdout.splitlines() if ": advice: " in line]
    lines = without_advice(process.stdout).splitlines()
    assert lines[0] == (
        f"{old}:6: warning: Review overdue since 3 Mar 2025 (last reviewed 3 Mar 2024 by "
        "Dr Lee). Check the text against its sources and update 'reviewed'."
    )
    assert lines[1] == (
        f"{never}:1: warning: Never reviewed: add 'reviewed' with the date and who checked it."
    )
    assert not any(str(fresh) in line for line in lines)
    assert lines[2:] == ["0 errors, 2 warnings: 3 slides loaded, 3 shown."]
    # The hard summary's reading grade is clear-communication advice, on the summary's line.
    assert any(
        re.fullmatch(
            re.escape(f"{old}:{line_of(old, 'Comprehensive')}: advice: Reading grade: ")
            + r"\d+\.\d by [\w-]+ \(Flesch-Kincaid .*\): shorter sentences .*PEMAT-P item 3\)",
            line,
        )
        for line in advice
    ), advice


def test_warnings_never_change_the_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path / "clinic")
    content.slide("y.md", slide_text("y"))
    assert main(["--check", "--content", str(content.path)]) == 0
    content.slide("bad.md", "---\nid: bad\n---\n")  # title and teaser missing: errors
    assert main(["--check", "--content", str(content.path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "3 errors, 1 warning: 1 slide loaded, 1 shown."


# -- reviews --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewed", "every", "by", "today", "expected"),
    [
        ("2025-03-03", 12, "Dr Lee", "2026-03-02", None),
        (
            "2025-03-03",
            12,
            "Dr Lee",
            "2026-03-03",
            "Review overdue since 3 Mar 2026 (last reviewed 3 Mar 2025 by Dr Lee).",
        ),
        (
            "2025-01-31",
            1,
            "",
            "2025-02-28",
            "Review overdue since 28 Feb 2025 (last reviewed 31 Jan 2025).",
        ),
        ("2025-01-31", 1, "", "2025-02-27", None),
    ],
)
def test_review_warnings(
    content: ContentFolder, reviewed: str, every: int, by: str, today: str, expected: str | None
) -> None:
    path = content.slide("x.md", slide_text("x", reviewed=reviewed, by=by, every=every))
    found = warnings_of(content, dt.date.fromisoformat(today))
    if expected is None:
        assert found == []
    else:
        assert found == [
            f"slides/x.md:{line_of(path, 'reviewed:')}: {expected} Check the text against "
            "its sources and update 'reviewed'."
        ]


def test_hidden_slides_are_not_checked(content: ContentFolder) -> None:
    content.slide("x.md", slide_text("x", body=HARD, enabled=False))
    assert warnings_of(content, dt.date(2026, 6, 1)) == []


# -- reading grade ---------------------------------------------------------------------------------
# The grade is the clear-communication check's (tests/checks/test_clarity.py); here, only that
# --check's warnings leave it to that advice.


def test_the_grade_reads_the_summary_as_a_patient_does() -> None:
    text = plain(
        Text(
            "en",
            summary="## Where to go\n\n**Ask** at the _front desk_, or see [our page]"
            "(https://example.org).\n- first point\n1. second point!\n"
            "See https://example.org/x for more.",
        )
    )
    assert text == (
        "Ask at the front desk, or see our page.\nfirst point.\nsecond point!\nSee  for more."
    )


def test_the_shipped_deck_has_no_errors_and_no_warnings_but_unreviewed_translations() -> None:
    result = load_deck(SHIPPED_DECK)
    assert result.errors == ()
    all_warnings = governance_problems(result.deck, dt.date(2026, 11, 25))
    # The shipped translations are machine-assisted and flagged until a translator reviews them.
    assert all_warnings
    assert all(
        p.field == "translations" and "not yet reviewed by a qualified translator" in p.message
        for p in all_warnings
    ), all_warnings


# -- the clock and the fallback slide --------------------------------------------------------------


def test_a_review_date_after_today_is_a_typo_on_that_slide_only(content: ContentFolder) -> None:
    path = content.slide("x.md", slide_text("x", reviewed="2026-11-25"))
    found = warnings_of(content, dt.date(2026, 11, 24))
    assert found == [
        f"slides/x.md:{line_of(path, '  date:')}: reviewed: 2026-11-25 is in the future (today "
        "is 24 Nov 2026 by this computer's clock). Is it a typo? Write the date the text was "
        "last checked. (It changes nothing else: schedules and opening hours work as usual.)"
    ]


def test_a_clock_before_2024_warns(content: ContentFolder) -> None:
    content.slide("x.md", slide_text("x", reviewed="2023-06-01", every=60))
    [found] = warnings_of(content, dt.date(2023, 12, 31))
    assert "clock says 2023-12-31, which cannot be right" in found


def test_an_unknown_fallback_slide_warns_on_its_line(content: ContentFolder) -> None:
    content.settings("clinic_name: Riverside\n\nfallback_slide: weclome\n")
    content.slide("x.md", slide_text("x", reviewed="2026-05-01"))
    assert warnings_of(content, dt.date(2026, 6, 1)) == [
        "settings.yaml:3: fallback_slide: 'weclome' is not the id of any slide. When nothing "
        "else is live, the 'welcome' slide (or the first slide) is shown instead."
    ]


# -- --check --at: what the schedule shows at a given time ----------------------------------------


def test_check_at_a_local_time(content: ContentFolder, capsys: pytest.CaptureFixture[str]) -> None:
    content.settings("time_zone: America/New_York\nopening_hours:\n  sat: [09:00-12:00]\n")
    recent = "reviewed:\n  date: 2026-05-01\n  by: Dr Lee\n"
    content.slide(
        "010-flu.md",
        "---\nid: flu\ntitle: Flu shots\nteaser: Ask us.\nschedule:\n  from: 2026-10-01\n"
        f"  until: 2026-12-31\n{recent}---\nText.\n",
    )
    content.slide(
        "020-saturday.md",
        "---\nid: saturday\ntitle: Saturday clinic\nteaser: 9 to 12.\nschedule:\n"
        f"  days: [sat]\n{recent}---\nText.\n",
    )
    args = ["--check", "--content", str(content.path), "--at"]
    assert main([*args, "2026-12-26 10:00"]) == 0  # a Saturday morning
    out = without_advice(capsys.readouterr().out).splitlines()
    assert out == [
        "At 2026-12-26 10:00 (EST) the screen shows: flu, saturday.",
        "No problems found: 2 slides loaded, 2 shown.",
    ]
    assert main([*args, "2027-01-04 10:00"]) == 0  # a Monday: closed, nothing scheduled
    assert capsys.readouterr().out.splitlines()[0] == (
        "At 2027-01-04 10:00 (EST) the screen shows the 'clock' closed screen (outside opening "
        "hours); when open it would show: flu (the fallback slide: nothing else is live). "
        "Not live: saturday (Saturdays only)."
    )
    with pytest.raises(SystemExit):
        main([*args, "Christmas"])
    assert "is not a time like 2026-12-24 10:00" in capsys.readouterr().err
