"""The player's moments, turned into anonymous statistics events (the Qt side of the store).

The slots are connected to the kiosk window's signals in :mod:`kiosk.app.kiosk`; this module
knows nothing of the window.

Each slot costs a list append: the store writes on its own thread, so the GUI never waits for
the disk. A bad value (a slide id that is not one) is logged and dropped, never raised into the
screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, Slot

from kiosk.insight.store import AID, DWELL, LANGUAGE, OPENED, QR, SHOWN, EventStore

if TYPE_CHECKING:
    from kiosk.content import Settings

log = logging.getLogger(__name__)

#: ``detail_closed`` reasons read here: the screen closed itself, the slide went (the third,
#: "back", is a patient pressing Back: a reading that ends at the press).
IDLE, REMOVED = "idle", "removed"


class EventRecorder(QObject):
    """Slots for the player's signals; records nothing without a store or when turned off.

    ``idle_wait_ms``: when a detail screen closes by itself ("idle"), it has waited this long
    (idle timeout + countdown) since the last touch; that wait is not reading, so it is taken
    off. :meth:`follow` keeps it in step with the window's timing.
    """

    def __init__(
        self,
        store: EventStore | None,
        parent: QObject | None = None,
        *,
        enabled: bool = True,
        idle_wait_ms: int = 0,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._enabled = enabled
        self._idle_wait_ms: Callable[[], int] = lambda: idle_wait_ms
        self._settings: Callable[[], Settings] | None = None
        self._reading = QElapsedTimer()  # monotonic: clock changes never distort a reading time
        self._open_slide: str | None = None
        self._last_shown: str | None = None

    # -- state ---------------------------------------------------------------------------------
    @property
    def store(self) -> EventStore | None:
        return self._store

    @property
    def enabled(self) -> bool:
        """True when events are being kept: a store, switched on, and the settings allow it."""
        if self._store is None or self._store.closed or not self._enabled:
            return False
        return self._settings is None or self._settings().statistics

    def apply_settings(self, settings: Settings) -> None:
        """Follow ``statistics`` and ``statistics_days`` from the clinic's settings."""
        self._enabled = settings.statistics
        if self._store is not None:
            self._store.keep_days = settings.statistics_days

    def reading_ms(self) -> int:
        """How long the open detail screen has been open (-1 when none is)."""
        return self._reading.elapsed() if self._open_slide is not None else -1

    # -- wiring ----------------------------------------------------------------------------------
    def follow(self, settings: Callable[[], Settings], idle_wait_ms: Callable[[], int]) -> None:
        """Ask ``settings()`` at every event, so ``statistics: false`` in settings.yaml stops the
        counting as soon as the kiosk reloads the content; ``idle_wait_ms()`` is the wait
        before a detail screen closes by itself (idle timeout + countdown) as it is now."""
        self._settings = settings
        self._idle_wait_ms = idle_wait_ms

    # -- slots -----------------------------------------------------------------------------------
    @Slot(str)
    def on_slide_shown(self, slide_id: str) -> None:
        self._last_shown = slide_id
        self._record(SHOWN, slide_id)

    @Slot(str)
    def on_detail_opened(self, slide_id: str) -> None:
        if self._open_slide is not None:  # opened again without closing: end that reading
            self.on_detail_closed(REMOVED)
        self._open_slide = slide_id
        self._reading.start()
        self._record(OPENED, slide_id)

    @Slot(str)
    def on_detail_closed(self, reason: str) -> None:
        slide_id, self._open_slide = self._open_slide, None
        if slide_id is None or not self._reading.isValid():
            return
        elapsed_ms = self._reading.elapsed()
        self._reading.invalidate()
        if reason == IDLE:  # closed by itself: the reading ended at the last touch
            elapsed_ms -= self._idle_wait_ms()
        self._record(DWELL, slide_id, seconds=max(0, elapsed_ms) / 1000)

    @Slot(str)
    def on_qr_shown(self, slide_id: str) -> None:
        self._record(QR, slide_id)

    @Slot(str)
    def on_language(self, code: str) -> None:
        self._record(LANGUAGE, self._open_slide or self._last_shown, value=code)

    @Slot(str)
    def on_aid(self, name: str) -> None:
        """A reading aid was switched on: "large-text", "high-contrast", "pause", "read-aloud"."""
        self._record(AID, self._open_slide or self._last_shown, value=name)

    def _record(
        self,
        kind: str,
        slide_id: str | None,
        *,
        value: str | None = None,
        seconds: float | None = None,
    ) -> None:
        if not self.enabled or self._store is None:
            return
        if self._settings is not None:
            self._store.keep_days = self._settings().statistics_days
        try:
            self._store.record(kind, slide_id, value=value, seconds=seconds)
        except ValueError as exc:
            log.warning("Statistics event dropped: %s", exc)
