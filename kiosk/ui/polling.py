"""Noticing that files changed, once the writer has finished.

Polling (a cheap stat every 0.7 s) rather than inotify: network shares and sync tools often send
no notifications, and a folder that disappears and comes back breaks inotify watches. A change is
reported once the files have stayed the same for one more poll, so a sync tool's temp file then
rename is read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 700


class SettledChangePoller(QObject):
    """Calls ``look()`` every ``poll_ms``; emits ``settled`` after a change has stayed put."""

    settled = Signal()

    def __init__(
        self, look: Callable[[], Hashable], poll_ms: int = POLL_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._look = look
        self._seen = look()
        self._changed = False
        self._timer = QTimer(self, interval=poll_ms)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def mark_seen(self) -> None:
        """The caller has just read the files itself: nothing to report until they change."""
        self._seen = self._look()
        self._changed = False

    def _poll(self) -> None:
        now = self._look()
        if now != self._seen:
            self._seen = now
            self._changed = True  # wait one quiet poll: the writer may not be done
        elif self._changed:
            self._changed = False
            self.settled.emit()
