"""Forgetting a retired screen on the Screens page: two taps on a screen that has stopped
reporting, its files leave the shared folder, its row and its "Shown on" name go; a screen still
reporting cannot be forgotten; a folder that cannot be changed says so and keeps the screen."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.staff.screens_page import FORGET_TEXT, NO_PICTURE, ScreensPage
from kiosk.sync.status import ScreenStatus, picture_path, status_dir, status_path, write_status
from kiosk.ui.status_report import jpeg_bytes
from tests.decks import simple_deck
from tests.desk_window import shown_desk
from tests.touch import tap

OLD = "Waiting room 2"
LIVE = "Reception"


def report(folder: Path, screen: str, at: dt.datetime, picture: bool = True) -> None:
    image = QImage(480, 270, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    write_status(
        folder,
        ScreenStatus(screen=screen, version="0.1.0", up_since=at, now=at, picture_taken=at),
        jpeg_bytes(image) if picture else None,
    )


def write_two_screens(folder: Path) -> None:
    """One retired three days ago (its last report and picture still there), one live now."""
    now = dt.datetime.now(dt.UTC)
    report(folder, OLD, now - dt.timedelta(days=3))
    report(folder, LIVE, now)


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[DeskEditor]:
    folder = simple_deck(tmp_path / "deck")
    write_two_screens(folder)
    yield open_desk(qtbot, folder)


def open_desk(qtbot: QtBot, folder: Path) -> DeskEditor:
    desk = shown_desk(qtbot, folder, poll_ms=60_000)
    tabs = desk.editor.tabs
    names = [tabs.tabText(i) for i in range(tabs.count())]
    tap(tabs.tabBar(), tabs.tabBar().tabRect(names.index("Screens")).center())
    qtbot.waitUntil(lambda: desk.editor.screens.model.rowCount() == 2)
    return desk


def open_screen(page: ScreensPage, name: str) -> None:
    row = next(r for r in range(page.model.rowCount()) if page.model.report_at(r).name == name)  # type: ignore[union-attr]
    tap(page.list.viewport(), page.list.visualRect(page.model.index(row)).center())
    assert page.showing_picture


def shown_on(desk: DeskEditor) -> list[str]:
    return desk.editor.known_screens(desk.editor.deck)


def test_a_stopped_screen_is_forgotten_with_two_taps(qtbot: QtBot, desk: DeskEditor) -> None:
    page, folder = desk.editor.screens, desk.editor.deck.folder
    qtbot.waitUntil(lambda: OLD in shown_on(desk))
    open_screen(page, OLD)
    assert page.picture_note.text() == "Not seen for 3 days \u2014 check it is on"
    assert page.forget.isVisible() and page.forget.text() == FORGET_TEXT

    tap(page.forget)  # the first tap only asks
    assert page.forget.text() == f"Tap again to forget {OLD}"
    assert status_path(folder, OLD).exists()
    tap(page.back)  # leaving disarms it: one tap after coming back only asks again
    open_screen(page, OLD)
    assert page.forget.text() == FORGET_TEXT
    tap(page.forget)
    assert status_path(folder, OLD).exists()

    tap(page.forget)
    qtbot.waitUntil(lambda: not page.showing_picture and page.message.isVisible())
    assert page.message.text() == f"Forgot {OLD}."
    assert not status_path(folder, OLD).exists()
    assert not picture_path(folder, OLD).exists()
    assert [page.model.report_at(r).name for r in range(page.model.rowCount())] == [LIVE]  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: OLD not in shown_on(desk))
    assert LIVE in shown_on(desk)
    assert status_path(folder, LIVE).exists() and picture_path(folder, LIVE).exists()
    # The folder read again says the same (no stale copy of the list comes back).
    qtbot.waitUntil(lambda: not desk.editor.screens.watcher.busy)
    assert page.model.rowCount() == 1
    desk.watcher.stop()


def test_a_screen_still_reporting_cannot_be_forgotten(qtbot: QtBot, desk: DeskEditor) -> None:
    page, folder = desk.editor.screens, desk.editor.deck.folder
    open_screen(page, LIVE)
    assert page.picture_note.text().startswith("Last seen just now. It is still reporting")
    assert not page.forget.isVisible()
    page.forget.click()  # even if it were reached somehow: nothing is asked, nothing removed
    page.forget.click()
    assert page.forget.text() == FORGET_TEXT
    assert status_path(folder, LIVE).exists() and page.model.rowCount() == 2
    desk.watcher.stop()


def test_a_stopped_screen_without_a_picture_opens_to_be_forgotten(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    now = dt.datetime.now(dt.UTC)
    long_name = "Waiting room 2, first floor, east wing A"  # as long as a screen name may be
    report(folder, long_name, now - dt.timedelta(hours=5), picture=False)
    report(folder, LIVE, now)
    desk = open_desk(qtbot, folder)
    page = desk.editor.screens
    open_screen(page, long_name)
    assert page.picture.text() == NO_PICTURE
    assert page.picture_title.text() == long_name  # whole here; cut in the button beside Back
    tap(page.forget)
    assert page.forget.text() == "Tap again to forget Waiting room 2, first f\u2026"
    tap(page.forget)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.message.text() == f"Forgot {long_name}."
    assert not status_path(folder, long_name).exists()
    desk.watcher.stop()


# -- a status folder that cannot be changed ---------------------------------------------------
@pytest.fixture
def read_only_status(tmp_path: Path) -> Iterator[Path]:
    """A deck whose ``status/`` cannot be changed: a read-only tmpfs when run as root (a mode
    does not stop root), a folder without write permission otherwise."""
    folder = simple_deck(tmp_path / "deck")
    place = status_dir(folder)
    place.mkdir()
    mounted = False
    if os.geteuid() == 0:
        if sys.platform != "linux" or shutil.which("mount") is None:
            pytest.skip("needs Linux mount")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(place)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
        mounted = True
    write_two_screens(folder)
    try:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(place)], check=True)
        else:
            place.chmod(0o555)
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(place)], capture_output=True, check=False)
        else:
            place.chmod(0o755)


def test_a_read_only_status_folder_says_so_and_keeps_the_screen(
    qtbot: QtBot, read_only_status: Path
) -> None:
    folder = read_only_status
    desk = open_desk(qtbot, folder)
    page = desk.editor.screens
    open_screen(page, OLD)
    tap(page.forget)
    tap(page.forget)
    qtbot.waitUntil(lambda: "was not forgotten" in page.message.text())
    stem = status_path(folder, OLD).stem  # the file that could not be removed, named
    assert page.message.text().startswith(f"{OLD} was not forgotten: status/{stem}.")
    assert "It stays listed" in page.message.text()
    assert status_path(folder, OLD).exists() and picture_path(folder, OLD).exists()
    assert page.message.isVisible()
    assert page.model.rowCount() == 2 and page.showing_picture
    assert page.forget.isEnabled() and page.forget.text() == FORGET_TEXT
    desk.watcher.stop()
