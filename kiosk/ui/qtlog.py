"""Qt's own messages go to Python logging, so they land in the kiosk's log with everything else."""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("kiosk.qt")

#: Harmless on the offscreen platform (screenshots, benchmarks): there is no window manager.
IGNORED: Final = (
    "This plugin does not support propagateSizeHints",
    "Couldn't load pipewire",  # QtMultimedia tries PipeWire, then uses PulseAudio
    "Couldn't resolve pipewire",
)

#: Expected on a machine without a voice (no speech-dispatcher): Read aloud is simply hidden, so
#: Qt's critical message is logged as information, not as an error staff should act on.
EXPECTED: Final = ('Error loading text-to-speech plug-in "speechd"',)

_LEVELS: Final = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def route_qt_messages_to_logging() -> None:
    qInstallMessageHandler(_handle)


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message.startswith(IGNORED):
        return
    if message.startswith(EXPECTED):
        log.info("%s", message)
        return
    log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)
