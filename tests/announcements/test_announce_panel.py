"""Staff mode's announcements panel, tapped like a receptionist would, on a real folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content.announcements import (
    ANNOUNCEMENTS_FILE,
    DEFAULT_READY_MADE,
    Board,
    load_announcements,
)
from kiosk.staff.announce import AnnouncePanel
from kiosk.storage.announcements import post
from kiosk.ui.theme import load_theme
from tests.announcements import MORNING, ZONE, FakeClock
from tests.waiting import all_done


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "clinic"
    path.mkdir()
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def panel(qtbot: QtBot, folder: Path, clock: FakeClock) -> Iterator[AnnouncePanel]:
    host = QWidget()  # kept alive by this generator while the test runs
    host.setObjectName("StaffScreen")
    host.setStyleSheet(load_theme("calm").stylesheet())
    panel = AnnouncePanel(folder, clock, host, zone=ZONE)
    host.resize(1600, 1000)
    panel.resize(1600, 1000)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    all_done(qtbot)  # the file is read off the GUI thread
    yield panel


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    all_done(qtbot)


def board(folder: Path) -> Board:
    loaded, problems = load_announcements(folder, ZONE)
    assert problems == []
    return loaded


def test_three_taps_post_a_ready_made_notice_for_an_hour(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path, clock: FakeClock
) -> None:
    assert [b.text() for b in panel.phrase_buttons] == list(DEFAULT_READY_MADE)
    with qtbot.waitSignal(panel.posted, timeout=1000):
        tap(qtbot, panel.phrase_buttons[0])
        tap(qtbot, panel.duration_buttons["1h"])
        tap(qtbot, panel.post_button)
    (posted,) = board(folder).announcements
    assert posted.text == DEFAULT_READY_MADE[0]
    assert posted.until == MORNING + dt.timedelta(hours=1)
    assert posted.style == "info"
    assert posted.posted == MORNING
    assert list(panel.remove_buttons) == [posted.id]
    assert "until 10:15" in panel.status.text()
    assert panel.text.text() == ""  # ready for the next one


def test_typed_important_notice_until_removed(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path
) -> None:
    qtbot.keyClicks(panel.text, "The lift is out of order.")
    tap(qtbot, panel.duration_buttons["none"])
    tap(qtbot, panel.important_button)
    tap(qtbot, panel.post_button)
    (posted,) = board(folder).announcements
    assert (posted.text, posted.style, posted.until) == (
        "The lift is out of order.",
        "important",
        None,
    )
    assert panel.info_button.isChecked()  # back to the ordinary style for the next one


def test_end_of_day_is_the_default_and_until_picks_a_date_and_time(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path
) -> None:
    assert panel.duration_key() == "eod"
    tap(qtbot, panel.phrase_buttons[2])
    tap(qtbot, panel.post_button)
    assert board(folder).announcements[0].until == dt.datetime(
        2026, 12, 24, 23, 59, 59, tzinfo=ZONE
    )
    tap(qtbot, panel.duration_buttons["at"])
    assert panel.until_edit.isVisible()
    assert panel.until() == MORNING + dt.timedelta(hours=1)  # offered: an hour from now
    panel.until_edit.setDateTime(panel.until_edit.dateTime().addDays(2))
    tap(qtbot, panel.phrase_buttons[1])
    tap(qtbot, panel.post_button)
    assert board(folder).announcements[1].until == dt.datetime(2026, 12, 26, 10, 15, tzinfo=ZONE)


def test_remove_takes_a_live_notice_off(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path, clock: FakeClock
) -> None:
    keep = post(folder, "Keep me", "info", None, clock())
    gone = post(folder, "Remove me", "info", None, clock())
    panel.refresh()
    all_done(qtbot)
    assert list(panel.remove_buttons) == [keep.id, gone.id]
    tap(qtbot, panel.remove_buttons[gone.id])
    assert [a.id for a in board(folder).announcements] == [keep.id]
    assert list(panel.remove_buttons) == [keep.id]


def test_ended_notices_leave_the_list_and_are_tidied_on_the_next_post(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path, clock: FakeClock
) -> None:
    old = post(folder, "Half an hour", "info", clock() + dt.timedelta(minutes=30), clock())
    panel.refresh()
    all_done(qtbot)
    assert list(panel.remove_buttons) == [old.id]
    clock.advance(hours=1)
    panel.refresh()
    all_done(qtbot)
    assert panel.remove_buttons == {}
    tap(qtbot, panel.phrase_buttons[0])
    tap(qtbot, panel.post_button)
    assert [a.text for a in board(folder).announcements] == [DEFAULT_READY_MADE[0]]


def test_keep_this_phrase_adds_a_ready_made_button(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path
) -> None:
    qtbot.keyClicks(panel.text, "Flu vaccines are available today.")
    tap(qtbot, panel.keep_button)
    assert board(folder).ready_made == (*DEFAULT_READY_MADE, "Flu vaccines are available today.")
    assert panel.phrase_buttons[-1].text() == "Flu vaccines are available today."
    tap(qtbot, panel.keep_button)
    assert "already" in panel.status.text()


def test_mistakes_are_explained_and_nothing_is_written(
    qtbot: QtBot, panel: AnnouncePanel, folder: Path, clock: FakeClock
) -> None:
    tap(qtbot, panel.post_button)
    assert "Type the text" in panel.status.text()
    clock.now = dt.datetime(2026, 12, 24, 23, 59, 59, 500_000, tzinfo=ZONE)
    tap(qtbot, panel.phrase_buttons[0])
    tap(qtbot, panel.duration_buttons["eod"])
    tap(qtbot, panel.post_button)
    assert "already passed" in panel.status.text()
    assert not (folder / ANNOUNCEMENTS_FILE).exists()
