"""One kiosk at a time: a lock file that a crashed kiosk does not leave stuck."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from kiosk.paths import runtime_dir


def default_lock_path() -> Path:
    return runtime_dir() / "kiosk.lock"


def acquire_single_instance(path: Path | None = None) -> QLockFile | None:
    """The held lock, or None when another live kiosk holds it.

    QLockFile records the holder's PID and host: a lock left by a crashed process (PID gone) is
    stale and taken over at once.
    """
    path = path or default_lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # judge staleness by the holder's PID only, never by age
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        lock.removeStaleLockFile()
        if lock.tryLock(0):
            return lock
    return None
