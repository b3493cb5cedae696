"""Frames in the middle of a slide change are whole: no hole, no black, both slides drawn."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow


def test_a_frame_halfway_through_a_slide_change_is_fully_painted(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.set_timing(Timing(default_slide_ms=60_000, transition_ms=1500))
    window.controller.go_next()
    transition = window.transition
    assert transition.running
    qtbot.waitUntil(lambda: 0.3 < transition._progress < 0.7, timeout=3000)
    assert transition.isVisible()
    frame = window.grab().toImage()
    card = window.cycle.card.geometry().translated(window.cycle.pos())
    inner = card.adjusted(40, 40, -40, -40)
    background = QColor(window._theme.color("background"))
    surface = QColor(window._theme.color("surface"))
    holes, black, white = 0, 0, 0
    for x in range(inner.left(), inner.right(), 7):
        for y in range(inner.top(), inner.bottom(), 7):
            colour = frame.pixelColor(x, y)
            holes += colour == background
            black += colour == QColor("#000000")
            white += colour == surface
    assert holes == 0 and black == 0
    assert white > 0.5 * (inner.width() // 7) * (inner.height() // 7)  # the cards are drawn
    settled = window.cycle.card.grab().toImage()
    moving = frame.copy(card)
    assert moving != settled  # this frame is truly mid-way, not the final picture
