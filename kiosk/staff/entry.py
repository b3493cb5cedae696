"""The way into staff mode: hold the clock (the top-right corner) for 3 seconds, or Ctrl+Alt+S.

Patients tap and swipe; nobody holds a corner still for three seconds by accident. A shorter
hold, or a finger that wanders, never opens anything.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

HOLD_MS: Final = 3000
#: The corner is this share of the screen's shorter side (at least MIN_CORNER_PX).
CORNER_FRACTION: Final = 0.12
MIN_CORNER_PX: Final = 90
#: A finger may drift this much (share of the corner) and still count as holding still.
WANDER_FRACTION: Final = 0.5


def is_staff_shortcut(event: QKeyEvent) -> bool:
    wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    return event.key() == Qt.Key.Key_S and (event.modifiers() & wanted) == wanted


class StaffEntry(QObject):
    """Watches the whole application for the staff gesture over ``window``."""

    requested = Signal()
    hold_started = Signal()  # a hold in the corner began (the screen may hint at it)

    def __init__(self, window: QWidget, hold_ms: int = HOLD_MS) -> None:
        super().__init__(window)
        self._window = window
        self._press: QPoint | None = None
        self._swallow_release = False
        self.enabled = True
        self._timer = QTimer(self, singleShot=True, interval=hold_ms)
        self._timer.timeout.connect(self._held)

    def corner(self) -> QRect:
        """The top-right corner, in the window's coordinates."""
        size = max(
            MIN_CORNER_PX, round(min(self._window.width(), self._window.height()) * CORNER_FRACTION)
        )
        return QRect(self._window.width() - size, 0, size, size)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled:
            return False
        kind = event.type()
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and is_staff_shortcut(event)
        ):
            self.requested.emit()
            return True
        if not isinstance(event, QMouseEvent) or watched is not self._window.windowHandle():
            return False
        position = self._window.mapFromGlobal(event.globalPosition().toPoint())
        if kind == QEvent.Type.MouseButtonPress:
            self._on_press(position)
        elif kind == QEvent.Type.MouseMove and self._press is not None:
            if (position - self._press).manhattanLength() > self.corner().width() * WANDER_FRACTION:
                self._cancel()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._cancel()
            if self._swallow_release:
                # The hold opened staff mode: this release must not also tap what is under it.
                self._swallow_release = False
                return True
        return False

    def _on_press(self, position: QPoint) -> None:
        self._swallow_release = False
        if self.corner().contains(position):
            self._press = position
            self._timer.start()
            self.hold_started.emit()
        else:
            self._cancel()

    def _cancel(self) -> None:
        self._timer.stop()
        self._press = None

    def _held(self) -> None:
        self._press = None
        self._swallow_release = True
        self.requested.emit()
