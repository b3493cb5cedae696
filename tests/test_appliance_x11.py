"""On a plain X11 session (no desktop, no xset) the kiosk keeps the screen on by itself."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def x_display() -> Iterator[str]:
    """A fresh Xvfb server with its default screensaver (blanks after 10 minutes)."""
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install xvfb (.ci/run)")
        pytest.skip("Xvfb is not installed here (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def screensaver_timeout(display: str) -> int:
    """The X server's screensaver timeout in seconds (0: off), as ``xset q`` shows it."""
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XGetScreenSaver.argtypes = [ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_int)] * 4
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = x11.XOpenDisplay(display.encode())
    assert connection, f"cannot open {display}"
    values = [ctypes.c_int() for _ in range(4)]
    x11.XGetScreenSaver(connection, *[ctypes.byref(v) for v in values])
    x11.XCloseDisplay(connection)
    return values[0].value


def test_the_kiosk_switches_the_x_screensaver_off_without_xset(
    x_display: str, tmp_path: Path
) -> None:
    assert screensaver_timeout(x_display) > 0  # Xvfb would blank: the test can fail
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "WAYLAND_"))}
    env.update(
        DISPLAY=x_display,
        QT_QPA_PLATFORM="xcb",
        PATH="/nonexistent",  # no xset (nor anything else) to run
        HOME=str(tmp_path / "home"),
        XDG_RUNTIME_DIR=str(tmp_path),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    tmp_path.chmod(0o700)
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    ) as kiosk:  # fmt: skip
        try:
            assert kiosk.stderr is not None
            said = ""
            for line in kiosk.stderr:  # full screen: blanking is handled after the first paint
                if "Screen kept on by" in line:
                    said = line
                    break
            timeout = screensaver_timeout(x_display)
        finally:
            kiosk.terminate()
    assert "X11 screensaver off" in said, said
    assert timeout == 0
