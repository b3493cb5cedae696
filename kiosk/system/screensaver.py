"""Keeping the screen on while the kiosk runs.

On a desktop session, the freedesktop ScreenSaver D-Bus service is asked to inhibit blanking
(released when the kiosk exits, because the inhibition belongs to the D-Bus connection). On a
bare X11 session, ``xset`` switches off the X screensaver and DPMS. Under cage (Wayland kiosk
compositor) nothing blanks unless an idle daemon is started, so there is nothing to do.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess

from kiosk.paths import DISPLAY_NAME

log = logging.getLogger(__name__)


def keep_screen_on() -> list[str]:
    """Try every way that applies here; returns the ones that worked (for the log)."""
    done = []
    if _inhibit_over_dbus():
        done.append("D-Bus ScreenSaver inhibit")
    if _xset_off():
        done.append("xset s off -dpms")
    if not done:
        log.info("No screen blanking control found (fine under cage or on the offscreen platform)")
    return done


def _inhibit_over_dbus() -> bool:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    screensaver = QDBusInterface(
        "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver", bus,
    )  # fmt: skip
    if not screensaver.isValid():
        return False
    reply = screensaver.call("Inhibit", DISPLAY_NAME, "Showing information in a waiting room")
    return reply.type() == QDBusMessage.MessageType.ReplyMessage


def _xset_off() -> bool:
    xset = shutil.which("xset")
    if not xset or not os.environ.get("DISPLAY"):
        return False
    try:
        for args in (["s", "off"], ["s", "noblank"], ["-dpms"]):
            subprocess.run([xset, *args], check=True, capture_output=True, timeout=5)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("xset could not switch off blanking: %s", exc)
        return False
    return True
