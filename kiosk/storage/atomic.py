"""Atomic file writes: a file is either its old version or its new one, never half of each.

The new text goes to a temporary file in the same folder (named ``.<name>.<random>.tmp``, which
the content loader ignores), is flushed to the disk, and then takes the old file's place in one
step (``os.replace``). A power cut or a crash at any moment leaves the old file or the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

#: Old versions kept per file name in a backup folder; older ones are deleted.
MAX_BACKUPS: Final = 20

_NOTHING_LOST: Final = "Nothing was lost"
DISK_FULL: Final = (
    "The disk is full: the change was not saved. Nothing was lost; free some space and save again."
)
READ_ONLY: Final = (
    "The content folder is read-only: the change was not saved. Nothing was lost; ask whoever "
    "looks after the kiosk to make the folder writable."
)
NOT_ALLOWED: Final = (
    "The kiosk is not allowed to change this file or folder: the change was not saved. Nothing "
    "was lost; ask whoever looks after the kiosk to check the folder's permissions."
)
_STAMP_FORMAT: Final = "%Y%m%d-%H%M%S-%f"
_STAMP: Final = r"(?P<stamp>\d{8}-\d{6}-\d{6})(?:-(?P<count>\d+))?"


class SaveError(Exception):
    """A save that did not happen, with the reason in words a receptionist can act on.

    The file being saved is untouched when this is raised.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    @classmethod
    def from_os_error(cls, exc: OSError, path: Path | None = None) -> SaveError:
        """The plain-words message for what the operating system reported."""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            message = DISK_FULL
        elif exc.errno == errno.EROFS:
            message = READ_ONLY
        elif exc.errno in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
            message = NOT_ALLOWED
        else:
            reason = exc.strerror or str(exc) or type(exc).__name__
            message = (
                f"The change was not saved ({reason}). {_NOTHING_LOST}; try again, and if it "
                "keeps happening ask whoever looks after the kiosk."
            )
        return cls(message, path)


def write_atomic(
    path: Path, data: bytes, *, backup_dir: Path | None = None, mode: int | None = None
) -> None:
    """Replace ``path``'s contents with ``data`` in one step, or raise :class:`SaveError`.

    ``backup_dir``: keep the previous version (if any) there as ``<name>.<YYYYmmdd-HHMMSS-ffffff>``,
    at most :data:`MAX_BACKUPS` per file name. ``mode``: the new file's permissions (it is created
    with them, so it is never readable by others even for a moment); by default the old file's
    permissions are kept, or the usual ones (umask) for a new file.
    """
    path = Path(path)
    temp: Path | None = None
    backup: Path | None = None
    try:
        temp, fd = _create_temp(path, 0o666 if mode is None else mode)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _set_mode(path, temp, mode)
        if backup_dir is not None and path.is_file():
            backup = _backup(path, Path(backup_dir))
        temp.replace(path)
        temp = None
    except OSError as exc:
        if backup is not None:
            _remove_quietly(backup)
        raise SaveError.from_os_error(exc, path) from exc
    finally:
        if temp is not None:
            _remove_quietly(temp)
    fsync_dir(path.parent)
    if backup_dir is not None:
        prune_backups(Path(backup_dir), path.name)


def write_all_atomic(
    items: Sequence[tuple[Path, bytes]], *, backup_dir: Path | None = None
) -> None:
    """Replace several files' contents together: all of them, or none (:class:`SaveError`).

    Everything that can fail for want of space happens first: each new version is written to a
    temporary file beside its target and flushed to the disk, and each old version is kept (a
    hard link, which takes no space, else a copy). Only then are the new versions renamed into
    place; a rename that fails puts back the files already renamed. So a full disk in the middle
    of reordering six slides leaves all six as they were, and the message saying so is true.
    """
    staged: list[tuple[Path, Path]] = []  # (target, its new version)
    kept: dict[Path, Path] = {}  # target -> its old version, for putting it back
    backups: list[Path] = []
    renamed: list[Path] = []
    try:
        for path, data in items:
            temp, fd = _create_temp(Path(path), 0o666)
            staged.append((Path(path), temp))
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            _set_mode(Path(path), temp, None)
        for path, _ in staged:
            if path.is_file():
                kept[path] = _keep_old(path)
                if backup_dir is not None:
                    backups.append(_backup(path, Path(backup_dir)))
        for path, temp in staged:
            temp.replace(path)
            renamed.append(path)
    except OSError as exc:
        left = _put_back(renamed, kept)
        for backup in backups:
            _remove_quietly(backup)
        if left:
            raise SaveError(
                "Only part of the change was saved, and it could not be undone ("
                f"{exc.strerror or exc}): {', '.join(p.name for p in left)} "
                "already have the new version. Check these files, or restore them from the "
                "backups folder.",
                left[0],
            ) from exc
        raise SaveError.from_os_error(exc, Path(items[0][0]) if items else None) from exc
    finally:
        for _, temp in staged:
            if temp.exists():
                _remove_quietly(temp)
        for old in kept.values():
            _remove_quietly(old)
    for folder in {path.parent for path, _ in staged}:
        fsync_dir(folder)
    if backup_dir is not None:
        for path, _ in staged:
            prune_backups(Path(backup_dir), path.name)


def _random_tag() -> str:
    """Eight random hex digits for a temporary name: ``secrets.token_hex(4)``'s own source,
    without importing ``secrets``, whose ``hmac`` loads OpenSSL (3.4 MiB in every kiosk)."""
    return os.urandom(4).hex()


def _keep_old(path: Path) -> Path:
    """A second name for ``path``'s current contents beside it (removed when done)."""
    while True:
        old = path.with_name(f".{path.name}.{_random_tag()}.old.tmp")
        try:
            os.link(path, old)
            return old
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
                raise
            shutil.copy2(path, old)  # no hard links here (some shares): a copy
            return old


def _put_back(renamed: list[Path], kept: dict[Path, Path]) -> list[Path]:
    """Undo the renames done so far; the files that could not be put back."""
    left: list[Path] = []
    for path in reversed(renamed):
        try:
            old = kept.get(path)
            if old is None:
                path.unlink()  # it did not exist before
            else:
                old.replace(path)
        except OSError as exc:
            log.error("Could not put back the old version of %s: %s", path, exc)
            left.append(path)
    return left


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (where the system supports it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def backup_name(name: str, folder: Path, suffix: str = "") -> Path:
    """A new, unused ``<folder>/<name>.<timestamp><suffix>`` path."""
    stamp = dt.datetime.now().strftime(_STAMP_FORMAT)
    candidate = folder / f"{name}.{stamp}{suffix}"
    count = 1
    while candidate.exists():
        candidate = folder / f"{name}.{stamp}-{count}{suffix}"
        count += 1
    return candidate


def backups_of(folder: Path, name: str) -> list[Path]:
    """The backups of file ``name`` in ``folder``, oldest first."""
    pattern = re.compile(re.escape(name) + r"\." + _STAMP + "$")
    found: list[tuple[str, int, Path]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match:
            found.append((match["stamp"], int(match["count"] or 0), entry))
    return [entry for _, _, entry in sorted(found)]


def prune_backups(folder: Path, name: str, keep: int = MAX_BACKUPS) -> None:
    """Delete all but the newest ``keep`` backups of ``name`` (problems are only logged)."""
    old = backups_of(folder, name)
    for entry in old[: max(len(old) - keep, 0)]:
        try:
            entry.unlink()
        except OSError as exc:
            log.warning("Could not delete the old backup %s: %s", entry, exc)


def _create_temp(path: Path, mode: int) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = path.with_name(f".{path.name}.{_random_tag()}.tmp")
        try:
            return temp, os.open(temp, flags, mode)
        except FileExistsError:
            continue


def _set_mode(path: Path, temp: Path, mode: int | None) -> None:
    if mode is not None:
        temp.chmod(mode)  # the umask may have removed bits that were asked for
        return
    try:
        old_mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    temp.chmod(old_mode)


def _backup(path: Path, folder: Path) -> Path:
    """Keep ``path`` as it is now in ``folder``: a hard link (instant, no space, all or nothing)
    where the file system allows, else a copy that appears under its name only once complete."""
    folder.mkdir(parents=True, exist_ok=True)
    target = backup_name(path.name, folder)
    try:
        os.link(path, target)
        return target
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
            raise
    temp, fd = _create_temp(target, 0o600)
    os.close(fd)
    try:
        shutil.copy2(path, temp)
        temp.replace(target)
    except OSError:
        _remove_quietly(temp)
        raise
    return target


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
