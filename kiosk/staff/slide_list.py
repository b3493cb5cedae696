"""The staff's list of slides, as a Qt model (the view shows it; the model holds no widget)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from kiosk.content import Slide
from kiosk.content.files import resolve_inside
from kiosk.ui.images import ImageLoadError, load_scaled, placeholder

SLIDE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
LIVE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
THUMBNAIL: Final = QSize(96, 54)
#: Theme colours the tiles use, for a model made without a theme.
_FALLBACK_COLORS: Final = {
    "accent": "#23645A",
    "on_accent": "#FFFFFF",
    "dot": "#B9B1A3",
    "placeholder": "#DCE6E2",
    "placeholder_mark": "#9DB8AF",
}

Index = QModelIndex | QPersistentModelIndex


class SlideListModel(QAbstractListModel):
    """Rows are slides in showing order: title, live or hidden (and why), a thumbnail."""

    def __init__(self, colors: dict[str, str] | None = None) -> None:
        super().__init__()
        self._slides: tuple[Slide, ...] = ()
        self._why_not: dict[str, str] = {}
        self._colors = {**_FALLBACK_COLORS, **(colors or {})}
        self._thumbnails: dict[tuple[str, bool], QPixmap] = {}
        self._pictures: dict[tuple[str, int, int, bool], QPixmap] = {}
        self._folder: Path | None = None

    def set_slides(
        self,
        slides: tuple[Slide, ...],
        why_not: dict[str, str] | None = None,
        folder: Path | None = None,
    ) -> None:
        """``why_not`` maps slide ids to the reason they are not live (hidden, out of schedule);
        ``folder``: the content folder, where the slides' pictures are."""
        self.beginResetModel()
        self._slides = slides
        self._folder = folder
        if len(self._pictures) > 4 * max(1, len(slides)):  # old versions of changed pictures
            self._pictures.clear()
        self._why_not = dict(why_not or {})
        for slide in slides:
            if not slide.enabled:
                self._why_not.setdefault(slide.id, "Hidden")
        self.endResetModel()

    def slide_at(self, row: int) -> Slide | None:
        return self._slides[row] if 0 <= row < len(self._slides) else None

    def row_of(self, slide_id: str) -> int:
        return next((i for i, s in enumerate(self._slides) if s.id == slide_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._slides)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        slide = self.slide_at(index.row()) if index.isValid() else None
        if slide is None:
            return None
        reason = self._why_not.get(slide.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{slide.title}\n{'Live' if reason is None else reason}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(slide, live=reason is None)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{slide.file_name}: {slide.teaser}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{slide.title}, {'live' if reason is None else reason.lower()}"
        if role == SLIDE_ROLE:
            return slide
        if role == LIVE_ROLE:
            return reason is None
        return None

    def _thumbnail(self, slide: Slide, *, live: bool) -> QPixmap:
        """The slide's picture, or its initial on the accent colour; greyed when not live."""
        picture = self._picture_path(slide)
        if picture is None:
            return self._letter_tile(slide.title[:1].upper(), live)
        try:
            stat = picture.stat()
        except OSError:
            stat = None
        key = (str(picture), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0, live)
        cached = self._pictures.get(key)
        if cached is None:
            cached = self._picture_tile(picture, live)
            self._pictures[key] = cached
        return cached

    def _picture_path(self, slide: Slide) -> Path | None:
        if not slide.image or self._folder is None:
            return None
        return resolve_inside(self._folder, slide.image)

    def _picture_tile(self, path: Path, live: bool) -> QPixmap:
        """The picture filling the tile (cropped to its shape), or the placeholder if broken."""
        try:
            image = load_scaled(
                path, THUMBNAIL.scaled(THUMBNAIL * 4, Qt.AspectRatioMode.KeepAspectRatio)
            )
        except ImageLoadError:
            pixmap = placeholder(
                THUMBNAIL, self._colors["placeholder"], self._colors["placeholder_mark"]
            )
        else:
            filled = image.scaled(
                THUMBNAIL,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            left = (filled.width() - THUMBNAIL.width()) // 2
            top = (filled.height() - THUMBNAIL.height()) // 2
            pixmap = QPixmap.fromImage(filled.copy(QRect(QPoint(left, top), THUMBNAIL)))
        if not live:
            painter = QPainter(pixmap)
            veil = QColor(self._colors["dot"])
            veil.setAlphaF(0.7)  # still recognisable, clearly not on screen
            painter.fillRect(pixmap.rect(), veil)
            painter.end()
        return pixmap

    def _letter_tile(self, letter: str, live: bool) -> QPixmap:
        key = (letter, live)
        cached = self._thumbnails.get(key)
        if cached is not None:
            return cached
        pixmap = QPixmap(THUMBNAIL)
        pixmap.fill(QColor(self._colors["accent"] if live else self._colors["dot"]))
        painter = QPainter(pixmap)
        font = QFont()
        font.setPixelSize(THUMBNAIL.height() // 2)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(self._colors["on_accent"]))
        painter.drawText(QRect(0, 0, THUMBNAIL.width(), THUMBNAIL.height()),
                         Qt.AlignmentFlag.AlignCenter, letter)  # fmt: skip
        painter.end()
        self._thumbnails[key] = pixmap
        return pixmap
