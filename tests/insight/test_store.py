"""The statistics store and report on real SQLite files: what is kept, what is never kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, Final

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import Settings, load_deck
from kiosk.insight.recorder import EventRecorder
from kiosk.insight.report import (
    Summary,
    csv_text,
    format_seconds,
    format_table,
    last_days,
    summarize,
    weighted_median,
)
from kiosk.insight.store import (
    MAX_DWELL_SECONDS,
    SCHEMA_VERSION,
    EventStore,
    StatsError,
    hour_of,
    open_store,
)
from tests.decks import simple_deck, write_settings

NOW = time.time()
TODAY = dt.date.today()


def rows(path: Path, sql: str = "SELECT kind, slide_id, hour, value, seconds FROM events") -> list:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


class WatchedStore(EventStore):
    """An EventStore that says when its background writer has written something."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.written = threading.Event()
        super().__init__(*args, **kwargs)

    def flush(self, wait: float | None = None) -> int:
        count = super().flush(wait)
        if count:
            self.written.set()
        return count


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "data" / "statistics.sqlite3", flush_seconds=None) as events:
        yield events


def period() -> tuple[dt.date, dt.date]:
    return last_days(30, TODAY)


# -- recording and reading back ---------------------------------------------------------------
def test_recorded_events_are_written_by_flush_and_summarized(store: EventStore) -> None:
    for _ in range(3):
        store.record("shown", "back-pain")
    store.record("shown", "posture")
    store.record("opened", "back-pain")
    store.record("opened", "back-pain")
    store.record("dwell", "back-pain", seconds=10)
    store.record("dwell", "back-pain", seconds=31.4)
    store.record("dwell", "back-pain", seconds=20.2)
    store.record("qr", "back-pain")
    assert store.pending == 10
    assert not store.path.exists()  # nothing on disk before the first batch

    assert store.flush() == 10
    assert store.pending == 0
    assert store.flush() == 0
    assert store.stored_count() == 10

    summary = summarize(store.path, *period())
    back = summary.slide("back-pain")
    assert back is not None
    assert (back.shown, back.opens, back.median_dwell, back.qr) == (3, 2, 20.0, 1)
    posture = summary.slide("posture")
    assert posture is not None
    assert (posture.shown, posture.opens, posture.median_dwell) == (1, 0, None)
    assert [s.slide_id for s in summary.slides] == ["back-pain", "posture"]  # most opened first
    assert (summary.total_shown, summary.total_opens) == (4, 2)
    assert sum(summary.opens_by_hour) == 2
    assert sum(summary.opens_by_weekday) == 2


def test_the_store_is_a_wal_database_with_exactly_five_columns(store: EventStore) -> None:
    store.record("opened", "back-pain")
    store.flush()
    with closing(sqlite3.connect(store.path)) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(events)")]
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall()
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    assert columns == ["kind", "slide_id", "hour", "value", "seconds"]
    assert tables == [("events",)]  # no table of sessions, devices or people
    assert journal == "wal"
    assert version == SCHEMA_VERSION


def test_only_the_hour_is_kept_never_the_exact_time(store: EventStore) -> None:
    exact = 1_780_001_234.567
    for offset in (0, 59, 700, 3600 * 5 + 17):  # 2834 s into an hour, then 5 h later
        store.record("shown", "back-pain", when=exact + offset)
    store.record("language", value="es", when=exact)
    store.flush()
    hours = [row[2] for row in rows(store.path)]
    assert hours
    assert all(hour % 3600 == 0 for hour in hours)
    assert hours[0] == hour_of(exact) == 1_779_998_400
    assert set(hours) == {hour_of(exact), hour_of(exact + 3600 * 5 + 17)}


def test_dwell_is_whole_seconds_rounded_and_capped(store: EventStore) -> None:
    store.record("dwell", "a", seconds=2.49)
    store.record("dwell", "a", seconds=2.5)
    store.record("dwell", "a", seconds=0)
    store.record("dwell", "a", seconds=10 * 3600)  # a screen left open all morning
    store.flush()
    assert [row[4] for row in rows(store.path)] == [2, 3, 0, MAX_DWELL_SECONDS]


@pytest.mark.parametrize(
    ("kind", "slide_id", "extra"),
    [
        ("tapped", "a", {}),  # unknown kind
        ("shown", "Jane Doe", {}),  # not a slide id: free text never reaches the file
        ("shown", "jane@example.org", {}),
        ("shown", None, {}),  # shown needs a slide
        ("language", None, {"value": "Jane Doe"}),
        ("language", None, {}),
        ("aid", None, {"value": "wheelchair"}),
        ("opened", "a", {"value": "x"}),
        ("opened", "a", {"seconds": 3}),
        ("dwell", "a", {}),
        ("dwell", "a", {"seconds": -1}),
        ("dwell", "a", {"seconds": float("nan")}),
    ],
)
def test_anything_but_a_valid_event_is_refused(
    store: EventStore, kind: str, slide_id: str | None, extra: dict
) -> None:
    with pytest.raises(ValueError):
        store.record(kind, slide_id, **extra)
    assert store.pending == 0


def test_language_and_aid_toggles_are_counted(store: EventStore) -> None:
    store.record("language", "back-pain", value="es")
    store.record("language", None, value="es")
    store.record("language", None, value="zh-Hans")
    store.record("aid", "back-pain", value="large-text")
    store.record("aid", None, value="read-aloud")
    store.flush()
    summary = summarize(store.path, *period())
    assert summary.languages == (("es", 2), ("zh-Hans", 1))
    assert summary.aids == (("large-text", 1), ("read-aloud", 1))
    assert summary.slides == ()  # toggles are not slide views
    assert not summary.empty


def test_opens_are_counted_by_local_hour_and_weekday(store: EventStore) -> None:
    monday_morning = dt.datetime.combine(TODAY, dt.time(9, 30))
    monday_morning -= dt.timedelta(days=TODAY.weekday())  # this week's Monday, 09:30 local
    store.record("opened", "a", when=monday_morning.timestamp())
    store.record("opened", "a", when=(monday_morning + dt.timedelta(days=2, hours=8)).timestamp())
    store.flush()
    summary = summarize(store.path, TODAY - dt.timedelta(days=13), TODAY + dt.timedelta(days=7))
    assert summary.opens_by_hour[9] == 1
    assert summary.opens_by_hour[17] == 1
    assert sum(summary.opens_by_hour) == 2
    assert summary.opens_by_weekday == (1, 0, 1, 0, 0, 0, 0)


def test_the_period_includes_both_ends_and_nothing_outside(store: EventStore) -> None:
    since, until = TODAY - dt.timedelta(days=6), TODAY
    at = dt.datetime.combine
    store.record("opened", "before", when=at(since, dt.time()).timestamp() - 3600)
    store.record("opened", "first-day", when=at(since, dt.time(0, 10)).timestamp())
    store.record("opened", "last-day", when=at(until, dt.time(23, 50)).timestamp())
    store.record("opened", "after", when=at(until + dt.timedelta(days=1), dt.time(1)).timestamp())
    store.flush()
    summary = summarize(store.path, since, until)
    assert sorted(s.slide_id for s in summary.slides) == ["first-day", "last-day"]
    with pytest.raises(ValueError):
        summarize(store.path, until, since)


def test_a_missing_file_is_an_empty_summary_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    summary = summarize(path, *period())
    assert summary == Summary(*period())
    assert summary.empty
    assert not path.exists()
    assert "Nothing was recorded" in format_table(summary)


def test_summarize_takes_the_live_store_and_writes_its_pending_events_first(
    store: EventStore,
) -> None:
    store.record("opened", "a")
    summary = summarize(store, *period())
    assert summary.total_opens == 1
    assert store.pending == 0


def test_a_summary_reads_from_an_open_connection_too(store: EventStore) -> None:
    store.record("shown", "a")
    store.flush()
    with closing(sqlite3.connect(store.path)) as connection:
        assert summarize(connection, *period()).total_shown == 1


# -- retention and erasing ----------------------------------------------------------------------
def test_prune_deletes_events_older_than_the_retention(store: EventStore) -> None:
    day = 86_400
    store.record("opened", "old", when=NOW - 400 * day)
    store.record("opened", "edge", when=NOW - 364 * day)
    store.record("opened", "new", when=NOW - day)
    store.flush()  # (its own daily prune already removes "old")
    store.record("opened", "old", when=NOW - 400 * day)
    store.keep_days = None
    store.flush()
    assert store.stored_count() == 3
    assert store.prune(365, now=NOW) == 1
    assert sorted(row[1] for row in rows(store.path)) == ["edge", "new"]
    assert store.prune(30, now=NOW) == 1
    assert [row[1] for row in rows(store.path)] == ["new"]


def test_the_retention_is_applied_by_itself_once_a_day(tmp_path: Path) -> None:
    clock, monotonic = [NOW], [0.0]
    with EventStore(
        tmp_path / "s.sqlite3",
        flush_seconds=None,
        keep_days=30,
        clock=lambda: clock[0],
        monotonic=lambda: monotonic[0],
    ) as store:
        store.record("opened", "old", when=NOW - 31 * 86_400)
        store.record("opened", "new")
        store.flush()
        assert [row[1] for row in rows(store.path)] == ["new"]
        clock[0] += 40 * 86_400  # forty days later (both clocks move on), the next batch prunes
        monotonic[0] += 40 * 86_400
        store.record("shown", "later")
        store.flush()
        assert [row[1] for row in rows(store.path)] == ["later"]


YEAR_2099: Final = dt.datetime(2099, 6, 1, tzinfo=dt.UTC).timestamp()


def _a_year_of_events(store: EventStore) -> int:
    for days_ago in range(0, 360, 3):
        store.record("opened", "back-pain", when=NOW - days_ago * 86_400)
    store.flush()
    return store.stored_count()


def test_a_clock_that_jumps_to_2099_and_back_deletes_no_statistics(tmp_path: Path) -> None:
    """Seen on a running kiosk: every event was deleted as "older than 365 days"."""
    clock, monotonic = [NOW], [1000.0]
    with EventStore(
        tmp_path / "s.sqlite3",
        flush_seconds=None,
        clock=lambda: clock[0],
        monotonic=lambda: monotonic[0],
    ) as store:
        before = _a_year_of_events(store)
        assert before == 120
        clock[0], monotonic[0] = YEAR_2099, monotonic[0] + 60  # a minute later, the clock jumps
        store.record("shown", "back-pain")
        store.flush()  # a new day by the clock: the daily prune runs
        clock[0], monotonic[0] = NOW + 120, monotonic[0] + 60  # and is set right again
        store.record("shown", "back-pain")
        store.flush()
        assert store.prune() == 0
        assert store.stored_count() == before + 2


def test_a_kiosk_started_with_its_clock_in_2099_deletes_no_statistics(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with EventStore(path, flush_seconds=None, clock=lambda: NOW) as store:
        before = _a_year_of_events(store)
    with EventStore(path, flush_seconds=None, clock=lambda: YEAR_2099) as store:
        store.record("shown", "back-pain")
        store.flush()
        assert store.stored_count() == before + 1
    with EventStore(path, flush_seconds=None, clock=lambda: NOW + 3600) as store:
        store.record("shown", "back-pain")  # the clock is right again: the 2099 event is kept,
        store.flush()  # and it does not make the year's events look old either
        assert store.stored_count() == before + 2


def test_erase_removes_every_event_written_or_pending_and_leaves_no_trace(
    store: EventStore,
) -> None:
    for _ in range(500):
        store.record("opened", "very-distinctive-topic")
    store.flush()
    store.record("opened", "very-distinctive-topic")
    store.erase()
    assert store.pending == 0
    assert store.stored_count() == 0
    assert store.flush() == 0
    leftovers = b"".join(
        path.read_bytes() for path in store.path.parent.iterdir() if path.is_file()
    )
    assert b"very-distinctive-topic" not in leftovers
    assert summarize(store.path, *period()).empty
    store.record("shown", "a")  # and it keeps working
    store.flush()
    assert store.stored_count() == 1


def test_erasing_when_there_is_no_file_does_nothing(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.sqlite3", flush_seconds=None) as store:
        store.erase()
        assert not store.path.exists()


# -- the background writer ----------------------------------------------------------------------
def test_the_background_writer_flushes_by_itself_and_close_writes_the_rest(
    tmp_path: Path,
) -> None:
    store = WatchedStore(tmp_path / "s.sqlite3", flush_seconds=0.02)
    try:
        store.record("opened", "a")
        assert store.written.wait(timeout=10)  # written by the thread, nobody asked
        assert store.pending == 0
        assert store.stored_count() == 1
    finally:
        store.close()
    assert store.closed
    store.close()  # twice is fine
    store.record("opened", "a")  # after close: not kept, no error
    assert store.pending == 0


def test_close_writes_what_the_writer_had_not_written_yet(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "s.sqlite3", flush_seconds=3600)
    store.record("opened", "a")
    store.record("opened", "b")
    store.close()
    assert [row[1] for row in rows(store.path)] == ["a", "b"]


def test_a_failed_write_keeps_the_events_for_the_next_try(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = EventStore(blocker / "s.sqlite3", flush_seconds=None)
    store.record("opened", "a")
    with pytest.raises(OSError):
        store.flush()
    assert store.pending == 1
    blocker.unlink()
    assert store.flush() == 1
    store.close()


def test_a_damaged_file_is_set_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with EventStore(path, flush_seconds=None) as store:
        store.record("opened", "a")
        assert store.flush() == 1
        assert store.stored_count() == 1
    assert [p.name for p in tmp_path.glob("statistics.sqlite3.broken-*")]


def test_a_file_from_a_newer_kiosk_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with EventStore(path, flush_seconds=None) as store:
        store.record("opened", "a")
        with pytest.raises(StatsError, match="newer"):
            store.flush()
        assert store.pending == 1
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


# -- turning it off ------------------------------------------------------------------------------
def test_settings_turn_statistics_on_by_default_and_off_in_settings_yaml(tmp_path: Path) -> None:
    assert Settings().statistics is True
    assert Settings().statistics_days == 365
    folder = tmp_path / "deck"
    simple_deck(folder, statistics=False, statistics_days=90)
    settings = load_deck(folder).deck.settings
    assert (settings.statistics, settings.statistics_days) == (False, 90)
    write_settings(folder, statistics_days=10)
    result = load_deck(folder)
    assert any(p.field == "statistics_days" for p in result.problems)


def test_turning_statistics_off_records_nothing(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "statistics.sqlite3"
    assert open_store(Settings(statistics=False), path) is None
    silent = EventRecorder(None)
    silent.on_slide_shown("a")  # no store: nothing, and no error
    silent.on_detail_opened("a")
    silent.on_detail_closed("back")

    with EventStore(path, flush_seconds=None) as store:
        recorder = EventRecorder(store)
        recorder.apply_settings(Settings(statistics=False))
        assert not recorder.enabled
        recorder.on_slide_shown("a")
        recorder.on_detail_opened("a")
        recorder.on_qr_shown("a")
        recorder.on_detail_closed("back")
        recorder.on_language("es")
        recorder.on_aid("large-text")
        assert store.pending == 0
    assert not path.exists()

    live = open_store(Settings(statistics=True, statistics_days=60), path)
    assert live is not None
    try:
        assert live.keep_days == 60
        recorder = EventRecorder(live)
        recorder.on_slide_shown("a")
        recorder.on_aid("wheelchair")  # not an aid: dropped with a warning, never raised
        assert live.pending == 1
    finally:
        live.close()
    assert live.stored_count() == 1


# -- the report's text and CSV -----------------------------------------------------------------
def test_the_table_and_the_csv_carry_the_same_numbers(store: EventStore) -> None:
    for _ in range(12):
        store.record("shown", "back-pain")
    for seconds in (40, 50):
        store.record("opened", "back-pain")
        store.record("dwell", "back-pain", seconds=seconds)
    store.record("shown", "posture")
    store.record("aid", None, value="large-text")
    store.flush()
    summary = summarize(store.path, *period())
    titles = {"back-pain": "Back pain and acupuncture"}

    table = format_table(summary, titles)
    line = next(x for x in table.splitlines() if x.startswith("Back pain and acupuncture"))
    assert line.split()[-5:] == ["12", "2", "45", "s", "0"]
    assert any(x.startswith("posture") and x.split()[1:3] == ["1", "0"] for x in table.splitlines())
    assert "Reading aids switched on: large-text 1" in table
    assert "Opened by hour of day" in table and "Mon" in table

    sections = csv_text(summary, titles).split("\n\n")
    slides = list(csv.reader(io.StringIO(sections[0])))
    assert slides[0] == ["slide_id", "shown", "opens", "median_dwell_seconds", "qr_shown", "title"]
    assert slides[1] == ["back-pain", "12", "2", "45", "0", "Back pain and acupuncture"]
    assert slides[2] == ["posture", "1", "0", "", "0", ""]
    hours = list(csv.reader(io.StringIO(sections[1])))
    assert hours[0] == ["hour_of_day", "opens"] and len(hours) == 25
    assert sum(int(count) for _, count in hours[1:]) == 2
    weekdays = list(csv.reader(io.StringIO(sections[2])))
    assert weekdays[0] == ["weekday", "opens"] and [d for d, _ in weekdays[1:]] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    toggles = list(csv.reader(io.StringIO(sections[3])))
    assert toggles == [["toggle", "value", "count"], ["aid", "large-text", "1"]]


def test_medians_and_durations() -> None:
    assert weighted_median({}) is None
    assert weighted_median({7: 1}) == 7
    assert weighted_median({1: 1, 4: 1}) == 2.5
    assert weighted_median({1: 5, 100: 1}) == 1
    assert weighted_median({1: 1, 2: 1, 3: 1, 100: 1}) == 2.5
    assert format_seconds(None) == "-"
    assert format_seconds(44.5) == "45 s"
    assert format_seconds(185) == "3 min 05 s"
