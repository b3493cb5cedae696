"""The statistics database: anonymous events in SQLite, written in batches off the GUI thread.

One table, five columns, and nothing else::

    events(kind TEXT, slide_id TEXT NULL, hour INTEGER, value TEXT NULL, seconds INTEGER NULL)

``hour`` is the Unix time floored to the hour (a multiple of 3600): no exact time, no session, no
person, no device. ``value`` is a language code (``language``) or a reading aid's name (``aid``);
``seconds`` is a whole number of seconds spent reading (``dwell``). Every value is checked against
a closed list or a strict pattern before it is kept, so free text can never reach the file.

``record`` only appends to a list in memory (thread-safe, microseconds); a daemon thread writes the
list every 2 s in one transaction. The database is in WAL mode with ``synchronous=NORMAL``: a
committed batch survives the process being killed at any moment, and a kill loses at most the
events recorded since the last batch (a power cut may lose the last few batches, never the file).
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

import platformdirs

from kiosk.paths import APP_NAME

if TYPE_CHECKING:
    from kiosk.content import Settings

log = logging.getLogger(__name__)

FILE_NAME: Final = "statistics.sqlite3"
SCHEMA_VERSION: Final = 1
HOUR: Final = 3600
DAY: Final = 86_400

SHOWN: Final = "shown"  # a slide came onto the cycling screen
OPENED: Final = "opened"  # a patient tapped it and its detail screen opened
DWELL: Final = "dwell"  # the detail screen closed: ``seconds`` it was open
QR: Final = "qr"  # a reader reached the references and their QR codes (once per reading)
LANGUAGE: Final = "language"  # the language was changed: ``value`` is its code
AID: Final = "aid"  # a reading aid was switched on: ``value`` is its name
KINDS: Final = (SHOWN, OPENED, DWELL, QR, LANGUAGE, AID)
AIDS: Final = ("large-text", "high-contrast", "pause", "read-aloud")

DEFAULT_FLUSH_SECONDS: Final = 2.0
DEFAULT_KEEP_DAYS: Final = 365
#: A reading time longer than this is a screen left open, not reading: it is counted as this.
MAX_DWELL_SECONDS: Final = 3600
#: Events kept in memory while the disk refuses them (full, read-only); the oldest go first.
MAX_BUFFER: Final = 20_000
#: No kiosk recorded statistics before this (2024-01-01 UTC): an earlier clock is wrong.
EARLIEST_PLAUSIBLE: Final = 1_704_067_200
#: At start, the clock may be at most this far past the newest event already stored before the
#: kiosk believes it (a longer gap may be real downtime or a clock that jumped: retention waits).
MAX_TRUSTED_STEP: Final = DAY
#: How long a reader on the GUI thread waits for a database another program holds, in seconds.
QUICK_WAIT: Final = 0.25
#: How long closing waits for the last batch (the kiosk is quitting: a little longer is fine).
CLOSE_WAIT: Final = 3.0

_SLIDE_ID: Final = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANGUAGE: Final = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
_SQLITE_CORRUPT: Final = 11
_SQLITE_NOTADB: Final = 26

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS events (
    kind TEXT NOT NULL,
    slide_id TEXT NULL,
    hour INTEGER NOT NULL CHECK (hour % 3600 = 0),
    value TEXT NULL,
    seconds INTEGER NULL CHECK (seconds IS NULL OR seconds >= 0)
);
CREATE INDEX IF NOT EXISTS events_by_hour ON events (hour);
"""
_INSERT: Final = "INSERT INTO events (kind, slide_id, hour, value, seconds) VALUES (?, ?, ?, ?, ?)"

#: One event as stored: (kind, slide_id, hour, value, seconds).
Row = tuple[str, str | None, int, str | None, int | None]


class StatsError(Exception):
    """The statistics file cannot be used, in words staff can act on."""


BUSY: Final = (
    "The statistics file is busy (another program is using it just now). Try again in a moment."
)


def is_busy(error: BaseException) -> bool:
    """A database another connection holds locked: waiting, not damage."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error)
    )


def default_stats_path() -> Path:
    """``<the platform's user data folder>/clinic-kiosk/statistics.sqlite3``."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


def hour_of(when: float) -> int:
    """Unix time floored to the hour: all a stored event keeps of when it happened."""
    return int(when // HOUR) * HOUR


def connect(path: Path, timeout: float = 10.0) -> sqlite3.Connection:
    """Open (creating it and its folder if needed) the database in WAL mode, schema in place.

    The caller closes the connection (``contextlib.closing``). Autocommit mode: transactions are
    explicit (``BEGIN IMMEDIATE`` ... ``COMMIT``). ``timeout``: seconds to wait for a database
    another connection has locked (the GUI thread passes :data:`QUICK_WAIT`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        _ensure_schema(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _ensure_schema(connection: sqlite3.Connection) -> None:
    version = _user_version(connection)
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StatsError(
            f"The statistics file was written by a newer Clinic Kiosk (format {version}); "
            "update this kiosk or erase the statistics."
        )
    connection.execute("BEGIN IMMEDIATE")
    try:
        if _user_version(connection) == 0:  # another process may have just created it
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _user_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def make_row(
    kind: str,
    slide_id: str | None = None,
    *,
    value: str | None = None,
    seconds: float | None = None,
    when: float,
) -> Row:
    """Check one event and reduce it to what is stored; ``ValueError`` says what is wrong."""
    if kind not in KINDS:
        raise ValueError(f"unknown statistics event kind {kind!r}; known: {', '.join(KINDS)}")
    if slide_id is not None and not _SLIDE_ID.match(slide_id):
        raise ValueError(f"{slide_id!r} is not a slide id")
    if slide_id is None and kind in (SHOWN, OPENED, DWELL, QR):
        raise ValueError(f"a {kind!r} event needs the slide id")
    if kind == LANGUAGE:
        if value is None or not _LANGUAGE.match(value):
            raise ValueError(f"{value!r} is not a language code")
    elif kind == AID:
        if value not in AIDS:
            raise ValueError(f"{value!r} is not a reading aid; known: {', '.join(AIDS)}")
    elif value is not None:
        raise ValueError(f"a {kind!r} event has no value")
    whole_seconds: int | None = None
    if kind == DWELL:
        if seconds is None or not seconds >= 0:  # also refuses NaN
            raise ValueError(f"a dwell event needs seconds >= 0, not {seconds!r}")
        whole_seconds = min(MAX_DWELL_SECONDS, int(seconds + 0.5))
    elif seconds is not None:
        raise ValueError(f"only a dwell event has seconds, not {kind!r}")
    return (kind, slide_id, hour_of(when), value, whole_seconds)


class EventStore:
    """Anonymous events for one statistics file: recorded in memory, written in batches.

    ``flush_seconds``: how often the background thread writes (``None``: no thread, only
    explicit ``flush()``). ``keep_days``: events older than this are deleted once a day
    (``None``: never). Nothing touches the disk until the first event is written, so a kiosk
    that records nothing leaves no file.

    Retention never trusts a jumped clock (a Pi without a real-time clock, a typo in the date):
    "now" for deleting is the wall clock at the first write, moved on by the monotonic clock
    (which no one can set), and never more than a day past the newest event already stored. A
    clock set to 2099 and back deletes nothing; a kiosk that was really off for months keeps its
    old events a little longer (until the next restart), which is the safe side.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        flush_seconds: float | None = DEFAULT_FLUSH_SECONDS,
        keep_days: int | None = DEFAULT_KEEP_DAYS,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path if path is not None else default_stats_path()
        self.keep_days = keep_days
        self._clock = clock
        self._monotonic = monotonic
        #: (trusted wall time, monotonic time) read together: the base of retention's "now".
        self._anchor: tuple[float, float] | None = None
        self._buffer: list[Row] = []
        self._lock = threading.Lock()  # guards the buffer: held for microseconds only
        self._write_lock = threading.Lock()  # one writer at a time, batches in order
        self._stop = threading.Event()
        self._closed = False
        self._failing = False
        self._pruned_day: int | None = None
        self._thread: threading.Thread | None = None
        if flush_seconds is not None:
            if flush_seconds <= 0:
                raise ValueError("flush_seconds must be positive")
            self._thread = threading.Thread(
                target=self._flush_every,
                args=(flush_seconds,),
                name="statistics-writer",
                daemon=True,
            )
            self._thread.start()
            atexit.register(self.close)  # a normal exit keeps the last batch too

    # -- recording (any thread) --------------------------------------------------------------------
    def record(
        self,
        kind: str,
        slide_id: str | None = None,
        *,
        value: str | None = None,
        seconds: float | None = None,
        when: float | None = None,
    ) -> None:
        """Keep one event for the next batch. ``ValueError`` if it is not a valid event."""
        row = make_row(
            kind,
            slide_id,
            value=value,
            seconds=seconds,
            when=self._clock() if when is None else when,
        )
        if self._closed:
            log.debug("Statistics closed: %s event not kept", kind)
            return
        with self._lock:
            self._buffer.append(row)
            if len(self._buffer) > MAX_BUFFER:
                del self._buffer[: len(self._buffer) - MAX_BUFFER]

    @property
    def pending(self) -> int:
        """Events recorded but not yet written."""
        with self._lock:
            return len(self._buffer)

    @property
    def closed(self) -> bool:
        return self._closed

    # -- writing -----------------------------------------------------------------------------------
    def flush(self, wait: float | None = None) -> int:
        """Write every recorded event in one transaction; returns how many were written.

        On failure the events go back to the front of the buffer (for the next try) and the
        error is raised. ``wait``: at most this many seconds for the background writer or a
        database another program holds (the GUI thread passes :data:`QUICK_WAIT`); when the
        writer is still busy the events stay pending (0 is returned) rather than the screen
        freezing.
        """
        if not self._write_lock.acquire(timeout=-1 if wait is None else wait):
            return 0
        try:
            written = self._flush_locked(wait)
        finally:
            self._write_lock.release()
        if written and wait is None:  # never from a quick look on the GUI thread
            self._prune_once_a_day()
        return written

    def _flush_locked(self, wait: float | None) -> int:
        with self._lock:
            rows, self._buffer = self._buffer, []
        if not rows:
            return 0
        try:
            with self._connection(wait) as connection:
                connection.execute("BEGIN IMMEDIATE")
                self._anchor_clock(connection)  # before this batch: the stored evidence
                connection.executemany(_INSERT, rows)
                connection.execute("COMMIT")
        except BaseException:
            with self._lock:
                self._buffer[:0] = rows
                if len(self._buffer) > MAX_BUFFER:
                    del self._buffer[: len(self._buffer) - MAX_BUFFER]
            raise
        return len(rows)

    def prune(self, older_than_days: int | None = None, now: float | None = None) -> int:
        """Delete events older than ``older_than_days`` (default: ``keep_days``); how many went.

        ``now``: the time to count from; by default the clock as far as it can be trusted
        (:meth:`trusted_now`), never the wall clock alone.
        """
        days = older_than_days if older_than_days is not None else self.keep_days
        if days is None:
            return 0
        if days < 0:
            raise ValueError("older_than_days must be 0 or more")
        with self._write_lock:
            if not self.path.exists():
                return 0
            with self._connection() as connection:
                if now is None:
                    self._anchor_clock(connection)
                    now = self.trusted_now()
                cutoff = hour_of(now - days * DAY)
                cursor = connection.execute("DELETE FROM events WHERE hour < ?", (cutoff,))
                return max(0, cursor.rowcount)

    def trusted_now(self) -> float:
        """The wall clock, but never ahead of where the monotonic clock says time has got to."""
        wall = self._clock()
        if self._anchor is None:
            return wall
        anchor_wall, anchor_mono = self._anchor
        return min(wall, anchor_wall + max(0.0, self._monotonic() - anchor_mono))

    def _anchor_clock(self, connection: sqlite3.Connection) -> None:
        """Fix the base of :meth:`trusted_now` once (again while the clock is before 2024)."""
        if self._anchor is not None and self._anchor[0] >= EARLIEST_PLAUSIBLE:
            return
        wall, mono = self._clock(), self._monotonic()
        row = connection.execute("SELECT max(hour) FROM events WHERE hour <= ?", (wall,))
        newest = row.fetchone()[0]
        trusted = wall if newest is None else min(wall, newest + HOUR + MAX_TRUSTED_STEP)
        if trusted < wall:
            log.warning(
                "Statistics: the clock says %s but the newest stored event is from %s; old "
                "events are kept as if it were %s, in case the clock is wrong",
                _utc_text(wall),
                _utc_text(newest),
                _utc_text(trusted),
            )
        self._anchor = (trusted, mono)

    def erase(self, wait: float | None = None) -> None:
        """Delete every event, written or not, and give the space back (nothing left on disk).

        ``wait``: as for :meth:`flush`; when the database stays busy, :class:`StatsError`.
        """
        if not self._write_lock.acquire(timeout=-1 if wait is None else wait):
            raise StatsError(BUSY)
        try:
            self._erase_locked(wait)
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise StatsError(BUSY) from exc
            raise
        finally:
            self._write_lock.release()

    def _erase_locked(self, wait: float | None) -> None:
        if self.path.exists():
            with self._connection(wait) as connection:
                connection.execute("PRAGMA secure_delete = ON")  # deleted rows are zeroed
                connection.execute("DELETE FROM events")
                connection.execute("VACUUM")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self._lock:  # only now: an erase that failed keeps what was about to be written
            self._buffer.clear()

    def stored_count(self) -> int:
        """How many events the file holds (0 when there is no file yet)."""
        if not self.path.exists():
            return 0
        with self._connection() as connection:
            return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])

    def close(self) -> None:
        """Stop the background writer and write what is left. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self._thread is not None:
            self._thread.join(CLOSE_WAIT)  # a locked database must not hold up quitting
            atexit.unregister(self.close)
        try:
            self.flush(wait=CLOSE_WAIT)
        except (sqlite3.Error, OSError, StatsError) as exc:
            log.warning("Statistics: the last %d events were not saved: %s", self.pending, exc)
        else:
            if self.pending:
                log.warning("Statistics: the last %d events were not saved (busy)", self.pending)

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- inside ------------------------------------------------------------------------------------
    @contextmanager
    def _connection(self, wait: float | None = None) -> Iterator[sqlite3.Connection]:
        """A fresh connection for one job (each thread uses its own), closed afterwards.

        A file that is not a database any more (damaged by a disk fault) is set aside as
        ``statistics.sqlite3.broken-<time>`` and a new one started: statistics must never stop
        the kiosk.
        """
        timeout = 10.0 if wait is None else wait
        try:
            connection = connect(self.path, timeout)
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) not in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                raise
            self._set_aside(exc)
            connection = connect(self.path, timeout)
        with closing(connection):
            yield connection

    def _set_aside(self, error: Exception) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        log.error("Statistics file %s is damaged (%s); starting a new one", self.path, error)
        for suffix in ("", "-wal", "-shm"):
            old = self.path.with_name(self.path.name + suffix)
            if old.exists():
                old.replace(self.path.with_name(f"{self.path.name}.broken-{stamp}{suffix}"))

    def _prune_once_a_day(self) -> None:
        if self.keep_days is None:
            return
        today = int(self._clock() // DAY)
        if today == self._pruned_day:
            return
        self._pruned_day = today
        try:
            removed = self.prune()
        except (sqlite3.Error, OSError, StatsError) as exc:
            log.warning("Statistics: old events not pruned: %s", exc)
            return
        if removed:
            log.info("Statistics: %d events older than %d days deleted", removed, self.keep_days)

    def _flush_every(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            try:
                self.flush()
            except Exception as exc:  # the writer thread must outlive a full or read-only disk
                if not self._failing:
                    log.warning("Statistics not saved (will retry): %s", exc)
                self._failing = True
            else:
                if self._failing:
                    log.info("Statistics saved again")
                self._failing = False


def _utc_text(when: float) -> str:
    try:
        return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, ValueError, OSError):
        return f"{when:.0f} s after 1970"


def open_store(settings: Settings, path: Path | None = None) -> EventStore | None:
    """The kiosk's store, or ``None`` when the clinic turned statistics off in its settings."""
    if not settings.statistics:
        return None
    return EventStore(path, keep_days=settings.statistics_days)
