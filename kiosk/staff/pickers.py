"""Choosing a language or a time zone by name: staff never type a code.

Languages are offered by their English name with their own name beside it ("Spanish \u2014
Español"); time zones by the tz database's names (Europe/London), searchable by any part.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from functools import cache
from typing import Final

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.player.i18n import native_name, qt_locale
from kiosk.scheduling.rules import system_zone
from kiosk.ui.widgets import named

#: The languages offered, by code (as settings.yaml writes them) and English name: those a
#: waiting room in Europe, the Americas, Africa, Asia or Australia most often needs.
LANGUAGES: Final = (
    ("en", "English"), ("es", "Spanish"), ("fr", "French"), ("de", "German"),
    ("it", "Italian"), ("pt", "Portuguese"), ("nl", "Dutch"), ("pl", "Polish"),
    ("ro", "Romanian"), ("ru", "Russian"), ("uk", "Ukrainian"), ("el", "Greek"),
    ("tr", "Turkish"), ("ar", "Arabic"), ("fa", "Persian"), ("he", "Hebrew"),
    ("ur", "Urdu"), ("hi", "Hindi"), ("bn", "Bengali"), ("pa", "Punjabi"),
    ("gu", "Gujarati"), ("ta", "Tamil"), ("zh-Hans", "Chinese (Simplified)"),
    ("zh-Hant", "Chinese (Traditional)"), ("ja", "Japanese"), ("ko", "Korean"),
    ("vi", "Vietnamese"), ("th", "Thai"), ("tl", "Tagalog"), ("id", "Indonesian"),
    ("ms", "Malay"), ("so", "Somali"), ("am", "Amharic"), ("sw", "Swahili"),
    ("ne", "Nepali"), ("cy", "Welsh"), ("ga", "Irish"), ("sv", "Swedish"),
    ("da", "Danish"), ("nb", "Norwegian"), ("fi", "Finnish"), ("cs", "Czech"),
    ("hu", "Hungarian"), ("sq", "Albanian"), ("lt", "Lithuanian"), ("lv", "Latvian"),
)  # fmt: skip
ENGLISH_NAMES: Final = dict(LANGUAGES)


def language_label(code: str) -> str:
    """``"es"`` → ``"Spanish — Español"``; a code from a hand-written file gets Qt's name."""
    english = ENGLISH_NAMES.get(code)
    if english is None:
        english = QLocale.languageToString(qt_locale(code).language())
        if not english or english == "C":
            return code
    own = native_name(code)
    return english if own == english else f"{english} \u2014 {own}"


class LanguagePicker(QWidget):
    """The slides' own language, and the others patients may choose, ticked in a list."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main = QComboBox(self)
        self.main.setAccessibleName("The language the slides are written in")
        self.others = named(QListWidget(self), "LanguageList")
        self.others.setAccessibleName("Other languages offered to patients")
        self._codes: list[str] = [code for code, _ in LANGUAGES]
        self._fill([])
        self.main.currentIndexChanged.connect(self._on_main)
        # A tap anywhere on a row ticks it (a finger misses a small box), so the box itself
        # is drawn but not separately clickable.
        self.others.itemClicked.connect(self._toggle)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Slides are written in", self.main)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Also offered to patients (tick each one):", self))
        layout.addWidget(self.others)

    def set_languages(self, codes: Sequence[str]) -> None:
        self._fill(list(codes))

    def languages(self) -> list[str]:
        """The main language first, then the ticked ones in the order they were added."""
        main = self.main.currentData()
        ticked = [
            self.others.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.others.count())
            if self.others.item(row).checkState() == Qt.CheckState.Checked
        ]
        ordered = [c for c in self._order if c in ticked] + [
            c for c in ticked if c not in self._order
        ]
        return [main, *[c for c in ordered if c != main]]

    def _toggle(self, item: QListWidgetItem) -> None:
        ticked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
        self.changed.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Five rows in view: enough to see what is ticked without a long page.
        row = self.others.sizeHintForRow(0)
        if row > 0:
            self.others.setFixedHeight(5 * row + 2 * self.others.frameWidth() + 4)

    def item(self, code: str) -> QListWidgetItem | None:
        for row in range(self.others.count()):
            item = self.others.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                return item
        return None

    def _fill(self, codes: list[str]) -> None:
        # Languages from a hand-written file that are not in the list are kept and shown.
        known = [*self._codes, *[c for c in codes if c not in self._codes]]
        self._order = list(codes[1:])
        main = codes[0] if codes else "en"
        self.main.blockSignals(True)
        self.others.blockSignals(True)
        self.main.clear()
        self.others.clear()
        for code in known:
            label = language_label(code)
            self.main.addItem(label, code)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(
                Qt.CheckState.Checked if code in codes[1:] else Qt.CheckState.Unchecked
            )
            self.others.addItem(item)
        self.main.setCurrentIndex(max(0, self.main.findData(main)))
        self.main.blockSignals(False)
        self.others.blockSignals(False)
        self._hide_main()

    def _on_main(self) -> None:
        self._hide_main()
        self.changed.emit()

    def _hide_main(self) -> None:
        main = self.main.currentData()
        for row in range(self.others.count()):
            item = self.others.item(row)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) == main)


@cache
def all_zones() -> tuple[str, ...]:
    """Every time zone name this computer knows, sorted (about 600)."""
    return tuple(
        sorted(
            z
            for z in zoneinfo.available_timezones()
            if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))
        )
    )


class TimeZonePicker(QComboBox):
    """The clinic's time zone: "This computer's time zone" or a name, found by any part of it
    ("london", "new_york") with a keyboard, or chosen from the list by touch."""

    MACHINE: Final = "This computer's time zone"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        own = system_zone().key  # what "this computer's" means, so staff can tell
        self.addItem(self.MACHINE if own in ("", "localtime") else f"{self.MACHINE} ({own})", None)
        for name in all_zones():
            self.addItem(name, name)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_zone(self, name: str | None) -> None:
        if name is None:
            self.setCurrentIndex(0)
            return
        index = self.findData(name)
        if index >= 0:
            self.setCurrentIndex(index)
        else:  # not a zone this computer knows: shown as written, so the check can say so
            self.setEditText(name)

    def zone(self) -> str | None:
        """The name chosen or typed (``None``: the computer's own zone)."""
        text = self.currentText().strip()
        if not text or text == self.itemText(0) or text == self.MACHINE:
            return None
        if text not in all_zones():  # "europe/london" typed: the name as the list has it
            same = [z for z in all_zones() if z.lower() == text.lower().replace(" ", "_")]
            return same[0] if same else text
        return text
