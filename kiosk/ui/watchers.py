"""Following files that may sit on a network share: the base of the kiosk's file watchers.

A watcher looks at its files every ``poll_ms`` (a cheap stat) and reads them once a change has
stayed put for one more look, so a sync tool's temp file then rename is read whole. Polling
rather than inotify: network shares and sync tools often send no notifications, and a folder that
disappears and comes back breaks inotify watches. Looking and reading both run on the task runner
(:mod:`kiosk.ui.tasks`): a share that takes seconds to answer never freezes the screen. At most
one look and one read are in flight; a change seen during a read is read again after it.

A subclass says how to look (:meth:`FileWatcher._looker`), how to read (:meth:`_reader`), both
as functions of plain values safe on a pool thread, and what to do with what was read
(:meth:`_take`, on the GUI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Final

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content.problems import Problem
from kiosk.ui.tasks import Task, TaskRunner, runner

log = logging.getLogger(__name__)

#: How often the files are looked at: a change shows within about two looks.
POLL_MS: Final = 700
_UNSEEN = object()  # nothing looked at yet


class FileWatcher(QObject):
    """Polls, reads settled changes off the GUI thread, and hands them to :meth:`_take`."""

    problems_changed = Signal(object)  # tuple[Problem, ...]
    read_done = Signal()  # a read was taken in (changed or not): the files were looked at

    def __init__(
        self,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks or runner()
        self._problems: tuple[Problem, ...] = ()
        self._seen: Hashable = _UNSEEN
        self._changed = False
        self._looking: Task | None = None
        self._reading: Task | None = None
        self._read_again = False
        self._timer = QTimer(self, interval=poll_ms)
        self._timer.timeout.connect(self._poll)

    # -- for subclasses ----------------------------------------------------------------------------
    def _looker(self) -> Callable[[], Hashable]:
        """A function giving a cheap picture of the files (names, sizes, times)."""
        raise NotImplementedError

    def _reader(self) -> Callable[[], object]:
        """A function reading the files."""
        raise NotImplementedError

    def _take(self, result: object) -> None:
        """What was read, on the GUI thread."""
        raise NotImplementedError

    def _set_problems(self, problems: tuple[Problem, ...], what: str) -> None:
        if problems != self._problems:
            self._problems = problems
            for problem in problems:
                log.warning("%s: %s", what, problem)
            self.problems_changed.emit(problems)

    # -- public ------------------------------------------------------------------------------------
    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    @property
    def busy(self) -> bool:
        """A look or a read is in flight."""
        return self._looking is not None or self._reading is not None

    def start(self) -> None:
        """Follow the files; read them once now, for anything changed before this."""
        self._timer.start()
        self.reload_now()

    def stop(self) -> None:
        """Follow no more; what is in flight is dropped."""
        self._timer.stop()
        for task in (self._looking, self._reading):
            if task is not None:
                task.cancel()
        self._looking = self._reading = None
        self._read_again = self._changed = False

    def reload_now(self) -> None:
        """Read at once (after staff saved, say), without waiting for the next look."""
        self._changed = False
        if self._reading is not None:
            self._read_again = True
            return
        look, read = self._looker(), self._reader()

        def look_then_read() -> tuple[Hashable, object]:
            return look(), read()  # looked first: a change made while reading shows next time

        self._reading = self._tasks.run(
            look_then_read, self._on_read, receiver=self, on_error=self._read_failed
        )

    # -- inside ------------------------------------------------------------------------------------
    def _poll(self) -> None:
        if self._looking is None:  # a slow share: one look at a time
            self._looking = self._tasks.run(
                self._looker(), self._on_looked, receiver=self, on_error=self._look_failed
            )

    def _on_looked(self, now: Hashable) -> None:
        self._looking = None
        if now != self._seen:
            self._seen = now
            self._changed = True  # wait one quiet look: the writer may not be done
        elif self._changed:
            self.reload_now()

    def _look_failed(self, error: Exception) -> None:
        self._looking = None  # looked at again next poll
        log.error("Could not look at the files", exc_info=error)

    def _read_failed(self, error: Exception) -> None:
        # A reader says what is wrong as problems; anything else is a bug, logged, and the
        # screen keeps what it shows. The next change is read as usual.
        self._reading = None
        self._read_again = False
        log.error("Could not read the files", exc_info=error)

    def _on_read(self, looked_and_read: tuple[Hashable, object]) -> None:
        self._reading = None
        self._seen, result = looked_and_read
        self._take(result)
        self.read_done.emit()
        if self._read_again:
            self._read_again = False
            self.reload_now()
