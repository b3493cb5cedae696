"""One kiosk at a time: a lock file that a crashed kiosk does not leave stuck."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QLockFile

from kiosk.paths import APP_NAME


class LockFileError(Exception):
    """The lock file cannot be written: a problem with the folder, not a second kiosk."""

    def __init__(self, path: Path, reason: str) -> None:
        self.message = (
            f"The kiosk cannot write its lock file {path} ({reason}), so it cannot make sure it "
            "is the only Clinic Kiosk running. It starts anyway; ask whoever looks after the "
            "kiosk to check that folder."
        )
        super().__init__(self.message)


def default_lock_path() -> Path:
    return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False)) / "kiosk.lock"


def acquire_single_instance(path: Path | None = None) -> QLockFile | None:
    """The held lock, or None when another live kiosk holds it.

    QLockFile records the holder's PID and host: a lock left by a crashed process (PID gone) is
    stale and taken over at once. :class:`LockFileError` when the lock cannot be written at all
    (a folder the kiosk may not write to, a lock path that is a folder): that must never be
    reported as "another kiosk is running".
    """
    path = path or default_lock_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LockFileError(path, exc.strerror or str(exc)) from exc
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # judge staleness by the holder's PID only, never by age
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        lock.removeStaleLockFile()
        if lock.tryLock(0):
            return lock
        pid = lock.getLockInfo()[0]
        if lock.error() == QLockFile.LockError.LockFailedError and pid > 0:
            return None  # a live process wrote it: another kiosk
    reason = {
        QLockFile.LockError.PermissionError: "not allowed to write there",
        QLockFile.LockError.LockFailedError: "something that is not a lock file is in the way",
    }.get(lock.error(), "it cannot be created")
    raise LockFileError(path, reason)
