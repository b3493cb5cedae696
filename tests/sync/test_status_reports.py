"""Screens report in: each kiosk's status file (and picture) in the shared folder, read back as
the Screens page and ``--screens`` say it; the screen's own slides never reload because of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from pathlib import Path

import msgspec
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import on_screen, start_status_reports
from kiosk.content.lastgood import fingerprint
from kiosk.storage.config import remember_screen_name
from kiosk.sync import status as reports
from kiosk.sync.status import OnScreen, ScreenStatus
from kiosk.sync.syncthing import IGNORE_PATTERNS
from kiosk.ui.live_reload import ContentWatcher
from kiosk.ui.status_report import PICTURE_WIDTH, StatusReporter, small_picture
from tests.decks import simple_deck, write_slide
from tests.player.conftest import WindowFactory
from tests.player.test_repaint_budget import STILL, wakeups_while_watching
from tests.touch import tap
from tests.waiting import saves_done

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


class FakeClock:
    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def status(screen: str = "Waiting room 2", at: dt.datetime = T0, **fields: object) -> ScreenStatus:
    return ScreenStatus(screen=screen, version="0.1.0", up_since=at, now=at, **fields)  # type: ignore[arg-type]


# -- the record and its files ---------------------------------------------------------------------
def test_a_report_is_written_and_read_back_with_its_picture(tmp_path: Path) -> None:
    reports.write_status(
        tmp_path, status(showing="slide", slide_title="Flu shots"), b"\xff\xd8jpeg"
    )
    (report,) = reports.read_reports(tmp_path)
    assert report.name == "Waiting room 2"
    assert report.status is not None and report.status.slide_title == "Flu shots"
    assert report.status.free_disk_bytes is not None and report.status.free_disk_bytes > 0
    assert report.picture is not None and report.picture.read_bytes() == b"\xff\xd8jpeg"
    assert reports.showing_words(report.status) == "Showing: Flu shots"


def test_one_file_per_screen_rewritten_in_place_never_growing(tmp_path: Path) -> None:
    many = tuple(f"problem {n}: " + "word " * 200 for n in range(500))
    for minute in range(200):
        reports.write_status(
            tmp_path,
            status(
                at=T0 + dt.timedelta(minutes=minute),
                problems=len(many),
                first_problems=reports.problem_lines(many),
            ),
            b"\xff\xd8" + b"x" * 40_000 if minute % 5 == 0 else None,
        )
    names = sorted(p.name for p in (tmp_path / "status").iterdir())
    stem = reports.status_stem("Waiting room 2")
    assert names == [f"{stem}.jpg", f"{stem}.json"], "one report and one picture, no leftovers"
    assert (tmp_path / "status" / f"{stem}.json").stat().st_size < 2000
    (report,) = reports.read_reports(tmp_path)
    assert report.status is not None and report.status.problems == 500
    assert len(report.status.first_problems) == reports.PROBLEMS_LISTED
    assert all(len(line) <= reports.PROBLEM_CHARS for line in report.status.first_problems)
    assert reports.problems_words(report.status).endswith("and 497 more")


def test_two_names_that_look_alike_get_files_of_their_own(tmp_path: Path) -> None:
    names = ["Waiting room 2", "waiting-room 2", "候诊室", "診察室"]
    assert len({reports.status_stem(n) for n in names}) == 4
    for name in names:
        reports.write_status(tmp_path, status(name))
    assert sorted(r.name for r in reports.read_reports(tmp_path)) == sorted(names)


def test_stale_after_three_missed_reports(tmp_path: Path) -> None:
    reports.write_status(tmp_path, status())
    (report,) = reports.read_reports(tmp_path)
    seen = T0 + dt.timedelta(minutes=2)
    assert not report.stale(seen)
    assert reports.last_seen(report, seen) == "Last seen 2 minutes ago"
    assert not report.stale(T0 + dt.timedelta(minutes=3))
    late = T0 + dt.timedelta(minutes=12)
    assert report.stale(T0 + dt.timedelta(minutes=3, seconds=1))
    assert reports.last_seen(report, late) == "Not seen for 12 minutes \u2014 check it is on"
    assert reports.last_seen(report, T0 - dt.timedelta(minutes=30)).startswith("Its clock is ahead")


def test_a_damaged_or_foreign_file_is_named_in_words_and_the_rest_still_read(
    tmp_path: Path,
) -> None:
    reports.write_status(tmp_path, status("Reception"))
    place = tmp_path / "status"
    (place / "broken.json").write_text("{not json", encoding="utf-8")
    (place / "huge.json").write_bytes(b" " * (reports.MAX_STATUS_BYTES + 1))
    (place / ".syncthing.reception.json.tmp").write_text("{", encoding="utf-8")
    (place / "x.sync-conflict-20261130-090000-ABCDEFG.json").write_text("{", encoding="utf-8")
    found = {r.file: r for r in reports.read_reports(tmp_path)}
    assert set(found) == {"broken.json", "huge.json", reports.status_stem("Reception") + ".json"}
    assert "cannot be read" in reports.last_seen(found["broken.json"], T0)
    assert "too big" in reports.last_seen(found["huge.json"], T0)
    assert found["broken.json"].stale(T0)


def test_status_is_synced_but_never_content(tmp_path: Path) -> None:
    # Syncthing must carry status/ to the desk: no ignore pattern may name it.
    assert not any("status" in pattern for pattern in IGNORE_PATTERNS)
    folder = simple_deck(tmp_path / "deck")
    before = fingerprint(folder)
    for minute in range(3):
        reports.write_status(folder, status(at=T0 + dt.timedelta(minutes=minute)), b"jpeg")
    assert fingerprint(folder) == before


# -- the live reload: no reload storm when reports arrive ----------------------------------------
class CountingWatcher(ContentWatcher):
    looks = 0
    reads = 0

    def _looker(self) -> Callable[[], Hashable]:
        look = super()._looker()
        self.looks += 1
        return look

    def _take(self, result: object) -> None:
        self.reads += 1
        super()._take(result)


def test_reports_arriving_from_other_screens_never_reload_the_slides(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    watcher = CountingWatcher(folder, None, poll_ms=20)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.reads >= 1)
    settled = watcher.looks + 4  # a look that ended before the first read asks for one more
    qtbot.waitUntil(lambda: watcher.looks >= settled and not watcher.busy)
    read_before = watcher.reads
    changed: list[object] = []
    watcher.deck_changed.connect(changed.append)
    for n in range(6):  # six screens report, each a little after the last look
        looks = watcher.looks
        reports.write_status(folder, status(f"Screen {n}"), b"jpeg")
        qtbot.waitUntil(lambda looks=looks: watcher.looks >= looks + 3)  # type: ignore[misc]
    assert watcher.reads == read_before and changed == []

    # It still sees a real change (the test can fail).
    write_slide(folder, "009.md", {"id": "new", "title": "New", "teaser": "t"})
    qtbot.waitUntil(lambda: watcher.reads == read_before + 1 and len(changed) == 1)
    watcher.stop()


# -- the running kiosk's reporter --------------------------------------------------------------
def test_a_kiosk_reports_what_it_shows_and_a_small_picture_every_few_reports(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    folder = simple_deck(tmp_path / "deck")
    window = make_window(folder, STILL, (1920, 1080))
    clock = FakeClock()
    reporter = StatusReporter(
        folder,
        "Waiting room 2",
        lambda: on_screen(window),
        lambda: small_picture(window),
        clock=clock,
        every_ms=3_600_000,  # driven by hand below
        picture_every=3,
        parent=window,
    )
    written: list[ScreenStatus] = []
    reporter.reported.connect(written.append)
    reporter.start()
    qtbot.waitUntil(lambda: len(written) == 1)
    first = written[0]
    assert first.showing == "slide" and first.slide_title == window.deck.slides[0].title
    assert first.picture is not None and first.picture_taken == T0
    picture = QImage(str(folder / "status" / first.picture))
    assert picture.width() == PICTURE_WIDTH and picture.height() == 270
    assert picture.pixelColor(240, 135).lightness() > 200, "the slide's card, drawn small"
    assert (folder / "status" / first.picture).stat().st_size < 100_000

    tap(window.cycle.card)  # a patient opens the slide
    qtbot.waitUntil(lambda: on_screen(window).kind == "detail")
    clock.now = T0 + dt.timedelta(minutes=1)
    reporter.report_now()
    qtbot.waitUntil(lambda: len(written) == 2)
    second = written[1]
    assert second.showing == "detail" and second.slide_id == window.deck.slides[0].id
    # No new picture this time; the last one is still named, with when it was taken.
    assert second.picture == first.picture and second.picture_taken == T0
    assert second.now == clock.now and second.up_since == T0
    (report,) = reports.read_reports(folder)
    assert report.status == second
    reporter.stop()


def test_the_report_carries_the_problems_and_the_last_content_change(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    folder = simple_deck(tmp_path / "deck")
    (folder / "slides" / "900-broken.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    window = make_window(folder, STILL)
    watcher = ContentWatcher(folder, window.deck, poll_ms=20, parent=window)
    watcher.deck_changed.connect(window.set_deck)
    remember_screen_name("Front hall")
    reporter = start_status_reports(window, folder, watcher)
    assert reporter is not None
    saves_done(qtbot)
    watcher.start()
    qtbot.waitUntil(lambda: bool(watcher.problems))
    write_slide(folder, "010.md", {"id": "new", "title": "New", "teaser": "t"})
    qtbot.waitUntil(lambda: window.deck.slide("new") is not None)
    reporter.report_now()
    saves_done(qtbot)
    (report,) = reports.read_reports(folder)
    assert report.name == "Front hall"
    assert report.status is not None and report.status.problems == 1
    assert "900-broken.md" in report.status.first_problems[0]
    assert report.status.content_changed is not None
    watcher.stop()
    reporter.stop()


def test_a_report_that_cannot_be_written_is_logged_and_the_screen_carries_on(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "status").write_text("a file where the folder should be", encoding="utf-8")
    reporter = StatusReporter(folder, "Hall", lambda: OnScreen("calm"), every_ms=3_600_000)
    failures: list[str] = []
    reporter.failed.connect(failures.append)
    reporter.start()
    qtbot.waitUntil(lambda: bool(failures))
    assert "not saved" in failures[0] and not reporter.writing
    reporter.report_now()  # a minute later, still failing: said once in the log, not each time
    qtbot.waitUntil(lambda: len(failures) == 2)
    assert caplog.text.count("status report was not written") == 1
    reporter.stop()


def test_the_shipped_example_deck_gets_no_reports(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    from kiosk.paths import SHIPPED_DECK

    window = make_window(SHIPPED_DECK, STILL)
    assert start_status_reports(window, SHIPPED_DECK) is None
    assert not (SHIPPED_DECK / "status").exists()


def test_reporting_adds_no_wake_up_to_a_still_paused_screen(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(simple_deck(tmp_path / "deck"), STILL, (1920, 1080))
    qtbot.waitUntil(lambda: not window.transition.running)
    tap(window.cycle.aids.pause)
    qtbot.waitUntil(lambda: not window._speech_timer.isActive(), timeout=10_000)
    reporter = start_status_reports(window, tmp_path / "deck")  # its timer is the window's
    assert reporter is not None
    saves_done(qtbot)

    _, wakeups = wakeups_while_watching(qtbot, window)

    assert wakeups <= 1, f"{wakeups} timer wake-ups (one: a minute turning on the clock)"
    assert reporter.findChild(type(reporter._timer)).interval() == 60_000
    reporter.stop()


def test_json_is_plain_and_readable(tmp_path: Path) -> None:
    written = reports.write_status(tmp_path, status(showing="closed"))
    data = msgspec.json.decode(reports.status_path(tmp_path, written.screen).read_bytes())
    assert data["screen"] == "Waiting room 2" and data["showing"] == "closed"
    assert data["now"].startswith("2026-11-30T09:00:00")


# -- python main.py --screens ---------------------------------------------------------------------
def test_screens_command_lists_every_screen_and_says_which_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    now = dt.datetime.now(dt.UTC)
    reports.write_status(
        tmp_path,
        status("Reception", now - dt.timedelta(seconds=30), showing="slide", slide_title="Flu"),
    )
    reports.write_status(
        tmp_path,
        status(
            "Waiting room 2",
            now - dt.timedelta(minutes=12),
            showing="closed",
            problems=1,
            first_problems=("slides/900-broken.md:3: the teaser cannot be read",),
        ),
    )
    assert main(["--screens", "--content", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "2 screens" in out
    reception, waiting = out.split("\n\n")[1:3]
    assert reception.splitlines()[:3] == ["Reception", "  Last seen just now", "  Showing: Flu"]
    assert "Not seen for 12 minutes \u2014 check it is on" in waiting
    assert "When last seen: Closed" in waiting and "900-broken.md:3" in waiting
    assert "Not seen for 3 reports or more: Waiting room 2." in out

    (tmp_path / "status" / (reports.status_stem("Waiting room 2") + ".json")).unlink()
    assert main(["--screens", "--content", str(tmp_path)]) == 0
    assert main(["--screens", "--content", str(tmp_path / "none")]) == 0
    assert "No screen has reported yet" in capsys.readouterr().out
