"""The Screens page (desk editor and staff mode): every screen sharing the content folder.

One row per screen, from the reports each kiosk writes into ``status/`` about once a minute
(:mod:`kiosk.sync.status`): its name, when it was last seen (or "Not seen for 12 minutes — check
it is on" once it has missed three reports), what it shows, its problems, and a small picture of
its screen; a tap on a row shows its picture large. The page follows the folder only while it is
on screen, and says "2 minutes ago" afresh every half minute meanwhile.

A screen that has stopped reporting (retired, renamed, moved to another clinic) can be forgotten
from its picture: two taps, like "Erase statistics". The page only asks (``forget_requested``);
whoever owns the folder removes the files and answers with :meth:`ScreensPage.forgotten` or
:meth:`ScreensPage.not_forgotten`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QImage,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.sync import status as words
from kiosk.sync.status import Report
from kiosk.ui.status_watcher import Seen, StatusWatcher
from kiosk.ui.widgets import named

Index = QModelIndex | QPersistentModelIndex
Clock = Callable[[], dt.datetime]

#: What a row says, line by line (name, last seen, showing, problems, more), and its state.
LINES_ROLE: Final = Qt.ItemDataRole.UserRole + 1
STALE_ROLE: Final = Qt.ItemDataRole.UserRole + 2
PICTURE_ROLE: Final = Qt.ItemDataRole.UserRole + 3
#: "2 minutes ago" is said again this often while the page shows.
REFRESH_MS: Final = 30_000
INTRO: Final = (
    "Every screen that shares this content folder reports here about once a minute. A screen "
    "not seen for three minutes may be switched off, frozen or cut off from the network. "
    "Tap a screen to see its picture large."
)
NONE_YET: Final = (
    "No screen has reported yet. Each running kiosk reports here about once a minute, once its "
    "content folder is shared (see \u201cMany screens\u201d in the README)."
)
_FALLBACK_COLORS: Final = {
    "text": "#1E2A2D",
    "text_muted": "#47575C",
    "accent": "#23645A",
    "important_bg": "#9B2C1F",
    "placeholder": "#DCE6E2",
}
FORGET_TEXT: Final = "Forget this screen"
#: The second tap must come this soon after the first, or the button says FORGET_TEXT again.
CONFIRM_MS: Final = 5000
#: The confirmation names the screen, cut to this many characters to fit beside "Back".
CONFIRM_NAME_CHARS: Final = 24
#: Under a screen that still reports: why it has no "Forget" button.
STILL_REPORTING: Final = "It is still reporting, so it cannot be forgotten."
NO_PICTURE: Final = "No picture yet"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ScreensModel(QAbstractListModel):
    """Rows are screens, by name; what each says is worked out against ``clock``."""

    def __init__(self, clock: Clock = utc_now, colors: dict[str, str] | None = None) -> None:
        super().__init__()
        self._clock = clock
        self._seen: list[Seen] = []
        self._pixmaps: list[QPixmap | None] = []
        self.colors = {**_FALLBACK_COLORS, **(colors or {})}

    def set_reports(self, seen: list[Seen]) -> None:
        self.beginResetModel()
        self._seen = list(seen)
        self._pixmaps = [
            QPixmap.fromImage(image) if image is not None else None for _, image in seen
        ]
        self.endResetModel()

    def now(self) -> dt.datetime:
        return self._clock()

    def refresh(self) -> None:
        """Time has passed: "2 minutes ago" becomes "3 minutes ago", a screen may go stale."""
        if self._seen:
            self.dataChanged.emit(self.index(0), self.index(len(self._seen) - 1))

    def seen(self) -> list[Seen]:
        return list(self._seen)

    def report_at(self, row: int) -> Report | None:
        return self._seen[row][0] if 0 <= row < len(self._seen) else None

    def picture_at(self, row: int) -> QImage | None:
        return self._seen[row][1] if 0 <= row < len(self._seen) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._seen)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        report = self.report_at(index.row()) if index.isValid() else None
        if report is None:
            return None
        now = self._clock()
        if role == LINES_ROLE:
            return row_lines(report, now)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return ". ".join(row_lines(report, now))
        if role == STALE_ROLE:
            return report.stale(now)
        if role == PICTURE_ROLE:
            return self._pixmaps[index.row()]
        return None


def row_lines(report: Report, now: dt.datetime) -> list[str]:
    """Name, last seen, what it shows, its problems (one a line), then running time and disk."""
    lines = [report.name, words.last_seen(report, now)]
    status = report.status
    if status is None:
        return lines
    stale = report.stale(now)
    lines.append(("When last seen: " if stale else "") + words.showing_words(status))
    first, *problems = words.problems_words(status).splitlines()
    lines.append(first.removesuffix(":") if not problems else first)
    lines += [f"\u2022 {line}" for line in problems]
    extra = []
    up = now - status.up_since
    if not stale and up >= dt.timedelta(minutes=1):
        extra.append(f"Running for {words.ago(up).removesuffix(' ago')}")
    disk = words.disk_words(status)
    if disk:
        extra.append(f"{disk} on its disk")
    if extra:
        joined = "; ".join(extra)
        lines.append(joined[:1].upper() + joined[1:])
    return lines


class ScreenRowDelegate(QStyledItemDelegate):
    """A row: the screen's picture on the left, its lines beside it (each wrapped, never cut)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        lines = index.data(LINES_ROLE)
        if not isinstance(lines, list):
            return
        pad = self._pad(option)
        rect = option.rect.adjusted(pad, pad, -pad, -pad)
        picture = picture_size(option.font)
        colors = _colors(index)
        painter.save()
        self._paint_picture(painter, index, QRect(rect.topLeft(), picture), colors)
        text_left = rect.left() + picture.width() + pad
        text_width = max(1, rect.right() - text_left)
        y = rect.top()
        stale = bool(index.data(STALE_ROLE))
        for n, (line, font) in enumerate(zip(lines, self._fonts(option, lines), strict=True)):
            painter.setFont(font)
            color = colors["text"]
            if n == 1:
                color = colors["important_bg"] if stale else colors["accent"]
            elif n >= 2 and stale:
                color = colors["text_muted"]
            painter.setPen(QColor(color))
            box = QRect(text_left, y, text_width, 100_000)
            flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
            used = QFontMetrics(font).boundingRect(box, flags, line)
            painter.drawText(box, flags, line)
            y += used.height()
        painter.restore()

    def _paint_picture(
        self, painter: QPainter, index: Index, box: QRect, colors: dict[str, str]
    ) -> None:
        pixmap = index.data(PICTURE_ROLE)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            scaled = pixmap.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(box.topLeft(), scaled)
            target.moveCenter(box.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, pixmap)
            return
        painter.fillRect(box, QColor(colors["placeholder"]))
        painter.setPen(QColor(colors["text_muted"]))
        painter.drawText(
            box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, "No picture yet"
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        widget = option.widget
        width = (
            widget.viewport().width() - 2 * widget.spacing()
            if isinstance(widget, QListView)
            else 640
        )
        lines = index.data(LINES_ROLE)
        pad = self._pad(option)
        picture = picture_size(option.font)
        text_width = max(1, width - 3 * pad - picture.width())
        height = 0
        if isinstance(lines, list):
            for line, font in zip(lines, self._fonts(option, lines), strict=True):
                box = QRect(0, 0, text_width, 100_000)
                flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                height += QFontMetrics(font).boundingRect(box, flags, line).height()
        return QSize(width, max(picture.height(), height) + 2 * pad)

    def _fonts(self, option: QStyleOptionViewItem, lines: list[str]) -> list[QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return [bold, bold, *([option.font] * (len(lines) - 2))]

    def _pad(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).height() // 3


def picture_size(font: QFont) -> QSize:
    """A screen's picture in its row: five lines of text high, the shape of a wide screen."""
    height = QFontMetrics(font).lineSpacing() * 5
    return QSize(height * 16 // 9, height)


def _short(name: str, most: int = CONFIRM_NAME_CHARS) -> str:
    """A name short enough for a button beside "Back" on a portrait screen (whole above it)."""
    name = " ".join(name.split())
    return name if len(name) <= most else name[: most - 1].rstrip() + "\u2026"


def _colors(index: Index) -> dict[str, str]:
    model = index.model()
    return model.colors if isinstance(model, ScreensModel) else dict(_FALLBACK_COLORS)


class ScreensPage(QWidget):
    """The list of screens, or one screen's picture large (and, once it has stopped reporting,
    a way to forget it)."""

    #: Staff confirmed "Forget this screen": the Report of the screen to forget.
    forget_requested = Signal(object)

    def __init__(
        self,
        watcher: StatusWatcher,
        parent: QWidget | None = None,
        *,
        clock: Clock = utc_now,
        colors: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ScreensPage")
        self.watcher = watcher
        self.model = ScreensModel(clock, colors)
        self.intro = named(QLabel(INTRO, self, wordWrap=True), "ScreensIntro")
        self.empty = named(QLabel(NONE_YET, self, wordWrap=True), "ScreensEmpty")
        self.list = named(QListView(self), "ScreenList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ScreenRowDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(4)
        self.list.clicked.connect(self._open_picture)
        self.message = named(QLabel(self, wordWrap=True), "StaffStatus")
        self.message.hide()  # shown with a message: a screen forgotten, or why it was not
        self.picture_title = named(QLabel(self, wordWrap=True), "ScreenPictureTitle")
        self.picture_note = named(QLabel(self, wordWrap=True), "ScreenPictureNote")
        self.picture = named(QLabel(self), "ScreenPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its pixmap never sizes the page: the picture is fitted to the room it is given.
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.back = QPushButton("Back to the screens", self)
        self.back.clicked.connect(self.close_picture)
        self.forget = QPushButton(FORGET_TEXT, self)
        self.forget.clicked.connect(self._forget_clicked)
        self._confirm = QTimer(self, singleShot=True, interval=CONFIRM_MS)
        self._confirm.timeout.connect(self._disarm_forget)
        self._image: QImage | None = None
        self._report: Report | None = None  # the screen shown large
        self._forgetting = False  # asked; the answer has not come yet
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.forget)
        big = QWidget(self)
        big_layout = QVBoxLayout(big)
        big_layout.setContentsMargins(0, 0, 0, 0)
        big_layout.addWidget(self.picture_title)
        big_layout.addWidget(self.picture_note)
        big_layout.addWidget(self.picture, 1)
        big_layout.addLayout(buttons)
        listing = QWidget(self)
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.intro)
        list_layout.addWidget(self.empty)
        list_layout.addWidget(self.list, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(listing)
        self.stack.addWidget(big)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.stack, 1)
        self._tick = QTimer(self, interval=REFRESH_MS)
        self._tick.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._tick.timeout.connect(self.model.refresh)
        self._tick.timeout.connect(self._show_state)
        watcher.reports_changed.connect(self.set_reports)
        self.set_reports(watcher.seen)

    def set_reports(self, seen: list[Seen]) -> None:
        self.model.set_reports(seen)
        self.empty.setVisible(not seen)
        self.list.setVisible(bool(seen))
        if self._report is not None:  # shown large: follow its newer report, or leave if gone
            newer = next((r for r, _ in seen if r.file == self._report.file), None)
            if newer is None:
                self.close_picture()
            else:
                self._report = newer
                self._show_state()

    @property
    def showing_picture(self) -> bool:
        return self.stack.currentIndex() == 1

    def _open_picture(self, index: QModelIndex) -> None:
        """Any screen opens, with or without a picture: this is where one is forgotten too."""
        report = self.model.report_at(index.row())
        if report is None:
            return
        image = self.model.picture_at(index.row())
        self._report, self._image = report, image
        self._say("")
        self._disarm_forget()
        taken = report.status.picture_taken if report.status is not None else None
        age = max(dt.timedelta(0), self.model.now() - taken) if taken else None
        when = f" (taken {words.ago(age)})" if age is not None and image is not None else ""
        self.picture_title.setText(f"{report.name}{when}")
        self.picture.clear()
        if image is None:
            self.picture.setText(NO_PICTURE)
        self._show_state()
        self.stack.setCurrentIndex(1)
        self._fit_picture()

    def close_picture(self) -> None:
        self.stack.setCurrentIndex(0)
        self._image = None
        self._report = None
        self._disarm_forget()
        self.picture.clear()

    # -- forgetting a screen that has stopped ------------------------------------------------------
    def _show_state(self) -> None:
        """When it was last seen; the Forget button only once it has stopped (a screen still
        running would simply report again within a minute)."""
        report = self._report
        if report is None:
            return
        now = self.model.now()
        stale = report.stale(now)
        seen = words.last_seen(report, now)
        self.picture_note.setText(seen if stale else f"{seen}. {STILL_REPORTING}")
        if not stale:
            self._disarm_forget()
        self.forget.setVisible(stale)
        self.forget.setEnabled(not self._forgetting)

    def _forget_clicked(self) -> None:
        report = self._report
        if report is None or self._forgetting or not report.stale(self.model.now()):
            return
        if not self._confirm.isActive():
            self.forget.setText(f"Tap again to forget {_short(report.name)}")
            self._confirm.start()
            return
        self._disarm_forget()
        self._forgetting = True
        self.forget.setEnabled(False)
        self._say(f"Forgetting {report.name}\u2026")
        self.forget_requested.emit(report)

    def _disarm_forget(self) -> None:
        self._confirm.stop()
        self.forget.setText(FORGET_TEXT)

    def forgotten(self, report: Report) -> None:
        """Its files are gone: back to the list, read again at once, and say so."""
        self._forgetting = False
        self.forget.setEnabled(True)
        if self._report is not None and self._report.file == report.file:
            self.close_picture()
        self.set_reports([seen for seen in self.model.seen() if seen[0].file != report.file])
        self.watcher.reload_now()
        self._say(f"Forgot {report.name}.")

    def not_forgotten(self, message: str) -> None:
        """Its files could not all be removed: it stays, and ``message`` says why."""
        self._forgetting = False
        self.forget.setEnabled(True)
        self._say(message)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _fit_picture(self) -> None:
        if self._image is None:
            return
        room = self.picture.size()
        # Up to twice its size: larger only blurs it.
        most = QSize(self._image.width() * 2, self._image.height() * 2)
        target = most.scaled(room.boundedTo(most), Qt.AspectRatioMode.KeepAspectRatio)
        self.picture.setPixmap(
            QPixmap.fromImage(self._image).scaled(
                target,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.showing_picture:
            QTimer.singleShot(0, self, self._fit_picture)  # never after the page is gone

    # Followed only while staff look at it: a kiosk's staff mode costs nothing otherwise.
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.watcher.start()
        self.model.refresh()
        self._tick.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._disarm_forget()  # leaving the page: the next visit starts with one tap again
        self.watcher.stop()
        self._tick.stop()
        super().hideEvent(event)
