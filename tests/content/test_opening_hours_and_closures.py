"""Opening hours and closed days in settings.yaml: a mistake costs one day, never the week."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.content import load_deck
from kiosk.content.loader import check_settings
from kiosk.scheduling import is_open, what_to_show

from .conftest import ContentFolder, slide_md

LONDON = ZoneInfo("Europe/London")
HOURS = """\
time_zone: Europe/London
opening_hours:
  mon: [08:30-12:30, 13:30-18:00]
  tue: [0830-18:00]
  wed: [08:30-18:00]
  thu: [08:30-18:00]
  fri: [08:30-16:00]
"""


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in London in July 2026 (6 July is a Monday)."""
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=LONDON)


def test_one_bad_day_is_reported_on_its_own_line_and_the_others_keep_working(
    content: ContentFolder,
) -> None:
    content.settings(HOURS)
    content.slide("010-a.md", slide_md("a"))
    result = content.load()
    (problem,) = result.problems
    assert problem.line == 4  # the tue line
    assert problem.message.startswith("opening_hours, tue, entry 1: is not written the right way")
    assert "Tuesday counts as open all day" in problem.message
    settings = result.deck.settings
    assert settings.opening_hours is not None
    assert settings.opening_hours.mon == ["08:30-12:30", "13:30-18:00"]
    assert not is_open(settings, _at(6, 13))  # Monday's lunch break still works
    assert is_open(settings, _at(6, 14))
    assert is_open(settings, _at(7, 3))  # the bad Tuesday: open rather than dark all day
    assert not is_open(settings, _at(8, 19))  # Wednesday evening: closed, as written


def test_two_bad_days_make_two_problems(content: ContentFolder) -> None:
    content.settings(HOURS.replace("fri: [08:30-16:00]", "fri: [16:00-16:00]"))
    content.slide("010-a.md", slide_md("a"))
    result = content.load()
    days = sorted(p.message.split(",")[1].strip() for p in result.problems)
    assert days == ["fri", "tue"]
    assert all("counts as open all day" in p.message for p in result.problems)


def test_closed_days_close_the_screen_all_day_and_only_that_day(content: ContentFolder) -> None:
    content.settings(
        "time_zone: Europe/London\n"
        "closures:\n"
        "  - from: 2026-07-08\n"
        "    note: Staff training\n"
        "  - from: 2026-08-24\n"
        "    until: 2026-08-28\n"
    )
    content.slide("010-a.md", slide_md("a"))
    result = content.load()
    assert result.problems == ()
    deck = result.deck
    assert [c.note for c in deck.settings.closures] == ["Staff training", ""]
    assert what_to_show(deck, _at(8, 11)).closed
    assert not what_to_show(deck, _at(7, 23, 59)).closed
    assert not what_to_show(deck, _at(9, 0)).closed
    holiday = dt.datetime(2026, 8, 28, 23, 30, tzinfo=LONDON)
    assert what_to_show(deck, holiday).closed
    assert not what_to_show(deck, holiday + dt.timedelta(hours=1)).closed


def test_a_bad_closure_is_left_out_and_the_others_kept(content: ContentFolder) -> None:
    content.settings(
        "closures:\n"
        "  - from: 2026-12-25\n"
        "  - from: 2026-12-31\n"
        "    until: 2026-12-24\n"
        "  - from: 2027-01-01\n"
    )
    content.slide("010-a.md", slide_md("a"))
    result = content.load()
    (problem,) = result.problems
    assert problem.line == 4
    assert "before the first day" in problem.message
    assert "This closure is left out" in problem.message
    assert [c.from_ for c in result.deck.settings.closures] == [
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 1),
    ]


def test_check_prints_the_same_words_the_editor_shows(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "settings.yaml").write_text(HOURS, encoding="utf-8")
    _, editor_problems = check_settings({"opening_hours": {"tue": ["0830-18:00"]}})
    out = subprocess.run(
        [sys.executable, "main.py", "--content", str(folder), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    ).stdout
    assert f"settings.yaml:4: {editor_problems[0].message}" in out
    assert load_deck(folder).deck.settings.opening_hours is not None
