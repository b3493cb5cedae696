"""The announcements banner: front-desk notices in a strip at the bottom of the patient screens.

One notice at a time, in large text, turning to the next every few seconds when several are
live, with a small "1 / 3". A notice disappears by itself when its time is up (checked every
second, and at the exact moment the next one ends); the banner hides when none is left.
``kiosk.ui.announcements.AnnouncementWatcher`` follows the content folder's announcements.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.content.announcements import (
    Announcement,
    Board,
)
from kiosk.player.fit import FittedLabel
from kiosk.player.i18n import number, tr
from kiosk.player.timing import Timing
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

#: How often the banner looks for notices whose time is up (also at each one's exact end).
CHECK_MS: Final = 1000
#: The dynamic property the stylesheet selects on: ``#AnnouncementBanner[kind="important"]``.
KIND_PROPERTY: Final = "kind"
# Translated where it is shown: tr(IMPORTANT_MARKER) below, listed for lupdate here.
IMPORTANT_MARKER: Final = "Important"
_ = QT_TRANSLATE_NOOP("", "Important")

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now().astimezone()


class AnnouncementBanner(QWidget):
    """Shows the live announcements of a :class:`Board`, one at a time.

    A plain widget for the window's layout (a strip under the screens): it takes space rather
    than floating over them, so it never covers the Back button or the reading aids.
    """

    changed = Signal()  # what it shows (or whether it shows) changed
    shown_changed = Signal(bool)  # it appeared (True) or went (False)

    def __init__(
        self,
        theme: Theme | None = None,
        parent: QWidget | None = None,
        *,
        rotate_ms: int = Timing.notice_ms,
        check_ms: int = CHECK_MS,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AnnouncementBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setProperty(KIND_PROPERTY, "info")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # as tall as the notice's lines at the width it gets
        self.setSizePolicy(policy)
        self._clock: Clock = clock or system_clock
        self._board = Board()
        self._live: tuple[Announcement, ...] = ()
        self._index = 0
        self._active = True
        self._paused = False
        self._check_ms = check_ms
        self.marker = named(QLabel(tr(IMPORTANT_MARKER), self), "AnnouncementMarker")
        # As many lines as the notice needs at every size (a long word breaks too).
        self.text = named(FittedLabel(self), "AnnouncementText")
        self.text.set_grows(min_scale=0.5)
        self.position = named(QLabel(self), "AnnouncementPosition")
        for label in (self.marker, self.text, self.position):
            label.setTextFormat(Qt.TextFormat.PlainText)  # staff's text is never markup
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.addWidget(self.marker, 0, Qt.AlignmentFlag.AlignVCenter)
        self._layout.addWidget(self.text, 1)
        self._layout.addWidget(self.position, 0, Qt.AlignmentFlag.AlignVCenter)
        self._rotate = QTimer(self, interval=rotate_ms)
        self._rotate.timeout.connect(self.show_next)
        self._check = QTimer(self, singleShot=True)
        self._check.timeout.connect(self.refresh)
        if theme is not None:
            self.set_theme(theme)
        self.hide()

    # -- what it shows -------------------------------------------------------------------------
    @property
    def board(self) -> Board:
        return self._board

    @property
    def live(self) -> tuple[Announcement, ...]:
        """The announcements being rotated, as of the last check."""
        return self._live

    @property
    def current(self) -> Announcement | None:
        return self._live[self._index] if self._live else None

    @property
    def showing(self) -> bool:
        """Whether the banner is meant to be on screen (live notices, and active)."""
        return bool(self._live) and self._active

    @property
    def rotating(self) -> bool:
        """Whether the notices are taking turns (several live, not paused)."""
        return self._rotate.isActive()

    def set_board(self, board: Board) -> None:
        """Show ``board``'s live notices, staying on the one showing if it is still live."""
        if board == self._board:
            return
        self._board = board
        self.refresh()

    def set_clock(self, clock: Clock) -> None:
        self._clock = clock
        self.refresh()

    def set_rotate_interval(self, ms: int) -> None:
        self._rotate.setInterval(ms)

    def set_paused(self, paused: bool) -> None:
        """Stay on the notice showing (the patient's "Pause" reading aid); ends still apply."""
        self._paused = paused
        self._update_rotation()

    def set_active(self, active: bool) -> None:
        """False where notices must not show (staff mode); they are still followed."""
        if active != self._active:
            self._active = active
            self._update_visibility()

    def set_portrait(self, portrait: bool) -> None:
        """On a tall (narrow) screen the "Important" marker goes above the notice, which then
        has the banner's whole width."""
        self._layout.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        side = Qt.AlignmentFlag.AlignLeading if portrait else Qt.AlignmentFlag.AlignVCenter
        self._layout.setAlignment(self.marker, side)
        self._layout.setAlignment(self.position, side)

    def set_text_room(self, max_height: int) -> None:
        """The most height the notice's lines may take: beyond it the text gets smaller (the
        slides above keep room to be read), never cut."""
        self.text.set_max_height(max_height)

    def set_theme(self, theme: Theme) -> None:
        self.text.set_font_chooser(theme.families_for_text)
        spacing = theme.px("spacing")
        self._layout.setContentsMargins(spacing, spacing // 2, spacing, spacing // 2)
        self._layout.setSpacing(spacing)

    def retranslate(self) -> None:
        """The banner's own words and numbers in the language chosen (the notice itself is
        staff's text, shown as written)."""
        self.marker.setText(tr(IMPORTANT_MARKER))
        if self.current is not None:
            self._show_current()

    def refresh(self) -> None:
        """Look again at which notices are live (the clock moved, the board changed)."""
        now = self._clock()
        live = self._board.live(now)
        current = self.current
        if live != self._live:
            ids = [a.id for a in live]
            if current is not None and current.id in ids:
                index = ids.index(current.id)
            else:  # the one showing ended: the next takes its place
                index = min(self._index, len(live) - 1) if live else 0
            self._live, self._index = live, max(index, 0)
            self._update_rotation()
            self._show_current()
        self._schedule_check(now)

    def show_next(self) -> None:
        """Turn to the next live notice (the rotation timer calls this)."""
        if len(self._live) < 2:
            return
        self._index = (self._index + 1) % len(self._live)
        self._show_current()
        self.refresh()  # a notice may have ended meanwhile

    # -- inside ----------------------------------------------------------------------------------
    def _show_current(self) -> None:
        current = self.current
        if current is not None:
            kind = "important" if current.important else "info"
            self.text.setText(current.text)
            self.marker.setVisible(current.important)
            count = len(self._live)
            locale = self.locale()
            self.position.setText(f"{number(self._index + 1, locale)} / {number(count, locale)}")
            self.position.setVisible(count > 1)
            self.setAccessibleName(
                tr("Important announcement") if current.important else tr("Announcement")
            )
            self.setAccessibleDescription(current.text)
            if self.property(KIND_PROPERTY) != kind:
                self.setProperty(KIND_PROPERTY, kind)
                self._repolish()
        self._update_visibility()
        self.changed.emit()

    def _update_rotation(self) -> None:
        if len(self._live) < 2 or self._paused:
            self._rotate.stop()
        elif not self._rotate.isActive():
            self._rotate.start()

    def _update_visibility(self) -> None:
        if self.isHidden() == self.showing:  # only a real change re-lays out the window
            self.setVisible(self.showing)
            self.shown_changed.emit(self.showing)

    def _repolish(self) -> None:
        """Apply the stylesheet rules for the new ``kind`` to the banner and its labels."""
        for widget in (self, self.marker, self.text, self.position):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.update()

    def _schedule_check(self, now: dt.datetime) -> None:
        self._check.stop()
        if not self._board.announcements:
            return
        delay = self._check_ms
        next_end = self._board.next_expiry(now)
        if next_end is not None:
            until_end = (next_end - now).total_seconds() * 1000
            delay = min(delay, max(1, int(until_end) + 1))
        self._check.start(delay)
