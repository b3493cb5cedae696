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
    # Named in a slide, and reported in by a screen's status file.
    assert [box.text() for box in picker.boxes] == ["Hall", "Waiting room 2"]
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
        names = [box.text() for box in editor.form.screens.boxes]
        assert names == ["Hall", "Reception", "Waiting room 2"]  # this screen's own name too
    finally:
        kiosk.close()
