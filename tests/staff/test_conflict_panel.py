"""The conflict panel shows the two versions as staff know them: field by field, in words,
never a file's raw YAML, in columns that do not run together."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.staff.conflict import rows_for
from kiosk.storage.slides import WHOLE_FILE, FieldConflict
from tests.staff import pages

MINE = """---
id: flu
title: Flu jabs this week
teaser: Ask at the front desk.
key_points:
  - Free for over 65s.
translations:
  es: {title: Gripe, teaser: Pregunte en recepción.}
---
Bring your card.
"""
THEIRS = MINE.replace("Flu jabs this week", "Flu jabs on Tuesday").replace(
    "Bring your card.", "Bring your card and a list of your medicines."
)


def test_a_whole_file_conflict_is_shown_field_by_field_in_words() -> None:
    rows = rows_for(FieldConflict(WHOLE_FILE, MINE, THEIRS))
    assert rows == [
        ("Title", "Flu jabs on Tuesday", "Flu jabs this week"),
        ("Summary", "Bring your card and a list of your medicines.", "Bring your card."),
    ]


def test_an_unreadable_version_says_so_and_mine_is_listed_in_words() -> None:
    broken = "---\nid: flu\ntitle: [Flu jabs\n---\n"
    rows = rows_for(FieldConflict(WHOLE_FILE, MINE, broken))
    assert rows[0][0] == "The whole file"
    assert rows[0][1].startswith("This version cannot be read:")
    mine = {field: value for field, _, value in rows[1:]}
    assert mine["Title"] == "Flu jabs this week"
    assert mine["Key points"] == "\u2022 Free for over 65s."
    spanish = "Spanish:\n    Title: Gripe\n    Teaser: Pregunte en recepci\u00f3n."
    assert mine["Translations"] == spanish
    assert not any("---" in text or "key_points:" in text for row in rows for text in row)


def test_the_columns_are_spaced_and_headed(qtbot: QtBot, tmp_path: Path) -> None:
    folder = pages.make_folder(tmp_path / "deck")
    with pages.desk_window(folder, (1366, 768)) as desk:
        pages.show_editor_page(desk.editor, "conflict")
        panel = desk.editor.conflict
        assert panel.isVisible()
        grid = panel._grid
        field, theirs, mine = (grid.itemAtPosition(1, c).widget() for c in range(3))
        assert field.text() == "Title"
        gap = panel.fontMetrics().height() // 2
        assert theirs.geometry().left() - field.geometry().right() >= gap
        assert mine.geometry().left() - theirs.geometry().right() >= gap
        headings = [grid.itemAtPosition(0, c).widget().text() for c in range(3)]
        assert headings == ["Field", "Theirs (saved elsewhere)", "Mine (not saved yet)"]
        assert "(title, key points)" in panel.message.text()
        assert theirs.textFormat() == Qt.TextFormat.PlainText
