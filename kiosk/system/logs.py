"""A rotating log file in the platform's log folder, and a last-resort exception hook."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Final

import platformdirs

from kiosk.paths import APP_NAME

LOG_BYTES: Final = 2 * 1024 * 1024
LOG_BACKUPS: Final = 5
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("kiosk")


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def setup_logging(log_dir: Path | None = None, *, to_stderr: bool = True) -> Path | None:
    """Log to a rotating file (≤ 12 MB in all) and to stderr; returns the file, if writable."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if to_stderr and not any(type(h) is logging.StreamHandler for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(stream)
    folder = log_dir or default_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "kiosk.log", maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:  # a read-only home must not stop the screen
        log.warning("No log file in %s: %s", folder, exc)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    return Path(handler.baseFilename)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def keep_running_on_errors(on_error: Callable[[], None] | None = None) -> ExceptHook:
    """Log any uncaught exception (in a slot, a timer...) with its traceback and carry on.

    PySide6 reports exceptions raised in slots through ``sys.excepthook``; the default one only
    prints. ``on_error`` lets the window return to a safe screen afterwards.
    """

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        text = "".join(traceback.format_exception(kind, error, tb))
        log.error("Unexpected error; the kiosk carries on.\n%s", text)
        if on_error is not None:
            try:
                on_error()
            except Exception:  # recovering must never raise again
                log.exception("Could not recover the screen")

    sys.excepthook = hook
    return hook
