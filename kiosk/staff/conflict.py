"""The conflict panel: a slide was changed elsewhere while staff edited it here.

Shown inside the editor (not a pop-up) in place of the slide form: each field changed on both
sides, the version saved elsewhere next to this one, and two big buttons to keep one. The
version not kept goes to the backup folder, so nothing is lost either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from PySide6.QtCore import QLocale, Qt, Signal
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

from kiosk.content import Reference, frontmatter
from kiosk.content.citation import format_reference
from kiosk.content.files import UnreadableFileError
from kiosk.content.validation import validate
from kiosk.storage.merge import SUMMARY, WHOLE_FILE, EditConflict, FieldConflict
from kiosk.ui.widgets import named

THEIRS_HEADING: Final = "Theirs (saved elsewhere)"
MINE_HEADING: Final = "Mine (not saved yet)"
#: The field column's heading.
FIELD_HEADING: Final = "Field"
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
#ConflictPanel #ConflictField { font-weight: 600; }
#ConflictPanel QLabel#ConflictValue {
    border: 1px solid palette(mid); border-radius: 6px; padding: 6px;
}
#ConflictPanel QPushButton#ConflictChoice { min-height: 2.6em; font-weight: 700; }
"""


def field_label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def rows_for(conflict: FieldConflict, *, deleted: bool = False) -> list[tuple[str, str, str]]:
    """(field, theirs, mine) in words. A whole-file conflict (the other version cannot be
    merged) becomes one row per field that differs, never the files' raw text."""
    if conflict.name == WHOLE_FILE and not deleted:
        return _whole_file_rows(str(conflict.theirs or ""), str(conflict.mine or ""))
    theirs = "(deleted)" if deleted else describe(conflict.theirs)
    return [(field_label(conflict.name), theirs, describe(conflict.mine))]


def _whole_file_rows(theirs_text: str, mine_text: str) -> list[tuple[str, str, str]]:
    theirs, problem = _read_version(theirs_text)
    mine, _ = _read_version(mine_text)
    if mine is None:
        mine = {}
    if theirs is None:
        unreadable = f"This version cannot be read: {problem} (see Problems)."
        rows = [(field_label(WHOLE_FILE), unreadable, "Readable: its fields are below.")]
        return rows + [(field_label(name), "", describe(value)) for name, value in mine.items()]
    names = list(dict.fromkeys([*mine, *theirs]))
    differ = [name for name in names if theirs.get(name) != mine.get(name)]
    return [
        (field_label(name), describe(theirs.get(name)), describe(mine.get(name))) for name in differ
    ]


def _read_version(text: str) -> tuple[dict[str, Any] | None, str]:
    """A slide file's fields and summary as plain values, or None and why it cannot be read."""
    try:
        document = frontmatter.split(text.removeprefix("\ufeff"))
    except UnreadableFileError as exc:
        return None, exc.message.rstrip(".")
    except Exception:  # a parser bug: show it as unreadable, never crash the editor
        return None, "the file is damaged"
    fields = document.fields if document.fields is not None else {}
    if not isinstance(fields, Mapping):
        return None, "its fields are not a list of names and values"
    values: dict[str, Any] = {str(k): _plain(v) for k, v in fields.items()}
    values[SUMMARY] = document.body.strip()
    return values, ""


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


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
        lines: list[str] = []
        for key, item in value.items():
            text = describe(item)
            if isinstance(item, (Mapping, list)) and item:  # a block of its own, indented
                lines += [f"{_key(key)}:", *(f"    {line}" for line in text.splitlines())]
            else:
                lines.append(f"{_key(key)}: {text}")
        return "\n".join(lines)
    return str(value)


def _key(key: Any) -> str:
    """A mapping's key in words: a field's label, a language's name, else as written."""
    text = str(key)
    if text in LABELS:
        return LABELS[text]
    locale = QLocale(text)
    is_language = QLocale.languageToCode(locale.language()) == text.split("-")[0].lower()
    if is_language and locale.language() != QLocale.Language.C:
        return QLocale.languageToString(locale.language())
    return text.replace("_", " ").capitalize()


def _item(value: Any) -> str:
    if isinstance(value, Mapping) and "authors" in value:
        reference, _ = validate(value, Reference)
        if reference is not None:
            return format_reference(reference)
    if isinstance(value, Mapping):
        return ", ".join(f"{_key(key)}: {describe(item)}" for key, item in value.items())
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
        conflicts = conflict.conflicts
        raw = ", ".join(c.name for c in conflicts)
        words = ", ".join(field_label(c.name).lower() for c in conflicts)
        # The storage's message names fields as the file spells them; staff know the labels.
        self.message.setText(conflict.message.replace(f"({raw})", f"({words})"))
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
                widget.hide()  # deleteLater waits for the event loop; hidden, it never overlaps
                widget.deleteLater()
        gap = self.fontMetrics().height()
        self._grid.setHorizontalSpacing(gap)  # the columns ran together
        self._grid.setVerticalSpacing(gap // 2)
        for column, text in enumerate((FIELD_HEADING, THEIRS_HEADING, MINE_HEADING)):
            heading = named(QLabel(text, wordWrap=True), "ConflictColumn")
            self._grid.addWidget(heading, 0, column, Qt.AlignmentFlag.AlignBottom)
        self._rows = [row for conflict in conflicts for row in rows_for(conflict, deleted=deleted)]
        for row, (label, theirs, mine) in enumerate(self._rows, start=1):
            name = named(QLabel(label, wordWrap=True), "ConflictField")
            self._grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, text in ((1, theirs), (2, mine)):
                value = named(QLabel(text), "ConflictValue")
                value.setWordWrap(True)
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self._grid.addWidget(value, row, column)
        self._grid.setRowStretch(len(self._rows) + 1, 1)
