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
    QButtonGroup,
    QFrame,
    QGridLayout,
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
from kiosk.storage.sync_conflicts import SyncConflict, differing, versions
from kiosk.ui.widgets import named

THEIRS_HEADING: Final = "Theirs (saved elsewhere)"
MINE_HEADING: Final = "Mine (not saved yet)"
#: The field column's heading.
FIELD_HEADING: Final = "Field"
BACKUP_NOTE: Final = (
    "The other version is kept in the backup folder (.backups in the content folder), so "
    "nothing is lost. Fields not listed here are merged: changes made on either side are kept."
)
SYNC_HEADING: Final = "This slide was changed on two computers at once"
SYNC_NOTE: Final = (
    "Pick each field\u2019s version (\u201cUse this\u201d) and save the picks, or keep one whole "
    "version. The other goes to the backup folder (.backups), so nothing is lost."
)
#: The per-field choice's button, under each version of a field.
USE_THIS: Final = "Use this"
USING_THIS: Final = "\u2713 Using this"
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
#ConflictPanel QPushButton#ConflictPick:checked { border: 2px solid palette(highlight); }
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


def sync_rows(conflict: SyncConflict) -> list[tuple[str, str, str, str]]:
    """(field name, label, the copy's value, the slide's value) in words, for each field that
    differs; one whole-file row when a version cannot be read field by field."""
    names = differing(conflict)
    slide, copy = versions(conflict)
    if names is None or slide is None or copy is None:
        copy_words = "Readable." if copy is not None else "This version cannot be read."
        slide_words = "Readable." if slide is not None else "This version cannot be read."
        if conflict.slide_text is None:
            slide_words = "(no file: the slide is not there)"
        return [(WHOLE_FILE, field_label(WHOLE_FILE), copy_words, slide_words)]
    return [
        (name, field_label(name), describe(copy.get(name)), describe(slide.get(name)))
        for name in names
    ]


def _sync_when(conflict: SyncConflict) -> str:
    when = conflict.when
    stamp = f" on {when:%d %b at %H:%M}" if when is not None else ""
    device = f"computer {conflict.device}" if conflict.device else "another computer"
    return f"saved on {device}{stamp}"


class ConflictPanel(QFrame):
    """Lists each conflicting field, theirs next to mine; ``chosen`` says "mine" or "theirs".

    For a Syncthing conflict copy (:meth:`show_sync_conflict`) "theirs" is the copy and "mine"
    the slide file, and each field has a "Use this" button on both sides: ``picked`` gives
    {field: "mine" | "theirs"} when staff save their picks.
    """

    chosen = Signal(str)
    picked = Signal(dict)

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
        self.use_picks_button = named(QPushButton("Save the picks", self), "ConflictChoice")
        self.use_picks_button.hide()
        self.keep_theirs_button.clicked.connect(lambda: self.chosen.emit("theirs"))
        self.keep_mine_button.clicked.connect(lambda: self.chosen.emit("mine"))
        self.use_picks_button.clicked.connect(lambda: self.picked.emit(self.picks()))
        # The picks' button under the two others: three in a row did not fit 1280x720.
        buttons = QGridLayout()
        buttons.addWidget(self.keep_theirs_button, 0, 0)
        buttons.addWidget(self.keep_mine_button, 0, 1)
        buttons.addWidget(self.use_picks_button, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self._rows: list[tuple[str, str, str]] = []
        #: Per field, its two "Use this" buttons (theirs, mine), in a sync conflict.
        self.pick_buttons: dict[str, tuple[QPushButton, QPushButton]] = {}
        self._groups: list[QButtonGroup] = []

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
        self.note.show()
        self.use_picks_button.hide()
        rows = [row for c in conflicts for row in rows_for(c, deleted=conflict.deleted)]
        self._fill([("", *row) for row in rows], (THEIRS_HEADING, MINE_HEADING), picks=False)

    def show_sync_conflict(self, conflict: SyncConflict) -> None:
        """Fill the panel from Syncthing's conflict copy of a slide: the copy next to the slide."""
        where = f"slides/{conflict.file_name}"
        self.heading.setText(SYNC_HEADING)
        self.message.setText(
            f"Syncthing kept both: {where}, shown to patients until you choose, and a copy "
            f"{_sync_when(conflict)}. {SYNC_NOTE}"
        )
        self.note.hide()  # said in the message: the two versions need the room
        self.keep_theirs_button.setText("Keep the other version")
        self.keep_mine_button.setText("Keep this slide")
        rows = sync_rows(conflict)
        by_field = rows[0][0] != WHOLE_FILE
        self.use_picks_button.setVisible(by_field)
        headings = (
            f"The other version ({conflict.device or 'a copy'})",
            "The slide now",
        )
        self._fill(rows, headings, picks=by_field)

    def picks(self) -> dict[str, str]:
        """Per field, the version picked: "theirs" (the copy) or "mine" (the slide)."""
        return {
            name: "theirs" if theirs.isChecked() else "mine"
            for name, (theirs, _) in self.pick_buttons.items()
        }

    def rows(self) -> list[tuple[str, str, str]]:
        """(field, theirs, mine) as shown."""
        return list(self._rows)

    def _fill(
        self, rows: list[tuple[str, str, str, str]], headings: tuple[str, str], *, picks: bool
    ) -> None:
        """Rows of (field name, label, theirs, mine); with ``picks`` a "Use this" button under
        each value, mine picked to begin with."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater waits for the event loop; hidden, it never overlaps
                widget.deleteLater()
        self.pick_buttons, self._groups = {}, []
        gap = self.fontMetrics().height()
        self._grid.setHorizontalSpacing(gap)  # the columns ran together
        self._grid.setVerticalSpacing(gap // 2)
        for column, text in enumerate((FIELD_HEADING, *headings)):
            heading = named(QLabel(text, wordWrap=True), "ConflictColumn")
            self._grid.addWidget(heading, 0, column, Qt.AlignmentFlag.AlignBottom)
        self._rows = [(label, theirs, mine) for _, label, theirs, mine in rows]
        for row, (field, label, theirs, mine) in enumerate(rows, start=1):
            name = named(QLabel(label, wordWrap=True), "ConflictField")
            self._grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            cells = [self._value_cell(text, picks) for text in (theirs, mine)]
            for column, (cell, _) in enumerate(cells, start=1):
                self._grid.addWidget(cell, row, column)
            if picks:
                group = QButtonGroup(self)
                theirs_pick, mine_pick = (button for _, button in cells)
                assert theirs_pick is not None and mine_pick is not None
                group.addButton(theirs_pick)
                group.addButton(mine_pick)
                mine_pick.setChecked(True)
                self._groups.append(group)
                self.pick_buttons[field] = (theirs_pick, mine_pick)
        self._grid.setRowStretch(len(rows) + 1, 1)

    @staticmethod
    def _value_cell(text: str, pick: bool) -> tuple[QWidget, QPushButton | None]:
        value = named(QLabel(text), "ConflictValue")
        value.setWordWrap(True)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if not pick:
            return value, None
        cell = QWidget()
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        button = named(QPushButton(USE_THIS, cell), "ConflictPick")
        button.setCheckable(True)
        # Which version is picked must show in words, not only in a border.
        button.toggled.connect(lambda on: button.setText(USING_THIS if on else USE_THIS))
        layout.addWidget(value, 1)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return cell, button
