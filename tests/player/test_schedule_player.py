"""A running kiosk follows the schedule as the (injected) clock moves: no restart needed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import enable_staff_mode
from kiosk.content import load_deck
from kiosk.player.calm import BLANK, CLOCK, CLOSED
from kiosk.player.timing import Timing
from kiosk.player.window import CALM, CYCLE, KioskWindow
from kiosk.scheduling import FixedClock
from kiosk.staff.slide_list import SlideListModel
from tests.decks import write_settings, write_slide

LONDON = ZoneInfo("Europe/London")
SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)
EVERY_DAY = {day: ["08:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 25, hour, minute, tzinfo=LONDON)


def clinic(folder: Path, when_closed: str = "clock") -> Path:
    write_settings(folder, clinic_name="Riverside", time_zone="Europe/London",
                   opening_hours=EVERY_DAY, when_closed=when_closed,
                   closed_message="Closed for today. Open at 8:00.")  # fmt: skip
    write_slide(folder, "a.md", {"id": "always", "title": "Always", "teaser": "t", "order": 1})
    write_slide(folder, "b.md", {"id": "morning", "title": "Morning clinic", "teaser": "t",
                                 "order": 2, "schedule": {"times": ["09:00-12:00"]}})  # fmt: skip
    return folder


@pytest.fixture
def running(qtbot: QtBot, tmp_path: Path) -> tuple[KioskWindow, FixedClock]:
    clock = FixedClock(at(10))
    window = KioskWindow(load_deck(clinic(tmp_path / "deck")).deck, SLOW, clock=clock)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window, clock


def ids(window: KioskWindow) -> list[str]:
    return [s.id for s in window.controller.slides]


def test_the_set_changes_when_the_clock_passes_a_window_end(
    running: tuple[KioskWindow, FixedClock],
) -> None:
    window, clock = running
    assert ids(window) == ["always", "morning"]
    clock.set(at(12, 0))  # the clock jumps (NTP, a person): noticed on the next check
    assert window.schedule.check_clock()
    assert ids(window) == ["always"]
    assert window.screen_name == CYCLE


def test_closed_hours_show_the_dim_clock_and_opening_brings_the_slides_back(
    running: tuple[KioskWindow, FixedClock],
) -> None:
    window, clock = running
    clock.set(at(19))
    window.schedule.evaluate()
    assert window.screen_name == CALM and window.calm.mode == CLOCK
    assert window.calm.message.text() == "19:00"
    clock.set(at(9, 30) + dt.timedelta(days=1))
    window.schedule.evaluate()
    assert window.screen_name == CYCLE
    assert ids(window) == ["always", "morning"]


@pytest.mark.parametrize(("choice", "mode"), [("closed-slide", CLOSED), ("blank", BLANK)])
def test_staff_choose_what_closed_hours_look_like(
    qtbot: QtBot, tmp_path: Path, choice: str, mode: str
) -> None:
    clock = FixedClock(at(20))
    window = KioskWindow(load_deck(clinic(tmp_path / "d", choice)).deck, SLOW, clock=clock)
    qtbot.addWidget(window)
    window.show()
    assert window.screen_name == CALM and window.calm.mode == mode
    if mode == CLOSED:
        assert window.calm.message.text() == "Closed for today. Open at 8:00."
    else:
        assert not window.calm.message.isVisible()


@pytest.mark.parametrize("choice", ["clock", "blank"])
def test_at_night_the_whole_screen_is_dark_edge_to_edge(
    qtbot: QtBot, tmp_path: Path, choice: str
) -> None:
    window = KioskWindow(
        load_deck(clinic(tmp_path / "d", choice)).deck, SLOW, clock=FixedClock(at(22))
    )
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    picture = window.grab().toImage()
    night = QColor(window.theme.color("night"))
    corners = [(2, 2), (1277, 2), (2, 717), (1277, 717), (640, 717), (640, 2)]
    assert all(picture.pixelColor(x, y) == night for x, y in corners)
    if choice == "blank":  # nothing but the dark
        samples = {
            picture.pixelColor(x, y).name() for x in range(0, 1280, 40) for y in range(0, 720, 40)
        }
        assert samples == {night.name()}


def test_staff_see_why_a_slide_is_not_live(running: tuple[KioskWindow, FixedClock]) -> None:
    from kiosk.scheduling import why_not_map

    window, clock = running
    clock.set(at(13))
    reasons = why_not_map(window.deck, clock.now())
    model = SlideListModel()
    model.set_slides(window.deck.slides, reasons)
    row = model.row_of("morning")
    assert "09:00" in model.data(model.index(row, 0))


def test_a_clock_that_cannot_be_right_is_told_to_staff(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.staff.mode import CLOCK_PROBLEM
    from kiosk.staff.pin import PinStore

    clock = FixedClock(dt.datetime(2001, 1, 1, 10, tzinfo=LONDON))  # a PC with a flat battery
    window = KioskWindow(load_deck(clinic(tmp_path / "deck")).deck, SLOW, clock=clock)
    qtbot.addWidget(window)
    staff = enable_staff_mode(window, tmp_path / "deck", PinStore(tmp_path / "pin"))
    assert window.schedule.showing().implausible_clock
    assert CLOCK_PROBLEM in staff._problems
    clock.set(at(10))
    window.schedule.evaluate()
    assert CLOCK_PROBLEM not in staff._problems


def test_notices_wait_for_the_morning_rather_than_light_up_the_night(
    running: tuple[KioskWindow, FixedClock],
) -> None:
    from kiosk.content.announcements import Announcement, Board

    window, clock = running
    notice = Announcement(id="a-1", text="The car park is closed today.")
    window.banner.set_board(Board(announcements=(notice,)))
    assert window.banner.isVisible()
    clock.set(at(22))
    window.schedule.evaluate()
    assert window.calm.mode == CLOCK and not window.banner.isVisible()
    clock.set(at(9) + dt.timedelta(days=1))
    window.schedule.evaluate()
    assert window.screen_name == CYCLE and window.banner.isVisible()
