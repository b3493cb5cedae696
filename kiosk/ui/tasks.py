"""Work off the GUI thread, results back on it: file reads and saves that may hit a slow share.

In the spirit of Anki's ``taskman``: a function runs on a pool thread and its result (or its
exception) is handed to a callback on the GUI thread. What makes it safe to use from objects
that come and go (an editor closed while a save runs, a watcher deleted mid-load):

- Pool threads only ever emit on the runner, one object that lives as long as the program, never
  on the object that asked for the work (that one may be gone by then).
- The runner keeps every piece of work (the function, the callbacks, the receiver) until the
  result is delivered on the GUI thread, so nothing Qt is freed on a pool thread.
- A callback runs only if its receiver still exists and the task was not cancelled; otherwise
  the result is dropped quietly.

Loads run side by side; saves run one at a time, in the order staff made them (``write=True``),
so two saves of one file never interleave.

The function given to :meth:`TaskRunner.run` runs on a pool thread: it must work on plain values
(paths, dicts, strings) captured up front, never on widgets or other Qt objects.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, Signal

log = logging.getLogger(__name__)

#: Loads running at once: the kiosk has few cores, and a share serves one read at a time anyway.
LOADERS: Final = 2

Callback = Callable[[Any], None]


@dataclass(eq=False)
class Task:
    """One piece of work handed to the runner; ``cancel()`` drops its result."""

    work: Callable[[], object]
    on_done: Callback
    on_error: Callable[[Exception], None] | None
    receiver: QObject | None
    write: bool = False
    id: int = 0
    cancelled: bool = False
    finished: bool = field(default=False, init=False)

    def cancel(self) -> None:
        self.cancelled = True

    @property
    def pending(self) -> bool:
        """Not yet delivered (running, queued, or waiting for the GUI thread)."""
        return not self.finished


@dataclass(frozen=True)
class _Outcome:
    value: object = None
    error: Exception | None = None


class TaskRunner(QObject):
    """Runs functions on pool threads and delivers their results on the GUI thread."""

    _finished = Signal(int, object)  # task id, _Outcome (emitted from pool threads)

    def __init__(self, parent: QObject | None = None, *, loaders: int = LOADERS) -> None:
        super().__init__(parent)
        self._loads = QThreadPool()
        self._loads.setMaxThreadCount(loaders)
        self._writes = QThreadPool()
        self._writes.setMaxThreadCount(1)  # one save at a time, in order
        self._tasks: dict[int, Task] = {}
        self._lock = threading.Lock()  # _tasks is read on pool threads
        self._ids = itertools.count(1)
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        """Some work has not been delivered yet."""
        with self._lock:
            return bool(self._tasks)

    @property
    def writing(self) -> bool:
        """A save has not been delivered yet."""
        with self._lock:
            return any(task.write for task in self._tasks.values())

    def run(
        self,
        work: Callable[[], object],
        on_done: Callback,
        *,
        receiver: QObject | None,
        on_error: Callable[[Exception], None] | None = None,
        write: bool = False,
    ) -> Task:
        """Run ``work()`` off the GUI thread; then ``on_done(result)`` on it, or ``on_error(exc)``
        (default: log it). Neither runs once ``receiver`` is deleted or the task cancelled."""
        task = Task(work, on_done, on_error, receiver, write, id=next(self._ids))
        if self._closed:
            task.cancel()
            task.finished = True
            return task
        with self._lock:
            self._tasks[task.id] = task
        pool = self._writes if write else self._loads
        task_id = task.id  # the pool thread gets the id only: the task stays with the runner
        pool.start(lambda: self._work(task_id))
        return task

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the work started so far to finish (not to be delivered); True if it did."""
        return self._loads.waitForDone(msecs) and self._writes.waitForDone(msecs)

    def close(self) -> None:
        """At exit: start nothing more and let running work end while the runner still exists."""
        self._closed = True
        self.wait()

    def _work(self, task_id: int) -> None:
        """On a pool thread. Holds the function only while it runs: the runner owns the rest."""
        with self._lock:
            work = self._tasks[task_id].work
        try:
            outcome = _Outcome(value=work())
        except Exception as error:  # delivered to the GUI thread, which decides what to say
            outcome = _Outcome(error=error)
        del work
        self._finished.emit(task_id, outcome)

    def _deliver(self, task_id: int, outcome: _Outcome) -> None:
        with self._lock:
            task = self._tasks.pop(task_id)
        task.finished = True
        receiver = task.receiver
        if task.cancelled or (receiver is not None and not shiboken6.isValid(receiver)):
            return
        if outcome.error is None:
            task.on_done(outcome.value)
        elif task.on_error is not None:
            task.on_error(outcome.error)
        else:
            log.error("Background work failed", exc_info=outcome.error)


_runner: TaskRunner | None = None


def runner() -> TaskRunner:
    """The program's one runner, made on first use (on the GUI thread) and kept until exit."""
    global _runner
    if _runner is None:
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() != app.thread():
            raise RuntimeError("The task runner is made on the GUI thread")
        _runner = TaskRunner()
        atexit.register(_runner.close)
    return _runner
