"""A content folder on a slow network share: saves wait for it, the screen never does.

The storage functions are patched to block until the test lets them go, as a share that takes
seconds to answer would: meanwhile the GUI thread keeps handling events (timers fire, the window
repaints), the editor says it is saving, and a second tap does not save twice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.staff import settings_page
from kiosk.staff.editor import SAVING
from kiosk.storage import announcements as board_file
from kiosk.storage import slides as store
from tests.decks import simple_deck
from tests.desk.test_desk_editor import text_of, type_into
from tests.slowshare import STUCK_S, SlowShare, gui_keeps_going
from tests.waiting import all_done, saves_done


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[DeskEditor]:
    window = DeskEditor(simple_deck(tmp_path / "deck"), poll_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tap_slide(qtbot: QtBot, desk: DeskEditor, row: int) -> None:
    """Click a slide in the editor's list, as staff choose one."""
    editor = desk.editor
    point: QPoint = editor.list.visualRect(editor.model.index(row, 0)).center()
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_slow_slide_save_leaves_the_screen_free_and_saves_once(
    qtbot: QtBot, desk: DeskEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowShare(store.save_slide)
    monkeypatch.setattr(store, "save_slide", slow)
    editor = desk.editor
    editor.select_slide("slide-1")
    type_into(editor.form.title, "Flu jabs today")
    click(qtbot, editor.save_button)
    assert slow.started.wait(STUCK_S)
    assert editor.status.text() == SAVING and editor.saving
    assert not editor.save_button.isEnabled()
    click(qtbot, editor.save_button)  # tapped again while the share is slow
    assert not editor.save_current()  # nothing starts a second save either
    gui_keeps_going(qtbot, desk)
    assert "Flu jabs today" not in text_of(desk.folder, "001.md")
    slow.release()
    saves_done(qtbot)
    assert slow.calls == 1
    assert editor.status.text() == "Saved \u201cFlu jabs today\u201d."
    assert editor.save_button.isEnabled()
    assert "title: Flu jabs today" in text_of(desk.folder, "001.md")
    qtbot.waitUntil(lambda: desk.watcher.deck.slides[0].title == "Flu jabs today", timeout=3000)  # type: ignore[union-attr]


def test_a_slow_settings_save_and_a_slow_post_leave_the_screen_free(
    qtbot: QtBot, desk: DeskEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, posting = SlowShare(settings_page.save_settings), SlowShare(board_file.post)
    monkeypatch.setattr(settings_page, "save_settings", settings)
    monkeypatch.setattr(board_file, "post", posting)
    editor, panel = desk.editor, desk.editor.announce
    page = editor.settings_page
    type_into(page.clinic_name, "Riverside Clinic")
    click(qtbot, page.save_button)
    assert settings.started.wait(STUCK_S)
    assert editor.status.text() == SAVING and not page.save_button.isEnabled()
    panel.text.setText("The lift is out of order.")
    click(qtbot, panel.post_button)  # waits its turn: saves run one at a time, in order
    assert panel.status.text() == SAVING and not panel.post_button.isEnabled()
    click(qtbot, panel.post_button)
    gui_keeps_going(qtbot, desk)
    settings.release()
    posting.release()
    saves_done(qtbot)
    assert (settings.calls, posting.calls) == (1, 1)
    assert editor.status.text().startswith("Settings saved")
    assert panel.status.text().startswith("Posted.")
    assert "Riverside Clinic" in (desk.folder / "settings.yaml").read_text(encoding="utf-8")


def test_a_slow_read_of_the_chosen_slide_leaves_the_screen_free(
    qtbot: QtBot, desk: DeskEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    all_done(qtbot)  # the first slide's file, read at start-up
    slow = SlowShare(store.read_base)
    monkeypatch.setattr(store, "read_base", slow)
    editor = desk.editor
    tap_slide(qtbot, desk, 1)
    form_slide = editor.form.slide
    assert form_slide is not None and form_slide.id == "slide-2"  # shown before the file is read
    assert slow.started.wait(STUCK_S)
    assert threading.main_thread() not in slow.threads
    assert editor.base_text is None  # still on its way
    gui_keeps_going(qtbot, desk)
    slow.release()
    all_done(qtbot)
    assert editor.base_text == text_of(desk.folder, "002.md")


def test_a_save_made_before_the_slides_file_is_read_still_merges(
    qtbot: QtBot, desk: DeskEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    all_done(qtbot)
    slow = SlowShare(store.read_base)
    monkeypatch.setattr(store, "read_base", slow)
    editor = desk.editor
    tap_slide(qtbot, desk, 1)
    assert slow.started.wait(STUCK_S)
    path = desk.folder / "slides" / "002.md"  # meanwhile another screen changes the teaser
    path.write_text(
        path.read_text(encoding="utf-8").replace("teaser: ", "teaser: Changed elsewhere. "),
        encoding="utf-8",
    )
    type_into(editor.form.title, "Flu jabs today")
    click(qtbot, editor.save_button)
    slow.release()
    saves_done(qtbot)
    saved = text_of(desk.folder, "002.md")
    assert "title: Flu jabs today" in saved  # ours
    assert "Changed elsewhere." in saved  # theirs, kept: merged, never overwritten
