"""Slide pictures, decoded at the size shown (bounded memory), or a placeholder."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPen, QPixmap

from kiosk.content.files import MAX_IMAGE_BYTES

log = logging.getLogger(__name__)


class ImageLoadError(Exception):
    """A picture that cannot be shown, with the reason."""


def load_scaled(path: Path, bounds: QSize) -> QImage:
    """Decode ``path`` to fit inside ``bounds`` (aspect kept) without decoding it full size."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageLoadError(f"cannot open {path.name}: {exc.strerror or exc}") from exc
    if size > MAX_IMAGE_BYTES:
        raise ImageLoadError(f"{path.name} is too big ({size // (1024 * 1024)} MB)")
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid() and not original.isEmpty():
        reader.setScaledSize(original.scaled(bounds, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise ImageLoadError(f"{path.name} cannot be shown: {reader.errorString()}")
    return image


def placeholder(size: QSize, fill: str, mark: str) -> QPixmap:
    """A calm neutral panel with a soft landscape mark, shown where a picture is missing."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor(fill))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(mark), max(2.0, size.height() / 60))
    painter.setPen(pen)
    side = min(size.width(), size.height()) / 4
    frame = QRectF((size.width() - side) / 2, (size.height() - side) / 2, side, side * 0.75)
    painter.drawRoundedRect(frame, side / 10, side / 10)
    painter.drawEllipse(
        QRectF(frame.center().x() - side / 5, frame.top() + side / 8, side / 7, side / 7)
    )
    painter.end()
    return pixmap
