"""The patient's choices last until they are gone; only the slide opens the slide.

Reading aids and language reset when the detail closes by idle (not when its countdown
starts), a touch during the countdown keeps them; Pause also holds the notices; a tap on the
header, or a staff hold on the clock let go too soon, never opens a slide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content.announcements import Announcement, Board
from kiosk.player.aids import AidState
from kiosk.player.timing import Timing
from kiosk.player.window import CYCLE, DETAIL
from tests.decks import simple_deck
from tests.player.conftest import WindowFactory
from tests.touch import TOUCH_SCREEN, tap

#: The idle time (long enough for a loaded CI machine to re-theme within it), then a countdown.
READING = Timing(idle_timeout_ms=4000, countdown_ms=1000, default_slide_ms=60_000)


def test_aids_and_language_last_through_the_countdown_and_reset_when_it_closes_the_detail(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck", languages=["en", "es"]), READING)
    tap(window.cycle.aids.large_text)
    tap(window.cycle.aids.language_buttons["es"])
    window.open_detail("slide-1")
    qtbot.waitSignal(window.countdown_started, timeout=9000).wait()
    with qtbot.assertNotEmitted(window.aids_changed, wait=300):
        pass  # the countdown runs: the patient may still be there
    assert window.aids.large_text and window.aids.language == "es"
    with qtbot.waitSignal(window.detail_closed, timeout=9000) as closed:
        pass
    assert closed.args == ["idle"]
    assert window.aids == AidState() and window.screen_name == CYCLE
    assert not window.cycle.aids.large_text.isChecked()


def test_a_touch_during_the_countdown_keeps_the_aids(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), READING)
    tap(window.cycle.aids.contrast)
    window.open_detail("slide-1")
    qtbot.waitSignal(window.countdown_started, timeout=9000).wait()
    tap(window.detail.body.viewport())
    assert window.aids.high_contrast and window.screen_name == DETAIL
    qtbot.waitSignal(window.countdown_started, timeout=9000).wait()  # idle again
    assert window.aids.high_contrast


def test_closing_the_detail_by_back_keeps_the_aids(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), READING)
    tap(window.cycle.aids.large_text)
    window.open_detail("slide-1")
    tap(window.detail.back_button)
    assert window.screen_name == CYCLE and window.aids.large_text


def test_pause_also_holds_the_notices(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), replace(READING, notice_ms=100))
    now = dt.datetime.now().astimezone()
    window.banner.set_board(Board(announcements=(
        Announcement(id="a", text="One", posted=now), Announcement(id="b", text="Two", posted=now),
    )))  # fmt: skip
    assert window.banner.rotating
    tap(window.cycle.aids.pause)
    showing = window.banner.current
    assert not window.banner.rotating
    with qtbot.assertNotEmitted(window.banner.changed, wait=350):
        pass
    assert window.banner.current == showing
    tap(window.cycle.aids.pause)  # Play
    assert window.banner.rotating


def test_a_tap_on_the_header_never_opens_the_slide(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), READING)
    header = window.cycle.header
    with qtbot.assertNotEmitted(window.detail_opened, wait=100):
        tap(header.clinic)
        tap(header.clock)
    assert window.screen_name == CYCLE
    tap(window.cycle.card)  # the slide itself still opens
    assert window.screen_name == DETAIL


def test_a_staff_hold_let_go_too_soon_is_not_a_patient_opening(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), READING)
    clock = window.cycle.header.clock
    point = clock.rect().center()
    with qtbot.assertNotEmitted(window.detail_opened, wait=100):
        QTest.touchEvent(clock, TOUCH_SCREEN).press(0, point, clock).commit()
        qtbot.wait(600)  # held, but not the 3 seconds staff mode needs
        QTest.touchEvent(clock, TOUCH_SCREEN).release(0, point + QPoint(1, 0), clock).commit()
    assert window.screen_name == CYCLE


def test_pause_turning_play_moves_no_button_and_icons_keep_a_gap(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck", languages=["en", "es"]), READING)
    aids = window.cycle.aids

    def places() -> list[int]:
        return [b.mapTo(window, b.rect().topLeft()).x() for b in aids.language_buttons.values()]

    before = places()
    tap(aids.pause)
    qtbot.wait(1)
    assert aids.pause.text().strip() == "Play" and places() == before
    for button in (aids.large_text, aids.contrast, aids.pause):
        assert button.text().startswith("\u2002")  # a space between the icon and the word


def test_pause_says_pause_until_tapped_whatever_the_theme(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), READING)
    tap(window.cycle.aids.contrast)  # a new theme measures the button again
    assert window.cycle.aids.pause.text().strip() == "Pause"
    assert window.detail.aids.pause.text().strip() == "Pause"
