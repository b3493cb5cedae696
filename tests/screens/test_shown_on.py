"""The editor shows which screens a slide appears on, and staff choose them by touch or mouse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.content import load_deck
from kiosk.staff.screens_picker import NONE_CHOSEN
from kiosk.staff.slide_list import STATE_ROLE as STATE
from kiosk.staff.slide_list import SlideTileDelegate
from tests.decks import simple_deck
from tests.waiting import saves_done


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three slides; the second only for the hall; one screen has reported in, one not."""
    folder = simple_deck(tmp_path / "deck")
    second = folder / "slides" / "002.md"
    second.write_text(
        second.read_text("utf-8").replace("order: 2", "order: 2\nscreens: Hall  # the entrance"),
        "utf-8",
    )
    (folder / "status").mkdir()
    (folder / "status" / "room-2.json").write_text(
        json.dumps({"screen": "Waiting room 2", "version": "1"}), "utf-8"
    )
    (folder / "status" / "broken.json").write_text("{not json", "utf-8")
    return folder


@pytest.fixture
def desk(qtbot: QtBot, folder: Path) -> Iterator[DeskEditor]:
    window = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.watcher.stop()


def click(qtbot: QtBot, desk: DeskEditor, widget: QWidget) -> None:
    """Scroll the form to ``widget`` and click it, as staff do."""
    desk.editor.form_scroll.ensureWidgetVisible(widget, 10, 10)
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    saves_done(qtbot)


def row_lines(desk: DeskEditor, row: int) -> list[str]:
    view = desk.editor.list
    delegate = view.itemDelegate()
    assert isinstance(delegate, SlideTileDelegate)
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.font = view.font()
    return delegate.lines(option, desk.editor.model.index(row, 0), 400)


def test_shown_on_offers_known_screens_and_saves_the_choice(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    editor = desk.editor
    picker = editor.form.screens
    assert editor.form.slide is not None and editor.form.slide.id == "slide-1"
    assert picker.every.isChecked()
    # Named in a slide, and reported in by a screen's status file (read off the GUI thread).
    qtbot.waitUntil(lambda: [box.text() for box in picker.boxes] == ["Hall", "Waiting room 2"])
    assert row_lines(desk, 1)[-1] == "Only: Hall"
    assert not any(line.startswith("Only") for line in row_lines(desk, 0))

    before = (folder / "slides" / "001.md").read_text("utf-8")
    click(qtbot, desk, picker.every)  # only some screens: none ticked yet
    assert picker.problem.text() == NONE_CHOSEN
    click(qtbot, desk, editor.save_button)
    assert (folder / "slides" / "001.md").read_text("utf-8") == before

    room = picker.box("waiting room 2")
    assert room is not None
    click(qtbot, desk, room)
    assert picker.problem.isHidden()
    # A new name typed in: one no screen can have is refused in --check's words.
    desk.editor.form_scroll.ensureWidgetVisible(picker.new_name)
    picker.new_name.setFocus()
    qtbot.keyClicks(picker.new_name, "Hall, upstairs")
    click(qtbot, desk, picker.add_button)
    assert picker.problem.text() == (
        "screens: 'Hall, upstairs' cannot be a screen's name (a screen name cannot hold a comma)"
    )
    picker.new_name.selectAll()
    qtbot.keyClicks(picker.new_name, "  Treatment  room ")
    qtbot.keyClick(picker.new_name, Qt.Key.Key_Return)
    assert [b.text() for b in picker.boxes if b.isChecked()] == [
        "Treatment room",
        "Waiting room 2",
    ]
    click(qtbot, desk, editor.save_button)
    qtbot.waitUntil(lambda: load_deck(folder).deck.slides[0].screens != [])
    assert load_deck(folder).deck.slides[0].screens == ["Treatment room", "Waiting room 2"]
    qtbot.waitUntil(lambda: row_lines(desk, 0)[-1] == "Only: Treatment room, Waiting room 2")

    # Every screen again: the field goes from the file.
    click(qtbot, desk, picker.every)
    click(qtbot, desk, editor.save_button)
    qtbot.waitUntil(lambda: "screens" not in (folder / "slides" / "001.md").read_text("utf-8"))


def test_a_slide_for_some_screens_keeps_its_line_when_other_fields_change(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    editor = desk.editor
    editor.select_slide("slide-2")
    picker = editor.form.screens
    assert not picker.every.isChecked()
    assert [b.text() for b in picker.boxes if b.isChecked()] == ["Hall"]
    editor.form.title.selectAll()
    qtbot.keyClicks(editor.form.title, "Welcome to the hall")
    click(qtbot, desk, editor.save_button)
    qtbot.waitUntil(lambda: "Welcome to the hall" in (folder / "slides" / "002.md").read_text())
    # Staff's own way of writing it (one line, and its comment) survives the save.
    assert "screens: Hall  # the entrance\n" in (folder / "slides" / "002.md").read_text("utf-8")


def test_at_a_screen_staff_see_what_is_not_shown_there_and_its_own_name(
    qtbot: QtBot, tmp_path: Path, folder: Path
) -> None:
    from kiosk.staff.pin import PinStore
    from tests.staff.conftest import PIN, Kiosk

    pins = PinStore(tmp_path / "pin")
    pins.set_pin(PIN)
    kiosk = Kiosk(qtbot, folder, pins, this_screen="Reception")
    try:
        assert [s.id for s in kiosk.window.controller.slides] == ["slide-1", "slide-3"]
        editor = kiosk.open_editor()
        assert editor.model.data(editor.model.index(1, 0), STATE) == "Not on this screen"
        picker = editor.form.screens  # this screen's own name too:
        wanted = ["Hall", "Reception", "Waiting room 2"]
        qtbot.waitUntil(lambda: [box.text() for box in picker.boxes] == wanted)
    finally:
        kiosk.close()


def test_a_notice_for_some_screens_is_posted_by_touch_and_listed_as_such(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    from PySide6.QtWidgets import QLabel, QScrollArea

    from kiosk.content.announcements import load_announcements
    from tests.touch import tap as touch

    editor = desk.editor
    editor.tabs.setCurrentIndex(0)
    panel = editor.announce
    assert editor.tabs.tabText(0) == "Announcements" and panel.isVisible()

    def tap(widget: QWidget) -> None:
        """Scroll the page to ``widget`` and touch it, as staff do."""
        scroll = panel.parentWidget()
        while not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        scroll.ensureWidgetVisible(widget, 10, 10)
        QApplication.processEvents()
        touch(widget)

    picker = panel.screens
    # The same choice as a slide's: every screen, or the screens known (content and reports).
    assert picker.every.isChecked() and not picker.names.isEnabled()
    qtbot.waitUntil(lambda: [box.text() for box in picker.boxes] == ["Hall", "Waiting room 2"])
    tap(panel.phrase_buttons[0])
    tap(picker.every)
    tap(panel.post_button)  # no screen ticked: refused, in plain words, nothing written
    saves_done(qtbot)
    assert panel.status.text() == NONE_CHOSEN
    assert not (folder / "announcements.yaml").exists()

    hall = picker.box("Hall")
    assert hall is not None
    tap(hall)
    tap(panel.post_button)
    saves_done(qtbot)
    assert "on Hall" in panel.status.text()
    (posted,) = load_announcements(folder, None)[0].announcements
    assert posted.screens == ["Hall"]
    qtbot.waitUntil(lambda: list(panel.remove_buttons) == [posted.id])
    row = panel.remove_buttons[posted.id].parentWidget()
    (words,) = [w for w in row.findChildren(QLabel) if w.objectName() == "AnnouncementSummary"]
    assert words.text().endswith(", only on Hall)")
    assert picker.every.isChecked()  # the next notice is for every screen unless told


def test_slow_reads_of_reports_and_of_a_sync_conflict_copy_leave_the_screen_free(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kiosk.staff import editor as editor_module
    from kiosk.storage import sync_conflicts
    from tests.slowshare import STUCK_S, SlowShare, gui_keeps_going
    from tests.sync.test_sync_citizen import CONFLICT, conflict_copy

    conflict_copy(folder)
    reports = SlowShare(editor_module.reported_names)
    copy = SlowShare(sync_conflicts.read_conflict)
    monkeypatch.setattr(editor_module, "reported_names", reports)
    monkeypatch.setattr(sync_conflicts, "read_conflict", copy)
    window = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert reports.started.wait(STUCK_S) and copy.started.wait(STUCK_S)
        assert threading.main_thread() not in [*reports.threads, *copy.threads]
        gui_keeps_going(qtbot, window)  # both are stuck on the share; the screen is not
        picker = window.editor.form.screens
        assert [box.text() for box in picker.boxes] == ["Hall"]  # what is known without them
        assert window.editor.sync_conflict is None
    finally:
        reports.release()
        copy.release()
    qtbot.waitUntil(lambda: [box.text() for box in picker.boxes] == ["Hall", "Waiting room 2"])
    qtbot.waitUntil(lambda: window.editor.sync_conflict is not None)
    assert window.editor.sync_conflict.copy_name == CONFLICT  # type: ignore[union-attr]
    assert window.editor.conflict.isVisible()
    window.watcher.stop()
