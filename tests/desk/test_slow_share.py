"""A content folder on a slow network share: saves wait for it, the screen never does.

The storage functions are patched to block until the test lets them go, as a share that takes
seconds to answer would: meanwhile the GUI thread keeps handling events (timers fire, the window
repaints), the editor says it is saving, and a second tap does not save twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.staff.editor import SAVING
from kiosk.storage import announcements as board_file
from kiosk.storage import slides as store
from tests.decks import simple_deck
from tests.desk.test_desk_editor import text_of, type_into
from tests.waiting import saves_done

#: Long enough never to be reached on a busy machine; a test that waits this long has failed.
STUCK_S = 10


class SlowShare:
    """Wraps a storage function so each call blocks until ``release()``; counts the calls."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function
        self._go = threading.Event()
        self.calls = 0
        self.started = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.started.set()
        if not self._go.wait(STUCK_S):
            raise TimeoutError("the test never released the save")
        return self._function(*args, **kwargs)

    def release(self) -> None:
        self._go.set()


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[DeskEditor]:
    window = DeskEditor(simple_deck(tmp_path / "deck"), poll_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def gui_keeps_going(qtbot: QtBot, widget: QWidget) -> None:
    """Timers fire and the widget paints while the save is stuck on the share."""
    ticks: list[int] = []
    timer = QTimer(widget, interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=3000)
    timer.stop()
    assert not widget.grab().isNull()


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
    settings, posting = SlowShare(store.save_settings), SlowShare(board_file.post)
    monkeypatch.setattr(store, "save_settings", settings)
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
