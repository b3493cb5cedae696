"""A slow network share, imitated: storage calls that block until the test lets them go, and a
check that the GUI thread keeps handling events meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

#: Long enough never to be reached on a busy machine; a test that waits this long has failed.
STUCK_S = 10


class SlowShare:
    """Wraps a storage function so each call blocks until ``release()``; counts the calls."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self._function = function
        self._go = threading.Event()
        self.calls = 0
        self.started = threading.Event()
        self.threads: list[threading.Thread] = []  # where each call ran

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.threads.append(threading.current_thread())
        self.started.set()
        if not self._go.wait(STUCK_S):
            raise TimeoutError("the test never released the save")
        return self._function(*args, **kwargs)

    def release(self) -> None:
        self._go.set()


def gui_keeps_going(qtbot: QtBot, widget: QWidget) -> None:
    """Timers fire and the widget paints while the save is stuck on the share."""
    ticks: list[int] = []
    timer = QTimer(widget, interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=3000)
    timer.stop()
    assert not widget.grab().isNull()
