"""Real touch events, as a finger on the kiosk's screen makes them."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

TOUCH_SCREEN = QTest.createTouchDevice()


def tap(widget: QWidget, point: QPoint | None = None) -> None:
    point = point or widget.rect().center()
    # A quick tap: nothing runs between the finger's press and release. (Processing events in
    # between could, on a loaded machine, outlast a hold or auto-repeat delay and turn the tap
    # into a hold.)
    QTest.touchEvent(widget, TOUCH_SCREEN).press(0, point, widget).commit(False)
    QTest.touchEvent(widget, TOUCH_SCREEN).release(0, point, widget).commit()


def swipe(widget: QWidget, dx: int) -> None:
    start = widget.rect().center()
    QTest.touchEvent(widget, TOUCH_SCREEN).press(0, start, widget).commit()
    for step in range(1, 6):
        QTest.touchEvent(widget, TOUCH_SCREEN).move(
            0, start + QPoint(dx * step // 5, 0), widget
        ).commit()
    QTest.touchEvent(widget, TOUCH_SCREEN).release(0, start + QPoint(dx, 0), widget).commit()
