"""Opening hours and closed days, set by touch: times with big minus and plus, days by calendar.

Nothing here decides what is valid: the widgets give the values as a settings file would hold
them, and the settings page checks them with the same rules as ``--check``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QValidator
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import (
    WEEKDAY_KEYS,
    WEEKDAY_LABELS,
    WEEKDAY_NAMES,
    Closure,
    OpeningHours,
    window_minutes,
)
from kiosk.scheduling.rules import MONTH_LABELS
from kiosk.staff.checkbox import TouchCheckBox
from kiosk.staff.spinbox import TouchSpinBox
from kiosk.ui.widgets import named

#: A tap moves a time by a quarter of an hour; any minute can still be typed.
STEP_MINUTES: Final = 15
DAY_MINUTES: Final = 24 * 60
#: The hours a day gets when staff open it, and the second window ("after lunch").
FIRST_WINDOW: Final = (9 * 60, 17 * 60)
NEXT_WINDOW: Final = (14 * 60, 18 * 60)
MAX_WINDOWS: Final = 4


def clock_text(minutes: int) -> str:
    """``510`` → ``"08:30"``; ``1440`` → ``"24:00"`` (the end of the day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class TimeBox(TouchSpinBox):
    """A time of day, HH:MM, in quarter hours by touch (any minute by keyboard)."""

    def __init__(self, parent: QWidget | None = None, minutes: int = 0) -> None:
        super().__init__(parent, minimum=0, maximum=DAY_MINUTES, singleStep=STEP_MINUTES)
        self.setValue(minutes)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def sizeHint(self) -> QSize:
        # Room for "24:00" beside the two square buttons that sit inside the box.
        hint = super().sizeHint()
        return QSize(hint.width() + 2 * hint.height(), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # places the two buttons at the right end
        self.lineEdit().setTextMargins(0, 0, 2 * self.height(), 0)  # the time beside them

    def textFromValue(self, value: int) -> str:
        return clock_text(value)

    def valueFromText(self, text: str) -> int:
        parsed = _parse_clock(text)
        return self.value() if parsed is None else parsed

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        stripped = text.strip()
        if _parse_clock(stripped) is not None:
            return QValidator.State.Acceptable, text, pos
        if all(c.isdigit() or c == ":" for c in stripped) and len(stripped) <= 5:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:
        # From an odd time (08:20) a tap goes to the next quarter (08:30), not to 08:35.
        value = self.value()
        if steps > 0:
            target = (value // STEP_MINUTES + steps) * STEP_MINUTES
        else:
            target = (-(-value // STEP_MINUTES) + steps) * STEP_MINUTES
        self.setValue(max(self.minimum(), min(self.maximum(), target)))


def _parse_clock(text: str) -> int | None:
    hours, _, minutes = text.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    value = int(hours) * 60 + int(minutes)
    return value if int(minutes) < 60 and value <= DAY_MINUTES else None


class WindowRow(QWidget):
    """One opening window: from, to, and Remove."""

    changed = Signal()
    remove_requested = Signal(object)  # this row

    def __init__(self, start: int, end: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = TimeBox(self, start)
        self.end = TimeBox(self, end)
        self.start.setAccessibleName("Opens at")
        self.end.setAccessibleName("Closes at")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setAccessibleName("Remove these hours")
        for box in (self.start, self.end):
            box.valueChanged.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel("to", self))
        row.addWidget(self.end)
        row.addWidget(self.remove_button)

    def text(self) -> str:
        return f"{clock_text(self.start.value())}-{clock_text(self.end.value())}"


class DayHours(QWidget):
    """One weekday: its opening windows, or "Closed all day" when it has none."""

    changed = Signal()

    def __init__(self, day: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self.rows: list[WindowRow] = []
        self.closed_label = named(QLabel("Closed all day", self), "SettingsNote")
        self.add_button = QPushButton("Add opening hours", self)
        self.add_button.setAccessibleName(f"Add opening hours on {WEEKDAY_NAMES[day]}")
        self.add_button.clicked.connect(self.add_window)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.addWidget(self.closed_label)
        # "Closed all day [Add opening hours]" on one line; an open day's "Add hours" goes
        # under its hours (beside them, a portrait screen would be too narrow).
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(self._rows_layout)
        self._layout.addWidget(self.add_button)
        self._layout.addStretch(1)

    def set_windows(self, windows: list[str]) -> None:
        for row in self.rows:
            row.hide()  # deleteLater waits for the event loop; hidden, it never overlaps
            row.deleteLater()
        self.rows = []
        for text in windows[:MAX_WINDOWS]:
            try:
                start, end = window_minutes(text)
            except ValueError:
                continue  # not shown: the loader reported it, and the day counts as open
            self._add(start, end)
        self._update()

    def windows(self) -> list[str]:
        return [row.text() for row in self.rows]

    def add_window(self) -> None:
        if len(self.rows) >= MAX_WINDOWS:
            return
        if self.rows:  # after the last one: a lunch break, then the afternoon
            last = self.rows[-1].end.value()
            start = min(last + 60, DAY_MINUTES - 60)
            end = max(start + 60, min(NEXT_WINDOW[1], DAY_MINUTES))
            self._add(start, min(end, DAY_MINUTES))
        else:
            self._add(*FIRST_WINDOW)
        self._update()
        self.changed.emit()

    def _add(self, start: int, end: int) -> None:
        row = WindowRow(start, end, self)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self._rows_layout.addWidget(row)

    def _remove(self, row: WindowRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.hide()
            row.deleteLater()
            self._update()
            self.changed.emit()

    def _update(self) -> None:
        self._rows_layout.removeWidget(self.add_button)
        self._layout.removeWidget(self.add_button)
        if self.rows:
            self._rows_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self._layout.insertWidget(1, self.add_button)
        self.closed_label.setVisible(not self.rows)
        self.add_button.setVisible(len(self.rows) < MAX_WINDOWS)
        self.add_button.setText("Add hours" if self.rows else "Add opening hours")


class OpeningHoursEditor(QWidget):
    """ "Set opening hours" and, when set, the seven days."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = TouchCheckBox("The clinic has opening hours", self)
        self.note = named(
            QLabel(
                "Without opening hours the slides show day and night. With them, outside those "
                "hours the screen shows what you choose under \u201cWhen the clinic is "
                "closed\u201d.",
                self,
                wordWrap=True,
            ),
            "SettingsNote",
        )
        self.days = [DayHours(day, self) for day in range(7)]
        self._grid_widget = QWidget(self)
        grid = QGridLayout(self._grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        for day, hours in enumerate(self.days):
            label = named(QLabel(WEEKDAY_NAMES[day], self._grid_widget), "SettingsDay")
            grid.addWidget(label, day, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(hours, day, 1)
            hours.changed.connect(self.changed)
        self.enabled.toggled.connect(self._on_toggled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.note)
        layout.addWidget(self._grid_widget)
        self._grid_widget.setVisible(False)

    def set_hours(self, hours: OpeningHours | None) -> None:
        self.enabled.blockSignals(True)
        self.enabled.setChecked(hours is not None)
        self.enabled.blockSignals(False)
        self._grid_widget.setVisible(hours is not None)
        for day, editor in enumerate(self.days):
            editor.set_windows(hours.windows(day) if hours is not None else [])

    def value(self) -> dict[str, list[str]] | None:
        """As settings.yaml holds it: ``{"mon": ["08:30-12:30"], ...}``; closed days left out."""
        if not self.enabled.isChecked():
            return None
        return {WEEKDAY_KEYS[d.day]: d.windows() for d in self.days if d.windows()}

    def _on_toggled(self, checked: bool) -> None:
        self._grid_widget.setVisible(checked)
        if checked and not any(d.rows for d in self.days):
            for day in self.days[:5]:  # a start staff only need to adjust: weekdays 9 to 5
                day.add_window()
        self.changed.emit()


def describe_closure(closure: Closure) -> str:
    """``Fri 25 Dec 2026 (Christmas)`` or ``Thu 24 Dec 2026 to Sat 2 Jan 2027``."""
    text = _day_text(closure.from_)
    if closure.until is not None and closure.until != closure.from_:
        text += f" to {_day_text(closure.until)}"
    return f"{text} ({closure.note})" if closure.note else text


def _day_text(day: dt.date) -> str:
    return f"{WEEKDAY_LABELS[day.weekday()]} {day.day} {MONTH_LABELS[day.month - 1]} {day.year}"


class ClosuresEditor(QWidget):
    """Days the clinic is closed: a list with Remove, and a first and last day to add."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._closures: list[dict[str, Any]] = []
        self.list = named(QListWidget(self), "ClosureList")
        self.list.setWordWrap(True)
        self.empty_label = named(QLabel("No closed days.", self), "SettingsNote")
        self.remove_button = QPushButton("Remove the chosen closed days", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.currentRowChanged.connect(self._update)
        start = today or dt.date.today()
        self.first_day = _date_edit(self, start)
        self.last_day = _date_edit(self, start)
        self.several = TouchCheckBox("More than one day", self)
        self.several.toggled.connect(self._on_several)
        self.first_day.dateChanged.connect(self._keep_order)
        self._keep_order(self.first_day.date())
        self.note = QLineEdit(self)
        self.note.setMaxLength(80)
        self.note.setPlaceholderText("Note for staff, like Christmas (optional)")
        self.add_button = QPushButton("Add closed days", self)
        self.add_button.clicked.connect(self.add)
        self._last_label = QLabel("Last day", self)
        dates = QGridLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(QLabel("First day", self), 0, 0)
        dates.addWidget(self.first_day, 0, 1)
        dates.addWidget(self.several, 0, 2)
        dates.addWidget(self._last_label, 1, 0)
        dates.addWidget(self.last_day, 1, 1)
        dates.setColumnStretch(3, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.note, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list)
        layout.addWidget(self.remove_button)
        layout.addLayout(dates)
        layout.addLayout(add_row)
        self._on_several(False)
        self._refresh()

    def set_closures(self, closures: list[Closure]) -> None:
        self._closures = [_closure_fields(c) for c in closures]
        self._refresh()

    def value(self) -> list[dict[str, Any]]:
        return [dict(c) for c in self._closures]

    def set_today(self, today: dt.date) -> None:
        """Offer ``today`` (the clinic's) as the first day of a new closure."""
        self.first_day.setDate(QDate(today.year, today.month, today.day))

    def add(self) -> None:
        first = _py_date(self.first_day.date())
        entry: dict[str, Any] = {"from": first}
        last = _py_date(self.last_day.date())
        if self.several.isChecked() and last != first:
            entry["until"] = last
        note = self.note.text().strip()
        if note:
            entry["note"] = note
        self._closures.append(entry)
        self._closures.sort(key=lambda c: c["from"])
        self.note.clear()
        self._refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._closures):
            del self._closures[row]
            self._refresh()
            self.changed.emit()

    def _refresh(self) -> None:
        self.list.clear()
        for entry in self._closures:
            try:
                text = describe_closure(Closure(**_closure_kwargs(entry)))
            except (TypeError, ValueError):
                text = f"{entry.get('from')} to {entry.get('until')} (the last day is too early)"
            self.list.addItem(QListWidgetItem(text))
        self.list.setVisible(bool(self._closures))
        self.empty_label.setVisible(not self._closures)
        rows = min(max(len(self._closures), 1), 5)
        row_height = self.list.sizeHintForRow(0) if self._closures else 0
        self.list.setFixedHeight(rows * (row_height + 4) + 2 * self.list.frameWidth() + 8)
        self._update()

    def _update(self) -> None:
        self.remove_button.setVisible(bool(self._closures))
        self.remove_button.setEnabled(self.list.currentRow() >= 0)

    def _on_several(self, checked: bool) -> None:
        self.last_day.setVisible(checked)
        self._last_label.setVisible(checked)

    def _keep_order(self, first: QDate) -> None:
        # The last day can never be set before the first: no range is ever back to front.
        self.last_day.setMinimumDate(first)


class DateBox(QDateEdit):
    """A date as "Wed 30 Sep 2026", chosen from a month calendar by touch."""

    def __init__(self, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(QDate(day.year, day.month, day.day), parent)
        self.setCalendarPopup(True)  # a month to tap, rather than digits to type
        self.setDisplayFormat("ddd d MMM yyyy")

    def sizeHint(self) -> QSize:
        # The widest date, the stylesheet's padding and the popup's arrow: never a cut year.
        hint = super().sizeHint()
        text = self.fontMetrics().horizontalAdvance("Wed 30 Sep 2026")
        return QSize(max(hint.width(), text + 2 * hint.height()), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def _date_edit(parent: QWidget, day: dt.date) -> QDateEdit:
    return DateBox(day, parent)


def _py_date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _closure_fields(closure: Closure) -> dict[str, Any]:
    entry: dict[str, Any] = {"from": closure.from_}
    if closure.until is not None:
        entry["until"] = closure.until
    if closure.note:
        entry["note"] = closure.note
    return entry


def _closure_kwargs(entry: dict[str, Any]) -> dict[str, Any]:
    return {("from_" if k == "from" else k): v for k, v in entry.items()}
