"""Staff mode's statistics: which slides patients open, when, and for how long.

The charts are painted with QPainter (PySide6-Essentials has no QtCharts), in the theme's
colours; the table shows the same numbers for reading them exactly, and "Export CSV..." saves
them for a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import WEEKDAY_LABELS
from kiosk.insight.report import (
    Summary,
    format_seconds,
    last_days,
    slide_label,
    summarize,
    write_csv,
)
from kiosk.insight.store import BUSY, QUICK_WAIT, EventStore, StatsError
from kiosk.storage.atomic import SaveError
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import ChoiceBox, named

log = logging.getLogger(__name__)

PERIODS: Final = ((7, "Last 7 days"), (30, "Last 30 days"), (365, "Last 365 days"))
DEFAULT_DAYS: Final = 30
ERASE_TEXT: Final = "Erase statistics"
CONFIRM_TEXT: Final = "Tap again to erase all statistics"
CONFIRM_MS: Final = 5000
#: The raw value behind a table cell (numbers as numbers, the slide id for the first column).
VALUE_ROLE: Final = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class BarChart(QWidget):
    """Horizontal bars, one row each: a label, a bar as long as its share, the number."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatsBarChart")
        self._theme = theme
        self._bars: tuple[tuple[str, int], ...] = ()
        self.empty_text = "Nothing recorded in this period."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self._bars = tuple(bars)
        self.setMinimumHeight(self._wanted_height())
        self.setAccessibleDescription(
            "; ".join(f"{label}: {value}" for label, value in self._bars) or self.empty_text
        )
        self.updateGeometry()
        self.update()

    def bars(self) -> tuple[tuple[str, int], ...]:
        return self._bars

    def _row_height(self) -> int:
        return round(QFontMetrics(self.font()).height() * 1.7)

    def _wanted_height(self) -> int:
        return max(1, len(self._bars)) * self._row_height() + self._row_height() // 2

    def sizeHint(self) -> QSize:
        return QSize(480, self._wanted_height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor(self._theme.color("surface")))
            metrics = QFontMetrics(self.font())
            if not self._bars:
                painter.setPen(QColor(self._theme.color("text_muted")))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
                return
            row = self._row_height()
            pad = max(4, row // 4)
            top_value = max(1, max(value for _, value in self._bars))
            label_width = min(
                round(self.width() * 0.4), max(metrics.horizontalAdvance(t) for t, _ in self._bars)
            )
            number_width = metrics.horizontalAdvance(str(top_value)) + pad
            bar_room = max(1, self.width() - label_width - number_width - 4 * pad)
            bar_height = metrics.height() * 0.9
            text = QColor(self._theme.color("text"))
            accent = QColor(self._theme.color("accent"))
            for i, (label, value) in enumerate(self._bars):
                y = pad // 2 + i * row
                label_rect = QRectF(pad, y, label_width, row)
                painter.setPen(text)
                elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width)
                painter.drawText(
                    label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided
                )
                x = 2 * pad + label_width
                length = bar_room * value / top_value
                if length > 0:
                    bar = QRectF(x, y + (row - bar_height) / 2, max(2.0, length), bar_height)
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(accent)
                    painter.drawRoundedRect(bar, bar_height / 5, bar_height / 5)
                painter.setPen(text)
                painter.drawText(
                    QRectF(x + length + pad, y, number_width, row),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    str(value),
                )
        finally:
            painter.end()


class ColumnChart(QWidget):
    """Upright columns with a label under each (hours of the day, days of the week)."""

    def __init__(
        self, title: str, theme: Theme, parent: QWidget | None = None, *, label_every: int = 1
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StatsColumnChart")
        self.title = title
        self._theme = theme
        self._label_every = label_every
        self._labels: tuple[str, ...] = ()
        self._values: tuple[int, ...] = ()
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_values(self, labels: Sequence[str], values: Sequence[int]) -> None:
        if len(labels) != len(values):
            raise ValueError("one label per value")
        self._labels, self._values = tuple(labels), tuple(values)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True))
        )
        self.update()

    def values(self) -> tuple[int, ...]:
        return self._values

    def sizeHint(self) -> QSize:
        return QSize(480, QFontMetrics(self.font()).height() * 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, QFontMetrics(self.font()).height() * 5)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor(self._theme.color("surface")))
            metrics = QFontMetrics(self.font())
            line = metrics.height()
            pad = max(4, line // 4)
            text = QColor(self._theme.color("text"))
            muted = QColor(self._theme.color("text_muted"))
            painter.setPen(text)
            painter.drawText(
                QRectF(pad, pad, self.width() - 2 * pad, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.title,
            )
            if not self._values:
                return
            top = pad + line * 2  # the title, then room for the tallest column's number
            bottom = self.height() - pad - line  # the labels go under this line
            height = max(1, bottom - top)
            slot = (self.width() - 2 * pad) / len(self._values)
            peak = max(1, max(self._values))
            painter.setPen(QColor(self._theme.color("border")))
            painter.drawLine(pad, bottom, self.width() - pad, bottom)
            accent = QColor(self._theme.color("accent"))
            for i, (label, value) in enumerate(zip(self._labels, self._values, strict=True)):
                x = pad + i * slot
                column = height * value / peak
                if value:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(accent)
                    painter.drawRect(QRectF(x + slot * 0.15, bottom - column, slot * 0.7, column))
                    number = str(value)
                    # Only as wide as its column: neighbours' numbers never run together
                    # ("2" and "2" read as "22" on a narrow portrait chart).
                    if metrics.horizontalAdvance(number) <= slot * 0.7:
                        painter.setPen(text)
                        painter.drawText(
                            QRectF(x, bottom - column - line, slot, line),
                            Qt.AlignmentFlag.AlignCenter,
                            number,
                        )
                if i % self._label_every == 0:
                    painter.setPen(muted)
                    painter.drawText(
                        QRectF(x - slot, bottom, slot * 3, line),
                        Qt.AlignmentFlag.AlignCenter,
                        label,
                    )
        finally:
            painter.end()


class StatsTableModel(QAbstractTableModel):
    """One row per slide: title (or id), shown, opened, median reading time, QR codes shown."""

    HEADERS: Final = ("Slide", "Shown", "Opened", "Median reading", "QR shown")

    def __init__(self) -> None:
        super().__init__()
        self._summary: Summary | None = None
        self._titles: dict[str, str] = {}

    def set_summary(self, summary: Summary, titles: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self._summary = summary
        if titles is not None:
            self._titles = dict(titles)
        self.endResetModel()

    def set_titles(self, titles: Mapping[str, str]) -> None:
        self.beginResetModel()
        self._titles = dict(titles)
        self.endResetModel()

    def row_of(self, slide_id: str) -> int:
        slides = self._summary.slides if self._summary else ()
        return next((i for i, s in enumerate(slides) if s.slide_id == slide_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._summary is None:
            return 0
        return len(self._summary.slides)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._summary is None:
            return None
        if not 0 <= index.row() < len(self._summary.slides):
            return None
        stats = self._summary.slides[index.row()]
        column = index.column()
        values: tuple[Any, ...] = (
            stats.slide_id,
            stats.shown,
            stats.opens,
            stats.median_dwell,
            stats.qr,
        )
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return slide_label(stats.slide_id, self._titles)
            if column == 3:
                return format_seconds(stats.median_dwell)
            return str(values[column])
        if role == VALUE_ROLE:
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return stats.slide_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class StatsView(QWidget):
    """The "Statistics" tab: a period, charts, a table, export and erase.

    ``store``: the kiosk's statistics (its pending events are written before each look, and
    "Erase statistics" clears them too). ``today``: where the periods end (tests fix it).
    """

    def __init__(
        self,
        store: EventStore,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StatsView")
        self._store = store
        self._theme = theme
        self._zone: dt.tzinfo | None = None  # the clinic's; None: this computer's
        self._today = today or self._clinic_today
        self._titles: dict[str, str] = {}
        self._summary: Summary | None = None
        self._unread: str | None = None  # why the last read failed
        self.period = ChoiceBox(self)
        for days, text in PERIODS:
            self.period.addItem(text, days)
        self.period.setCurrentIndex(
            next(i for i, (d, _) in enumerate(PERIODS) if d == DEFAULT_DAYS)
        )
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        self.totals = named(QLabel(self, wordWrap=True), "StatsTotals")
        self.export_button = QPushButton("Export CSV\u2026", self)
        self.export_button.clicked.connect(self._choose_export_file)
        self.erase_button = QPushButton(ERASE_TEXT, self)
        self.erase_button.clicked.connect(self._erase_clicked)
        self._confirm = QTimer(self, singleShot=True, interval=CONFIRM_MS)
        self._confirm.timeout.connect(self._disarm_erase)
        self.off_note = named(
            QLabel(
                "Counting is off (statistics: false in settings.yaml): nothing new is recorded.",
                self,
                wordWrap=True,
            ),
            "StaffStatus",
        )
        self.off_note.hide()
        self.status = named(QLabel(self, wordWrap=True), "StaffStatus")
        self.status.hide()  # shown with a message (export, erase, a problem)
        self.toggles = QLabel(self, wordWrap=True)
        self.opens_chart = BarChart(theme, self)
        self.opens_chart.setAccessibleName("Opened per slide")
        chart_scroll = QScrollArea(self)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chart_scroll.setWidget(self.opens_chart)
        self.hours_chart = ColumnChart("Opened by hour of day", theme, self, label_every=3)
        self.weekdays_chart = ColumnChart("Opened by day of the week", theme, self)
        self.model = StatsTableModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(StatsTableModel.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Period", self))
        controls.addWidget(self.period)
        controls.addStretch(1)
        controls.addWidget(self.export_button)
        controls.addWidget(self.erase_button)
        opened = QVBoxLayout()
        opened.addWidget(QLabel("Opened per slide", self))
        opened.addWidget(chart_scroll, 1)
        when = QVBoxLayout()
        when.addWidget(self.hours_chart, 1)
        when.addWidget(self.weekdays_chart, 1)
        charts = QHBoxLayout()
        charts.addLayout(opened, 3)
        charts.addLayout(when, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.off_note)
        layout.addWidget(self.totals)
        layout.addWidget(self.status)
        layout.addLayout(charts, 3)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.toggles)
        self._show_summary(Summary(*last_days(DEFAULT_DAYS, self._today())))

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def summary(self) -> Summary | None:
        return self._summary

    @property
    def days(self) -> int:
        return int(self.period.currentData())

    def set_days(self, days: int) -> None:
        """Choose one of the periods (7, 30 or 365 days)."""
        index = self.period.findData(days)
        if index < 0:
            raise ValueError(f"no period of {days} days")
        if index == self.period.currentIndex():
            self.refresh()
        else:
            self.period.setCurrentIndex(index)  # refreshes

    def set_titles(self, titles: Mapping[str, str]) -> None:
        """Name slides by their titles (``{slide id: title}``); unknown ids show as ids."""
        self._titles = dict(titles)
        self.model.set_titles(self._titles)
        if self._summary is not None:
            self._show_summary(self._summary)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for chart in (self.opens_chart, self.hours_chart, self.weekdays_chart):
            chart.set_theme(theme)

    def _clinic_today(self) -> dt.date:
        return dt.datetime.now(dt.UTC).astimezone(self._zone).date()

    def set_zone(self, zone: dt.tzinfo) -> None:
        """Count days and hours of the day in the clinic's time zone."""
        if zone != self._zone:
            self._zone = zone
            if self.isVisible():
                self.refresh()

    def set_statistics_enabled(self, enabled: bool) -> None:
        """Say so when the clinic's settings turned counting off (the numbers stay readable)."""
        self.off_note.setVisible(not enabled)

    def refresh(self) -> bool:
        """Write pending events, then read the chosen period again; False when it cannot be read.

        Never waits more than a moment (:data:`QUICK_WAIT`): a database another program holds
        is reported as busy rather than freezing the screen.
        """
        since, until = last_days(self.days, self._today())
        try:
            summary = summarize(self._store, since, until, self._zone, wait=QUICK_WAIT)
        except (StatsError, sqlite3.Error, OSError) as exc:
            log.warning("Statistics not readable: %s", exc)
            self._unread = str(exc)
            busy = str(exc) == BUSY  # already a whole sentence
            self._say(str(exc) if busy else f"The statistics cannot be read just now: {exc}")
            self.totals.setText(f"{self.period.currentText()}: the numbers cannot be shown.")
            return False
        self._unread = None
        self._say("")
        self._show_summary(summary)
        return True

    def _show_summary(self, summary: Summary) -> None:
        self._summary = summary
        self.model.set_summary(summary, self._titles)
        self.opens_chart.set_bars(
            [(slide_label(s.slide_id, self._titles), s.opens) for s in summary.slides]
        )
        self.hours_chart.set_values([f"{h:02d}" for h in range(24)], summary.opens_by_hour)
        self.weekdays_chart.set_values(WEEKDAY_LABELS, summary.opens_by_weekday)
        if summary.empty:
            self.totals.setText(f"{self.period.currentText()}: nothing was recorded.")
        else:
            self.totals.setText(
                f"{self.period.currentText()} ({summary.since:%d %b %Y} to "
                f"{summary.until:%d %b %Y}): slides shown {_times(summary.total_shown)}, "
                f"opened {_times(summary.total_opens)}, median reading time "
                f"{format_seconds(summary.median_dwell)}."
            )
        parts = []
        if summary.languages:
            parts.append("Language changes: " + ", ".join(f"{c} {n}" for c, n in summary.languages))
        if summary.aids:
            parts.append(
                "Reading aids switched on: " + ", ".join(f"{a} {n}" for a, n in summary.aids)
            )
        self.toggles.setText(".  ".join(parts))
        self.toggles.setVisible(bool(parts))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # fresh numbers each time staff open the tab

    # -- export ----------------------------------------------------------------------------------
    def export_csv(self, path: Path) -> bool:
        """Write the shown period's numbers, read afresh, to ``path`` (layout:
        kiosk.insight.report). Numbers that cannot be read are never exported as zeros."""
        if not self.refresh() or self._summary is None:
            self._say(
                f"Nothing was exported: the statistics cannot be read ({self._unread}). "
                "Try again in a moment; if it keeps happening, ask whoever looks after the kiosk."
            )
            return False
        try:
            write_csv(self._summary, path, self._titles)
        except SaveError as exc:
            self._say(exc.message)
            return False
        self._say(f"Saved the statistics to {path}.")
        return True

    def _choose_export_file(self) -> None:
        if not self.refresh():
            self._say(f"Nothing was exported: the statistics cannot be read ({self._unread}).")
            return
        summary = self._summary
        name = "clinic-kiosk-statistics.csv"
        if summary is not None:
            name = f"clinic-kiosk-statistics-{summary.since}-to-{summary.until}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export statistics", str(Path.home() / name), "CSV files (*.csv)"
        )
        if path:
            self.export_csv(Path(path))

    # -- erase -----------------------------------------------------------------------------------
    def _erase_clicked(self) -> None:
        if not self._confirm.isActive():
            self.erase_button.setText(CONFIRM_TEXT)
            self._confirm.start()
            return
        self._disarm_erase()
        try:
            self._store.erase(wait=QUICK_WAIT)
        except (StatsError, sqlite3.Error, OSError) as exc:
            log.warning("Statistics not erased: %s", exc)
            self._say(f"The statistics were not erased: {exc}")
            return
        log.info("Statistics erased by staff")
        self.refresh()
        self._say("All statistics erased.")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _disarm_erase(self) -> None:
        self._confirm.stop()
        self.erase_button.setText(ERASE_TEXT)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
