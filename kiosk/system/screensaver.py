"""Keeping the screen on while the kiosk runs.

On a desktop session, the freedesktop ScreenSaver D-Bus service is asked to inhibit blanking
(released when the kiosk exits, because the inhibition belongs to the D-Bus connection). On X11
the X server's own screensaver is switched off and its DPMS (monitor power saving) disabled, as
``xset s off -dpms`` would, but through libX11 and libXext directly: Qt's X11 platform links
libX11 already, so nothing needs installing. Under cage (Wayland kiosk compositor) nothing blanks
unless an idle daemon is started, so there is nothing to do.
"""

from __future__ import annotations

import ctypes
import logging
import os

from kiosk import APP_TITLE

log = logging.getLogger(__name__)

#: XSetScreenSaver's prefer_blanking and allow_exposures arguments (X.h).
_DONT_PREFER_BLANKING = 0
_DEFAULT_EXPOSURES = 2


def keep_screen_on(platform: str = "") -> list[str]:
    """Try every way that applies here; returns the ones that worked (for the log).

    ``platform`` is Qt's platform name: "xcb" means an X11 display.
    """
    done = []
    if _inhibit_over_dbus():
        done.append("D-Bus ScreenSaver inhibit")
    if platform == "xcb":
        done.extend(x11_blanking_off())
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
    reply = screensaver.call("Inhibit", APP_TITLE, "Showing information in a waiting room")
    return reply.type() == QDBusMessage.MessageType.ReplyMessage


def x11_blanking_off(display: str | None = None) -> list[str]:
    """Switch off the X server's screensaver and DPMS on ``display`` (default ``$DISPLAY``).

    The settings belong to the X server and stay after this connection closes, as with xset.
    """
    name = display if display is not None else os.environ.get("DISPLAY", "")
    try:
        x11 = ctypes.CDLL("libX11.so.6")
    except OSError as exc:
        log.warning("X screensaver left on: libX11 not found (%s)", exc)
        return []
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XSetScreenSaver.argtypes = [ctypes.c_void_p] + [ctypes.c_int] * 4
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = x11.XOpenDisplay(name.encode())
    if not connection:
        log.warning("X screensaver left on: cannot open display %r", name)
        return []
    try:
        # timeout 0 switches the screensaver off; no blanking preferred if it ever runs.
        x11.XSetScreenSaver(connection, 0, 0, _DONT_PREFER_BLANKING, _DEFAULT_EXPOSURES)
        done = ["X11 screensaver off (libX11)"]
        if _dpms_off(connection):
            done.append("X11 DPMS off (libXext)")
        x11.XSync(connection, 0)
    finally:
        x11.XCloseDisplay(connection)
    return done


def _dpms_off(connection: int) -> bool:
    """Disable DPMS (the monitor's power saving) if the server has the extension."""
    try:
        xext = ctypes.CDLL("libXext.so.6")
    except OSError as exc:  # libxext6 comes with libgl1, which Qt needs: rare
        log.warning("DPMS left as it is: libXext not found (%s)", exc)
        return False
    int_out = ctypes.POINTER(ctypes.c_int)
    xext.DPMSQueryExtension.argtypes = [ctypes.c_void_p, int_out, int_out]
    xext.DPMSCapable.argtypes = [ctypes.c_void_p]
    xext.DPMSDisable.argtypes = [ctypes.c_void_p]
    event_base, error_base = ctypes.c_int(), ctypes.c_int()
    if not xext.DPMSQueryExtension(connection, ctypes.byref(event_base), ctypes.byref(error_base)):
        log.info("This X server has no DPMS: only its screensaver could blank the screen")
        return False
    if not xext.DPMSCapable(connection):
        return False
    return bool(xext.DPMSDisable(connection))
