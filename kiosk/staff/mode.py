"""Staff mode: from the hidden gesture, through the PIN, to the editor and back.

This coordinator owns the PIN pad and the editor screens and the rules between them; the kiosk
window only lends its screen stack and pauses the slideshow (see :class:`ScreenHost`). It is
connected to the window, the content watcher and statistics in :mod:`kiosk.app.kiosk`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.content import Deck, Problem, Severity
from kiosk.scheduling import why_not_map
from kiosk.staff.entry import StaffEntry
from kiosk.staff.pinpad import PinPad
from kiosk.storage.atomic import SaveError
from kiosk.ui.tasks import runner

if TYPE_CHECKING:
    from kiosk.insight.store import EventStore
    from kiosk.staff.editor import StaffScreen
    from kiosk.staff.host import ScreenHost
    from kiosk.staff.pin import PinStore

log = logging.getLogger(__name__)

#: Staff mode locks itself after this long without a touch (a warning shows first).
STAFF_IDLE_MS: Final = 5 * 60 * 1000
#: The PIN pad closes after this long without a touch or key, counted from the moment it opens.
#: Short, because anyone can open it: the corner hold is as easy for a patient as Ctrl+Alt+S on a
#: plugged-in keyboard. Staff who mean it type a PIN within seconds; a pad left up must not pause
#: the slideshow for everyone else.
PIN_PAD_IDLE_MS: Final = 20 * 1000
WARNING_BEFORE_MS: Final = 30 * 1000
CLOSING_WORDS: Final = "Staff mode closes"
CLOCK_PROBLEM: Final = Problem(
    "clock",
    "This computer's clock looks wrong (it says a date before 2024, when this kiosk software "
    "was first used), so only slides without a schedule are shown. Set the date and time, or "
    "check the time server.",
    severity=Severity.WARNING,
)
NO_PIN_MESSAGE: Final = (
    "No staff PIN is set yet. On this computer, open a terminal in the kiosk's folder and run:"
    "\npython main.py --set-pin"
)


class StaffMode(QObject):
    """Everything between the corner hold and the return to the slideshow."""

    entered = Signal()  # the editor is open
    left = Signal()
    saved = Signal()  # staff saved content: the watchers should look now

    def __init__(
        self,
        host: ScreenHost,
        screen: QWidget,
        folder: Path,
        pin_store: PinStore,
        *,
        stats: EventStore | None = None,
        idle_ms: int = STAFF_IDLE_MS,
        hold_ms: int | None = None,
        pad_idle_ms: int = PIN_PAD_IDLE_MS,
    ) -> None:
        """``host``: the screen staff mode opens over; ``screen``: the widget the staff
        gesture is watched on (the host's own window)."""
        super().__init__(screen)
        self._window = host
        self._stats = stats
        self._folder = folder
        self._pins = pin_store
        self._problems: tuple[Problem, ...] = ()
        self._file_problems: tuple[Problem, ...] = ()
        self._clock_wrong = False
        self.editor: StaffScreen | None = None
        self.pin_pad = PinPad(screen)
        host.add_screen(self.pin_pad)
        self.pin_pad.submitted.connect(self._check_pin)
        self.pin_pad.cancelled.connect(self.leave)
        self.entry = StaffEntry(screen) if hold_ms is None else StaffEntry(screen, hold_ms)
        self.entry.requested.connect(self.ask_for_pin)
        self._idle_ms = idle_ms
        self._pad_idle_ms = pad_idle_ms
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._on_idle)
        self._lock_timer = QTimer(self, singleShot=True)
        self._lock_timer.timeout.connect(self.leave)
        # The warning counts the last seconds down, so staff see how long they have.
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._show_countdown)
        self._unlock_keys = QTimer(self, singleShot=True)
        self._unlock_keys.timeout.connect(self._after_lockout)

    @property
    def active(self) -> bool:
        return self._window.current_screen() in (self.pin_pad, self.editor)

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        self._file_problems = problems
        self._problems = problems + ((CLOCK_PROBLEM,) if self._clock_wrong else ())
        if self.editor is not None:
            self.editor.set_problems(self._problems)

    def set_clock_wrong(self, wrong: bool) -> None:
        """The schedule found the clock implausible: staff see it first in the problems list."""
        if wrong != self._clock_wrong:
            self._clock_wrong = wrong
            self.set_problems(self._file_problems)

    def deck_changed(self, deck: Deck) -> None:
        if self.editor is not None:
            self.editor.set_deck(deck, self._problems, self._why_not(deck))
            self.editor.after_reload()

    def _why_not(self, deck: Deck) -> dict[str, str]:
        """Why each slide that is not on screen now is not: "Starts 1 Oct", "Weekdays only"."""
        return why_not_map(deck, self._window.now(), self._window.this_screen)

    def ask_for_pin(self) -> None:
        if self.active:
            return
        self._window.pause_for_staff()
        self._window.show_screen(self.pin_pad)
        self.pin_pad.setFocus()
        self.touched()  # the pad's own short time starts now, not at the first touch
        if not self._pins.is_set():
            self.pin_pad.clear(NO_PIN_MESSAGE)
            self.pin_pad.set_enabled_keys(False)
            return
        self._after_lockout()

    def _check_pin(self, pin: str) -> None:
        result = self._pins.check(pin)
        if result.ok:
            log.info("Staff mode opened")
            self.pin_pad.clear()
            self._open_editor()
            if result.earlier_failures and self.editor is not None:
                count = result.earlier_failures
                self.editor.status_message(
                    f"Before this login, {count} wrong PIN{'s were' if count > 1 else ' was'} "
                    "typed. If that was not one of the staff, change the PIN (PIN tab)."
                )
            return
        log.warning("Wrong staff PIN (%d failures)", result.failures)
        if result.locked_for > 0:
            self._lock_keys(result.locked_for)
        else:
            left = result.attempts_before_lockout
            self.pin_pad.clear(
                f"Wrong PIN. {left} more tr{'y' if left == 1 else 'ies'} before a pause."
            )

    def _lock_keys(self, seconds: float) -> None:
        self.pin_pad.set_enabled_keys(False)
        self.pin_pad.clear(f"Too many wrong PINs. Try again in {int(seconds + 0.999)} seconds.")
        self._unlock_keys.start(int(seconds * 1000) + 50)

    def _after_lockout(self) -> None:
        waiting = self._pins.locked_for()
        if waiting > 0:
            self._lock_keys(waiting)
        else:
            self.pin_pad.set_enabled_keys(True)
            self.pin_pad.clear("")

    def _open_editor(self) -> None:
        if self.editor is None:
            from kiosk.staff.editor import StaffScreen  # built on first use: start-up stays fast

            self.editor = StaffScreen(self._folder, self._window.theme, stats=self._stats)
            self.editor.set_this_screen(self._window.this_screen)
            self._window.add_screen(self.editor)
            self.editor.back_requested.connect(self.leave)
            self.editor.quit_requested.connect(self._window.quit_for_staff)
            self.editor.saved.connect(self.saved)
            self.editor.pin_change_requested.connect(self._change_pin)
        self.editor.set_deck(self._window.deck, self._problems, self._why_not(self._window.deck))
        self._window.show_screen(self.editor)
        self.entered.emit()
        self.touched()

    def _change_pin(self, pin: str) -> None:
        """Hash and write the new PIN off the GUI thread (scrypt is slow by design, the PIN's
        folder may be slow too), one save in line with the editor's."""
        from kiosk.staff.settings_page import SAVING  # loaded with the editor already

        editor = self.editor
        assert editor is not None
        pins = self._pins

        def said(words: str) -> None:
            editor.pin_button.setEnabled(True)
            editor.status_message(words)

        editor.pin_button.setEnabled(False)  # a second tap while it saves changes nothing
        editor.status_message(SAVING)
        runner().run(
            lambda: pins.set_pin(pin),
            lambda _: said("The new PIN is saved."),
            receiver=editor,
            on_error=lambda error: said(_pin_not_saved(error)),
            write=True,
        )

    def touched(self) -> None:
        """Any touch in staff mode: start the idle count again."""
        if not self.active:
            return
        self._lock_timer.stop()
        self._countdown.stop()
        if self._window.current_screen() is self.pin_pad:
            self._idle.start(max(1, self._pad_idle_ms))
            return
        editor = self.editor
        if editor is not None and editor.status.text().startswith(CLOSING_WORDS):
            editor.status_message("")
        self._idle.start(max(1, self._idle_ms - WARNING_BEFORE_MS))

    def _on_idle(self) -> None:
        if self._window.current_screen() is self.pin_pad:
            log.info("The PIN pad was left alone: back to the slideshow")
            self.leave()
        else:
            self._warn_idle()

    def _warn_idle(self) -> None:
        self._lock_timer.start(min(WARNING_BEFORE_MS, self._idle_ms))
        self._countdown.start()
        self._show_countdown()

    def _show_countdown(self) -> None:
        if self.editor is None or self._window.current_screen() is not self.editor:
            return
        # Rounded: the ticks come a whole second apart, give or take a millisecond.
        seconds = max(1, (self._lock_timer.remainingTime() + 500) // 1000)
        self.editor.status_message(
            f"{CLOSING_WORDS} in {seconds} second{'' if seconds == 1 else 's'} unless you touch "
            "the screen."
        )

    def leave(self) -> None:
        self._idle.stop()
        self._lock_timer.stop()
        self._countdown.stop()
        self.pin_pad.clear()
        if self.active:
            log.info("Staff mode closed")
            self._window.resume_from_staff()
            self.left.emit()


def _pin_not_saved(error: Exception) -> str:
    """What staff read when the new PIN was refused or could not be written (the old one
    stays)."""
    if isinstance(error, ValueError):  # too short, too long, or too easy to guess
        return str(error)
    if isinstance(error, SaveError):
        return f"The PIN was not changed: {error.message}"
    log.error("Changing the PIN failed", exc_info=error)
    return "The PIN was not changed: something unexpected went wrong (see the log)."
