"""The calm screen, shown when there is nothing to show: never a blank or broken window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.player.fit import FittedLabel
from kiosk.player.i18n import tr
from kiosk.player.widgets import Header, ms_to_next_minute
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

CALM_MESSAGE = "Information will be back shortly"
WAITING: Final = "waiting"
CLOSED: Final = "closed"
CLOCK: Final = "clock"
BLANK: Final = "blank"


class CalmScreen(QWidget):
    """What shows when there is nothing to show: a calm message, or at night a dim clock or a
    dark screen (the stylesheet's night colours, by ``mode``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CalmScreen")
        # A plain QWidget ignores a stylesheet background unless asked: without this the
        # "blank" night screen stayed the day's light colour all night.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.header = Header(self)
        # Staff's closed message may be long, and in Larger text: it shrinks rather than run off.
        self.message = named(FittedLabel(self), "CalmMessage")
        self.message.setText(tr(CALM_MESSAGE))
        self.message.set_grows(min_scale=0.5)
        self.clinic = named(FittedLabel(self), "CalmClinic")
        self.clinic.set_grows(max_lines=2)
        for label in (self.message, self.clinic):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.header)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.clinic)
        layout.addStretch(1)
        self.mode = WAITING
        self._closed_message = ""
        self._now: Callable[[], dt.datetime] = dt.datetime.now
        # The dim clock shows minutes: it wakes once a minute, just after the minute turns.
        self._clock = QTimer(self, singleShot=True)
        self._clock.timeout.connect(self._tick)

    def set_mode(self, mode: str, closed_message: str = "") -> None:
        """WAITING (nothing to show), CLOSED (staff's message), CLOCK (a dim clock), BLANK."""
        self.mode, self._closed_message = mode, closed_message
        self.setProperty("mode", mode)
        self.style().unpolish(self)
        self.style().polish(self)
        for label in (self.message, self.clinic, self.header):
            label.setVisible(mode != BLANK)
            label.style().unpolish(label)
            label.style().polish(label)
        self.header.setVisible(mode in (WAITING, CLOSED))
        self.retranslate()
        self._tick() if mode == CLOCK else self._clock.stop()

    def _tick(self) -> None:
        self._show_time()
        now = self._now()
        self._clock.start(
            ms_to_next_minute(QTime(now.hour, now.minute, now.second, now.microsecond // 1000))
        )

    def set_now(self, now: Callable[[], dt.datetime]) -> None:
        """Where the clock reads the time: the clinic's clock, in its time zone."""
        self._now = now

    def _show_time(self) -> None:
        now = self._now()
        text = self.locale().toString(QTime(now.hour, now.minute), "HH:mm")
        if self.message.text() != text:
            self.message.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.message.set_max_height(round(self.height() * 0.5))

    def set_theme(self, theme: Theme) -> None:
        for label in (self.message, self.clinic):
            label.set_font_chooser(theme.families_for_text)
        spacing = theme.px("spacing")
        self._layout.setContentsMargins(spacing * 2, spacing, spacing * 2, spacing)
        self._layout.setSpacing(spacing)

    def retranslate(self) -> None:
        if self.mode == CLOCK:
            self._show_time()
        elif self.mode == CLOSED:
            self.message.setText(self._closed_message)
        else:
            self.message.setText(tr("Information will be back shortly"))
        self.header.retranslate()

    def set_clinic_name(self, name: str) -> None:
        self.clinic.setText(name)
        self.header.set_clinic_name("")
