"""Slide pictures, decoded at the size shown (bounded memory), or a placeholder.

The file is read through the content folder's safe opener, its real kind is read from its first
bytes (an SVG or PDF named .png never reaches a decoder), its declared size is checked before
decoding, and the decoder itself is given an allocation limit. Decoded pictures are kept for
the next showing, so a slide that comes round again costs nothing.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPen, QPixmap

from kiosk.content import Deck, Problem, files
from kiosk.content.files import MAX_IMAGE_BYTES, SLIDES_DIR, UnreadableFileError, resolve_inside
from kiosk.content.pictures import PictureError, read_header

log = logging.getLogger(__name__)

#: What the decoder may allocate, in MB, whatever the header said (4 bytes per pixel of the
#: largest picture allowed, 24 million pixels, and some room).
ALLOCATION_LIMIT_MB: Final = 128
#: Decoded pictures kept for their next showing (a card picture is a few MB).
_CACHE_SIZE: Final = 8
_cache: OrderedDict[tuple[str, int, int, int, int], QImage | str] = OrderedDict()


class ImageLoadError(Exception):
    """A picture that cannot be shown, with the reason."""


def load_scaled(path: Path, bounds: QSize, folder: Path | None = None) -> QImage:
    """Decode ``path`` to fit inside ``bounds`` (aspect kept) without decoding it full size.

    ``folder``: the content folder the picture must stay inside once links are followed.
    A picture decoded (or refused) before, unchanged since, is not decoded again.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise ImageLoadError(f"cannot open {path.name}: {exc.strerror or exc}") from exc
    key = (str(path), info.st_mtime_ns, info.st_size, bounds.width(), bounds.height())
    cached = _cache.get(key)
    if cached is None:
        try:
            cached = _decode(path, bounds, folder)
        except ImageLoadError as exc:
            cached = str(exc)
        _cache[key] = cached
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    _cache.move_to_end(key)
    if isinstance(cached, str):
        raise ImageLoadError(cached)
    return cached


def _decode(path: Path, bounds: QSize, folder: Path | None) -> QImage:
    try:
        data = files.read_bytes(path, MAX_IMAGE_BYTES, inside=folder)
        header = read_header(data)
    except UnreadableFileError as exc:
        raise ImageLoadError(f"{path.name}: {exc.message}") from exc
    except PictureError as exc:
        raise ImageLoadError(f"{path.name} is not shown: {exc.message}") from exc
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    # The kind read from the contents, never guessed again by Qt (which would try SVG, PDF...).
    reader = QImageReader(buffer, header.kind.encode("ascii"))
    reader.setDecideFormatFromContent(False)
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
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


def undecodable_pictures(deck: Deck) -> list[Problem]:
    """Each slide picture that passes the header checks but still cannot be decoded (cut short,
    damaged): for ``--check``, which otherwise reads only headers. Needs no display."""
    problems: list[Problem] = []
    for slide in deck.slides:
        path = resolve_inside(deck.folder, slide.image) if slide.image else None
        if path is None or not path.is_file():
            continue
        try:
            _decode(path, QSize(320, 320), deck.folder)
        except ImageLoadError as exc:
            name = f"{SLIDES_DIR}/{slide.file_name}"
            problems.append(
                Problem(
                    name,
                    f"image: '{slide.image}' is damaged or cut short "
                    f"({str(exc).rsplit(': ', 1)[-1]}). A plain background is shown instead.",
                    _image_line(deck.folder / name),
                    "image",
                    slide_id=slide.id,
                )
            )
    return problems


def _image_line(path: Path) -> int | None:
    try:
        lines = files.read_text(path, files.MAX_SLIDE_BYTES).splitlines()
    except UnreadableFileError:
        return None
    return next((n for n, line in enumerate(lines, 1) if line.startswith("image:")), None)
