"""The clinic's own plain-word list (``plain-words.csv`` in its folder) reaches the editor's
clear-communication check, read off the GUI thread like every other file staff work on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.checks.clarity import CLINIC_WORD_FILE
from tests.decks import simple_deck
from tests.desk_window import shown_desk
from tests.waiting import all_done


def test_a_word_from_the_clinics_own_list_is_found_as_staff_type_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    (folder / CLINIC_WORD_FILE).write_text(
        "# our own words\nphysio,physical therapy,medical\n", encoding="utf-8"
    )
    desk = shown_desk(qtbot, folder, size=None)
    all_done(qtbot)  # the folder and the word list are read
    form = desk.editor.form
    assert form.slide is not None
    form.summary.setFocus()
    form.summary.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(form.summary, Qt.Key.Key_Return)
    QTest.keyClicks(form.summary, "See the physio.")

    qtbot.waitUntil(lambda: "Medical word" in form.clarity.rules())
    findings = [form.clarity.findings.item(i).text() for i in range(form.clarity.findings.count())]
    assert any("physio" in text for text in findings), findings
