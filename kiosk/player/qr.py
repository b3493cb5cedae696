"""QR codes a phone can read from arm's length: error correction M or better, 4-module quiet zone.

The code is drawn with whole pixels per module (no smoothing), so it stays crisp at any size.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_ZONE_MODULES: Final = 4
ERROR_CORRECTION: Final = "m"


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (without quiet zone), ``True`` for dark."""
    import segno  # 20 ms to import: not on the start-up path

    code = segno.make_qr(text, error=ERROR_CORRECTION, boost_error=True)
    return [[bool(cell) for cell in row] for row in code.matrix]


@lru_cache(maxsize=64)
def qr_image(text: str, max_px: int) -> QImage:
    """A square black-on-white image of at most ``max_px`` pixels, quiet zone included.

    Cached: the same reference shows up every time its slide is opened.
    """
    matrix = qr_matrix(text)
    modules = len(matrix) + 2 * QUIET_ZONE_MODULES
    module_px = max(1, max_px // modules)
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
