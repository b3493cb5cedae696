"""The Screens page: each screen's row follows its reports as they arrive, says plainly when one
has stopped, and a tap shows its picture large (or says it has none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.staff.screens_page import LINES_ROLE, STALE_ROLE, ScreensPage
from kiosk.sync.status import ScreenStatus, write_status
from kiosk.ui.status_report import jpeg_bytes
from kiosk.ui.status_watcher import StatusWatcher
from tests.decks import simple_deck
from tests.desk_window import shown_desk
from tests.touch import tap

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def report(
    folder: Path, screen: str, at: dt.datetime, picture: bytes | None = None, **kw: object
) -> None:
    write_status(
        folder,
        ScreenStatus(screen=screen, version="0.1.0", up_since=T0, now=at, **kw),  # type: ignore[arg-type]
        picture,
    )


def lines(page: ScreensPage, row: int) -> list[str]:
    return list(page.model.index(row).data(LINES_ROLE))


def test_rows_follow_the_reports_and_a_stopped_screen_is_called_stale(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    clock = FakeClock()
    page = ScreensPage(StatusWatcher(folder, poll_ms=20), clock=clock)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    assert page.empty.isVisible() and "No screen has reported yet" in page.empty.text()

    report(folder, "Reception", T0, showing="slide", slide_title="Flu shots")
    report(folder, "Waiting room 2", T0, showing="staff", problems=1, first_problems=("a.md:2: x",))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert not page.empty.isVisible()
    assert lines(page, 0)[:4] == [
        "Reception",
        "Last seen just now",
        "Showing: Flu shots",
        "No problems",
    ]
    assert lines(page, 1)[2:5] == ["Staff mode is open", "1 problem:", "\u2022 a.md:2: x"]

    # Reception keeps reporting; Waiting room 2 stops. Three missed reports later it is stale.
    clock.now = T0 + dt.timedelta(minutes=4)
    report(folder, "Reception", clock.now, showing="closed")
    qtbot.waitUntil(lambda: lines(page, 0)[2] == "Closed (outside opening hours)")
    assert not page.model.index(0).data(STALE_ROLE)
    assert page.model.index(1).data(STALE_ROLE)
    assert lines(page, 1)[1] == "Not seen for 4 minutes \u2014 check it is on"
    assert lines(page, 1)[2] == "When last seen: Staff mode is open"

    # Hidden, the page stops following the folder (staff mode costs nothing meanwhile).
    page.hide()
    assert not page.watcher._timer.isActive()


def test_a_tap_on_a_screen_shows_its_picture_large_and_back(qtbot: QtBot, tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck")
    image = QImage(480, 270, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    report(folder, "Reception", T0, jpeg_bytes(image), picture_taken=T0)
    report(folder, "Hall", T0)  # no picture: its page says so
    clock = FakeClock()
    clock.now = T0 + dt.timedelta(minutes=2)
    page = ScreensPage(StatusWatcher(folder, poll_ms=20), clock=clock)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)

    hall = page.list.visualRect(page.model.index(0))
    tap(page.list.viewport(), hall.center())
    assert page.showing_picture and page.picture.text() == "No picture yet"
    assert page.picture_title.text() == "Hall"
    tap(page.back)
    assert not page.showing_picture
    reception = page.list.visualRect(page.model.index(1))
    tap(page.list.viewport(), reception.center())
    assert page.showing_picture
    assert page.picture_title.text() == "Reception (taken 2 minutes ago)"
    qtbot.waitUntil(lambda: page.picture.pixmap().width() >= 480)
    shown = page.picture.pixmap().toImage()
    assert shown.pixelColor(shown.width() // 2, shown.height() // 2).green() > 80
    tap(page.back)
    assert not page.showing_picture


def test_the_desk_editor_has_the_screens_page(qtbot: QtBot, tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck")
    report(folder, "Reception", dt.datetime.now(dt.UTC))
    desk = shown_desk(qtbot, folder, poll_ms=60_000, size=None)
    tabs = desk.editor.tabs
    names = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Screens" in names
    tap(tabs.tabBar(), tabs.tabBar().tabRect(names.index("Screens")).center())
    page = desk.editor.screens
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0).data(LINES_ROLE)[:2] == ["Reception", "Last seen just now"]
    assert page.model.data(QModelIndex()) is None
    desk.watcher.stop()
