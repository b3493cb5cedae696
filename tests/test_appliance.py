"""Running unattended: lockdown, recovery from errors, one instance, systemd readiness."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.paths import SHIPPED_DECK
from kiosk.player.timing import Timing
from kiosk.player.window import CYCLE, DETAIL, KioskWindow
from kiosk.system import systemd
from kiosk.system.instance import acquire_single_instance
from kiosk.system.logs import keep_running_on_errors

ROOT = Path(__file__).resolve().parent.parent
SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)


@pytest.fixture
def locked_window(qtbot: QtBot) -> Iterator[KioskWindow]:
    window = KioskWindow(load_deck(SHIPPED_DECK).deck, SLOW, locked=True)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window._may_close = True  # let the test tidy up
    window.close()


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_keys_that_leave_a_program_do_nothing_in_patient_mode(
    qtbot: QtBot, locked_window: KioskWindow, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    # Whatever might listen for the key (a shortcut, a dialog), it must never hear it.
    heard: list[bool] = []
    shortcut = QShortcut(QKeySequence(key | modifier), locked_window)
    shortcut.activated.connect(lambda: heard.append(True))
    locked_window.open_detail("guidelines")
    QTest.keyClick(locked_window, key, modifier)
    assert heard == []
    assert locked_window.isVisible()
    assert locked_window.screen_name == DETAIL
    # The same key reaches a staff (unlocked) window, so the test above can fail.
    window = KioskWindow(load_deck(SHIPPED_DECK).deck, SLOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    QShortcut(QKeySequence(key | modifier), window).activated.connect(lambda: heard.append(True))
    locked_window._lockdown.locked = False
    QTest.keyClick(window, key, modifier)
    assert heard == [True]


def test_a_close_request_is_refused_in_patient_mode(locked_window: KioskWindow) -> None:
    assert locked_window.close() is False
    assert locked_window.isVisible()


def test_a_windowed_kiosk_closes_normally(qtbot: QtBot) -> None:
    window = KioskWindow(load_deck(SHIPPED_DECK).deck, SLOW)
    qtbot.addWidget(window)
    window.show()
    assert window.close() is True


class _Exploder(QObject):
    boom = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_the_kiosk_returns_to_the_cycle(
    locked_window: KioskWindow, caplog: pytest.LogCaptureFixture
) -> None:
    previous = sys.excepthook
    keep_running_on_errors(locked_window.recover)
    try:
        exploder = _Exploder()

        def broken_slot() -> None:
            raise RuntimeError("a bug in some slot")

        exploder.boom.connect(broken_slot)
        locked_window.open_detail("research")
        exploder.boom.emit()
    finally:
        sys.excepthook = previous
    assert "a bug in some slot" in caplog.text
    assert "Traceback" in caplog.text
    assert locked_window.screen_name == CYCLE
    assert not locked_window.controller.paused


def _hold_lock_in_child(path: Path) -> subprocess.Popen[str]:
    code = (
        "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
        "from kiosk.system.instance import acquire_single_instance as a;"
        f"lock = a(__import__('pathlib').Path({str(path)!r})); print(lock is not None, flush=True);"
        "sys.stdin.read()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "True"
    return child


def test_only_one_kiosk_runs_and_a_crashed_ones_lock_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.lock"
    with _hold_lock_in_child(path) as child:
        assert acquire_single_instance(path) is None  # the first kiosk is alive
        child.send_signal(signal.SIGKILL)  # it crashes, leaving its lock file behind
        child.wait(timeout=10)
    assert path.exists()
    lock = acquire_single_instance(path)
    assert lock is not None and lock.isLocked()
    lock.unlock()


def _isolated_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "WATCHDOG_"))}
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        **extra,
    )
    return env


def test_systemd_hears_ready_when_the_first_slide_is_painted_then_watchdog_pings(
    tmp_path: Path,
) -> None:
    address = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(address))
        server.settimeout(30)
        env = _isolated_env(tmp_path, NOTIFY_SOCKET=str(address), WATCHDOG_USEC="200000")
        with subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--windowed", "--size", "1280x720"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ) as kiosk:  # fmt: skip
            try:
                messages = [server.recv(256).decode() for _ in range(3)]
            finally:
                kiosk.terminate()
    assert messages[0] == "READY=1"
    assert messages[1:] == ["WATCHDOG=1", "WATCHDOG=1"]
    assert (tmp_path / "state" / "clinic-kiosk" / "log" / "kiosk.log").exists()


def test_a_second_kiosk_says_one_is_running_and_stops(tmp_path: Path) -> None:
    env = _isolated_env(tmp_path, KIOSK_EXIT_AFTER_FIRST_PAINT="")
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--windowed"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    ) as first:  # fmt: skip
        try:
            assert first.stderr is not None
            for line in first.stderr:  # wait until it is up and holds the lock
                if "Clinic Kiosk starting" in line:
                    break
            second = subprocess.run(
                [sys.executable, str(ROOT / "main.py"), "--windowed"],
                env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
        finally:
            first.terminate()
    assert second.returncode == 3
    assert "already running" in second.stderr


def test_a_lock_file_the_kiosk_cannot_write_is_not_called_another_kiosk(tmp_path: Path) -> None:
    env = _isolated_env(tmp_path, KIOSK_EXIT_AFTER_FIRST_PAINT="1")
    (tmp_path / "runtime" / "clinic-kiosk" / "kiosk.lock").mkdir(parents=True)  # in the way
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--windowed", "--size", "640x480"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert "already running" not in done.stderr
    assert "cannot write its lock file" in done.stderr
    assert done.returncode == 0  # it still shows the slides


def test_notify_is_a_no_op_without_systemd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert systemd.notify("READY=1") is False
    assert systemd.watchdog_interval_ms() is None


def test_the_systemd_unit_is_valid() -> None:
    analyze = subprocess.run(
        ["systemd-analyze", "verify", str(ROOT / "resources/systemd/clinic-kiosk.service")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert analyze.returncode == 0, analyze.stderr


def test_a_missing_voice_engine_is_logged_as_information_not_as_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from kiosk.ui import qtlog

    caplog.set_level(logging.INFO, logger="kiosk.qt")
    critical = QtMsgType.QtCriticalMsg
    qtlog._handle(critical, QMessageLogContext(), 'Error loading text-to-speech plug-in "speechd"')
    qtlog._handle(critical, QMessageLogContext(), "Something Qt really failed at")
    levels = {record.getMessage(): record.levelno for record in caplog.records}
    assert levels['Error loading text-to-speech plug-in "speechd"'] == logging.INFO
    assert levels["Something Qt really failed at"] == logging.ERROR
