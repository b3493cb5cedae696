"""The conflict panel: a slide was changed elsewhere while staff edited it here.

Shown inside the editor (not a pop-up) in place of the slide form: each field changed on both
sides, the version saved elsewhere next to this one, and two big buttons to keep one. The
version not kept goes to the backup folder, so nothing is lost either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Reference
from kiosk.content.citation import format_reference
from kiosk.content.validation import validate
from kiosk.storage.slides import SUMMARY, WHOLE_FILE, EditConflict, FieldConflict
from kiosk.ui.widgets import named

THEIRS_HEADING: Final = "Theirs (saved elsewhere)"
MINE_HEADING: Final = "Mine"
BACKUP_NOTE: Final = (
    "The other version is kept in the backup folder (.backups in the content folder), so "
    "nothing is lost. Fields not listed here are merged: changes made on either side are kept."
)
#: Field names as the slide form labels them.
LABELS: Final = {
    "id": "Id",
    "title": "Title",
    "teaser": "Teaser",
    "order": "Position (order)",
    "enabled": "Shown on the screen",
    "duration": "Time on screen",
    "image": "Picture",
    "key_points": "Key points",
    "read_more": "Read more link",
    "references": "References",
    "reviewed": "Last reviewed",
    "review_every_months": "Review every (months)",
    "schedule": "Schedule",
    "translations": "Translations",
    SUMMARY: "Summary",
    WHOLE_FILE: "The whole file",
}
_PANEL_STYLE: Final = """
#ConflictPanel #ConflictHeading { font-weight: 700; }
#ConflictPanel #ConflictColumn { font-weight: 700; }
#ConflictPanel QLabel#ConflictValue {
    border: 1px solid palette(mid); border-radius: 6px; padding: 6px;
}
#ConflictPanel QPushButton#ConflictChoice { min-height: 2.6em; font-weight: 700; }
"""


def field_label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def describe(value: Any) -> str:
    """A field's value in words: lists one item a line, references as citations."""
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "\n".join(f"\u2022 {_item(item)}" for item in value)
    if isinstance(value, Mapping):
        return "\n".join(f"{key}: {describe(item)}" for key, item in value.items())
    return str(value)


def _item(value: Any) -> str:
    if isinstance(value, Mapping) and "authors" in value:
        reference, _ = validate(value, Reference)
        if reference is not None:
            return format_reference(reference)
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {describe(item)}" for key, item in value.items())
    return describe(value)


class ConflictPanel(QFrame):
    """Lists each conflicting field, theirs next to mine; ``chosen`` says "mine" or "theirs"."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConflictPanel")
        self.setStyleSheet(_PANEL_STYLE)
        self.heading = named(QLabel("Changed elsewhere while you edited", self), "ConflictHeading")
        self.message = named(QLabel(self, wordWrap=True), "ConflictMessage")
        self._grid_host = QWidget(self)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(2, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._grid_host)
        self.note = named(QLabel(BACKUP_NOTE, self, wordWrap=True), "ConflictNote")
        self.keep_theirs_button = named(QPushButton("Keep theirs", self), "ConflictChoice")
        self.keep_mine_button = named(QPushButton("Keep mine", self), "ConflictChoice")
        self.keep_theirs_button.clicked.connect(lambda: self.chosen.emit("theirs"))
        self.keep_mine_button.clicked.connect(lambda: self.chosen.emit("mine"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_theirs_button, 1)
        buttons.addWidget(self.keep_mine_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self._rows: list[tuple[str, str, str]] = []

    def show_conflict(self, conflict: EditConflict) -> None:
        """Fill the panel from ``conflict`` (the field list, or the slide deleted elsewhere)."""
        self.message.setText(conflict.message)
        conflicts = conflict.conflicts
        if conflict.deleted:
            self.heading.setText("Deleted elsewhere while you edited")
            conflicts = [FieldConflict(WHOLE_FILE, "Your version, with your changes", None)]
            self.keep_mine_button.setText("Keep mine (put it back)")
            self.keep_theirs_button.setText("Keep theirs (leave it deleted)")
        else:
            self.heading.setText("Changed elsewhere while you edited")
            self.keep_mine_button.setText("Keep mine")
            self.keep_theirs_button.setText("Keep theirs")
        self._fill(conflicts, deleted=conflict.deleted)

    def rows(self) -> list[tuple[str, str, str]]:
        """(field, theirs, mine) as shown."""
        return list(self._rows)

    def _fill(self, conflicts: list[FieldConflict], *, deleted: bool) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._grid.addWidget(named(QLabel(THEIRS_HEADING), "ConflictColumn"), 0, 1)
        self._grid.addWidget(named(QLabel(MINE_HEADING), "ConflictColumn"), 0, 2)
        self._rows = []
        for row, conflict in enumerate(conflicts, start=1):
            label = field_label(conflict.name)
            theirs = "(deleted)" if deleted else describe(conflict.theirs)
            mine = describe(conflict.mine)
            self._rows.append((label, theirs, mine))
            self._grid.addWidget(QLabel(label), row, 0, Qt.AlignmentFlag.AlignTop)
            for column, text in ((1, theirs), (2, mine)):
                value = named(QLabel(text), "ConflictValue")
                value.setWordWrap(True)
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self._grid.addWidget(value, row, column)
        self._grid.setRowStretch(len(conflicts) + 1, 1)
