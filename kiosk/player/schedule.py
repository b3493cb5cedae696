"""Keeping the screen's set of slides in step with the schedule while the kiosk runs.

:class:`ScheduleRunner` asks :func:`kiosk.scheduling.rules.what_to_show` again at the next moment
the answer may change (one single-shot timer, capped so a missed or moved boundary is caught
within a minute), and every 30 s anyway. It also watches for the wall clock jumping (changed by
hand, or by NTP after boot): each tick compares how far the wall clock moved with how far the
monotonic clock moved, and a difference of more than 5 s re-evaluates at once. It emits
``showing_changed`` only when the answer really changes, so nothing restarts or shows twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Final

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal

from kiosk.content import Deck
from kiosk.scheduling.rules import Clock, Showing, SystemClock, next_change, what_to_show

log = logging.getLogger(__name__)

TICK_MS: Final = 30_000
BOUNDARY_CAP_MS: Final = 60_000
JUMP_TOLERANCE: Final = dt.timedelta(seconds=5)


class ScheduleRunner(QObject):
    """Re-evaluates what to show at schedule boundaries, every tick, and after clock jumps."""

    #: The new :class:`~kiosk.scheduling.rules.Showing` (only when it differs from the last).
    showing_changed = Signal(object)
    #: Seconds the wall clock jumped by (positive: forward), when a jump is detected.
    clock_jumped = Signal(float)

    def __init__(
        self,
        deck: Deck,
        clock: Clock | None = None,
        parent: QObject | None = None,
        *,
        tick_ms: int = TICK_MS,
        boundary_cap_ms: int = BOUNDARY_CAP_MS,
        jump_tolerance: dt.timedelta = JUMP_TOLERANCE,
        screen: str | None = None,
    ) -> None:
        """``screen``: this screen's name; slides meant for other screens are left out."""
        super().__init__(parent)
        self._deck = deck
        self._screen = screen
        self._clock: Clock = clock or SystemClock()
        self._cap_ms = boundary_cap_ms
        self._tolerance = jump_tolerance
        self._showing = what_to_show(deck, self._clock.now(), screen)
        self._wall_mark = self._clock.now()
        self._monotonic = QElapsedTimer()  # monotonic: unaffected by wall-clock changes
        self._monotonic.start()
        self._tick = QTimer(self, interval=tick_ms)
        self._tick.timeout.connect(self._look)
        self._boundary = QTimer(self, singleShot=True)
        self._boundary.setTimerType(Qt.TimerType.PreciseTimer)  # coarse timers fire up to 5% early
        self._boundary.timeout.connect(self._look)

    # -- public ---------------------------------------------------------------------------------
    @property
    def deck(self) -> Deck:
        return self._deck

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def screen(self) -> str | None:
        """This screen's name (None: it shows every slide)."""
        return self._screen

    def showing(self) -> Showing:
        """The current answer (as last evaluated)."""
        return self._showing

    def start(self) -> None:
        """Start the timers (and evaluate now)."""
        self._tick.start()
        self._mark(self._clock.now())
        self.evaluate()

    def stop(self) -> None:
        self._tick.stop()
        self._boundary.stop()

    @property
    def active(self) -> bool:
        return self._tick.isActive()

    def set_deck(self, deck: Deck) -> None:
        """New content: evaluate it at once (emits only if what shows changes)."""
        self._deck = deck
        self.evaluate()

    def boundary_interval_ms(self) -> int | None:
        """Milliseconds until the boundary timer fires (None when it is not running)."""
        return self._boundary.remainingTime() if self._boundary.isActive() else None

    def evaluate(self) -> Showing:
        """Ask the rules again now; emit ``showing_changed`` if the answer changed."""
        now = self._clock.now()
        showing = what_to_show(self._deck, now, self._screen)
        if showing != self._showing:
            previous = self._showing
            self._showing = showing
            self._log_change(previous, showing)
            self.showing_changed.emit(showing)
        self._arm(now)
        return showing

    def check_clock(self) -> bool:
        """Whether the wall clock jumped since the last look (it re-evaluates if so): the wall
        clock moved more than 5 s further, or less, than the monotonic clock."""
        now = self._clock.now()
        wall = now - self._wall_mark
        monotonic = dt.timedelta(milliseconds=self._monotonic.elapsed())
        self._mark(now)
        jump = wall - monotonic
        if abs(jump) <= self._tolerance:
            return False
        log.warning(
            "The wall clock jumped by %+.0f s (now %s); checking the schedule again",
            jump.total_seconds(),
            now.isoformat(timespec="seconds"),
        )
        self.clock_jumped.emit(jump.total_seconds())
        self.evaluate()
        return True

    # -- inside ---------------------------------------------------------------------------------
    def _look(self) -> None:
        """Both timers: check for a clock jump, and evaluate (once) either way."""
        if not self.check_clock():
            self.evaluate()

    def _mark(self, now: dt.datetime) -> None:
        self._wall_mark = now
        self._monotonic.restart()

    def _arm(self, now: dt.datetime) -> None:
        """One single-shot timer for the next boundary, at most ``boundary_cap_ms`` away."""
        self._boundary.stop()
        if not self._tick.isActive():
            return  # not started (or stopped): evaluate() was called by hand
        change = next_change(self._deck, now)
        if change is None:
            interval = self._cap_ms
        else:
            # +1 ms: fire just after the boundary, never a hair before it
            interval = int((change - now).total_seconds() * 1000) + 1
        self._boundary.start(max(1, min(interval, self._cap_ms)))

    @staticmethod
    def _log_change(previous: Showing, showing: Showing) -> None:
        if showing.implausible_clock and not previous.implausible_clock:
            log.warning(
                "The clock looks wrong (before 2024 or before the newest review date): "
                "showing only slides without a schedule"
            )
        log.info(
            "Schedule: now showing %s%s%s",
            ", ".join(showing.ids) or "nothing",
            " (fallback)" if showing.fallback else "",
            " (closed)" if showing.closed else "",
        )
