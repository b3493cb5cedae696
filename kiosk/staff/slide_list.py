"""The staff's list of slides, as a Qt model (the view shows it; the model holds no widget)."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from kiosk.content import Slide

SLIDE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
LIVE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
THUMBNAIL: Final = QSize(96, 54)

Index = QModelIndex | QPersistentModelIndex


class SlideListModel(QAbstractListModel):
    """Rows are slides in showing order: title, live or hidden (and why), a thumbnail."""

    def __init__(self, colors: dict[str, str] | None = None) -> None:
        super().__init__()
        self._slides: tuple[Slide, ...] = ()
        self._why_not: dict[str, str] = {}
        self._colors = colors or {"accent": "#23645A", "on_accent": "#FFFFFF", "dot": "#B9B1A3"}
        self._thumbnails: dict[tuple[str, bool], QPixmap] = {}

    def set_slides(self, slides: tuple[Slide, ...], why_not: dict[str, str] | None = None) -> None:
        """``why_not`` maps slide ids to the reason they are not live (hidden, out of schedule)."""
        self.beginResetModel()
        self._slides = slides
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
        """A small tile: the slide's initial on the accent colour (grey when not live)."""
        key = (slide.title[:1], live)
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
                         Qt.AlignmentFlag.AlignCenter, slide.title[:1].upper())  # fmt: skip
        painter.end()
        self._thumbnails[key] = pixmap
        return pixmap
