"""The banner on a real widget with the kiosk's stylesheet: rotation, expiry, style, the watcher."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content.announcements import Announcement, Board, load_announcements
from kiosk.player.banner import KIND_PROPERTY, AnnouncementBanner
from kiosk.storage.announcements import clear, post
from kiosk.ui.announcements import AnnouncementWatcher
from kiosk.ui.theme import Theme, load_theme
from tests.announcements import MORNING, ZONE, FakeClock

Style = Literal["info", "important"]
FAST_ROTATE_MS = 40
FAST_CHECK_MS = 20


def notice(
    key: str, text: str, *, minutes: int | None = None, style: Style = "info"
) -> Announcement:
    until = MORNING + dt.timedelta(minutes=minutes) if minutes is not None else None
    return Announcement(id=key, text=text, style=style, until=until, posted=MORNING)


class Screen:
    """A patient screen stand-in: some content above, the banner in a strip below."""

    def __init__(self, qtbot: QtBot, theme: Theme, clock: FakeClock, rotate_ms: int) -> None:
        self.host = QWidget()
        self.host.setObjectName("KioskWindow")
        self.host.setStyleSheet(theme.stylesheet())
        self.banner = AnnouncementBanner(
            theme, self.host, rotate_ms=rotate_ms, check_ms=FAST_CHECK_MS, clock=clock
        )
        layout = QVBoxLayout(self.host)
        layout.addWidget(QLabel("The slides", self.host), 1)
        layout.addWidget(self.banner)
        qtbot.addWidget(self.host)
        self.host.resize(1280, 720)
        self.host.show()
        qtbot.waitExposed(self.host)
        self.shown: list[str] = []
        self.banner.changed.connect(self._record)

    def _record(self) -> None:
        current = self.banner.current
        self.shown.append(current.text if current and self.banner.showing else "")

    def pixel(self, x: int, y: int) -> QColor:
        return self.banner.grab().toImage().pixelColor(x, y)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def screen(qtbot: QtBot, clock: FakeClock) -> Screen:
    return Screen(qtbot, load_theme("calm"), clock, FAST_ROTATE_MS)


def test_with_nothing_live_the_banner_stays_hidden(screen: Screen, clock: FakeClock) -> None:
    assert screen.banner.isHidden()
    screen.banner.set_board(Board(announcements=(notice("old", "Gone", minutes=-5),)))
    assert screen.banner.isHidden()
    assert screen.banner.live == ()


def test_two_live_announcements_take_turns(qtbot: QtBot, screen: Screen) -> None:
    late = notice("late", "Dr. Li is running about 20 minutes late.", minutes=60)
    phones = notice("phones", "Please switch your phone to silent.")
    screen.banner.set_board(Board(announcements=(late, phones)))
    assert screen.banner.isVisible()
    assert screen.banner.text.text() == late.text
    assert screen.banner.position.text() == "1 / 2"
    qtbot.waitUntil(lambda: screen.banner.current == phones, timeout=2000)
    assert screen.banner.text.text() == phones.text
    assert screen.banner.position.text() == "2 / 2"
    qtbot.waitUntil(lambda: screen.banner.current == late, timeout=2000)
    assert screen.shown[:3] == [late.text, phones.text, late.text]
    # Large text, from across the room: the theme's teaser size (44 px at 1080p, scale 1).
    assert screen.banner.text.font().pixelSize() == load_theme("calm").px("font_teaser")


def test_an_expired_announcement_goes_and_the_banner_hides_when_none_is_left(
    qtbot: QtBot, clock: FakeClock
) -> None:
    screen = Screen(qtbot, load_theme("calm"), clock, rotate_ms=60_000)  # no turning by itself
    late = notice("late", "Dr. Li is running about 20 minutes late.", minutes=30)
    car_park = notice("car", "The car park is closed today.", minutes=60)
    screen.banner.set_board(Board(announcements=(late, car_park)))
    assert screen.banner.current == late
    clock.advance(minutes=29, seconds=59)
    screen.banner.refresh()
    assert screen.banner.live == (late, car_park)
    clock.advance(seconds=1)  # exactly at its end: gone
    qtbot.waitUntil(lambda: screen.banner.live == (car_park,), timeout=2000)
    assert screen.banner.text.text() == car_park.text
    assert screen.banner.position.isHidden()  # no "1 / 1"
    assert screen.banner.isVisible()
    clock.advance(minutes=31)
    qtbot.waitUntil(screen.banner.isHidden, timeout=2000)
    assert screen.banner.live == ()
    assert screen.shown[-1] == ""


def test_an_important_announcement_has_its_own_style(qtbot: QtBot, screen: Screen) -> None:
    theme = load_theme("calm")
    screen.banner.set_board(Board(announcements=(notice("info", "An ordinary notice."),)))
    assert screen.banner.property(KIND_PROPERTY) == "info"
    assert screen.banner.marker.isHidden()
    assert screen.pixel(screen.banner.width() // 2, 8) == QColor(theme.color("surface_alt"))
    urgent = notice("fire", "The fire alarm will be tested at 11:00.", style="important")
    screen.banner.set_board(Board(announcements=(urgent,)))
    assert screen.banner.property(KIND_PROPERTY) == "important"
    assert screen.banner.objectName() == "AnnouncementBanner"
    assert screen.banner.marker.isVisible() and screen.banner.marker.text() == "Important"
    assert screen.pixel(screen.banner.width() // 2, 8) == QColor(theme.color("important_bg"))
    assert screen.banner.text.palette().color(screen.banner.text.foregroundRole()) == QColor(
        theme.color("on_important")
    )


def test_pause_holds_the_notice_showing_but_ends_still_apply(
    qtbot: QtBot, screen: Screen, clock: FakeClock
) -> None:
    late = notice("late", "Dr. Li is running late.", minutes=10)
    phones = notice("phones", "Please switch your phone to silent.")
    screen.banner.set_paused(True)
    screen.banner.set_board(Board(announcements=(late, phones)))
    assert screen.banner.current == late and not screen.banner.rotating
    screen.banner.set_paused(False)
    assert screen.banner.rotating
    screen.banner.set_paused(True)
    clock.advance(minutes=10)
    qtbot.waitUntil(lambda: screen.banner.current == phones, timeout=2000)
    assert screen.banner.live == (phones,) and not screen.banner.rotating


def test_staff_mode_can_keep_it_off_screen(screen: Screen) -> None:
    screen.banner.set_board(Board(announcements=(notice("a", "Hello"),)))
    screen.banner.set_active(False)
    assert screen.banner.isHidden() and screen.banner.live
    screen.banner.set_active(True)
    assert screen.banner.isVisible()


def test_text_is_shown_as_written_never_as_markup(screen: Screen) -> None:
    screen.banner.set_board(Board(announcements=(notice("a", "<b>Bold?</b> <img src=x>"),)))
    assert screen.banner.text.text() == "<b>Bold?</b> <img src=x>"
    assert screen.banner.text.textFormat().name == "PlainText"


@pytest.mark.parametrize("name", ["calm", "high-contrast"])
def test_banner_colours_are_readable(name: str) -> None:
    colors = load_theme(name).colors
    for background, foreground in [
        ("important_bg", "on_important"),
        ("surface_alt", "text"),
        ("surface_alt", "text_muted"),
    ]:
        assert contrast(colors[background], colors[foreground]) >= 4.5, (background, foreground)


def contrast(a: str, b: str) -> float:
    def luminance(color: str) -> float:
        channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b_ = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_watcher_brings_what_staff_post_to_the_banner(
    qtbot: QtBot, tmp_path: Path, screen: Screen, clock: FakeClock
) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    watcher = AnnouncementWatcher(folder, poll_ms=20, parent=screen.host, zone=ZONE)
    watcher.board_changed.connect(screen.banner.set_board)
    watcher.start()
    posted = post(folder, "The car park is closed today.", "important", None, clock())
    qtbot.waitUntil(lambda: screen.banner.current == posted, timeout=3000)
    assert screen.banner.isVisible()
    clear(folder, posted.id)
    qtbot.waitUntil(screen.banner.isHidden, timeout=3000)
    assert watcher.board == load_announcements(folder, ZONE)[0]
    assert watcher.problems == ()
