"""Icons for the reading aids, drawn with QPainter so they need no font or image file."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

Draw = Callable[[QPainter, float], None]


def icon(draw: Draw, color: str, size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), max(2.0, size / 12))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    draw(painter, float(size))
    painter.end()
    return QIcon(pixmap)


def text_size(p: QPainter, s: float) -> None:
    """A small and a big letter A."""
    p.drawPolyline(
        [QPointF(s * 0.08, s * 0.85), QPointF(s * 0.25, s * 0.45), QPointF(s * 0.42, s * 0.85)]
    )
    p.drawLine(QPointF(s * 0.15, s * 0.7), QPointF(s * 0.35, s * 0.7))
    p.drawPolyline(
        [QPointF(s * 0.45, s * 0.9), QPointF(s * 0.7, s * 0.12), QPointF(s * 0.95, s * 0.9)]
    )
    p.drawLine(QPointF(s * 0.55, s * 0.62), QPointF(s * 0.85, s * 0.62))


def contrast(p: QPainter, s: float) -> None:
    """A circle, half filled."""
    box = QRectF(s * 0.12, s * 0.12, s * 0.76, s * 0.76)
    p.drawEllipse(box)
    half = QPainterPath()
    half.moveTo(box.center())
    half.arcTo(box, 90, 180)
    half.closeSubpath()
    p.fillPath(half, p.pen().color())


def pause(p: QPainter, s: float) -> None:
    colour = p.pen().color()
    p.fillRect(QRectF(s * 0.25, s * 0.18, s * 0.17, s * 0.64), colour)
    p.fillRect(QRectF(s * 0.58, s * 0.18, s * 0.17, s * 0.64), colour)


def play(p: QPainter, s: float) -> None:
    triangle = QPainterPath()
    triangle.moveTo(s * 0.28, s * 0.16)
    triangle.lineTo(s * 0.84, s * 0.5)
    triangle.lineTo(s * 0.28, s * 0.84)
    triangle.closeSubpath()
    p.fillPath(triangle, p.pen().color())


def speaker(p: QPainter, s: float) -> None:
    body = QPainterPath()
    body.moveTo(s * 0.1, s * 0.38)
    body.lineTo(s * 0.28, s * 0.38)
    body.lineTo(s * 0.5, s * 0.18)
    body.lineTo(s * 0.5, s * 0.82)
    body.lineTo(s * 0.28, s * 0.62)
    body.lineTo(s * 0.1, s * 0.62)
    body.closeSubpath()
    p.fillPath(body, p.pen().color())
    p.drawArc(QRectF(s * 0.42, s * 0.3, s * 0.3, s * 0.4), -50 * 16, 100 * 16)
    p.drawArc(QRectF(s * 0.4, s * 0.16, s * 0.5, s * 0.68), -50 * 16, 100 * 16)
