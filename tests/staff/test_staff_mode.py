"""A receptionist at the kiosk: the hidden hold, the PIN, editing slides, back to the cycle."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.player.window import CYCLE, DETAIL, STAFF
from kiosk.staff.mode import NO_PIN_MESSAGE
from kiosk.staff.pin import PinStore
from kiosk.staff.settings_page import SAVING
from tests.decks import simple_deck
from tests.slowshare import STUCK_S, SlowShare, gui_keeps_going
from tests.staff.conftest import HOLD_MS, PIN, TOUCH, Kiosk
from tests.touch import tap
from tests.waiting import saves_done


def test_holding_the_clock_corner_opens_the_pin_pad_and_taps_nothing(kiosk: Kiosk) -> None:
    kiosk.hold_corner()
    assert kiosk.window.screen_name == STAFF
    assert kiosk.window.current_screen() is kiosk.staff.pin_pad
    assert kiosk.window.controller.paused


def test_a_hold_begun_while_the_screen_is_busy_still_opens_the_pin_pad(kiosk: Kiosk) -> None:
    # Half a second of work already queued when the finger lands (a slow paint on a loaded
    # machine): the hold completes while that work is done, and must still be seen.
    QTimer.singleShot(0, lambda: time.sleep(HOLD_MS * 1.5 / 1000))
    kiosk.hold_corner()
    assert kiosk.window.current_screen() is kiosk.staff.pin_pad


def test_a_short_press_in_the_corner_never_opens_staff_mode(qtbot: QtBot, kiosk: Kiosk) -> None:
    point = kiosk.corner()
    # Released before the event loop runs again (the press is committed without running it): on
    # a loaded machine the loop, or a timed wait, between press and release could itself
    # outlast the hold, and the test would fail for the wrong reason.
    with qtbot.assertNotEmitted(kiosk.staff.entry.requested, wait=HOLD_MS * 2):
        QTest.touchEvent(kiosk.window, TOUCH).press(0, point, kiosk.window).commit(False)
        QTest.touchEvent(kiosk.window, TOUCH).release(0, point, kiosk.window).commit()
    assert kiosk.window.screen_name in (CYCLE, DETAIL)  # an ordinary tap, at most


def test_a_hold_elsewhere_on_the_screen_does_nothing(qtbot: QtBot, kiosk: Kiosk) -> None:
    point = kiosk.window.rect().center()
    with qtbot.assertNotEmitted(kiosk.staff.entry.requested, wait=HOLD_MS * 2):
        QTest.touchEvent(kiosk.window, TOUCH).press(0, point, kiosk.window).commit()
    QTest.touchEvent(kiosk.window, TOUCH).release(0, point, kiosk.window).commit()


def test_the_staff_keyboard_shortcut_opens_the_pin_pad(kiosk: Kiosk) -> None:
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    QTest.keyClick(kiosk.window, Qt.Key.Key_S, mods)
    assert kiosk.window.current_screen() is kiosk.staff.pin_pad


def test_the_right_pin_opens_the_editor_and_back_returns_to_the_slides(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    assert editor.model.rowCount() == 3
    kiosk.click(editor.back_button)
    assert kiosk.window.screen_name == CYCLE
    assert not kiosk.window.controller.paused


def test_wrong_pins_slow_down_then_lock_out(kiosk: Kiosk) -> None:
    kiosk.hold_corner()
    kiosk.type_pin("1111")
    assert "Wrong PIN" in kiosk.staff.pin_pad.message.text()
    kiosk.type_pin("2222")
    kiosk.type_pin("3333")
    assert "Try again in 30 seconds" in kiosk.staff.pin_pad.message.text()
    assert not kiosk.staff.pin_pad.keys["1"].isEnabled()
    assert kiosk.staff.editor is None
    assert kiosk.pins.locked_for() > 25  # kept on disk: a restart does not reset it


def test_without_a_pin_the_kiosk_says_how_to_set_one(qtbot: QtBot, tmp_path: Path) -> None:
    running = Kiosk(qtbot, simple_deck(tmp_path / "deck"), PinStore(tmp_path / "none"))
    try:
        running.hold_corner()
        assert running.staff.pin_pad.message.text() == NO_PIN_MESSAGE
        assert "--set-pin" in NO_PIN_MESSAGE
        assert not running.staff.pin_pad.keys["OK"].isEnabled()
    finally:
        running.close()


def test_staff_edit_a_slide_and_the_screen_shows_it(qtbot: QtBot, kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-2")
    editor.form.title.selectAll()
    QTest.keyClicks(editor.form.title, "Flu jabs this week")
    kiosk.click(editor.save_button)
    text = (kiosk.folder / "slides" / "002.md").read_text(encoding="utf-8")
    assert "title: Flu jabs this week" in text
    kiosk.reloaded(
        lambda: "Flu jabs this week" in [s.title for s in kiosk.window.controller.slides]
    )
    kiosk.click(editor.back_button)
    kiosk.window.controller.go_to(1)
    assert kiosk.window.cycle.card.title.text() == "Flu jabs this week"


def test_staff_reorder_hide_add_and_delete(qtbot: QtBot, kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    ids = lambda: [s.id for s in kiosk.window.controller.slides]  # noqa: E731
    editor.select_slide("slide-3")
    kiosk.click(editor.buttons["up"])
    kiosk.reloaded(lambda: ids() == ["slide-1", "slide-3", "slide-2"])
    assert editor.selected_slide() is not None and editor.selected_slide().id == "slide-3"

    kiosk.click(editor.buttons["toggle"])  # hide slide-3
    kiosk.reloaded(lambda: ids() == ["slide-1", "slide-2"])
    assert "enabled: false" in (kiosk.folder / "slides" / "003.md").read_text(encoding="utf-8")

    kiosk.click(editor.buttons["add"])
    kiosk.reloaded(lambda: len(editor.deck.slides) == 4)
    added = editor.selected_slide()
    assert added is not None and added.id == "new-slide-1" and not added.enabled
    assert ids() == ["slide-1", "slide-2"]  # hidden until staff show it

    editor.select_slide("slide-1")
    kiosk.click(editor.buttons["delete"])
    assert not (kiosk.folder / "slides" / "001.md").exists()
    kiosk.reloaded(lambda: ids() == ["slide-2"])
    kiosk.click(editor.undo_button)
    kiosk.reloaded(lambda: ids() == ["slide-1", "slide-2"])


def test_a_slide_that_would_not_load_is_not_saved(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-1")
    before = (kiosk.folder / "slides" / "001.md").read_text(encoding="utf-8")
    editor.form.title.clear()
    kiosk.click(editor.save_button)
    assert "Not saved" in editor.status.text() and "title" in editor.status.text()
    assert (kiosk.folder / "slides" / "001.md").read_text(encoding="utf-8") == before


def test_staff_mode_locks_itself_when_left_alone(
    qtbot: QtBot, tmp_path: Path, pins: PinStore
) -> None:
    running = Kiosk(qtbot, simple_deck(tmp_path / "deck"), pins, idle_ms=400)
    try:
        running.open_editor()
        qtbot.waitUntil(lambda: running.window.screen_name == CYCLE, timeout=3000)
    finally:
        running.close()


def test_an_abandoned_pin_pad_closes_by_itself_and_the_slides_resume(
    qtbot: QtBot, tmp_path: Path, pins: PinStore
) -> None:
    """Nobody touches the pad after it opens: it must not stay up (it once did for 14 minutes)."""
    running = Kiosk(qtbot, simple_deck(tmp_path / "deck"), pins, pad_idle_ms=400)
    try:
        running.hold_corner()
        assert running.window.current_screen() is running.staff.pin_pad
        qtbot.waitUntil(lambda: running.window.screen_name == CYCLE, timeout=3000)
        assert not running.window.controller.paused
    finally:
        running.close()


def test_the_pin_pad_gives_a_short_time_while_staff_mode_gives_minutes() -> None:
    from kiosk.staff.mode import PIN_PAD_IDLE_MS, STAFF_IDLE_MS

    assert PIN_PAD_IDLE_MS <= 30_000 < STAFF_IDLE_MS


def test_a_patient_with_a_keyboard_meets_the_same_lockout_and_time_limit(
    qtbot: QtBot, tmp_path: Path, pins: PinStore
) -> None:
    running = Kiosk(qtbot, simple_deck(tmp_path / "deck"), pins, pad_idle_ms=2000)
    try:
        mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        QTest.keyClick(running.window, Qt.Key.Key_S, mods)
        pad = running.staff.pin_pad
        assert running.window.current_screen() is pad
        for guess in ("1111", "2222", "3333"):
            QTest.keyClicks(pad, guess)
            QTest.keyClick(pad, Qt.Key.Key_Return)
        assert "Try again in 30 seconds" in pad.message.text()
        count = running.pins.attempts_path.read_bytes()
        QTest.keyClicks(pad, PIN)  # typed while locked: ignored, not even tried
        QTest.keyClick(pad, Qt.Key.Key_Return)
        assert running.pins.attempts_path.read_bytes() == count
        assert pad.display.text() == "\u2013"
        assert running.staff.editor is None
        qtbot.waitUntil(lambda: running.window.screen_name == CYCLE, timeout=5000)
    finally:
        running.close()


def test_staff_schedule_a_slide_for_weekday_mornings(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-2")
    schedule = editor.form.schedule
    for day in ("mon", "tue", "wed", "thu", "fri"):
        kiosk.click(schedule.days[day])
    QTest.keyClicks(schedule.times, "09:00-12:00")
    kiosk.click(editor.save_button)
    slide = load_deck(kiosk.folder).deck.slide("slide-2")
    assert slide is not None and slide.schedule is not None
    assert slide.schedule.days == ["mon", "tue", "wed", "thu", "fri"]
    assert slide.schedule.times == ["09:00-12:00"]


def test_staff_write_a_translation(qtbot: QtBot, tmp_path: Path, pins: PinStore) -> None:
    from tests.decks import write_settings

    folder = simple_deck(tmp_path / "deck")
    write_settings(folder, clinic_name="Test Clinic", languages=["en", "es"])
    running = Kiosk(qtbot, folder, pins)
    try:
        editor = running.open_editor()
        editor.select_slide("slide-1")
        translation = editor.form.translations
        assert translation.isVisible() and translation.language.currentText() == "es"
        QTest.keyClicks(translation.title, "Diapositiva uno")
        QTest.keyClicks(translation.teaser, "Un resumen")
        running.click(editor.save_button)
        slide = load_deck(folder).deck.slide("slide-1")
        assert slide is not None
        assert slide.in_language("es").title == "Diapositiva uno"
        assert slide.title == "Slide number 1"
    finally:
        running.close()


def test_back_to_the_slideshow_with_unsaved_edits_asks_first(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-2")
    editor.form.title.setText("Edited at the kiosk")
    kiosk.click(editor.back_button)
    assert kiosk.window.current_screen() is editor, "still in staff mode, asking"
    assert editor.unsaved.isVisible()
    assert "before you go back to the slideshow" in editor.unsaved.message.text()
    kiosk.click(editor.unsaved.save_button)
    assert kiosk.window.screen_name == CYCLE
    assert "title: Edited at the kiosk" in (kiosk.folder / "slides" / "002.md").read_text("utf-8")


def test_staff_mode_locking_itself_drops_the_question_but_keeps_the_edit(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-2")
    editor.form.title.setText("Edited, then called away")
    kiosk.click(editor.back_button)
    assert editor.unsaved.isVisible()
    kiosk.staff.leave()  # what the idle lock does
    assert kiosk.window.screen_name == CYCLE
    assert kiosk.open_editor() is editor
    assert not editor.unsaved.isVisible()
    assert editor.form.title.text() == "Edited, then called away"
    kiosk.click(editor.save_button)  # saving now only saves: staff mode stays open
    assert kiosk.window.current_screen() is editor
    assert "title: Edited, then called away" in (kiosk.folder / "slides" / "002.md").read_text(
        "utf-8"
    )


def test_time_on_screen_is_set_by_touch_with_big_minus_and_plus(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-1")
    box = editor.form.duration
    assert box.text() == "Default"
    for button in (box.minus, box.plus):
        assert button.isVisible() and min(button.width(), button.height()) >= 44
    assert not box.minus.isEnabled()  # nothing below "Default"
    tap(box.plus)
    assert box.value() == 3, "from Default straight to the shortest time allowed"
    tap(box.plus)
    tap(box.plus)
    assert box.text() == "5 s"
    for _ in range(3):
        tap(box.minus)
    assert box.text() == "Default" and not box.minus.isEnabled()
    tap(box.plus)
    kiosk.click(editor.save_button)
    assert "duration: 3" in (kiosk.folder / "slides" / "001.md").read_text("utf-8")


def test_a_login_after_wrong_pins_tells_staff_and_a_guessable_new_pin_is_refused(
    kiosk: Kiosk,
) -> None:
    kiosk.hold_corner()
    kiosk.type_pin("1111")
    kiosk.type_pin("2222")
    kiosk.type_pin(PIN)
    editor = kiosk.staff.editor
    assert editor is not None and kiosk.window.current_screen() is editor
    assert "Before this login, 2 wrong PINs were typed" in editor.status.text()
    editor.tabs.setCurrentWidget(editor.pin_tab)
    for field in (editor.new_pin, editor.repeat_pin):
        QTest.keyClicks(field, "1234")
    kiosk.click(editor.pin_button)
    assert "too easy to guess" in editor.status.text()
    assert kiosk.pins.check(PIN).ok and not kiosk.pins.check("1234").ok


def test_a_slow_pin_save_leaves_the_screen_free(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = kiosk.open_editor()
    slow = SlowShare(kiosk.pins.set_pin)  # scrypt on a slow disk: seconds, not milliseconds
    monkeypatch.setattr(kiosk.pins, "set_pin", slow)
    editor.tabs.setCurrentWidget(editor.pin_tab)
    for field in (editor.new_pin, editor.repeat_pin):
        QTest.keyClicks(field, "7295")
    qtbot.mouseClick(editor.pin_button, Qt.MouseButton.LeftButton)
    assert slow.started.wait(STUCK_S)
    assert threading.main_thread() not in slow.threads
    assert editor.status.text() == SAVING and not editor.pin_button.isEnabled()
    gui_keeps_going(qtbot, kiosk.window)
    slow.release()
    saves_done(qtbot)
    assert editor.status.text() == "The new PIN is saved." and editor.pin_button.isEnabled()
    assert kiosk.pins.check("7295").ok and not kiosk.pins.check(PIN).ok
