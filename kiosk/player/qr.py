"""QR codes a phone can read from arm's length: error correction M or better, 4-module quiet zone.

The code is drawn with whole pixels per module (no smoothing), so it stays crisp at any size. A
code whose modules would be smaller than the theme's ``qr_module_min`` is not drawn at all: a
patient is told there is no code rather than shown one no phone reads (see kiosk/content/qrcodes).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.content.qrcodes import (
    ERROR_CORRECTION,
    QUIET_ZONE_MODULES,
    QrError,
    address_problem,
    qr_matrix,
    side_in_modules,
)

__all__ = ["ERROR_CORRECTION", "QUIET_ZONE_MODULES", "QrError", "QrView", "qr_image", "qr_matrix"]


@lru_cache(maxsize=64)
def qr_image(text: str, max_px: int, min_module_px: int = 1) -> QImage:
    """A square black-on-white image of at most ``max_px`` pixels, quiet zone included.

    Raises ``QrError`` when no code can be made, or when its modules would be smaller than
    ``min_module_px``. Cached: the same reference shows up every time its slide is opened.
    """
    wrong = address_problem(text)
    if wrong:  # a code that scans, then fails on the phone, is no help
        raise QrError(wrong)
    matrix = qr_matrix(text)
    modules = len(matrix) + 2 * QUIET_ZONE_MODULES
    module_px = max_px // modules
    if module_px < max(1, min_module_px):
        raise QrError("The address is too long for a code a phone can read at this size.")
    side = modules * module_px
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left = (x + QUIET_ZONE_MODULES) * module_px
                top = (y + QUIET_ZONE_MODULES) * module_px
                painter.drawRect(QRect(left, top, module_px, module_px))
    painter.end()
    return image


class QrView(QWidget):
    """A code as large as its room allows (up to ``max_px``), never cut: it shrinks in whole
    pixels per module down to ``min_module_px``, and asks the layout for that much room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._text = ""
        self._modules = 0
        self._max_px = 240
        self._min_module_px = 1

    def set_code(self, text: str, max_px: int, min_module_px: int) -> bool:
        """Show ``text``'s code; False (and nothing drawn) when no readable code can be made."""
        self._text, self._max_px, self._min_module_px = text, max_px, min_module_px
        try:
            if address_problem(text):
                raise QrError(text)
            self._modules = side_in_modules(text) if text else 0
        except QrError:
            self._modules = 0
        readable = self._modules > 0 and self._modules * min_module_px <= max_px
        if not readable:
            self._modules = 0
        self.setMinimumSize(self.minimumSizeHint())
        self.setMaximumSize(QSize(max_px, max_px) if readable else QSize(0, 0))
        self.updateGeometry()
        self.update()
        return readable

    @property
    def text(self) -> str:
        return self._text

    def drawn_side(self) -> int:
        """The code's side in pixels as drawn now (0 when none fits)."""
        if not self._modules:
            return 0
        module = min(self.width(), self.height(), self._max_px) // self._modules
        return self._modules * module if module >= self._min_module_px else 0

    def sizeHint(self) -> QSize:
        return QSize(self._max_px, self._max_px) if self._modules else QSize(0, 0)

    def minimumSizeHint(self) -> QSize:
        side = self._modules * self._min_module_px
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = self.drawn_side()
        if not side:
            return
        image = qr_image(self._text, side, self._min_module_px)
        painter = QPainter(self)
        left = (self.width() - image.width()) // 2
        top = (self.height() - image.height()) // 2
        painter.drawImage(left, top, image)
        painter.end()
