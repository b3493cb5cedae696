"""A patient at the screen: the cycle runs, a tap opens a slide, Back or idleness returns."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.player.calm import CALM_MESSAGE
from kiosk.player.timing import Timing
from kiosk.player.window import CALM, CYCLE, DETAIL, KioskWindow
from tests.decks import simple_deck, write_settings, write_slide
from tests.player.conftest import WindowFactory
from tests.touch import swipe, tap


def test_the_cycle_moves_to_the_next_slide_by_itself(qtbot: QtBot, window: KioskWindow) -> None:
    assert window.cycle.card.title.text() == "Slide number 1"
    with qtbot.waitSignal(window.controller.current_changed, timeout=2000) as blocker:
        pass
    assert blocker.args == [1, False]
    assert window.cycle.card.title.text() == "Slide number 2"
    assert window.cycle.card.teaser.text() == "Teaser 2"


def test_the_cycle_wraps_around_to_the_first_slide(qtbot: QtBot, window: KioskWindow) -> None:
    seen = []
    window.controller.current_changed.connect(lambda index, _: seen.append(index))
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=3000)
    assert seen[:3] == [1, 2, 0]


def test_a_touch_tap_opens_the_detail_of_the_slide_shown(qtbot: QtBot, window: KioskWindow) -> None:
    window.set_timing(Timing(default_slide_ms=60_000))
    window.controller.go_to(1)
    with qtbot.waitSignal(window.detail_opened, timeout=1000) as opened:
        tap(window.cycle.card)
    assert opened.args == ["slide-2"]
    assert window.screen_name == DETAIL
    assert window.detail.title.text() == "Slide number 2"
    assert "Summary of slide 2." in window.detail.body.toPlainText()


def test_a_mouse_click_opens_the_detail_too(qtbot: QtBot, window: KioskWindow) -> None:
    window.set_timing(Timing(default_slide_ms=60_000))
    with qtbot.waitSignal(window.detail_opened, timeout=1000) as opened:
        qtbot.mouseClick(window.cycle.card.teaser, Qt.MouseButton.LeftButton)
    assert opened.args == ["slide-1"]


def test_back_returns_to_the_cycle_and_it_runs_again(qtbot: QtBot, window: KioskWindow) -> None:
    window.open_detail("slide-1")
    with qtbot.waitSignal(window.detail_closed, timeout=1000) as closed:
        tap(window.detail.back_button)
    assert closed.args == ["back"]
    assert window.screen_name == CYCLE
    qtbot.waitSignal(window.controller.current_changed, timeout=2000).wait()


def test_the_cycle_does_not_advance_while_a_patient_reads(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.set_timing(Timing(default_slide_ms=100, idle_timeout_ms=60_000))
    window.open_detail("slide-1")
    with qtbot.assertNotEmitted(window.controller.current_changed, wait=600):
        pass
    assert window.screen_name == DETAIL


def test_idle_shows_a_countdown_then_returns_to_the_cycle(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.open_detail("slide-2")
    with qtbot.waitSignal(window.countdown_started, timeout=2000):
        pass
    assert window.detail.countdown.isVisible()
    assert "Going back to the slideshow" in window.detail.countdown.text()
    with qtbot.waitSignal(window.detail_closed, timeout=2000) as closed:
        pass
    assert closed.args == ["idle"]
    assert window.screen_name == CYCLE


def test_a_touch_during_the_countdown_keeps_the_detail_open(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.set_timing(Timing(idle_timeout_ms=150, countdown_ms=1000))
    window.open_detail("slide-1")
    qtbot.waitSignal(window.countdown_started, timeout=2000).wait()
    tap(window.detail.body.viewport())
    assert not window.detail.countdown.isVisible()
    with qtbot.assertNotEmitted(window.detail_closed, wait=400):
        pass
    assert window.screen_name == DETAIL


def test_swiping_left_shows_the_next_slide_and_right_the_previous(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.set_timing(Timing(default_slide_ms=60_000))
    with qtbot.waitSignal(window.controller.current_changed, timeout=1000) as moved:
        swipe(window.cycle, -400)
    assert moved.args == [1, True]
    with qtbot.waitSignal(window.controller.current_changed, timeout=1000) as moved:
        swipe(window.cycle, +400)
    assert moved.args == [0, True]
    assert window.screen_name == CYCLE  # a swipe is not a tap


def test_the_arrows_move_by_hand(qtbot: QtBot, window: KioskWindow) -> None:
    window.set_timing(Timing(default_slide_ms=60_000))
    qtbot.mouseClick(window.cycle.previous_button, Qt.MouseButton.LeftButton)
    assert window.cycle.card.title.text() == "Slide number 3"
    qtbot.mouseClick(window.cycle.next_button, Qt.MouseButton.LeftButton)
    assert window.cycle.card.title.text() == "Slide number 1"


def test_a_touch_on_the_cycle_gives_the_slide_its_full_time_again(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.set_timing(Timing(default_slide_ms=1000))
    qtbot.waitUntil(lambda: window.controller.fraction_elapsed() > 0.3, timeout=2000)
    swipe(window.cycle, 60)  # too short to be a swipe, too long to be a tap
    assert window.controller.fraction_elapsed() < 0.2
    assert window.screen_name == CYCLE


def test_a_deck_with_nothing_enabled_shows_the_calm_screen(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    folder = tmp_path / "deck"
    write_settings(folder, clinic_name="Riverside Clinic")
    write_slide(folder, "a.md", {"id": "a", "title": "A", "teaser": "a", "enabled": False})
    window = make_window(folder)
    assert window.screen_name == CALM
    assert window.calm.message.text() == CALM_MESSAGE
    assert window.calm.clinic.text() == "Riverside Clinic"


def test_a_missing_content_folder_shows_the_calm_screen(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(tmp_path / "nowhere")
    assert window.screen_name == CALM
    assert window.calm.isVisible()


def test_a_corrupt_picture_is_replaced_by_the_placeholder(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "images").mkdir()
    (folder / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 100)
    write_slide(
        folder, "001.md", {"id": "pic", "title": "Pic", "teaser": "t", "image": "images/broken.png"}
    )
    window = make_window(folder)
    pixmap = window.cycle.card.image.pixmap()
    assert not pixmap.isNull()
    centre = pixmap.toImage().pixelColor(pixmap.width() // 10, pixmap.height() // 10)
    assert centre == QColor(window._theme.color("placeholder"))


def test_a_real_picture_is_shown_scaled_to_its_place(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    from PySide6.QtGui import QImage

    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "images").mkdir()
    big = QImage(4000, 3000, QImage.Format.Format_RGB32)
    big.fill(QColor("#3366cc"))
    assert big.save(str(folder / "images" / "blue.png"))
    write_slide(
        folder, "001.md", {"id": "pic", "title": "Pic", "teaser": "t", "image": "images/blue.png"}
    )
    window = make_window(folder)
    pixmap = window.cycle.card.image.pixmap()
    label = window.cycle.card.image.size()
    assert pixmap.width() <= label.width() and pixmap.height() <= label.height()
    assert pixmap.toImage().pixelColor(5, 5) == QColor("#3366cc")
