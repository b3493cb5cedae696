"""The desk editor: the staff editor in a window on another PC, sharing the kiosk's folder.

Two editors run at once on one real folder (two desk editors, or the kiosk's staff mode and a
desk editor) and save overlapping edits: nothing is lost silently and the content always loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.app.qt import EXIT_AFTER_FIRST_PAINT
from kiosk.content import load_deck
from kiosk.staff.editor import StaffScreen
from kiosk.staff.pin import PinStore
from kiosk.storage.atomic import backups_of
from tests.commands import run_kiosk
from tests.decks import simple_deck
from tests.staff.conftest import PIN, Kiosk
from tests.waiting import saves_done


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return simple_deck(tmp_path / "deck")


@pytest.fixture
def open_desk(qtbot: QtBot, folder: Path) -> Iterator[DeskEditor]:
    def start() -> DeskEditor:
        window = DeskEditor(folder, poll_ms=50)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield start  # type: ignore[misc]


def text_of(folder: Path, name: str) -> str:
    return (folder / "slides" / name).read_text(encoding="utf-8")


def loads_cleanly(folder: Path) -> None:
    result = load_deck(folder)
    assert result.errors == (), result.errors
    assert len(result.deck.slides) >= 1


def type_into(field: QLineEdit, text: str) -> None:
    field.selectAll()
    QTest.keyClicks(field, text)


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    saves_done(qtbot)


def backups_hold(folder: Path, name: str, words: str) -> bool:
    return any(
        words in b.read_text(encoding="utf-8") for b in backups_of(folder / ".backups", name)
    )


def test_the_desk_window_is_the_staff_editor_without_pin_or_slideshow(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    desk = open_desk()  # type: ignore[operator]
    assert desk.windowTitle() == f"Clinic Kiosk \u2014 Desk editor \u2014 {folder}"
    assert type(desk.editor) is StaffScreen  # the kiosk's own editor, not a copy
    assert desk.editor.heading.text() == "Desk editor \u2014 Test Clinic"
    assert desk.editor.model.rowCount() == 3
    assert not desk.editor.back_button.isVisible()
    assert desk.editor.quit_button.text() == "Close"
    tabs = [desk.editor.tabs.tabText(i) for i in range(desk.editor.tabs.count())]
    assert "PIN" not in tabs and "Slides" in tabs
    assert "No PIN" in desk.help.text()
    assert not desk.isFullScreen()
    click(qtbot, desk.editor.quit_button)
    assert not desk.isVisible()


def test_a_change_made_at_the_kiosk_appears_on_the_desk(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    desk = open_desk()  # type: ignore[operator]
    path = folder / "slides" / "002.md"
    path.write_text(text_of(folder, "002.md").replace("Slide number 2", "Flu jabs"), "utf-8")
    qtbot.waitUntil(lambda: "Flu jabs" in [s.title for s in desk.editor.deck.slides], timeout=3000)


def test_two_desk_editors_merge_then_settle_a_conflict(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    a, b = open_desk(), open_desk()  # type: ignore[operator]
    for desk in (a, b):
        desk.editor.select_slide("slide-1")
    # B starts typing before A saves: B's edit is based on the file as it was.
    type_into(b.editor.form.teaser, "Teaser from B")
    type_into(a.editor.form.title, "Title from A")
    click(qtbot, a.editor.save_button)
    assert "title: Title from A" in text_of(folder, "001.md")
    loads_cleanly(folder)

    click(qtbot, b.editor.save_button)  # a different field: merged
    assert not b.editor.conflict_open
    text = text_of(folder, "001.md")
    assert "title: Title from A" in text and "teaser: Teaser from B" in text
    loads_cleanly(folder)
    assert b.editor.form.title.text() == "Title from A"  # B's form shows the merged slide
    # A, with nothing unsaved, picks up B's change by itself.
    qtbot.waitUntil(lambda: a.editor.form.teaser.text() == "Teaser from B", timeout=3000)

    # Now both change the title.
    type_into(b.editor.form.title, "Title B again")
    type_into(a.editor.form.title, "Title A again")
    click(qtbot, a.editor.save_button)
    click(qtbot, b.editor.save_button)
    assert b.editor.conflict_open and b.editor.conflict.isVisible()
    assert not b.editor.save_button.isVisible()
    assert b.editor.conflict.rows() == [("Title", "Title A again", "Title B again")]
    assert "backup folder" in b.editor.conflict.note.text()
    assert "title: Title A again" in text_of(folder, "001.md")  # nothing written yet
    loads_cleanly(folder)

    click(qtbot, b.editor.conflict.keep_mine_button)
    assert not b.editor.conflict_open and not b.editor.conflict.isVisible()
    text = text_of(folder, "001.md")
    assert "title: Title B again" in text and "teaser: Teaser from B" in text
    assert backups_hold(folder, "001.md", "title: Title A again")  # A's title is not lost
    assert "backup folder" in b.editor.status.text()
    assert b.editor.form.title.text() == "Title B again"
    loads_cleanly(folder)
    qtbot.waitUntil(lambda: a.editor.form.title.text() == "Title B again", timeout=3000)


def test_keep_theirs_at_the_kiosk_keeps_the_desk_edit_and_backs_up_the_kiosk_one(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path, tmp_path: Path
) -> None:
    pins = PinStore(tmp_path / "pin")
    pins.set_pin(PIN)
    kiosk = Kiosk(qtbot, folder, pins)
    try:
        staff = kiosk.open_editor()
        desk = open_desk()  # type: ignore[operator]
        for editor in (staff, desk.editor):
            editor.select_slide("slide-2")
        staff.form.summary.setPlainText("Summary written at the kiosk.")
        staff.form.title.selectAll()
        QTest.keyClicks(staff.form.title, "Title from the kiosk")
        desk.editor.form.summary.setPlainText("Summary written at the desk.")
        click(qtbot, desk.editor.save_button)
        kiosk.click(staff.save_button)
        assert staff.conflict_open
        assert staff.conflict.rows() == [
            ("Summary", "Summary written at the desk.", "Summary written at the kiosk.")
        ]
        kiosk.click(staff.conflict.keep_theirs_button)
        text = text_of(folder, "002.md")
        assert "Summary written at the desk." in text
        assert "title: Title from the kiosk" in text  # not in conflict: merged in
        assert backups_hold(folder, "002.md", "Summary written at the kiosk.")
        loads_cleanly(folder)
        kiosk.reloaded(
            lambda: "Title from the kiosk" in [s.title for s in kiosk.window.controller.slides]
        )
    finally:
        kiosk.close()


def test_hiding_at_the_kiosk_and_editing_at_the_desk_both_count(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path, tmp_path: Path
) -> None:
    pins = PinStore(tmp_path / "pin")
    pins.set_pin(PIN)
    kiosk = Kiosk(qtbot, folder, pins)
    try:
        staff = kiosk.open_editor()
        desk = open_desk()  # type: ignore[operator]
        desk.editor.select_slide("slide-3")
        type_into(desk.editor.form.title, "Edited at the desk")
        staff.select_slide("slide-3")
        kiosk.click(staff.buttons["toggle"])  # hide it
        click(qtbot, desk.editor.save_button)
        assert not desk.editor.conflict_open
        text = text_of(folder, "003.md")
        assert "enabled: false" in text and "title: Edited at the desk" in text
        loads_cleanly(folder)
    finally:
        kiosk.close()


def test_a_slide_deleted_on_one_desk_can_be_put_back_by_the_other(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    a, b = open_desk(), open_desk()  # type: ignore[operator]
    a.editor.select_slide("slide-1")
    type_into(a.editor.form.title, "Still needed")
    b.editor.select_slide("slide-1")
    click(qtbot, b.editor.buttons["delete"])
    assert not (folder / "slides" / "001.md").exists()
    click(qtbot, a.editor.save_button)
    assert a.editor.conflict_open
    assert "deleted" in a.editor.conflict.message.text()
    assert a.editor.conflict.keep_mine_button.text() == "Keep mine (put it back)"
    loads_cleanly(folder)
    click(qtbot, a.editor.conflict.keep_mine_button)
    assert "title: Still needed" in text_of(folder, "001.md")
    loads_cleanly(folder)


def test_a_slide_changed_elsewhere_is_not_deleted(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    a, b = open_desk(), open_desk()  # type: ignore[operator]
    b.watcher.stop()  # B has not seen A's change yet (a slow sync)
    a.editor.select_slide("slide-2")
    type_into(a.editor.form.title, "Changed just now")
    click(qtbot, a.editor.save_button)
    b.editor.select_slide("slide-2")
    assert b.editor.selected_slide().title == "Slide number 2"  # type: ignore[union-attr]
    click(qtbot, b.editor.buttons["delete"])
    assert "not deleted" in b.editor.status.text()
    assert "title: Changed just now" in text_of(folder, "002.md")
    loads_cleanly(folder)


def test_main_editor_opens_the_desk_window(folder: Path) -> None:
    done = run_kiosk(
        "--editor",
        "--content",
        str(folder),
        env={"QT_QPA_PLATFORM": "offscreen", EXIT_AFTER_FIRST_PAINT: "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "first-paint" in done.stdout
    assert f"Desk editor \u2014 {folder}" in done.stdout


def test_the_editor_option_is_in_the_help() -> None:
    from kiosk.cli import build_parser

    text = build_parser().format_help()
    assert "--editor" in text and "reception PC" in text


def test_settings_saved_on_two_desks_merge_or_say_why_not(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    a, b = open_desk(), open_desk()  # type: ignore[operator]
    b.watcher.stop()  # B has not seen A's change yet (a slow sync)
    type_into(a.editor.settings_page.clinic_name, "Riverside Clinic")
    click(qtbot, a.editor.settings_page.save_button)
    b.editor.settings_page.idle_timeout.setValue(90)
    click(qtbot, b.editor.settings_page.save_button)  # a different setting: merged
    settings = load_deck(folder).deck.settings
    assert (settings.clinic_name, settings.idle_timeout) == ("Riverside Clinic", 90)

    type_into(a.editor.settings_page.clinic_name, "Hillside Clinic")
    click(qtbot, a.editor.settings_page.save_button)
    type_into(b.editor.settings_page.clinic_name, "Lakeside Clinic")
    click(qtbot, b.editor.settings_page.save_button)
    assert "not saved" in b.editor.status.text()
    assert load_deck(folder).deck.settings.clinic_name == "Hillside Clinic"
    assert b.editor.settings_page.clinic_name.text() == "Hillside Clinic"  # the new value is shown
    click(qtbot, b.editor.settings_page.save_button)  # saving again, as shown, is fine
    assert "Settings saved" in b.editor.status.text()
    loads_cleanly(folder)


def test_two_editors_adding_at_once_never_give_two_slides_one_id(
    qtbot: QtBot, open_desk: DeskEditor, folder: Path
) -> None:
    a, b = open_desk(), open_desk()  # type: ignore[operator]
    b.watcher.stop()  # B has not seen A's new slide yet
    click(qtbot, a.editor.buttons["add"])
    click(qtbot, b.editor.buttons["add"])
    result = load_deck(folder)
    assert not [p for p in result.problems if "already used" in p.message], result.problems
    new = sorted(s.id for s in result.deck.slides if s.id.startswith("new-slide"))
    assert new == ["new-slide-1", "new-slide-2"]
