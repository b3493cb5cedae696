"""A patient taps, reads and goes back; staff then see it in the numbers and in the staff view."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import connect_statistics
from kiosk.content import load_deck
from kiosk.insight.recorder import EventRecorder
from kiosk.insight.report import summarize
from kiosk.insight.store import EventStore
from kiosk.insight.view import CONFIRM_TEXT, ERASE_TEXT, VALUE_ROLE, StatsView
from kiosk.player.speech import ENGINE_VARIABLE
from kiosk.player.timing import Timing
from kiosk.player.window import CYCLE, DETAIL, KioskWindow
from kiosk.ui.theme import load_theme
from tests.decks import reference, simple_deck, write_settings, write_slide
from tests.player.conftest import WindowFactory
from tests.player.conftest import make_window as make_window  # the fixture, shared

#: Slides stay put and an open slide stays open: the test decides every move.
STILL = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000, transition_ms=40)
TITLES = {f"slide-{n}": f"Slide number {n}" for n in range(1, 4)}


def today_range() -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    return today - dt.timedelta(days=1), today  # a test running over midnight stays in range


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "statistics.sqlite3", flush_seconds=None) as events:
        yield events


def recording_window(
    make_window: WindowFactory, folder: Path, store: EventStore, timing: Timing = STILL
) -> tuple[KioskWindow, EventRecorder]:
    window = make_window(folder, timing)
    recorder = EventRecorder(store, window)
    connect_statistics(window, recorder)
    return window, recorder


def tap_read_back(qtbot: QtBot, window: KioskWindow, recorder: EventRecorder, ms: int) -> str:
    """Click the slide on screen, stay on its detail ``ms``, press Back; returns its id."""
    assert window.screen_name == CYCLE
    with qtbot.waitSignal(window.detail_opened, timeout=2000) as opened:
        qtbot.mouseClick(window.cycle.card.teaser, Qt.MouseButton.LeftButton)
    assert window.screen_name == DETAIL
    qtbot.waitUntil(lambda: recorder.reading_ms() >= ms, timeout=ms + 3000)
    with qtbot.waitSignal(window.detail_closed, timeout=2000) as closed:
        qtbot.mouseClick(window.detail.back_button, Qt.MouseButton.LeftButton)
    assert closed.args == ["back"]
    assert window.screen_name == CYCLE
    return str(opened.args[0])


def test_a_patient_reading_a_slide_reaches_the_database_and_the_staff_view(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    window, recorder = recording_window(make_window, simple_deck(tmp_path / "deck"), store)
    assert tap_read_back(qtbot, window, recorder, 1200) == "slide-1"
    assert store.stored_count() == 0  # nothing written on the GUI thread while reading
    assert store.flush() == 4  # shown, opened, the references' QR codes in view, dwell

    summary = summarize(store.path, *today_range())
    read = summary.slide("slide-1")
    assert read is not None
    assert (read.shown, read.opens, read.qr) == (1, 1, 1)
    assert read.median_dwell is not None and 1 <= read.median_dwell <= 4
    assert summary.slide("slide-2") is None
    assert sum(summary.opens_by_hour) == sum(summary.opens_by_weekday) == 1

    # Staff open the statistics: the same numbers in the table and the chart.
    view = StatsView(store, window.theme)
    qtbot.addWidget(view)
    view.set_titles(TITLES)
    view.resize(1200, 900)
    view.show()  # showing refreshes
    qtbot.waitExposed(view)
    model = view.model
    row = model.row_of("slide-1")
    assert row == 0 and model.rowCount() == 1
    assert model.data(model.index(row, 0)) == "Slide number 1"
    assert model.data(model.index(row, 0), VALUE_ROLE) == "slide-1"
    assert model.data(model.index(row, 1), VALUE_ROLE) == 1  # shown
    assert model.data(model.index(row, 2), VALUE_ROLE) == 1  # opened
    assert model.data(model.index(row, 3), VALUE_ROLE) == read.median_dwell
    assert model.data(model.index(row, 3)).endswith(" s")
    assert model.data(model.index(row, 4), VALUE_ROLE) == 1  # QR codes shown
    assert view.opens_chart.bars() == (("Slide number 1", 1),)
    assert sum(view.hours_chart.values()) == 1
    assert sum(view.weekdays_chart.values()) == 1
    assert "slides shown once, opened once" in view.totals.text()
    assert not view.opens_chart.grab().isNull()  # the charts paint without error
    assert not view.hours_chart.grab().isNull()

    exported = tmp_path / "export" / "stats.csv"
    exported.parent.mkdir()
    assert view.export_csv(exported)
    with exported.open(encoding="utf-8", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0][:4] == ["slide_id", "shown", "opens", "median_dwell_seconds"]
    assert lines[1][:3] == ["slide-1", "1", "1"]
    assert float(lines[1][3]) == read.median_dwell
    assert lines[1][5] == "Slide number 1"
    assert "Saved" in view.status.text()


def test_the_staff_view_follows_new_readings_and_the_period(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    window, recorder = recording_window(make_window, simple_deck(tmp_path / "deck"), store)
    tap_read_back(qtbot, window, recorder, 0)
    window.controller.go_to(1)
    tap_read_back(qtbot, window, recorder, 0)
    tap_read_back(qtbot, window, recorder, 0)
    old = dt.datetime.now() - dt.timedelta(days=20)
    store.record("opened", "slide-3", when=old.timestamp())  # three weeks ago

    view = StatsView(store, load_theme("high-contrast"))
    qtbot.addWidget(view)
    view.refresh()  # writes the pending events first
    assert store.pending == 0
    assert [s.slide_id for s in view.summary.slides] == ["slide-2", "slide-1", "slide-3"]
    assert [b[1] for b in view.opens_chart.bars()] == [2, 1, 1]
    view.set_days(7)
    assert view.days == 7
    assert [s.slide_id for s in view.summary.slides] == ["slide-2", "slide-1"]
    view.set_titles(TITLES)
    assert view.opens_chart.bars()[0] == ("Slide number 2", 2)


def test_closing_by_itself_counts_the_reading_up_to_the_last_touch(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    waits = Timing(default_slide_ms=60_000, idle_timeout_ms=800, countdown_ms=800, transition_ms=40)
    window, _ = recording_window(make_window, simple_deck(tmp_path / "deck"), store, timing=waits)
    with qtbot.waitSignal(window.detail_opened, timeout=2000) as opened:
        qtbot.mouseClick(window.cycle.card.teaser, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.detail_closed, timeout=5000) as closed:
        pass  # nobody touches: idle, countdown, closed
    assert closed.args == ["idle"]
    store.flush()
    stats = summarize(store.path, *today_range()).slide(str(opened.args[0]))
    assert stats is not None and stats.opens == 1
    # Open 1.6 s, all of it waiting for a touch that never came: no reading (2 s if it counted).
    assert stats.median_dwell is not None and stats.median_dwell <= 1


def test_reading_aids_and_languages_are_counted_when_switched_on(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    window, _ = recording_window(make_window, simple_deck(tmp_path / "deck"), store)
    window.set_aids(window.aids.with_(large_text=True))
    window.set_aids(window.aids.with_(large_text=True, paused=True))
    window.set_aids(window.aids.with_(language="es"))
    window.reset_aids()  # back to the defaults: switching off counts nothing
    store.flush()
    summary = summarize(store.path, *today_range())
    assert summary.aids == (("large-text", 1), ("pause", 1))
    assert summary.languages == (("es", 1),)


def test_statistics_off_in_the_settings_records_nothing(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    folder = simple_deck(tmp_path / "deck", statistics=False)
    window, recorder = recording_window(make_window, folder, store)
    assert not recorder.enabled
    tap_read_back(qtbot, window, recorder, 0)
    window.controller.go_next()
    window.set_aids(window.aids.with_(large_text=True))
    assert store.pending == 0
    assert store.flush() == 0
    assert not store.path.exists()

    # Staff turn it on: the next reload starts counting; off again: it stops at once.
    on = simple_deck(tmp_path / "on", statistics=True)
    window.set_deck(load_deck(on).deck)
    tap_read_back(qtbot, window, recorder, 0)
    counted = store.pending
    assert counted >= 2  # opened, dwell
    window.set_deck(load_deck(folder).deck)
    tap_read_back(qtbot, window, recorder, 0)
    assert store.pending == counted


def test_erase_asks_for_a_second_tap_then_erases_everything(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    window, recorder = recording_window(make_window, simple_deck(tmp_path / "deck"), store)
    tap_read_back(qtbot, window, recorder, 0)
    view = StatsView(store, window.theme)
    qtbot.addWidget(view)
    view.refresh()
    assert view.model.rowCount() == 1

    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert view.erase_button.text() == CONFIRM_TEXT
    assert store.stored_count() == 3  # not yet
    view._confirm.setInterval(30)  # the 5 s to confirm, shortened: then it asks again
    view._confirm.start()
    qtbot.waitUntil(lambda: view.erase_button.text() == ERASE_TEXT, timeout=2000)
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert store.stored_count() == 3

    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert store.stored_count() == 0
    assert view.erase_button.text() == ERASE_TEXT
    assert view.model.rowCount() == 0
    assert view.opens_chart.bars() == ()
    assert view.status.text() == "All statistics erased."
    assert summarize(store.path, *today_range()).empty


def test_references_below_the_fold_count_once_per_reading_when_scrolled_to(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, store: EventStore
) -> None:
    folder = tmp_path / "deck"
    write_settings(folder)
    long_summary = "\n\n".join(f"Paragraph {n}: " + "words to read " * 30 for n in range(12))
    fields = {"id": "long", "title": "A long read", "teaser": "t", "order": 1,
              "references": [reference("10.1001/archinternmed.2009.65")]}  # fmt: skip
    write_slide(folder, "long.md", fields, long_summary)
    window, _ = recording_window(make_window, folder, store)
    scrollbar = window.detail.body.verticalScrollBar()

    for _reading in (1, 2):
        with qtbot.waitSignal(window.detail_opened, timeout=2000):
            qtbot.mouseClick(window.cycle.card.teaser, Qt.MouseButton.LeftButton)
        assert scrollbar.value() == 0, "every reading starts at the top, whoever read it last"
        with qtbot.assertNotEmitted(window.references_seen, wait=200):
            pass  # the references are further down: not seen yet
        assert not window.detail.references_in_view()
        assert scrollbar.maximum() > 1000  # long enough to tell "at once" from "much later"
        with qtbot.waitSignal(window.references_seen, timeout=1000) as seen:
            scrollbar.setValue(scrollbar.maximum())  # the patient scrolls to the end
        assert seen.args == ["long"]
        with qtbot.assertNotEmitted(window.references_seen, wait=200):
            scrollbar.setValue(0)
            scrollbar.setValue(scrollbar.maximum())  # and back: still one for this reading
        with qtbot.waitSignal(window.detail_closed, timeout=2000):
            qtbot.mouseClick(window.detail.back_button, Qt.MouseButton.LeftButton)

    store.flush()
    read = summarize(store.path, *today_range()).slide("long")
    assert read is not None and (read.opens, read.qr) == (2, 2)


# -- issue 19.7: an unreadable or locked database --------------------------------------------------


def test_an_unreadable_database_is_never_exported_as_zeros(
    qtbot: QtBot, tmp_path: Path, store: EventStore
) -> None:
    store.record("opened", "slide-1")
    store.flush()
    view = StatsView(store, load_theme("calm"))
    qtbot.addWidget(view)
    store.path.rename(tmp_path / "moved.sqlite3")  # (file permissions do not stop root)
    store.path.mkdir()  # something is there, and it is not a database the kiosk can open
    exported = tmp_path / "stats.csv"
    assert not view.export_csv(exported)
    assert not exported.exists()
    assert "Nothing was exported: the statistics cannot be read" in view.status.text()
    assert "Saved" not in view.status.text()


def test_a_locked_database_never_holds_the_screen_more_than_a_moment(
    qtbot: QtBot, tmp_path: Path, store: EventStore
) -> None:
    import sqlite3
    import time
    from contextlib import closing

    store.record("opened", "slide-1")
    store.flush()
    view = StatsView(store, load_theme("calm"))
    qtbot.addWidget(view)
    with closing(sqlite3.connect(store.path, isolation_level=None)) as other:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")  # another program holds the file
        other.execute("BEGIN EXCLUSIVE")
        other.execute("INSERT INTO events (kind, slide_id, hour) VALUES ('shown', 'x', 0)")
        store.record("opened", "slide-2")  # so the look first has something to write
        for action in (view.refresh, lambda: view.export_csv(tmp_path / "s.csv")):
            started = time.monotonic()
            action()
            assert time.monotonic() - started < 1.0
            assert "busy" in view.status.text()
        qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
        started = time.monotonic()
        qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0
        assert "were not erased" in view.status.text() and "busy" in view.status.text()
        other.execute("ROLLBACK")
    assert view.refresh() and view.model.rowCount() == 2


def test_read_aloud_is_counted_like_the_other_aids(
    qtbot: QtBot,
    tmp_path: Path,
    make_window: WindowFactory,
    store: EventStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "mock")  # Qt's own engine for tests: silent
    window, _ = recording_window(make_window, simple_deck(tmp_path / "deck"), store)
    window.speech.start()
    assert window.speech.available
    with qtbot.waitSignal(window.speech.speaking_changed, timeout=3000):
        qtbot.mouseClick(window.cycle.aids.read_aloud, Qt.MouseButton.LeftButton)
    store.flush()
    assert summarize(store.path, *today_range()).aids == (("read-aloud", 1),)
