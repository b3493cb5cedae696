"""Staff mode's announcements panel: post a notice in three taps, see and remove live ones.

Tap a ready-made phrase (or type), tap how long it stays, tap Post. A notice shows on every
screen unless staff untick "Every screen" and tick the screens it is for (the same "Shown on"
choice as a slide's). Everything is written to the content folder's announcements.yaml, which
the kiosk's banner follows. Reads and writes run
off the GUI thread (:mod:`kiosk.ui.tasks`), so a slow share never freezes the screen; while one
runs, the buttons that write wait for it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import announcements as notices
from kiosk.content.announcements import Announcement, AnnouncementError, Board
from kiosk.content.problems import Problem
from kiosk.content.screens import known_names
from kiosk.staff.flow import FlowLayout
from kiosk.staff.screens_picker import ScreensPicker
from kiosk.staff.settings_page import SAVING
from kiosk.storage import announcements as board_file
from kiosk.storage.atomic import SaveError
from kiosk.ui.tasks import Task, runner
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

#: (key, button text, what parse_until understands; None: no end; "" : the date-time field).
DURATIONS: Final = (
    ("30m", "30 min", "30m"),
    ("1h", "1 h", "1h"),
    ("2h", "2 h", "2h"),
    ("eod", "End of day", "end of day"),
    ("at", "Until\u2026", ""),
    ("none", "Until removed", None),
)
DEFAULT_DURATION: Final = "eod"
#: How often the list of live notices is looked at again while the panel shows.
REFRESH_MS: Final = 30_000


class AnnouncePanel(QWidget):
    """Posts announcements to ``folder``; ``clock`` gives the time (aware datetime)."""

    posted = Signal()  # a new announcement was saved
    changed = Signal()  # announcements.yaml was written (posted, removed, phrase kept)

    def __init__(
        self,
        folder: Path,
        clock: Clock | None = None,
        parent: QWidget | None = None,
        *,
        zone: dt.tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AnnouncePanel")
        self._folder = Path(folder)
        self._own_clock = clock is None
        self._clock: Clock = clock or (lambda: dt.datetime.now().astimezone())
        self._zone = zone
        if zone is not None:
            self.set_zone(zone)
        self._board = Board()
        self._writing: Task | None = None  # the write running now, if any
        self._reading: Task | None = None
        self._read_again = False
        self.phrase_buttons: list[QPushButton] = []
        self.remove_buttons: dict[str, QPushButton] = {}
        self._known_screens: list[str] = []

        self.heading = named(QLabel("Announcements on the screen", self), "StaffHeading")
        self._phrases = FlowLayout()
        self.text = QLineEdit(self)
        self.text.setMaxLength(notices.MAX_TEXT)
        self.text.setPlaceholderText("Type a notice, or tap a ready-made one above")
        self.text.setClearButtonEnabled(True)
        self.keep_button = QPushButton("Keep this phrase", self)
        self.keep_button.clicked.connect(self.keep_phrase)

        self.durations = QButtonGroup(self)
        self.duration_buttons: dict[str, QPushButton] = {}
        duration_row = FlowLayout()  # one row on a wide screen, two on a portrait one
        for key, label, _ in DURATIONS:
            button = _toggle(label, self)
            self.durations.addButton(button)
            self.duration_buttons[key] = button
            duration_row.add(button)
        self.duration_buttons[DEFAULT_DURATION].setChecked(True)
        self.until_edit = QDateTimeEdit(self, calendarPopup=True)
        self.until_edit.setDisplayFormat("yyyy-MM-dd  HH:mm")
        self.until_edit.hide()
        self.duration_buttons["at"].toggled.connect(self._on_until_toggled)
        duration_row.add(self.until_edit)

        self.styles = QButtonGroup(self)
        self.info_button = _toggle("Info", self)
        self.important_button = _toggle("Important", self)
        self.info_button.setChecked(True)
        for button in (self.info_button, self.important_button):
            self.styles.addButton(button)
        self.screens = ScreensPicker(self, what="notice", compact=True)
        self.post_button = named(QPushButton("Post", self), "StaffPrimary")
        self.post_button.clicked.connect(self.post)
        self.status = named(QLabel(self, wordWrap=True), "StaffStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self._live_box = named(QWidget(self), "LiveAnnouncementsBox")
        self._live_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._live_layout = QVBoxLayout(self._live_box)
        live_scroll = named(QScrollArea(self), "LiveAnnouncements")
        live_scroll.setWidgetResizable(True)
        live_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        live_scroll.setWidget(self._live_box)

        text_row = QHBoxLayout()
        text_row.addWidget(self.text, 1)
        text_row.addWidget(self.keep_button)
        post_row = QHBoxLayout()
        post_row.addWidget(QLabel("Style", self))
        post_row.addWidget(self.info_button)
        post_row.addWidget(self.important_button)
        post_row.addStretch(1)
        post_row.addWidget(self.post_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel("1. Tap a ready-made notice, or type one", self))
        layout.addLayout(self._phrases)
        layout.addLayout(text_row)
        layout.addWidget(QLabel("2. How long should it show?", self))
        layout.addLayout(duration_row)
        layout.addWidget(QLabel("3. Which screens should show it?", self))
        layout.addWidget(self.screens)
        layout.addWidget(QLabel("4. Post it", self))
        layout.addLayout(post_row)
        layout.addWidget(self.status)
        layout.addWidget(named(QLabel("Showing now", self), "StaffHeading"))
        layout.addWidget(live_scroll, 1)

        self._tick = QTimer(self, interval=REFRESH_MS)
        self._tick.timeout.connect(self.refresh)
        self.refresh()

    # -- reading the folder ------------------------------------------------------------------------
    @property
    def board(self) -> Board:
        return self._board

    @property
    def busy(self) -> bool:
        """A read or a write of announcements.yaml is running."""
        return self._writing is not None or self._reading is not None

    def refresh(self) -> None:
        """Read announcements.yaml again: the ready-made phrases and the live notices."""
        if self._reading is not None:  # it may have started before a write: read again after
            self._read_again = True
            return
        folder, zone = self._folder, self._zone
        self._reading = runner().run(
            lambda: notices.load_announcements(folder, zone),
            self._show_board,
            receiver=self,
            on_error=self._read_failed,
        )

    def _show_board(self, read: tuple[Board, list[Problem]]) -> None:
        self._reading = None
        if self._read_again:
            self._read_again = False
            self.refresh()
        board, problems = read
        for problem in problems:
            log.warning("Announcements: %s", problem)
        self._board = board
        self._offer_screens()
        self._fill_phrases(board.ready_made)
        self._fill_live(board.live(self._clock()))

    def _read_failed(self, error: Exception) -> None:
        self._reading = None
        self._read_again = False  # load_announcements never raises: this is a bug, logged
        log.error("Could not read the announcements", exc_info=error)

    def _fill_phrases(self, phrases: tuple[str, ...]) -> None:
        if tuple(b.text() for b in self.phrase_buttons) == phrases:
            return
        for button in self.phrase_buttons:
            self._phrases.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.phrase_buttons = []
        for phrase in phrases:
            button = named(QPushButton(phrase, self), "ReadyMadePhrase")
            button.clicked.connect(lambda _=False, text=phrase: self.use_phrase(text))
            _polish(button)
            self._phrases.add(button)
            self.phrase_buttons.append(button)

    def _fill_live(self, live: tuple[Announcement, ...]) -> None:
        while self._live_layout.count():
            item = self._live_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden now: deleteLater waits for the event loop, and until then the old row
                # would sit under the new one.
                widget.hide()
                widget.deleteLater()
        self.remove_buttons = {}
        now = self._clock()
        for announcement in live:
            row = named(QWidget(self._live_box), "AnnouncementRow")
            row.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
            words = named(QLabel(row, wordWrap=True), "AnnouncementSummary")
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setText(_describe(announcement, now))
            remove = QPushButton("Remove", row)
            remove.clicked.connect(lambda _=False, key=announcement.id: self.remove(key))
            line = QHBoxLayout(row)
            line.addWidget(words, 1)
            line.addWidget(remove)
            _polish(row, words, remove)
            self._live_layout.addWidget(row)
            self.remove_buttons[announcement.id] = remove
        if not live:
            self._live_layout.addWidget(QLabel("No announcements are showing.", self._live_box))
        self._live_layout.addStretch(1)

    def set_known_screens(self, names: list[str]) -> None:
        """The screens "Which screens" offers (the notices' own names are offered too)."""
        self._known_screens = list(names)
        self._offer_screens()

    def _offer_screens(self) -> None:
        noticed = (name for notice in self._board.announcements for name in notice.screens)
        self.screens.set_known(known_names(self._known_screens, noticed))

    # -- actions ---------------------------------------------------------------------------------
    def use_phrase(self, text: str) -> None:
        self.text.setText(text)
        self.status.clear()

    def set_zone(self, zone: dt.tzinfo) -> None:
        """Follow the clinic's time zone: "17:00", "end of day" and the times in the list are
        the clinic's, whatever zone this computer is set to."""
        self._zone = zone
        if self._own_clock:
            self._clock = lambda: dt.datetime.now(dt.UTC).astimezone(zone)

    def duration_key(self) -> str:
        return next(k for k, b in self.duration_buttons.items() if b.isChecked())

    def until(self) -> dt.datetime | None:
        """The end the chosen duration means now; raises AnnouncementError."""
        key = self.duration_key()
        wording = next(words for k, _, words in DURATIONS if k == key)
        now = self._clock()
        if wording is None:
            return None
        if wording:
            return notices.parse_until(wording, now, self._zone)
        picked = self.until_edit.dateTime()
        date, time = picked.date(), picked.time()
        naive = dt.datetime(date.year(), date.month(), date.day(), time.hour(), time.minute())
        moment = naive.replace(tzinfo=self._zone) if self._zone else naive.astimezone()
        if moment <= now:
            raise AnnouncementError("That time has already passed. Choose a later one.")
        return moment

    def post(self) -> None:
        try:
            until = self.until()
        except AnnouncementError as exc:
            self.status.setText(exc.message)
            return
        unusable = self.screens.problems()
        if unusable:
            self.status.setText(unusable[0])
            return
        style = "important" if self.important_button.isChecked() else "info"
        folder, text, now, zone = self._folder, self.text.text(), self._clock(), self._zone
        screens = self.screens.screens()

        def post() -> Announcement:
            announcement = board_file.post(folder, text, style, until, now, screens)
            _tidy(folder, now, zone)
            return announcement

        def posted(announcement: Announcement) -> None:
            log.info("Announcement posted: %s", announcement.id)
            self.text.clear()
            self.info_button.setChecked(True)
            self.screens.set_screens([])  # the next notice is for every screen unless told
            where = f" on {', '.join(announcement.screens)}" if announcement.screens else ""
            ends = _until_words(announcement, self._clock())
            self.status.setText(f"Posted. It shows{where} {ends}.")
            self.changed.emit()
            self.posted.emit()

        self._write(post, posted)

    def remove(self, announcement_id: str) -> None:
        def removed(done: bool) -> None:
            self.status.setText("Removed." if done else "It had already gone.")
            if done:
                self.changed.emit()

        folder = self._folder
        self._write(lambda: board_file.clear(folder, announcement_id), removed)

    def keep_phrase(self) -> None:
        def kept(done: bool) -> None:
            self.status.setText(
                "Kept: it is now a ready-made notice." if done else "That phrase is already kept."
            )
            if done:
                self.changed.emit()

        folder, text = self._folder, self.text.text()
        self._write(lambda: board_file.keep_phrase(folder, text), kept)

    def _write(self, action: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """Run ``action`` off the GUI thread (plain values only), then ``then(its result)`` and
        read the file again. A second tap while one runs does nothing."""
        if self._writing is not None:
            return
        self._writing = runner().run(
            action,
            lambda result: self._written(then, result),
            receiver=self,
            on_error=self._not_written,
            write=True,
        )
        self.status.setText(SAVING)
        self._set_writing(True)

    def _written(self, then: Callable[[Any], None], result: object) -> None:
        self._writing = None
        self._set_writing(False)
        then(result)
        self.refresh()

    def _not_written(self, error: Exception) -> None:
        self._writing = None
        self._set_writing(False)
        if isinstance(error, AnnouncementError | SaveError):
            self.status.setText(error.message)
        else:
            log.error("Saving the announcements failed", exc_info=error)
            self.status.setText(
                "Not saved: something unexpected went wrong (see the log). Nothing was lost."
            )

    def _set_writing(self, writing: bool) -> None:
        for button in (self.post_button, self.keep_button, *self.remove_buttons.values()):
            button.setEnabled(not writing)

    def _on_until_toggled(self, checked: bool) -> None:
        self.until_edit.setVisible(checked)
        if checked:
            local = (self._clock() + dt.timedelta(hours=1)).astimezone(self._zone)
            self.until_edit.setDateTime(
                QDateTime(
                    QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)
                )
            )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        # The buttons were measured before the window's stylesheet reached them (the panel is
        # built before it joins a window); measure again, or rows overlap on first show.
        for layout in self.findChildren(QLayout):
            layout.invalidate()
        self._tick.start()

    def hideEvent(self, event: object) -> None:
        self._tick.stop()


def _polish(*widgets: QWidget) -> None:
    """Styled and shown now, not later from the event loop: their layout measures them at once,
    with the stylesheet's sizes (measured before, a row was too short for its text and its
    button ended outside it, and ready-made notices overlapped)."""
    for widget in widgets:
        widget.ensurePolished()
        widget.show()


def _tidy(folder: Path, now: dt.datetime, zone: dt.tzinfo | None) -> None:
    try:
        board_file.prune_expired(folder, now, zone)
    except SaveError as exc:  # tidying is optional: the new notice is saved
        log.warning("Could not remove ended announcements: %s", exc.message)


def _toggle(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setCheckable(True)
    return button


def _describe(announcement: Announcement, now: dt.datetime) -> str:
    style = "Important: " if announcement.important else ""
    where = f", only on {', '.join(announcement.screens)}" if announcement.screens else ""
    return f"{style}{announcement.text}  ({_until_words(announcement, now)}{where})"


def _until_words(announcement: Announcement, now: dt.datetime) -> str:
    until = announcement.until
    if until is None:
        return "until it is removed"
    local, today = until.astimezone(now.tzinfo), now.date()
    if local.date() == today:
        return f"until {local:%H:%M}"
    return f"until {local:%a %d %b, %H:%M}"
