"""The Settings tab: every setting of settings.yaml, in plain words, by touch or mouse.

The page never has its own rules: what it shows is read back through
:func:`kiosk.content.loader.check_settings`, the same check ``--check`` and the loader use, so a
mistake reads the same here as in a terminal, and nothing the kiosk would refuse is saved. Saves
go through :func:`kiosk.storage.settings.save_settings` (comments and order of the file kept,
atomic, a backup of the previous version; a setting changed elsewhere meanwhile is merged).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Problem, Settings, Slide, load_deck
from kiosk.content.files import SETTINGS_FILE
from kiosk.content.loader import check_settings
from kiosk.content.model import MAX_SECONDS, MIN_SECONDS, THEMES
from kiosk.scheduling import clinic_zone
from kiosk.staff.checkbox import TouchCheckBox
from kiosk.staff.hours_editor import ClosuresEditor, OpeningHoursEditor
from kiosk.staff.pickers import LanguagePicker, TimeZonePicker
from kiosk.staff.spinbox import TouchSpinBox
from kiosk.storage.atomic import SaveError
from kiosk.storage.fields import settings_fields
from kiosk.storage.merge import EditConflict
from kiosk.storage.settings import save_settings
from kiosk.ui.tasks import Task, runner
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)

#: What the status line says while a save runs (off the GUI thread; a share may be slow).
SAVING: Final = "Saving\u2026"

#: What staff read for each choice; the file keeps the value on the right.
#: Staff's choice of theme: every shipped theme (content.model.THEMES), "high-contrast" read as
#: "High contrast".
THEME_CHOICES: Final = tuple((name.replace("-", " ").capitalize(), name) for name in THEMES)
WHEN_CLOSED: Final = (
    ("A dim clock", "clock"),
    ("The closed message, with the clinic's name", "closed-slide"),
    ("A dark screen", "blank"),
)
AUTOMATIC_FALLBACK: Final = "Automatic: the \u201cwelcome\u201d slide, else the first one"


class SettingsPage(QWidget):
    """Edits ``folder``'s settings.yaml. ``saved`` after a write, ``message`` for the status."""

    saved = Signal()
    message = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsPage")
        self._folder = Path(folder)
        self._shown = Settings()  # what the page was last filled with
        self._seen: dict[str, Any] = {}  # the same, as a save is based on it
        self._filling = False
        self._saving: Task | None = None  # the save running now, if any
        body = QWidget(self)
        sections = QVBoxLayout(body)

        self.clinic_name = QLineEdit(body)
        self.clinic_name.setMaxLength(200)  # longer than allowed: the check says so
        self.contact = QLineEdit(body)
        self.contact.setPlaceholderText("Questions? Please ask at the front desk.")
        form = self._section(sections, body, "The clinic")
        form.addRow("Clinic name", self.clinic_name)
        form.addRow("Contact line", self.contact)

        self.languages = LanguagePicker(body)
        self._section(sections, body, "Languages").addRow(self.languages)

        self.time_zone = TimeZonePicker(body)
        form = self._section(sections, body, "Time")
        form.addRow("Time zone", self.time_zone)
        form.addRow(
            _note(
                "Opening hours, closed days, schedules and the clock on the screen "
                "all follow this time zone.",
                body,
            )
        )

        self.hours = OpeningHoursEditor(body)
        self._section(sections, body, "Opening hours").addRow(self.hours)

        self.closures = ClosuresEditor(body)
        form = self._section(sections, body, "Closed days")
        form.addRow(
            _note(
                "Holidays and other days the clinic is closed all day, whatever the "
                "opening hours say.",
                body,
            )
        )
        form.addRow(self.closures)

        self.when_closed = _choices(body, WHEN_CLOSED)
        self.closed_message = QLineEdit(body)
        form = self._section(sections, body, "When the clinic is closed")
        form.addRow("The screen shows", self.when_closed)
        form.addRow("Closed message", self.closed_message)

        self.fallback = QComboBox(body)
        self.default_duration = TouchSpinBox(
            body, minimum=MIN_SECONDS, maximum=MAX_SECONDS, suffix=" s"
        )
        self.idle_timeout = TouchSpinBox(body, minimum=10, maximum=900, suffix=" s")
        self.show_overdue = TouchCheckBox("Keep showing slides whose review is overdue", body)
        # Several screens in one room: the same slide on each at the same moment, by the clock.
        self.lockstep = TouchCheckBox(
            "Screens showing the same slides change slide together (by the clock)", body
        )
        form = self._section(sections, body, "Slides")
        form.addRow("When nothing else is scheduled, show", self.fallback)
        form.addRow("Each slide shows for", self.default_duration)
        form.addRow("An open slide closes after", self.idle_timeout)
        form.addRow(self.show_overdue)
        form.addRow(self.lockstep)

        self.theme_choice = _choices(body, THEME_CHOICES)
        self._section(sections, body, "Look").addRow("Theme", self.theme_choice)

        self.statistics = TouchCheckBox("Count which slides patients open (no personal data)", body)
        self.statistics_days = TouchSpinBox(body, minimum=30, maximum=3650, suffix=" days")
        self.statistics_days.setSingleStep(30)
        form = self._section(sections, body, "Statistics")
        form.addRow(self.statistics)
        form.addRow("Keep statistics for", self.statistics_days)
        sections.addStretch(1)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The staff screen's own background (QScrollArea would paint the platform's grey).
        self.scroll_area.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        # Under the scrolling part, always in reach: what is wrong, and Save.
        self.problems = named(QLabel(self, wordWrap=True), "FormProblem")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.file_problems = named(QLabel(self, wordWrap=True), "SettingsNote")
        self.file_problems.setTextFormat(Qt.TextFormat.PlainText)
        self.file_problems.hide()
        self.save_button = named(QPushButton("Save settings", self), "StaffPrimary")
        self.save_button.clicked.connect(lambda: self.save())
        bottom = QHBoxLayout()
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_problems)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bottom)
        self._connect_changes()
        self._fill_fallback((), None)
        self._fill(Settings())

    # -- building --------------------------------------------------------------------------------
    def _section(self, sections: QVBoxLayout, body: QWidget, title: str) -> QFormLayout:
        sections.addWidget(named(QLabel(title, body), "SettingsSection"))
        form = QFormLayout()
        # Narrow screens (portrait) put a long label above its field rather than cutting it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        sections.addLayout(form)
        return form

    def _connect_changes(self) -> None:
        for edit in (self.clinic_name, self.contact, self.closed_message):
            edit.textChanged.connect(self._on_changed)
        for combo in (self.when_closed, self.fallback, self.theme_choice):
            combo.currentIndexChanged.connect(self._on_changed)
        self.time_zone.currentTextChanged.connect(self._on_changed)
        for box in (self.default_duration, self.idle_timeout, self.statistics_days):
            box.valueChanged.connect(self._on_changed)
        for check in (self.show_overdue, self.lockstep, self.statistics):
            check.toggled.connect(self._on_changed)
        for part in (self.languages, self.hours, self.closures):
            part.changed.connect(self._on_changed)

    # -- filling ---------------------------------------------------------------------------------
    def set_settings(self, settings: Settings, slides: Sequence[Slide]) -> None:
        """Show ``settings`` (and offer ``slides`` as the fallback). Edits not yet saved are
        kept when the folder reloads for another reason (a slide saved, a sync)."""
        editing = self.has_unsaved_edits()
        self._fill_fallback(slides, self._current_fallback() if editing else None)
        if not editing:
            self._fill(settings)

    def _fill(self, settings: Settings) -> None:
        self._filling = True
        try:
            self.clinic_name.setText(settings.clinic_name)
            self.contact.setText(settings.contact)
            self.languages.set_languages(settings.languages)
            self.time_zone.set_zone(settings.time_zone)
            self.hours.set_hours(settings.opening_hours)
            self.closures.set_closures(list(settings.closures))
            self.closures.set_today(
                dt.datetime.now(dt.UTC).astimezone(clinic_zone(settings)).date()
            )
            _select(self.when_closed, settings.when_closed)
            self.closed_message.setText(settings.closed_message)
            _select(self.fallback, settings.fallback_slide, missing=settings.fallback_slide)
            self.default_duration.setValue(settings.default_duration)
            self.idle_timeout.setValue(settings.idle_timeout)
            self.show_overdue.setChecked(settings.show_overdue)
            self.lockstep.setChecked(settings.lockstep)
            _select(self.theme_choice, settings.theme)
            self.statistics.setChecked(settings.statistics)
            self.statistics_days.setValue(settings.statistics_days)
        finally:
            self._filling = False
        self._shown = settings
        self._seen = settings_fields(settings)
        self._on_changed()

    def _fill_fallback(self, slides: Sequence[Slide], keep: str | None) -> None:
        wanted = keep if keep is not None else self._shown.fallback_slide
        self.fallback.blockSignals(True)
        self.fallback.clear()
        self.fallback.addItem(AUTOMATIC_FALLBACK, None)
        for slide in slides:
            hidden = "" if slide.enabled else " (hidden)"
            self.fallback.addItem(f"\u201c{slide.title}\u201d{hidden}", slide.id)
        _select(self.fallback, wanted, missing=wanted)
        self.fallback.blockSignals(False)

    def _current_fallback(self) -> str | None:
        data = self.fallback.currentData()
        return data if isinstance(data, str) else None

    def set_file_problems(self, problems: Sequence[Problem]) -> None:
        """Say what is wrong in settings.yaml now, and what the kiosk uses instead."""
        mine = [p for p in problems if p.file == SETTINGS_FILE]
        self.file_problems.setVisible(bool(mine))
        self.file_problems.setText(
            "settings.yaml has mistakes; the page shows what the kiosk uses instead. Saving "
            "writes what you see.\n" + "\n".join(str(p) for p in mine)
        )

    # -- reading ---------------------------------------------------------------------------------
    def raw(self) -> dict[str, Any]:
        """The page's values as settings.yaml would hold them (before any check)."""
        return {
            "clinic_name": self.clinic_name.text().strip(),
            "contact": self.contact.text().strip(),
            "languages": self.languages.languages(),
            "time_zone": self.time_zone.zone(),
            "opening_hours": self.hours.value(),
            "closures": self.closures.value(),
            "when_closed": self.when_closed.currentData(),
            "closed_message": self.closed_message.text().strip(),
            "fallback_slide": self._current_fallback(),
            "default_duration": self.default_duration.value(),
            "idle_timeout": self.idle_timeout.value(),
            "show_overdue": self.show_overdue.isChecked(),
            "lockstep": self.lockstep.isChecked(),
            "theme": self.theme_choice.currentData(),
            "statistics": self.statistics.isChecked(),
            "statistics_days": self.statistics_days.value(),
        }

    def checked(self) -> tuple[Settings, list[Problem]]:
        """The settings the page shows, and every problem with them, in ``--check``'s words."""
        return check_settings(self.raw(), say_fallback=False)

    def has_unsaved_edits(self) -> bool:
        settings, problems = self.checked()
        return bool(problems) or settings != self._shown

    def _on_changed(self) -> None:
        if self._filling:
            return
        _, problems = self.checked()
        self.problems.setText("\n".join(p.message for p in problems))
        self.problems.setVisible(bool(problems))
        self.statistics_days.setEnabled(self.statistics.isChecked())
        self.closed_message.setEnabled(self.when_closed.currentData() == "closed-slide")

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Start saving off the GUI thread (a slow share never freezes the screen); False when
        not started (a problem, or a save already running: tapped twice)."""
        settings, problems = self.checked()
        if problems:
            self.message.emit("Settings not saved: " + problems[0].message)
            return False
        if self._saving is not None:
            return False
        fields = settings_fields(settings)
        folder, seen = self._folder, self._seen

        def save() -> Path:
            try:
                return save_settings(folder, fields, seen=seen)
            except EditConflict as conflict:  # read what is there now, still off the GUI thread
                raise _ChangedElsewhere(conflict, load_deck(folder).deck.settings) from conflict

        def saved(path: Path) -> None:
            self._done_saving()
            self._shown = settings
            self._seen = fields
            self._on_changed()
            self.message.emit(f"Settings saved in {path.name}. The screen shows them in a moment.")
            self.saved.emit()

        self._saving = runner().run(
            save, saved, receiver=self, on_error=self._not_saved, write=True
        )
        self.save_button.setEnabled(False)
        self.message.emit(SAVING)
        return True

    @property
    def saving(self) -> bool:
        return self._saving is not None

    def _done_saving(self) -> None:
        self._saving = None
        self.save_button.setEnabled(True)

    def _not_saved(self, error: Exception) -> None:
        self._done_saving()
        if isinstance(error, _ChangedElsewhere):
            self.message.emit(error.message)
            self._fill(error.settings)  # the new values, to redo
        elif isinstance(error, SaveError):
            self.message.emit(error.message)
        else:  # a bug must never cost staff their edits or the kiosk
            log.error("Saving the settings failed", exc_info=error)
            self.message.emit(
                "Settings not saved: something unexpected went wrong (see the log). "
                "Nothing was lost."
            )


class _ChangedElsewhere(EditConflict):
    """The settings changed elsewhere; ``settings`` are the ones on disk now."""

    def __init__(self, conflict: EditConflict, settings: Settings) -> None:
        c = conflict
        super().__init__(c.file_name, c.conflicts, c.disk_text, c.message, c.path)
        self.settings = settings


def _note(text: str, parent: QWidget) -> QLabel:
    return named(QLabel(text, parent, wordWrap=True), "SettingsNote")


def _choices(parent: QWidget, choices: Sequence[tuple[str, str]]) -> QComboBox:
    combo = QComboBox(parent)
    for label, value in choices:
        combo.addItem(label, value)
    return combo


def _select(combo: QComboBox, value: str | None, *, missing: str | None = None) -> None:
    """Choose the item holding ``value``; one not offered (a slide id that is gone) is shown
    as such, so that saving never changes it silently."""
    index = combo.findData(value)
    if index < 0 and missing:
        combo.addItem(f"{missing} (not found)", missing)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
