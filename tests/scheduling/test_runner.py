"""The ScheduleRunner in a running Qt event loop: boundaries and clock jumps, no restart."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import Deck, load_deck
from kiosk.player.schedule import ScheduleRunner
from kiosk.scheduling import Clock, FixedClock, Showing
from tests.decks import write_settings, write_slide

NY = ZoneInfo("America/New_York")
NOON = dt.datetime(2026, 10, 5, 12, 0, tzinfo=NY)  # a Monday


class RunningClock:
    """A wall clock set to ``start`` that then runs with real (monotonic) time."""

    def __init__(self, start: dt.datetime) -> None:
        self._start = start
        self._started = time.monotonic()

    def now(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._started)


@pytest.fixture
def deck(tmp_path: Path) -> Deck:
    """ "morning" shows 09:00-12:00 in New York; "welcome" always."""
    write_settings(tmp_path, clinic_name="Test Clinic", time_zone="America/New_York")
    write_slide(
        tmp_path,
        "010-morning.md",
        {
            "id": "morning",
            "title": "Morning clinic",
            "teaser": "Walk in before noon.",
            "schedule": {"times": ["09:00-12:00"]},
        },
        "Text.\n",
    )
    write_slide(
        tmp_path, "020-welcome.md", {"id": "welcome", "title": "Welcome", "teaser": "Hi."}, "Hi.\n"
    )
    result = load_deck(tmp_path)
    assert result.problems == ()
    return result.deck


@pytest.fixture
def runners() -> Iterator[list[ScheduleRunner]]:
    made: list[ScheduleRunner] = []
    yield made
    for runner in made:
        runner.stop()


def make(runners: list[ScheduleRunner], deck: Deck, clock: Clock, **options: int) -> ScheduleRunner:
    runner = ScheduleRunner(deck, clock, **options)
    runners.append(runner)
    runner.start()
    return runner


def ids(showing: Showing) -> tuple[str, ...]:
    return showing.ids


def test_switches_at_the_boundary_with_one_precise_timer(
    qtbot: QtBot, deck: Deck, runners: list[ScheduleRunner]
) -> None:
    clock = RunningClock(NOON - dt.timedelta(milliseconds=300))
    runner = make(runners, deck, clock)  # the real intervals: 30 s ticks, 60 s cap
    assert ids(runner.showing()) == ("morning", "welcome")
    interval = runner.boundary_interval_ms()
    assert interval is not None and interval <= 302  # aimed at noon, not at the next tick
    with qtbot.waitSignal(runner.showing_changed, timeout=3000) as blocker:
        pass
    assert clock.now() >= NOON
    [showing] = blocker.args
    assert ids(showing) == ("welcome",)
    assert runner.showing() == showing


def test_follows_the_injected_clock_past_a_boundary(
    qtbot: QtBot, deck: Deck, runners: list[ScheduleRunner]
) -> None:
    clock = FixedClock(NOON - dt.timedelta(hours=1))
    runner = make(runners, deck, clock, tick_ms=60_000, boundary_cap_ms=20)
    assert ids(runner.showing()) == ("morning", "welcome")
    with qtbot.assertNotEmitted(runner.showing_changed, wait=100):
        pass  # the boundary timer keeps firing, but nothing changed
    clock.set(NOON)
    with qtbot.waitSignal(runner.showing_changed, timeout=2000) as blocker:
        pass
    assert ids(blocker.args[0]) == ("welcome",)
    with qtbot.assertNotEmitted(runner.showing_changed, wait=100):
        runner.evaluate()  # asking again gives the same answer: no second emission


def test_a_wall_clock_jump_is_seen_on_the_next_tick(
    qtbot: QtBot, deck: Deck, runners: list[ScheduleRunner], caplog: pytest.LogCaptureFixture
) -> None:
    clock = FixedClock(NOON - dt.timedelta(hours=2))  # 10:00
    runner = make(runners, deck, clock, tick_ms=25)  # the boundary timer stays 60 s away
    assert ids(runner.showing()) == ("morning", "welcome")
    jumps: list[float] = []
    runner.clock_jumped.connect(jumps.append)
    with qtbot.assertNotEmitted(runner.clock_jumped, wait=120):
        pass  # ticks with no jump
    with (
        caplog.at_level(logging.WARNING, logger="kiosk.player.schedule"),
        qtbot.waitSignals([runner.clock_jumped, runner.showing_changed], timeout=2000),
    ):
        clock.advance(dt.timedelta(hours=2))  # NTP after boot: no monotonic time passes
    assert ids(runner.showing()) == ("welcome",)
    [jump] = jumps
    assert 7190 <= jump <= 7200
    assert "jumped by +720" in caplog.text
    with qtbot.waitSignals([runner.clock_jumped, runner.showing_changed], timeout=2000):
        clock.advance(dt.timedelta(hours=-2))  # set back by hand
    assert ids(runner.showing()) == ("morning", "welcome")


def test_new_content_is_evaluated_at_once(
    qtbot: QtBot, deck: Deck, runners: list[ScheduleRunner], tmp_path: Path
) -> None:
    runner = make(runners, deck, FixedClock(NOON - dt.timedelta(hours=1)))
    with qtbot.assertNotEmitted(runner.showing_changed, wait=10):
        runner.set_deck(deck)  # the same content
    (tmp_path / "slides" / "010-morning.md").unlink()
    with qtbot.waitSignal(runner.showing_changed, timeout=1000) as blocker:
        runner.set_deck(load_deck(tmp_path).deck)
    assert ids(blocker.args[0]) == ("welcome",)


def test_an_implausible_clock_is_logged_and_shows_unscheduled_slides(
    qtbot: QtBot, deck: Deck, runners: list[ScheduleRunner], caplog: pytest.LogCaptureFixture
) -> None:
    clock = FixedClock(NOON - dt.timedelta(hours=1))
    runner = make(runners, deck, clock, tick_ms=60_000)
    clock.set(dt.datetime(2019, 1, 1, 10, tzinfo=NY))  # a board with no battery-backed clock
    with (
        caplog.at_level(logging.WARNING, logger="kiosk.player.schedule"),
        qtbot.waitSignal(runner.showing_changed, timeout=1000) as blocker,
    ):
        runner.evaluate()
    showing = blocker.args[0]
    assert showing.implausible_clock and ids(showing) == ("welcome",)
    assert "clock looks wrong" in caplog.text
