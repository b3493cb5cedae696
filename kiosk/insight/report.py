"""What staff read from the statistics: per-slide numbers, opens by hour and weekday, as a
terminal table or a CSV file. No Qt, so ``--stats`` works on a machine with no screen.

CSV layout (UTF-8, comma-separated, sections separated by one empty line)::

    slide_id,shown,opens,median_dwell_seconds,qr_shown,title
    back-pain-trials,412,37,48,5,What the trials found      one row per slide, most opened first
                                                              (median empty when nobody read it)
    hour_of_day,opens
    0,0 ... 23,4                                              24 rows, local time
                                                              (the hour an event's hour began in)
    weekday,opens
    Mon,12 ... Sun,0                                          7 rows, Monday first

    toggle,value,count
    language,es,3                                             changes of language and reading
    aid,large-text,2                                          aids switched on (may be empty)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

from kiosk.insight.store import (
    AID,
    BUSY,
    DWELL,
    LANGUAGE,
    OPENED,
    QR,
    SHOWN,
    EventStore,
    StatsError,
    connect,
    is_busy,
)
from kiosk.storage.atomic import SaveError, write_atomic

WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CSV_SLIDE_HEADER: Final = (
    "slide_id",
    "shown",
    "opens",
    "median_dwell_seconds",
    "qr_shown",
    "title",
)
_TITLE_WIDTH: Final = 40


@dataclass(frozen=True)
class SlideStats:
    """One slide's numbers for a period."""

    slide_id: str
    shown: int = 0  # times it came onto the cycling screen
    opens: int = 0  # times a patient opened its detail screen
    median_dwell: float | None = None  # seconds a detail screen stayed open (None: never read)
    qr: int = 0  # times a reference QR code was shown on its detail screen


@dataclass(frozen=True)
class Summary:
    """A period's statistics: ``since`` and ``until`` are local dates, both included."""

    since: dt.date
    until: dt.date
    slides: tuple[SlideStats, ...] = ()  # most opened first
    opens_by_hour: tuple[int, ...] = (0,) * 24  # local hour of day, 0 to 23
    opens_by_weekday: tuple[int, ...] = (0,) * 7  # Monday first
    median_dwell: float | None = None  # over every reading in the period
    languages: tuple[tuple[str, int], ...] = ()  # (code, changes), most first
    aids: tuple[tuple[str, int], ...] = ()  # (aid, times switched on), most first
    _by_id: dict[str, SlideStats] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({s.slide_id: s for s in self.slides})

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def total_shown(self) -> int:
        return sum(s.shown for s in self.slides)

    @property
    def total_opens(self) -> int:
        return sum(s.opens for s in self.slides)

    @property
    def total_qr(self) -> int:
        return sum(s.qr for s in self.slides)

    @property
    def empty(self) -> bool:
        return not self.slides and not self.languages and not self.aids

    def slide(self, slide_id: str) -> SlideStats | None:
        return self._by_id.get(slide_id)


def last_days(
    days: int, today: dt.date | None = None, zone: dt.tzinfo | None = None
) -> tuple[dt.date, dt.date]:
    """The period of the last ``days`` days, today (in ``zone``, the clinic's) included."""
    if days < 1:
        raise ValueError("days must be 1 or more")
    until = today or (dt.datetime.now(dt.UTC).astimezone(zone).date() if zone else dt.date.today())
    return until - dt.timedelta(days=days - 1), until


def summarize(
    source: Path | sqlite3.Connection | EventStore,
    since: dt.date,
    until: dt.date,
    zone: dt.tzinfo | None = None,
    *,
    wait: float | None = None,
) -> Summary:
    """The statistics between two local dates (both included), days and hours of the day in
    ``zone`` (the clinic's time zone; default this computer's).

    ``source``: the database file (a missing file is an empty summary; nothing is created), an
    open connection, or the kiosk's :class:`EventStore` (its pending events are written first).
    ``wait``: at most this many seconds for a database another program holds (the GUI thread
    passes :data:`~kiosk.insight.store.QUICK_WAIT`); :class:`StatsError` says it is busy.
    """
    if until < since:
        raise ValueError("the period ends before it starts")
    try:
        if isinstance(source, EventStore):
            source.flush(wait)
            source = source.path
        if isinstance(source, sqlite3.Connection):
            return _summarize(source, since, until, zone)
        if not source.exists():
            return Summary(since, until)
        with closing(connect(source, 10.0 if wait is None else wait)) as connection:
            return _summarize(connection, since, until, zone)
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise StatsError(BUSY) from exc
        raise StatsError(f"The statistics file {source} cannot be read: {exc}") from exc


def _local_midnight(day: dt.date, zone: dt.tzinfo | None) -> int:
    """Midnight starting ``day`` in ``zone`` (naive: the machine's local time)."""
    return int(dt.datetime.combine(day, dt.time(), tzinfo=zone).timestamp())


def _summarize(
    connection: sqlite3.Connection, since: dt.date, until: dt.date, zone: dt.tzinfo | None
) -> Summary:
    start = _local_midnight(since, zone)
    end = _local_midnight(until + dt.timedelta(days=1), zone)
    rows = connection.execute(
        "SELECT kind, slide_id, hour, value, seconds, count(*) FROM events "
        "WHERE hour >= ? AND hour < ? GROUP BY kind, slide_id, hour, value, seconds",
        (start, end),
    ).fetchall()
    shown: Counter[str] = Counter()
    opens: Counter[str] = Counter()
    qr: Counter[str] = Counter()
    dwell: defaultdict[str, Counter[int]] = defaultdict(Counter)
    all_dwell: Counter[int] = Counter()
    by_hour = [0] * 24
    by_weekday = [0] * 7
    languages: Counter[str] = Counter()
    aids: Counter[str] = Counter()
    for kind, slide_id, hour, value, seconds, count in rows:
        if kind == SHOWN and slide_id:
            shown[slide_id] += count
        elif kind == OPENED and slide_id:
            opens[slide_id] += count
            local = dt.datetime.fromtimestamp(hour, zone)
            by_hour[local.hour] += count
            by_weekday[local.weekday()] += count
        elif kind == DWELL and slide_id and seconds is not None:
            dwell[slide_id][seconds] += count
            all_dwell[seconds] += count
        elif kind == QR and slide_id:
            qr[slide_id] += count
        elif kind == LANGUAGE and value:
            languages[value] += count
        elif kind == AID and value:
            aids[value] += count
    ids = set(shown) | set(opens) | set(dwell) | set(qr)
    slides = [
        SlideStats(
            slide_id=slide_id,
            shown=shown[slide_id],
            opens=opens[slide_id],
            median_dwell=weighted_median(dwell[slide_id]) if slide_id in dwell else None,
            qr=qr[slide_id],
        )
        for slide_id in ids
    ]
    slides.sort(key=lambda s: (-s.opens, -s.shown, s.slide_id))
    return Summary(
        since=since,
        until=until,
        slides=tuple(slides),
        opens_by_hour=tuple(by_hour),
        opens_by_weekday=tuple(by_weekday),
        median_dwell=weighted_median(all_dwell),
        languages=_most_first(languages),
        aids=_most_first(aids),
    )


def _most_first(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def weighted_median(counts: Mapping[int, int]) -> float | None:
    """The median of values given as ``{value: how many times}`` (``None`` when empty)."""
    total = sum(counts.values())
    if total == 0:
        return None
    middle = [(total - 1) // 2, total // 2]  # the same position when total is odd
    found: list[float] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
        if not middle:
            break
    return (found[0] + found[1]) / 2


# -- as text --------------------------------------------------------------------------------------
def format_seconds(seconds: float | None) -> str:
    """``42 s``, ``3 min 05 s``; ``-`` when there is nothing to show."""
    if seconds is None:
        return "-"
    whole = int(seconds + 0.5)
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


def slide_label(slide_id: str, titles: Mapping[str, str] | None) -> str:
    return (titles or {}).get(slide_id) or slide_id


def format_table(summary: Summary, titles: Mapping[str, str] | None = None) -> str:
    """The summary as an aligned plain-text table (what ``--stats`` prints)."""
    period = (
        f"Statistics from {summary.since.isoformat()} to {summary.until.isoformat()} "
        f"({summary.days} {'day' if summary.days == 1 else 'days'})"
    )
    if summary.empty:
        return f"{period}\n\nNothing was recorded in this period.\n"
    header = ("Slide", "Shown", "Opened", "Median reading", "QR shown")
    rows = [
        (
            _clip(slide_label(s.slide_id, titles)),
            str(s.shown),
            str(s.opens),
            format_seconds(s.median_dwell),
            str(s.qr),
        )
        for s in summary.slides
    ]
    total = (
        "Total",
        str(summary.total_shown),
        str(summary.total_opens),
        format_seconds(summary.median_dwell),
        str(summary.total_qr),
    )
    lines = [period, "", *_aligned([header, *rows, total], rule_before_last=True), ""]
    lines.append("Opened by hour of day (local time)")
    for half in (range(0, 12), range(12, 24)):
        lines.extend(
            _aligned(
                [
                    tuple(f"{h:02d}" for h in half),
                    tuple(str(summary.opens_by_hour[h]) for h in half),
                ],
                right_from=0,
            )
        )
    lines.append("")
    lines.append("Opened by day of the week")
    lines.extend(
        _aligned([WEEKDAYS, tuple(str(n) for n in summary.opens_by_weekday)], right_from=0)
    )
    if summary.languages or summary.aids:
        lines.append("")
    if summary.languages:
        lines.append("Language changes: " + _pairs(summary.languages))
    if summary.aids:
        lines.append("Reading aids switched on: " + _pairs(summary.aids))
    return "\n".join(lines) + "\n"


def _pairs(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {count}" for name, count in pairs)


def _clip(text: str) -> str:
    return text if len(text) <= _TITLE_WIDTH else text[: _TITLE_WIDTH - 1] + "\u2026"


def _aligned(
    rows: list[tuple[str, ...]], *, right_from: int = 1, rule_before_last: bool = False
) -> list[str]:
    """Columns padded to their widest cell; text left, numbers (from ``right_from``) right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(width) if i >= right_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    out = [line(row) for row in rows]
    if rule_before_last and len(out) > 1:
        out.insert(len(out) - 1, "-" * len(out[0]))
    return out


# -- as CSV ---------------------------------------------------------------------------------------
def csv_text(summary: Summary, titles: Mapping[str, str] | None = None) -> str:
    """The CSV file's text (layout in this module's docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_SLIDE_HEADER)
    for s in summary.slides:
        median = "" if s.median_dwell is None else f"{s.median_dwell:g}"
        title = (titles or {}).get(s.slide_id, "")
        writer.writerow([s.slide_id, s.shown, s.opens, median, s.qr, title])
    writer.writerow([])
    writer.writerow(["hour_of_day", "opens"])
    writer.writerows(enumerate(summary.opens_by_hour))
    writer.writerow([])
    writer.writerow(["weekday", "opens"])
    writer.writerows(zip(WEEKDAYS, summary.opens_by_weekday, strict=True))
    writer.writerow([])
    writer.writerow(["toggle", "value", "count"])
    writer.writerows((LANGUAGE, code, count) for code, count in summary.languages)
    writer.writerows((AID, name, count) for name, count in summary.aids)
    return buffer.getvalue()


def write_csv(summary: Summary, path: Path, titles: Mapping[str, str] | None = None) -> None:
    """Write the CSV file in one step (never half a file); :class:`SaveError` says why not."""
    write_atomic(Path(path), csv_text(summary, titles).encode("utf-8"))


# -- the command line -----------------------------------------------------------------------------
def run_stats(
    stats_file: Path,
    *,
    days: int = 30,
    show: bool = False,
    csv_path: Path | None = None,
    erase: bool = False,
    titles: Mapping[str, str] | None = None,
    out: TextIO,
    today: dt.date | None = None,
    zone: dt.tzinfo | None = None,
) -> int:
    """``--stats`` / ``--stats-csv`` / ``--erase-stats``: returns the exit status. ``zone``:
    the clinic's time zone, for "today" and the hours of the day."""
    try:
        if erase:
            with EventStore(stats_file, flush_seconds=None, keep_days=None) as store:
                existed = store.path.exists()
                store.erase()
            out.write(
                f"All statistics erased ({stats_file}).\n"
                if existed
                else f"No statistics to erase ({stats_file} does not exist).\n"
            )
        if show or csv_path is not None:
            since, until = last_days(days, today, zone)
            summary = summarize(stats_file, since, until, zone)
            if show:
                out.write(format_table(summary, titles))
            if csv_path is not None:
                write_csv(summary, csv_path, titles)
                out.write(f"Statistics written to {csv_path}\n")
    except SaveError as exc:
        out.write(f"{exc.message}\n")
        return 1
    except (StatsError, sqlite3.Error, OSError) as exc:
        out.write(f"Statistics not available: {exc}\n")
        return 1
    return 0
