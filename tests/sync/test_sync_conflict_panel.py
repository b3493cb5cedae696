"""Syncthing kept a slide twice: the desk editor and staff mode open it in the conflict panel,
staff keep one version or pick field by field, and neither version is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.content import load_deck
from kiosk.staff.pin import PinStore
from tests.decks import simple_deck
from tests.staff.conftest import PIN, Kiosk
from tests.sync.test_sync_citizen import CONFLICT
from tests.waiting import saves_done

OTHER_TITLE = "Flu jabs on Tuesday"
OTHER_SUMMARY = "Bring your card and a list of your medicines."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = simple_deck(tmp_path / "deck")
    original = (folder / "slides" / "001.md").read_text(encoding="utf-8")
    other = original.replace("Slide number 1", OTHER_TITLE).replace(
        "Summary of slide 1.", OTHER_SUMMARY
    )
    (folder / "slides" / CONFLICT).write_text(other.replace("Teaser 1", "Teaser B"), "utf-8")
    return folder


@pytest.fixture
def desk(qtbot: QtBot, folder: Path) -> Iterator[DeskEditor]:
    window = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.editor.sync_conflict is not None, timeout=3000)
    yield window
    window.watcher.stop()


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    saves_done(qtbot)


def slide_text(folder: Path) -> str:
    return (folder / "slides" / "001.md").read_text(encoding="utf-8")


def kept_copy(folder: Path) -> str:
    return (folder / ".backups" / CONFLICT).read_text(encoding="utf-8")


def test_the_panel_shows_both_versions_field_by_field(desk: DeskEditor) -> None:
    panel = desk.editor.conflict
    assert panel.isVisible() and not desk.editor.save_button.isVisible()
    assert panel.heading.text() == "This slide was changed on two computers at once"
    assert "ABCDEFG" in panel.message.text() and "30 Nov at 11:45" in panel.message.text()
    assert panel.rows() == [
        ("Title", OTHER_TITLE, "Slide number 1"),
        ("Teaser", "Teaser B", "Teaser 1"),
        ("Summary", OTHER_SUMMARY, "Summary of slide 1."),
    ]
    assert panel.use_picks_button.isVisible()


def test_picking_fields_writes_them_and_keeps_both_versions(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    before = slide_text(folder)
    panel = desk.editor.conflict
    click(qtbot, panel.pick_buttons["title"][0])  # the other computer's title
    click(qtbot, panel.pick_buttons["summary"][0])  # and its summary; the teaser stays
    assert panel.picks() == {"title": "theirs", "teaser": "mine", "summary": "theirs"}
    click(qtbot, panel.use_picks_button)
    text = slide_text(folder)
    assert f"title: {OTHER_TITLE}" in text and "teaser: Teaser 1" in text
    assert OTHER_SUMMARY in text
    assert not (folder / "slides" / CONFLICT).exists()
    assert "Teaser B" in kept_copy(folder)  # the other version, whole
    assert any(
        b.read_text(encoding="utf-8") == before
        for b in folder.joinpath(".backups").glob("001.md.*")
    )
    assert not panel.isVisible() and desk.editor.save_button.isVisible()
    qtbot.waitUntil(lambda: desk.editor.form.title.text() == OTHER_TITLE, timeout=3000)
    problems = desk.editor.problem_list
    qtbot.waitUntil(lambda: problems.item(0).text().startswith("No problems"), timeout=3000)
    assert load_deck(folder).problems == ()


def test_keep_the_slide_as_it_is_moves_the_copy_away(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    before = slide_text(folder)
    click(qtbot, desk.editor.conflict.keep_mine_button)
    assert slide_text(folder) == before
    assert OTHER_TITLE in kept_copy(folder)
    assert "Kept the slide as it is" in desk.editor.status.text()
    qtbot.waitUntil(lambda: desk.editor.sync_conflict is None, timeout=3000)


def test_keep_the_other_version_writes_it_whole(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    other = (folder / "slides" / CONFLICT).read_text(encoding="utf-8")
    click(qtbot, desk.editor.conflict.keep_theirs_button)
    assert slide_text(folder) == other == kept_copy(folder)
    qtbot.waitUntil(lambda: desk.editor.form.title.text() == OTHER_TITLE, timeout=3000)


def test_staff_mode_at_the_kiosk_offers_the_same_panel(
    qtbot: QtBot, folder: Path, tmp_path: Path
) -> None:
    pins = PinStore(tmp_path / "pin")
    pins.set_pin(PIN)
    kiosk = Kiosk(qtbot, folder, pins)
    try:
        staff = kiosk.open_editor()
        qtbot.waitUntil(lambda: staff.sync_conflict is not None, timeout=3000)
        assert staff.conflict.isVisible()
        kiosk.click(staff.conflict.pick_buttons["teaser"][0])
        kiosk.click(staff.conflict.use_picks_button)
        assert "teaser: Teaser B" in slide_text(folder)
        assert f"title: {OTHER_TITLE}" not in slide_text(folder)
        kiosk.reloaded(lambda: kiosk.window.controller.slides[0].teaser == "Teaser B")
    finally:
        kiosk.close()


def test_another_slide_opens_in_the_form_and_the_problem_leads_back(
    qtbot: QtBot, desk: DeskEditor
) -> None:
    editor = desk.editor
    editor.select_slide("slide-2")
    assert editor.sync_conflict is None and editor.save_button.isVisible()
    editor.tabs.setCurrentIndex(editor.tabs.count() - 1)  # Problems
    problems = editor.problem_list
    (row,) = [r for r in range(problems.count()) if CONFLICT in problems.item(r).text()]
    rect = problems.visualItemRect(problems.item(row))
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: editor.sync_conflict is not None, timeout=3000)
    assert editor.selected_slide() is not None and editor.selected_slide().id == "slide-1"
    assert editor.conflict.isVisible()
