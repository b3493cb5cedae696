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
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from kiosk.content import Slide
from kiosk.content.files import resolve_inside
from kiosk.content.screens import only_note
from kiosk.ui.images import ImageLoadError, load_scaled, placeholder

SLIDE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
LIVE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
STATE_ROLE: Final = Qt.ItemDataRole.UserRole + 3  # "Live", or why not: "Hidden", "Starts 1 Oct"
ONLY_ROLE: Final = Qt.ItemDataRole.UserRole + 4  # "Only: Waiting room 2", or None: every screen
#: The tiles' pictures; the list draws them at a size that follows its text (``tile_size``).
THUMBNAIL: Final = QSize(192, 108)
#: Theme colours the tiles use, for a model made without a theme.
_FALLBACK_COLORS: Final = {
    "accent": "#23645A",
    "on_accent": "#FFFFFF",
    "dot": "#B9B1A3",
    "placeholder": "#DCE6E2",
    "placeholder_mark": "#9DB8AF",
    "text": "#1E2A2D",
    "text_muted": "#47575C",
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

    @property
    def colors(self) -> dict[str, str]:
        return self._colors

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
        only = only_note(slide.screens)
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [slide.title, "Live" if reason is None else reason, only]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(slide, live=reason is None)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{slide.file_name}: {slide.teaser}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "live" if reason is None else reason.lower()
            return f"{slide.title}, {state}" + (f", {only.lower()}" if only else "")
        if role == SLIDE_ROLE:
            return slide
        if role == LIVE_ROLE:
            return reason is None
        if role == STATE_ROLE:
            return "Live" if reason is None else reason
        if role == ONLY_ROLE:
            return only
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


class SlideTileDelegate(QStyledItemDelegate):
    """Draws a row: the thumbnail, the title (up to three lines), and always its state below.

    Qt's own drawing elides the text's last line away once a title wraps or the row's selection
    border takes room, and "Live"/"Hidden" was that line; here the state line is laid out first.
    """

    TITLE_LINES: Final = 3

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        background.icon = QIcon()
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        slide = index.data(SLIDE_ROLE)
        if not isinstance(slide, Slide):
            return
        rect = option.rect.adjusted(*self._margins(option))
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        painter.save()
        tile = tile_size(option.font)
        if isinstance(pixmap, QPixmap):
            top = rect.top() + (rect.height() - tile.height()) // 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(QRect(QPoint(rect.left(), top), tile), pixmap)
        text_rect = rect.adjusted(tile.width() + self._gap(option), 0, 0, 0)
        title, state = self._lines(option, index, text_rect.width())
        only = self._only_lines(option, index, text_rect.width())
        metrics = QFontMetrics(option.font)
        height = metrics.lineSpacing() * (len(title) + len(state) + len(only))
        y = text_rect.top() + max(0, (text_rect.height() - height) // 2)
        painter.setPen(QColor(self._color(index, "text")))
        painter.setFont(option.font)
        for line in title:
            painter.drawText(text_rect.left(), y + metrics.ascent(), line)
            y += metrics.lineSpacing()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        live = bool(index.data(LIVE_ROLE))
        painter.setPen(QColor(self._color(index, "accent" if live else "text_muted")))
        bold_metrics = QFontMetrics(bold)
        for line in state:
            painter.drawText(text_rect.left(), y + bold_metrics.ascent(), line)
            y += metrics.lineSpacing()
        painter.setFont(option.font)  # which screens: a quiet note under the state
        painter.setPen(QColor(self._color(index, "text_muted")))
        for line in only:
            painter.drawText(text_rect.left(), y + metrics.ascent(), line)
            y += metrics.lineSpacing()
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        left, top, right, bottom = self._margins(option)
        widget = option.widget
        width = (
            widget.viewport().width() - 2 * widget.spacing()
            if isinstance(widget, QListView)
            else 320
        )
        tile = tile_size(option.font)
        text_width = width - left + right - tile.width() - self._gap(option)
        title, state = self._lines(option, index, text_width)
        only = self._only_lines(option, index, text_width)
        metrics = QFontMetrics(option.font)
        text_height = metrics.lineSpacing() * (len(title) + len(state) + len(only))
        return QSize(width, max(tile.height(), text_height) + top - bottom)

    def lines(self, option: QStyleOptionViewItem, index: Index, width: int) -> list[str]:
        """The lines a row shows at ``width`` pixels of text (for tests)."""
        title, state = self._lines(option, index, width)
        return title + state + self._only_lines(option, index, width)

    def _only_lines(self, option: QStyleOptionViewItem, index: Index, width: int) -> list[str]:
        note = index.data(ONLY_ROLE)
        if not isinstance(note, str):
            return []
        return _wrap(note, QFontMetrics(option.font), max(1, width), 2)

    def _lines(
        self, option: QStyleOptionViewItem, index: Index, width: int
    ) -> tuple[list[str], list[str]]:
        slide = index.data(SLIDE_ROLE)
        if not isinstance(slide, Slide):
            return [], []
        metrics = QFontMetrics(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        state = str(index.data(STATE_ROLE) or "")
        return (
            _wrap(slide.title, metrics, max(1, width), self.TITLE_LINES),
            _wrap(state, QFontMetrics(bold), max(1, width), 2),
        )

    def _margins(self, option: QStyleOptionViewItem) -> tuple[int, int, int, int]:
        # Room for the selection border and the stylesheet's item padding.
        pad = QFontMetrics(option.font).height() // 3
        return pad, pad, -pad, -pad

    def _gap(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).height() // 2

    def _color(self, index: Index, name: str) -> str:
        model = index.model()
        colors = model.colors if isinstance(model, SlideListModel) else _FALLBACK_COLORS
        return colors.get(name, _FALLBACK_COLORS.get(name, "#1E2A2D"))


def tile_size(font: QFont) -> QSize:
    """The thumbnail's size in the list: two lines of its text high, the screen's shape."""
    height = QFontMetrics(font).lineSpacing() * 2
    return QSize(height * 16 // 9, height)


def _wrap(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` in lines of at most ``width`` pixels, at most ``most`` lines (the last elided)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and metrics.horizontalAdvance(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
