"""Noticing that a person is using the screen, wherever they touch it."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Signal

INPUT_EVENTS: Final = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class ActivityFilter(QObject):
    """An application-wide event filter that emits ``activity`` on any touch, click or key.

    It only watches: every event continues to its widget.
    """

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.activity.emit()
        return False
