"""Lockstep: screens showing the same slides show the same slide at the same moment, by the
clock alone (no messages between them), also after a patient has read a slide on one of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.player.timing import Timing
from kiosk.player.window import CYCLE, DETAIL, KioskWindow
from kiosk.scheduling import FixedClock
from kiosk.scheduling.lockstep import lockstep_slot
from tests.decks import simple_deck
from tests.touch import swipe, tap

#: 10:00:04 UTC: 36,004 s after midnight; four 3 s slides make a 12 s cycle, so the shared
#: position is 4 s in: the second slide, 2 s of its 3 left.
START = dt.datetime(2026, 11, 30, 10, 0, 4, tzinfo=dt.UTC)
#: Content seconds run 100 times faster on the timers; the clock is moved by the test.
FAST = Timing(idle_timeout_ms=600_000, default_slide_ms=3000, transition_ms=600, speed=100)


def test_the_shared_position_is_counted_from_local_midnight() -> None:
    spans = [3000, 5000, 4000]  # a 12 s cycle
    assert lockstep_slot(spans, START) == lockstep_slot(spans, START + dt.timedelta(hours=1))
    slot = lockstep_slot(spans, START)
    assert (slot.index, slot.span_ms, slot.left_ms) == (1, 5000, 4000)
    assert lockstep_slot(spans, START + dt.timedelta(seconds=4)).index == 2
    assert lockstep_slot(spans, START + dt.timedelta(seconds=8)).index == 0
    # In the clinic's zone: midnight in Tokyo is 15:00 UTC the day before.
    tokyo = START.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert lockstep_slot([1000] * 7, tokyo).index == (19 * 3600 + 4) % 7
    with pytest.raises(ValueError, match="no time zone"):
        lockstep_slot(spans, START.replace(tzinfo=None))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def screen(qtbot: QtBot, folder: Path, clock: FixedClock) -> KioskWindow:
    window = KioskWindow(load_deck(folder).deck, FAST, clock=clock)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown(window: KioskWindow) -> str | None:
    current = window.controller.current
    return current.id if current is not None else None


def test_two_screens_show_the_same_slide_and_change_together(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    folder = simple_deck(tmp_path / "deck", count=4, lockstep=True, time_zone="UTC")
    hall = screen(qtbot, folder, clock)
    clock.advance(dt.timedelta(seconds=1))  # the second screen starts a second later
    room = screen(qtbot, folder, clock)
    assert shown(hall) == shown(room) == "slide-2"
    clock.advance(dt.timedelta(seconds=1, milliseconds=100))  # 10:00:06.1: the third slide
    qtbot.waitUntil(lambda: shown(hall) == shown(room) == "slide-3", timeout=3000)
    clock.advance(dt.timedelta(seconds=3))
    qtbot.waitUntil(lambda: shown(hall) == shown(room) == "slide-4", timeout=3000)

    # A patient opens the slide on one screen and reads; the other screen moves on.
    with qtbot.waitSignal(room.detail_opened, timeout=2000):
        tap(room.cycle.card)
    clock.advance(dt.timedelta(seconds=4))  # 10:00:13.1: 1.1 s into the cycle's next round
    qtbot.waitUntil(lambda: shown(hall) == "slide-1", timeout=3000)
    assert room.screen_name == DETAIL and shown(room) == "slide-4"
    # Back on the cycle, it rejoins the shared position at once.
    with qtbot.waitSignal(room.detail_closed, timeout=2000):
        tap(room.detail.back_button)
    assert room.screen_name == CYCLE
    assert shown(room) == shown(hall) == "slide-1"
    clock.advance(dt.timedelta(seconds=2))
    qtbot.waitUntil(lambda: shown(hall) == shown(room) == "slide-2", timeout=3000)

    # A swipe moves one screen by hand; when that slide's time is up it is back in step.
    with qtbot.waitSignal(room.controller.current_changed, timeout=2000) as moved:
        swipe(room.cycle, -400)
    assert moved.args == [2, True]  # the third slide, by hand (30 ms on these fast timers)
    qtbot.waitUntil(lambda: shown(hall) == shown(room) == "slide-2", timeout=3000)


def test_without_lockstep_each_screen_keeps_its_own_pace(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    folder = simple_deck(tmp_path / "deck", count=4, time_zone="UTC")
    hall = screen(qtbot, folder, clock)
    assert not hall.controller.lockstep
    assert shown(hall) == "slide-1"  # the first slide, whatever the time
    qtbot.waitUntil(lambda: shown(hall) == "slide-2", timeout=3000)  # its own timer moves it


def test_lockstep_follows_the_settings_as_they_change(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    folder = simple_deck(tmp_path / "deck", count=4, time_zone="UTC")
    hall = screen(qtbot, folder, clock)
    assert shown(hall) == "slide-1"
    simple_deck(folder, count=4, lockstep=True, time_zone="UTC")
    hall.set_deck(load_deck(folder).deck)
    assert hall.controller.lockstep
    assert shown(hall) == "slide-2"


def test_screens_with_different_sets_follow_their_own_cycle(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    """Per-screen slides: a screen with three slides runs a 9 s cycle, one with four 12 s."""
    folder = simple_deck(tmp_path / "deck", count=4, lockstep=True, time_zone="UTC")
    text = (folder / "slides" / "004.md").read_text("utf-8")
    (folder / "slides" / "004.md").write_text(
        text.replace("order: 4", "order: 4\nscreens: [Hall]"), "utf-8"
    )
    deck = load_deck(folder).deck
    hall = KioskWindow(deck, FAST, clock=clock, this_screen="Hall")
    room = KioskWindow(deck, FAST, clock=clock, this_screen="Room 2")
    for window in (hall, room):
        qtbot.addWidget(window)
    assert len(hall.controller.slides) == 4 and len(room.controller.slides) == 3
    assert shown(hall) == "slide-2"  # 4 s into 12 s
    assert shown(room) == "slide-2"  # 36,004 mod 9 = 4 s into 9 s


def test_staff_switch_lockstep_on_in_the_settings(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.desk_window import shown_desk
    from tests.settings.drive import into_view, open_tab, press
    from tests.waiting import saves_done

    folder = simple_deck(tmp_path / "deck", count=4)
    desk = shown_desk(qtbot, folder)
    page = desk.editor.settings_page
    open_tab(qtbot, desk.editor.tabs, page, touch=False)
    assert not page.lockstep.isChecked()
    into_view(page, page.lockstep)
    press(qtbot, page.lockstep, touch=False)
    press(qtbot, page.save_button, touch=False)
    saves_done(qtbot)
    qtbot.waitUntil(lambda: load_deck(folder).deck.settings.lockstep)
    assert "lockstep: true" in (folder / "settings.yaml").read_text("utf-8")
    desk.watcher.stop()
