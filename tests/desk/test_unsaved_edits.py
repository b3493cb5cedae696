"""Unsaved slide edits are never dropped silently: choosing another slide, leaving staff mode or
closing the desk window asks first (save, discard, or keep editing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.staff.editor import StaffScreen
from tests.decks import simple_deck
from tests.desk.test_desk_editor import text_of, type_into
from tests.waiting import saves_done


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return simple_deck(tmp_path / "deck")


@pytest.fixture
def desk(qtbot: QtBot, folder: Path) -> Iterator[DeskEditor]:
    window = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.editor.select_slide("slide-1")
    yield window
    window.editor.unsaved.hide()
    window.editor.form.set_slide(None)  # let the fixture close the window without asking


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    saves_done(qtbot)


def click_slide_in_list(qtbot: QtBot, desk: DeskEditor, slide_id: str) -> None:
    view = desk.editor.list
    rect = view.visualRect(desk.editor.model.index(desk.editor.model.row_of(slide_id), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def showing(editor: StaffScreen) -> tuple[str | None, str | None]:
    """(the slide in the form, the slide selected in the list)."""
    form, selected = editor.form.slide, editor.selected_slide()
    return (form.id if form else None, selected.id if selected else None)


def test_choosing_another_slide_with_edits_asks_and_discard_drops_them(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    editor = desk.editor
    type_into(editor.form.title, "Half-typed title")
    click_slide_in_list(qtbot, desk, "slide-2")
    assert editor.unsaved.isVisible()
    assert (
        "\u201cHalf-typed title\u201d has changes that are not saved"
        in editor.unsaved.message.text()
    )
    assert editor.form.title.text() == "Half-typed title", "the edit is still there"
    assert showing(editor) == ("slide-1", "slide-1")

    click(qtbot, editor.unsaved.discard_button)
    assert not editor.unsaved.isVisible()
    assert showing(editor) == ("slide-2", "slide-2")
    assert "Half-typed title" not in text_of(folder, "001.md")


def test_save_changes_saves_then_opens_the_slide_asked_for(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    editor = desk.editor
    type_into(editor.form.title, "Flu jabs today")
    click_slide_in_list(qtbot, desk, "slide-3")
    click(qtbot, editor.unsaved.save_button)
    assert "title: Flu jabs today" in text_of(folder, "001.md")
    assert showing(editor) == ("slide-3", "slide-3")


def test_keep_editing_stays_on_the_slide_with_the_edit(qtbot: QtBot, desk: DeskEditor) -> None:
    editor = desk.editor
    type_into(editor.form.title, "Still typing")
    click_slide_in_list(qtbot, desk, "slide-2")
    click(qtbot, editor.unsaved.keep_button)
    assert not editor.unsaved.isVisible()
    assert editor.form.title.text() == "Still typing"
    assert showing(editor) == ("slide-1", "slide-1")
    click_slide_in_list(qtbot, desk, "slide-2")  # and it asks again next time
    assert editor.unsaved.isVisible()


def test_closing_the_desk_window_with_edits_asks_then_saves_and_closes(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    editor = desk.editor
    type_into(editor.form.teaser, "Typed before going home")
    desk.close()
    assert desk.isVisible(), "the window stays open with the question"
    assert editor.unsaved.isVisible()
    click(qtbot, editor.unsaved.save_button)
    assert "teaser: Typed before going home" in text_of(folder, "001.md")
    assert not desk.isVisible()


def test_without_edits_nothing_is_asked(qtbot: QtBot, desk: DeskEditor) -> None:
    click_slide_in_list(qtbot, desk, "slide-2")
    assert not desk.editor.unsaved.isVisible()
    assert showing(desk.editor) == ("slide-2", "slide-2")
    desk.close()
    assert not desk.isVisible()
