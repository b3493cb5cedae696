"""Screens report in: each kiosk's small status file in the shared folder, and reading them all.

Every running kiosk rewrites ``<content>/status/<screen>.json`` about once a minute (and, every
few minutes, a small JPEG of its screen beside it, ``<screen>.jpg``). The sync engine carries
them to the other machines, where the desk editor's Screens page and ``--screens`` read them.
One file per screen, rewritten in place, so the folder never grows; each is small and bounded.

The kiosk never treats ``status/`` as content (:data:`kiosk.content.files.STATUS_DIR`): the
loader and the live reload do not look there, so reports arriving from other screens never make
a screen reload its slides.

Qt-free: the record, its JSON, reading every report, "stale after missed reports", and
forgetting a screen that has been retired (its files removed, so every computer drops it).
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import msgspec

from kiosk.content import files
from kiosk.content.files import STATUS_DIR, UnreadableFileError
from kiosk.storage.atomic import write_atomic
from kiosk.storage.folder import make_dir, slug

log = logging.getLogger(__name__)

#: How often a kiosk reports, and how often its report carries a new picture.
REPORT_EVERY_S: Final = 60
PICTURE_EVERY_S: Final = 5 * 60
#: A screen is "not seen" once this many reports in a row have not arrived.
STALE_AFTER_MISSED: Final = 3
#: The problems written out in words (the count is always whole).
PROBLEMS_LISTED: Final = 3
PROBLEM_CHARS: Final = 200
#: Bounds on what is read: a report is a few hundred bytes, a picture a few tens of KB.
MAX_STATUS_BYTES: Final = 64 * 1024
MAX_PICTURE_BYTES: Final = 512 * 1024
#: Screens read at most (a clinic group has a handful; a folder of junk must not stall the desk).
MAX_SCREENS: Final = 200
STATUS_SUFFIX: Final = ".json"
PICTURE_SUFFIX: Final = ".jpg"
FORMAT: Final = 1

#: What a screen can be showing, in the words the Screens page uses.
SHOWING_WORDS: Final = {
    "slide": "Showing",
    "detail": "A patient is reading",
    "closed": "Closed (outside opening hours)",
    "calm": "Nothing to show (the calm screen)",
    "staff": "Staff mode is open",
    "starting": "Starting",
}


@dataclass(frozen=True, slots=True)
class OnScreen:
    """What a screen shows right now: a key of :data:`SHOWING_WORDS`, and the slide if any."""

    kind: str
    slide_id: str | None = None
    slide_title: str | None = None


class ScreenStatus(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One screen's report, as written in its status file."""

    screen: str
    version: str
    up_since: dt.datetime
    now: dt.datetime
    showing: str = "starting"  # a key of SHOWING_WORDS
    slide_id: str | None = None
    slide_title: str | None = None
    problems: int = 0
    first_problems: tuple[str, ...] = ()
    free_disk_bytes: int | None = None
    content_changed: dt.datetime | None = None
    picture: str | None = None  # the picture's file name, beside this file
    picture_taken: dt.datetime | None = None
    report_every_s: int = REPORT_EVERY_S
    format: int = FORMAT


def status_stem(screen: str) -> str:
    """The file name (less its suffix) a screen reports under: readable, and never shared by two
    names (``Waiting room 2`` and ``waiting-room-2`` differ by the short hash)."""
    import hashlib  # here: it loads OpenSSL (3.4 MiB), which the staff editor's import need not

    digest = hashlib.sha256(screen.encode("utf-8")).hexdigest()[:6]
    readable = slug(screen)
    return f"{readable}-{digest}" if readable else f"screen-{digest}"


def status_dir(folder: Path) -> Path:
    return Path(folder) / STATUS_DIR


def status_path(folder: Path, screen: str) -> Path:
    return status_dir(folder) / (status_stem(screen) + STATUS_SUFFIX)


def picture_path(folder: Path, screen: str) -> Path:
    return status_dir(folder) / (status_stem(screen) + PICTURE_SUFFIX)


def problem_lines(problems: Iterator[str] | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The first few problems, each on one line of bounded length."""
    lines = []
    for problem in problems:
        line = " ".join(str(problem).split())
        if len(line) > PROBLEM_CHARS:
            line = line[: PROBLEM_CHARS - 1] + "\u2026"
        lines.append(line)
        if len(lines) == PROBLEMS_LISTED:
            break
    return tuple(lines)


def to_json(status: ScreenStatus) -> bytes:
    return msgspec.json.format(msgspec.json.encode(status), indent=1)


def from_json(data: bytes) -> ScreenStatus:
    """The report in ``data``, or ``ValueError`` saying in words why it cannot be read."""
    try:
        return msgspec.json.decode(data, type=ScreenStatus)
    except msgspec.DecodeError as exc:
        raise ValueError(f"not a screen report ({exc})") from exc


def write_status(folder: Path, status: ScreenStatus, picture: bytes | None = None) -> ScreenStatus:
    """Write ``status`` (and ``picture``, a JPEG, when given) atomically into ``folder/status``;
    returns the report as written (with the free disk space of the folder filled in).

    Raises :class:`~kiosk.storage.atomic.SaveError` in plain words when it cannot be written.
    """
    make_dir(status_dir(folder))
    if picture is not None:
        if len(picture) > MAX_PICTURE_BYTES:
            picture = None  # never: the writer keeps pictures small; a report beats no report
        else:
            write_atomic(picture_path(folder, status.screen), picture)
            status = msgspec.structs.replace(
                status, picture=picture_path(folder, status.screen).name
            )
    status = msgspec.structs.replace(status, free_disk_bytes=free_disk(folder))
    write_atomic(status_path(folder, status.screen), to_json(status))
    return status


def free_disk(folder: Path) -> int | None:
    import shutil

    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class Report:
    """A status file as read: its report, or why it could not be read; its picture, if any."""

    file: str
    status: ScreenStatus | None
    error: str | None = None
    picture: Path | None = None

    @property
    def name(self) -> str:
        return self.status.screen if self.status is not None else self.file

    def age(self, now: dt.datetime) -> dt.timedelta | None:
        """How long ago the screen last reported (by its own clock); None if unknown."""
        if self.status is None:
            return None
        return max(dt.timedelta(0), now - self.status.now)

    def stale(self, now: dt.datetime) -> bool:
        """:data:`STALE_AFTER_MISSED` reports in a row have not arrived."""
        age = self.age(now)
        if age is None or self.status is None:
            return True
        every = max(1, self.status.report_every_s)
        return age > dt.timedelta(seconds=STALE_AFTER_MISSED * every)


def read_reports(folder: Path) -> list[Report]:
    """Every screen's report in ``folder/status``, by screen name; unreadable ones say why."""
    place = status_dir(folder)
    try:
        names = sorted(
            entry.name
            for entry in place.iterdir()
            if entry.name.endswith(STATUS_SUFFIX)
            and not files.is_temporary(entry)
            and not files.is_sync_engine_file(entry.name)
            and files.sync_conflict_original(entry.name) is None
        )
    except OSError:
        return []  # no screen has reported yet (or the folder is not there)
    reports = [_read_one(place / name) for name in names[:MAX_SCREENS]]
    return sorted(reports, key=lambda r: (r.name.casefold(), r.file))


def _read_one(path: Path) -> Report:
    try:
        status = from_json(files.read_bytes(path, MAX_STATUS_BYTES, kind="a screen report"))
    except UnreadableFileError as exc:
        return Report(path.name, None, exc.message)
    except ValueError as exc:
        return Report(path.name, None, f"This screen report cannot be read: {exc}.")
    picture = None
    if status.picture and "/" not in status.picture and status.picture.endswith(PICTURE_SUFFIX):
        candidate = path.parent / status.picture
        if candidate.is_file():
            picture = candidate
    return Report(path.name, status, picture=picture)


# -- forgetting a retired screen ------------------------------------------------------------------
class ForgetError(Exception):
    """A screen's file that could not be removed, in words staff can act on (the file named)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def forget_screen(folder: Path, report: Report) -> list[str]:
    """Remove a retired screen's files from ``folder/status``: its report, its picture, and any
    copies Syncthing kept of them. The sync engine then removes them on every other computer,
    so the screen leaves every Screens page and "Shown on". Returns the names removed.

    A file already gone is fine (another computer may have forgotten it first). The report goes
    last: if anything cannot be removed the screen stays listed, to try again, and
    :class:`ForgetError` says which file and why in plain words. Only plain file names inside
    ``status/`` are ever removed. A screen still running simply reports again: callers offer
    this only for a stale one (:meth:`Report.stale`).
    """
    place = status_dir(folder)
    if not _plain_name(report.file, STATUS_SUFFIX):
        raise ForgetError(f"{report.file} is not a screen report: nothing was removed.", place)
    stem = report.file.removesuffix(STATUS_SUFFIX)
    ours = {report.file, stem + PICTURE_SUFFIX}
    if report.picture is not None and _plain_name(report.picture.name, PICTURE_SUFFIX):
        ours.add(report.picture.name)
    try:
        copies = [
            entry.name
            for entry in place.iterdir()
            if files.sync_conflict_original(entry.name) in ours
        ]
    except OSError:
        copies = []  # no status folder: removing each file below says what is wrong, if anything
    removed = []
    for name in [*sorted(copies), *sorted(ours - {report.file}), report.file]:
        path = place / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ForgetError(_not_removed(report.name, path, exc), path) from exc
        removed.append(name)
    log.info("Screen %r forgotten by staff (%s)", report.name, ", ".join(removed) or "no files")
    return removed


def _plain_name(name: str, suffix: str) -> bool:
    return (
        name.endswith(suffix)
        and name not in (".", "..")
        and "/" not in name
        and "\\" not in name
        and name == Path(name).name
    )


def _not_removed(screen: str, path: Path, exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        why = "the content folder is read-only on this computer"
    elif exc.errno in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        why = "this computer is not allowed to change the status folder"
    else:
        why = exc.strerror or str(exc) or type(exc).__name__
    return (
        f"{screen} was not forgotten: {STATUS_DIR}/{path.name} could not be removed ({why}). "
        "It stays listed; ask whoever looks after the kiosk to check the folder, then try again."
    )


# -- in words ------------------------------------------------------------------------------------
def ago(age: dt.timedelta) -> str:
    """``"just now"``, ``"2 minutes ago"``, ``"3 hours ago"``, ``"2 days ago"``."""
    seconds = int(age.total_seconds())
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"  # pragma: no cover - the loop always returns


def _span(age: dt.timedelta) -> str:
    return ago(age).removesuffix(" ago")


def last_seen(report: Report, now: dt.datetime) -> str:
    """``"Last seen 2 minutes ago"``; when stale ``"Not seen for 12 minutes — check it is on"``."""
    age = report.age(now)
    if report.status is None or age is None:
        return report.error or "This screen report cannot be read."
    if report.status.now - now > dt.timedelta(minutes=5):
        return "Its clock is ahead of this computer's: check the date and time on both"
    if report.stale(now):
        return f"Not seen for {_span(age)} \u2014 check it is on"
    return f"Last seen {ago(age)}"


def showing_words(status: ScreenStatus) -> str:
    """``"Showing: Flu shots"``, ``"A patient is reading: Flu shots"``, ``"Staff mode is open"``."""
    words = SHOWING_WORDS.get(status.showing, "Showing something this computer does not know")
    if status.showing in ("slide", "detail") and status.slide_title:
        return f"{words}: {status.slide_title}"
    return words


def problems_words(status: ScreenStatus) -> str:
    if status.problems == 0:
        return "No problems"
    more = status.problems - len(status.first_problems)
    lines = [f"{status.problems} problem{'' if status.problems == 1 else 's'}:"]
    lines += list(status.first_problems)
    if more > 0:
        lines.append(f"and {more} more")  # the rest are in the problems list on that screen
    return "\n".join(lines)


def disk_words(status: ScreenStatus) -> str | None:
    if status.free_disk_bytes is None:
        return None
    gib = status.free_disk_bytes / 1024**3
    size = f"{gib:.1f} GB" if gib >= 1 else f"{status.free_disk_bytes // 1024**2} MB"
    low = " (low: free some space)" if status.free_disk_bytes < 500 * 1024**2 else ""
    return f"{size} free{low}"


def summary_lines(report: Report, now: dt.datetime) -> list[str]:
    """The report in plain words, one fact a line (``--screens`` prints these)."""
    lines = [report.name, "  " + last_seen(report, now)]
    status = report.status
    if status is None:
        return lines
    stale = report.stale(now)
    lines.append(("  When last seen: " if stale else "  ") + showing_words(status))
    first, *problems = problems_words(status).splitlines()
    lines += ["  " + first, *("    - " + line for line in problems)]
    up = now - status.up_since
    if not stale and up >= dt.timedelta(minutes=1):
        lines.append(f"  Running for {_span(up)}")
    disk = disk_words(status)
    if disk:
        lines.append(f"  Disk: {disk}")
    return lines
