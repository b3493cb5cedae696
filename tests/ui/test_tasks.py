"""The background-task runner: work off the GUI thread, results on it, never to an object gone.

The stress tests delete watchers and editors while their reads and saves are in flight, hundreds
of times: pytest fails on any Qt warning and on any exception raised in the event loop, so a
result delivered to a deleted object ("Signal source has been deleted", "Internal C++ object
already deleted") fails them.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.content import load_deck
from kiosk.storage.announcements import post
from kiosk.ui.announcements import AnnouncementWatcher
from kiosk.ui.live_reload import ContentWatcher
from kiosk.ui.tasks import TaskRunner, runner
from tests.decks import simple_deck
from tests.waiting import all_done

#: Long enough never to be reached on a busy machine; a test that waits this long has failed.
STUCK_S = 10


@pytest.fixture
def tasks() -> TaskRunner:
    return runner()


def test_work_runs_off_the_gui_thread_and_its_result_arrives_on_it(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}
    receiver = QObject()

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["done"], seen["value"] = threading.get_ident(), value

    tasks.run(work, done, receiver=receiver)
    qtbot.waitUntil(lambda: "done" in seen, timeout=3000)
    assert seen["work"] != gui
    assert (seen["done"], seen["value"]) == (gui, 42)


def test_an_error_in_the_work_reaches_on_error_on_the_gui_thread(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    errors: list[Exception] = []

    def work() -> None:
        raise OSError("the share went away")

    tasks.run(work, lambda _: None, receiver=None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert str(errors[0]) == "the share went away"


def test_nothing_is_delivered_to_a_deleted_receiver_or_a_cancelled_task(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    release = threading.Event()
    delivered: list[str] = []
    gone, kept, cancelled = QObject(), QObject(), QObject()
    tasks.run(lambda: release.wait(STUCK_S), lambda _: delivered.append("gone"), receiver=gone)
    tasks.run(lambda: release.wait(STUCK_S), lambda _: delivered.append("kept"), receiver=kept)
    task = tasks.run(lambda: "x", lambda _: delivered.append("cancelled"), receiver=cancelled)
    task.cancel()
    shiboken6.delete(gone)  # the C++ object goes at once, mid-work
    release.set()
    all_done(qtbot)
    assert delivered == ["kept"]
    assert not task.pending


def test_saves_run_one_at_a_time_in_the_order_made(qtbot: QtBot, tasks: TaskRunner) -> None:
    first_may_end = threading.Event()
    order: list[str] = []

    def first() -> None:
        order.append("first starts")
        first_may_end.wait(STUCK_S)
        order.append("first ends")

    tasks.run(first, lambda _: None, receiver=None, write=True)
    tasks.run(lambda: order.append("second"), lambda _: None, receiver=None, write=True)
    qtbot.waitUntil(lambda: order == ["first starts"], timeout=3000)
    assert tasks.writing
    first_may_end.set()
    qtbot.waitUntil(lambda: not tasks.writing, timeout=3000)
    assert order == ["first starts", "first ends", "second"]


def test_watchers_deleted_and_made_again_while_reading_never_warn_or_crash(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    post(folder, "The lift is out of order.", "info", None, None)
    deck = load_deck(folder).deck
    boards = []
    made: list[QObject] = []
    for round_ in range(300):
        host = QObject()
        content = ContentWatcher(folder, deck, poll_ms=1, parent=host)
        notices = AnnouncementWatcher(folder, poll_ms=1, parent=host)
        notices.board_changed.connect(boards.append)
        made += (content, notices)
        for watcher in (content, notices):
            watcher.start()  # a read in flight
            watcher.reload_now()  # and one asked for after it
        assert content.busy and notices.busy
        if round_ % 3 == 0:
            QCoreApplication.processEvents()  # some results arrive before the delete
        if round_ % 2 == 0:
            shiboken6.delete(host)  # at once, as a closed window's children go
        else:
            host.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the late deletes
    all_done(qtbot, timeout=30_000)  # every read in flight ended (a stuck one times out here)
    assert boards, "some watchers lived long enough to read the notice"
    # None lives on to poll again. (Not "the runner is idle": in a full run, other tests'
    # kiosks may still be polling through the same runner.)
    assert not any(shiboken6.isValid(watcher) for watcher in made)


def test_desk_editors_closed_while_loading_and_saving_never_warn_or_crash(
    qtbot: QtBot, tmp_path: Path, tasks: TaskRunner
) -> None:
    folder = simple_deck(tmp_path / "deck")
    for round_ in range(40):
        desk = DeskEditor(folder, poll_ms=1)
        desk.editor.select_slide("slide-1")
        desk.editor.form.title.setText(f"Title {round_}")
        assert desk.editor.save_current()  # a save in flight, with the reads of the watchers
        desk.watcher.reload_now()
        if round_ % 2 == 0:
            shiboken6.delete(desk)
        else:
            desk.deleteLater()
        QCoreApplication.processEvents()
    all_done(qtbot, timeout=30_000)
    assert load_deck(folder).deck.slides[0].title.startswith("Title ")  # saves still happened


def test_the_widgets_of_a_deleted_parent_get_nothing(qtbot: QtBot, tasks: TaskRunner) -> None:
    release = threading.Event()
    parent = QWidget()
    child = QWidget(parent)
    calls: list[bool] = []
    tasks.run(
        lambda: release.wait(STUCK_S), lambda _: calls.append(child.isVisible()), receiver=child
    )
    shiboken6.delete(parent)  # takes the child with it
    release.set()
    all_done(qtbot)
    assert calls == []
