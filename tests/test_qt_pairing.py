"""The installed Python/PySide6 pair must survive a kiosk's lifetime of void Qt calls.

PySide6 6.12.0 on Python 3.11 drops a reference to None on each void-returning call, and the
interpreter aborts ("none_dealloc") after a few thousand. A kiosk makes that many in minutes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.conftest import none_refcount_change_per_void_call

VOID_CALLS = 200_000


def test_void_calls_do_not_drop_references_to_none() -> None:
    assert none_refcount_change_per_void_call(1000) > -0.5


def test_two_hundred_thousand_void_calls_in_process(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    for i in range(VOID_CALLS // 2):
        label.setText("x" if i % 2 else "y")  # void
        timer.setInterval(5 + i % 3)  # void
    assert label.text() in {"x", "y"}
    assert timer.interval() in {5, 6, 7}


def test_void_calls_in_a_fresh_interpreter_do_not_abort() -> None:
    """The same loop in a child process, so an abort is reported as a failure, not a crash."""
    script = textwrap.dedent(
        f"""
        import os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label, timer = QLabel(), QTimer()
        for i in range({VOID_CALLS // 2}):
            label.setText("x")
            timer.setInterval(5)
        print("survived")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "survived" in done.stdout
