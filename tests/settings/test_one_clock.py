"""One clock for everything: with the computer on UTC and the clinic in London in summer
(UTC+1), every time staff and patients read is London's."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.content.announcements import load_announcements
from kiosk.insight.report import summarize
from kiosk.insight.store import EventStore
from kiosk.player.calm import CLOCK
from kiosk.player.window import KioskWindow
from kiosk.scheduling import FixedClock
from kiosk.staff.editor import StaffScreen
from kiosk.ui.theme import load_theme
from tests.commands import run_kiosk
from tests.decks import simple_deck
from tests.player.conftest import FAST

LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")  # UTC+9 all year: differs from UTC whatever today's date
#: 1 July 2026, 08:05 UTC: 09:05 in London (summer time).
SUMMER_MORNING = dt.datetime(2026, 7, 1, 8, 5, tzinfo=dt.UTC)


@pytest.fixture
def machine_on_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's own zone is UTC (subprocesses get TZ=UTC from the environment too)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("machine_on_utc")
def test_the_header_and_night_clocks_show_the_clinics_time(tmp_path: Path, qtbot: QtBot) -> None:
    folder = simple_deck(tmp_path / "deck", time_zone="Europe/London")
    window = KioskWindow(load_deck(folder).deck, FAST, clock=FixedClock(SUMMER_MORNING))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.cycle.header.clock.text().endswith("09:05"))
    assert "Wednesday 1 July" in window.cycle.header.clock.text()
    assert window.clinic_now().utcoffset() == dt.timedelta(hours=1)


@pytest.mark.usefixtures("machine_on_utc")
def test_the_night_clock_shows_the_clinics_time(tmp_path: Path, qtbot: QtBot) -> None:
    folder = simple_deck(
        tmp_path / "deck", time_zone="Europe/London", opening_hours={"mon": ["09:00-17:00"]}
    )
    window = KioskWindow(load_deck(folder).deck, FAST, clock=FixedClock(SUMMER_MORNING))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current_screen() is window.calm)  # closed on Wednesdays
    assert window.calm.mode == CLOCK
    qtbot.waitUntil(lambda: window.calm.message.text() == "09:05")


@pytest.mark.usefixtures("machine_on_utc")
def test_statistics_hours_and_days_are_the_clinics(tmp_path: Path) -> None:
    with EventStore(tmp_path / "stats.sqlite3", flush_seconds=None) as store:
        store.record("opened", "a", when=SUMMER_MORNING.timestamp())
        # 23:30 UTC on 30 June is already 1 July in London
        store.record(
            "opened", "a", when=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC).timestamp()
        )
        store.flush()
        day = dt.date(2026, 7, 1)
        london = summarize(store.path, day, day, LONDON)
        machine = summarize(store.path, day, day)
    assert london.total_opens == 2
    assert london.opens_by_hour[9] == 1 and london.opens_by_hour[0] == 1
    assert machine.total_opens == 1 and machine.opens_by_hour[8] == 1


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kiosk("--content", str(folder), *args, env={"TZ": "UTC"})


def test_end_of_day_and_the_list_on_the_command_line_are_the_clinics(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", time_zone="Asia/Tokyo")
    posted = _cli(folder, "--announce", "Closing early today.", "--until", "end of day")
    assert posted.returncode == 0, posted.stderr
    (notice,) = load_announcements(folder, TOKYO)[0].announcements
    assert notice.until is not None
    local = notice.until.astimezone(TOKYO)
    assert (local.hour, local.minute) == (23, 59)
    assert local.date() == dt.datetime.now(TOKYO).date()
    assert "until 23:59" in posted.stdout
    listed = _cli(folder, "--announcements")
    assert "until 23:59" in listed.stdout


def test_the_staff_announcements_panel_follows_the_clinics_zone(
    tmp_path: Path, qtbot: QtBot
) -> None:
    folder = simple_deck(tmp_path / "deck", time_zone="Asia/Tokyo")
    screen = StaffScreen(folder, load_theme("calm"))
    qtbot.addWidget(screen)
    screen.set_deck(load_deck(folder).deck)
    screen.announce.duration_buttons["eod"].click()
    until = screen.announce.until()
    assert until is not None
    local = until.astimezone(TOKYO)
    assert (local.hour, local.minute, local.date()) == (23, 59, dt.datetime.now(TOKYO).date())
