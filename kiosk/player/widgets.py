"""Small widgets shared by the screens: the header clock, the progress indicator, the fade."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import (
    QDate,
    QEasingCurve,
    QEvent,
    QLocale,
    QRect,
    QRectF,
    Qt,
    QTime,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.player.i18n import number, tr
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

#: After the minute turns, so a clock timer never wakes a hair early and shows the old minute.
MINUTE_MARGIN_MS: Final = 50


def ms_to_next_minute(now: QTime) -> int:
    """Milliseconds until just after the next minute starts (at most a minute and a bit)."""
    into_minute = now.second() * 1000 + now.msec()
    return 60_000 - into_minute + MINUTE_MARGIN_MS


def clock_time(now: dt.datetime) -> QTime:
    return QTime(now.hour, now.minute, now.second, now.microsecond // 1000)


class Header(QWidget):
    """The clinic's name on the left and the time on the right, small and quiet.

    Where both do not fit (a portrait screen, larger text, a long date in Spanish), the date
    goes first, then the clinic's name is shortened: the time always shows, nothing overlaps.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = named(QLabel(self), "ClinicName")
        self.clock = named(QLabel(self), "Clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for label in (self.clinic, self.clock):
            label.setTextFormat(Qt.TextFormat.PlainText)
            # The texts are fitted by hand (see _fit): the labels never ask for more room.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.clinic, 1)
        self._layout.addWidget(self.clock, 1)
        self._name = ""
        self._day = ""
        self._time = ""
        self._locale = QLocale()
        self._now: Callable[[], dt.datetime] = lambda: dt.datetime.now().astimezone()
        # The clock shows minutes: it wakes once a minute, just after the minute turns, and
        # only while it is on screen (a hidden header costs nothing).
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._tick)
        self._update_clock()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tick()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def _tick(self) -> None:
        self._update_clock()
        now = self._now()
        self._timer.start(ms_to_next_minute(clock_time(now)))

    def set_clinic_name(self, name: str) -> None:
        self._name = name
        self._fit()

    def set_locale(self, locale: QLocale) -> None:
        self._locale = locale
        self._update_clock()

    def set_now(self, now: Callable[[], dt.datetime]) -> None:
        """Where the clock reads the time: the clinic's clock, in the clinic's time zone (the
        computer's own zone may be another, or UTC)."""
        self._now = now
        self._update_clock()

    def retranslate(self) -> None:
        self._update_clock()

    def _update_clock(self) -> None:
        now = self._now()
        # The date's layout is itself translated: "Wednesday 25 November", "11月25日 星期三".
        day = self._locale.toString(QDate(now.year, now.month, now.day), tr("dddd d MMMM"))
        time = self._locale.toString(QTime(now.hour, now.minute), "HH:mm")
        if (day, time) != (self._day, self._time):  # once a minute, not once a second
            self._day, self._time = day, time
            self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changes = (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.LayoutDirectionChange,
        )
        if event.type() in changes:
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The whole date if it fits beside the name, else the time alone; the name elided."""
        for label in (self.clinic, self.clock):
            label.ensurePolished()  # measure in the stylesheet's font
        # The name at the reading start, the time at the far end, by the screen's direction,
        # not the words' own (English words on an Arabic screen would otherwise sit together).
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        start, end = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        if right_to_left:
            start, end = end, start
        middle = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
        self.clinic.setAlignment(start | middle)
        self.clock.setAlignment(end | middle)
        name_width = self.clinic.fontMetrics().horizontalAdvance(self._name)
        gap = self.clock.fontMetrics().horizontalAdvance("    ")
        full = f"{self._day}   {self._time}"
        clock_metrics = self.clock.fontMetrics()
        fits = name_width + gap + clock_metrics.horizontalAdvance(full) <= self.width()
        clock = full if fits else self._time
        clock_width = clock_metrics.horizontalAdvance(clock)
        # A few pixels to spare: the layout's rounding may give the name a little less.
        room = max(0, self.width() - clock_width - gap - 8)
        # The clock gets what it needs, the name the rest.
        self._layout.setStretch(0, room)
        self._layout.setStretch(1, clock_width + gap)
        elided = self.clinic.fontMetrics().elidedText(self._name, Qt.TextElideMode.ElideRight, room)
        if self.clock.text() != clock:
            self.clock.setText(clock)
        if self.clinic.text() != elided:
            self.clinic.setText(elided)


class ProgressIndicator(QWidget):
    """Dots for the slides (the current one long and filling up as its time runs)."""

    MAX_DOTS = 24

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressIndicator")
        self._theme = theme
        self._count = 0
        self._current = 0
        self._fraction = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._apply_height()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply_height()
        self.update()

    def set_position(self, current: int, count: int) -> None:
        self._current, self._count, self._fraction = current, count, 0.0
        self.setAccessibleName(
            tr("Slide {current} of {count}").format(
                current=number(current + 1, self.locale()), count=number(count, self.locale())
            )
        )
        self.update()

    def set_fraction(self, fraction: float) -> None:
        """Fill the current slide's mark this far; only the mark is repainted, and only when
        the fill moved by a pixel or more."""
        fraction = min(1.0, max(0.0, fraction))
        if round(fraction * self.fill_pixels()) != round(self._fraction * self.fill_pixels()):
            self._fraction = fraction
            self.update(self._current_rect())

    def fill_pixels(self) -> int:
        """How many pixels the current slide's fill grows by over its whole time."""
        if self._count > self.MAX_DOTS:
            return max(1, self.width() // max(1, self._count))
        return self._theme.px("dot_size") * 5

    def _current_rect(self) -> QRect:
        """Where the current slide's mark is drawn (a pixel of room for antialiasing)."""
        if self._count <= 1:
            return QRect()
        if self._count > self.MAX_DOTS:
            height = self._theme.px("progress_height")
            step = self.width() / self._count
            x = step * self._current
            rect = QRectF(x - height, (self.height() - height) / 2, step + 2 * height, height)
        else:
            dot = self._theme.px("dot_size")
            total = (self._count - 1) * (dot + dot) + dot * 5
            x = (self.width() - total) / 2 + self._current * (dot + dot)
            rect = QRectF(x, (self.height() - dot) / 2, dot * 5, dot)
        return rect.toAlignedRect().adjusted(-1, -1, 1, 1)

    def _apply_height(self) -> None:
        self.setFixedHeight(self._theme.px("dot_size") * 3)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._count <= 1:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if self._count > self.MAX_DOTS:
            self._paint_bar(painter)
        else:
            self._paint_dots(painter)
        painter.end()

    def _paint_dots(self, painter: QPainter) -> None:
        dot = self._theme.px("dot_size")
        long = dot * 5
        gap = dot
        total = (self._count - 1) * (dot + gap) + long
        x = (self.width() - total) / 2
        y = (self.height() - dot) / 2
        track, fill = QColor(self._theme.color("dot")), QColor(self._theme.color("accent"))
        for index in range(self._count):
            width = long if index == self._current else dot
            rect = QRectF(x, y, width, dot)
            painter.setBrush(track)
            painter.drawRoundedRect(rect, dot / 2, dot / 2)
            if index == self._current:
                done = QRectF(x, y, max(dot, width * self._fraction), dot)
                painter.setBrush(fill)
                painter.drawRoundedRect(done, dot / 2, dot / 2)
            x += width + gap

    def _paint_bar(self, painter: QPainter) -> None:
        height = self._theme.px("progress_height")
        y = (self.height() - height) / 2
        whole = QRectF(0, y, self.width(), height)
        painter.setBrush(QColor(self._theme.color("dot")))
        painter.drawRoundedRect(whole, height / 2, height / 2)
        done = (self._current + self._fraction) / self._count
        painter.setBrush(QColor(self._theme.color("accent")))
        painter.drawRoundedRect(QRectF(0, y, self.width() * done, height), height / 2, height / 2)


class SlideTransition(QWidget):
    """Pushes the old slide out and the new one in, like turning a page sideways.

    It covers the card with two still pictures, the old and the new, side by side, moving
    together: every frame is fully painted by this one widget, whatever the card holds (no
    QGraphicsOpacityEffect, under which a QTextBrowser stops repainting). Afterwards it hides and
    the live card shows.
    """

    finished = Signal()  # the live card shows again

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # Every frame covers the whole card (the corners in the screen's colour), so Qt need
        # not paint the live card and its labels underneath on each frame.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._background = QColor()
        self._old = QPixmap()
        self._new = QPixmap()
        self._direction = 1
        self._progress = 0.0
        self._radius = 0.0
        self._animation = QVariantAnimation(self, startValue=0.0, endValue=1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._set_progress)
        self._animation.finished.connect(self._finish)
        self.hide()

    @property
    def running(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def start(
        self,
        target: QWidget,
        old: QPixmap,
        *,
        forward: bool,
        duration_ms: int,
        radius: float,
        background: QColor,
    ) -> None:
        """Animate over ``target`` from ``old`` to what ``target`` shows now; ``background``
        is the colour around the card's rounded corners."""
        self._animation.stop()
        self._background = background
        self.setGeometry(target.geometry())
        self._old, self._new = old, target.grab()
        self._direction = 1 if forward else -1
        self._radius = radius
        self._progress = 0.0
        self.raise_()
        self.show()
        self._animation.setDuration(duration_ms)
        self._animation.start()

    def _set_progress(self, value: float) -> None:
        self._progress = float(value)
        self.update()

    def _finish(self) -> None:
        self.hide()
        self._old = self._new = QPixmap()  # free the pictures between transitions
        self.finished.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._old.isNull() or self._new.isNull():
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background)
        clip = QPainterPath()
        clip.addRoundedRect(QRectF(self.rect()), self._radius, self._radius)
        painter.setClipPath(clip)
        shift = round(self.width() * self._progress) * self._direction
        painter.drawPixmap(-shift, 0, self._old)
        painter.drawPixmap(self.width() * self._direction - shift, 0, self._new)
        painter.end()
