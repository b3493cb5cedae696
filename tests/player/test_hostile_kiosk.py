"""A running kiosk with every hostile file at once (issue 19): the screen never freezes.

A timer ticking every 10 ms measures the longest gap of the event loop (how long the GUI thread
was blocked) while the slides cycle and each one's detail screen opens; the process's memory is
sampled at every tick. Before the fixes, the 200-row table blocked it 15 s, the 60000 x 60000
JPEG cost 400 MB, and the alias bomb in announcements.yaml grew it to gigabytes.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QObject, QSize, QTimer
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import connect_announcements
from kiosk.content import Settings, Slide
from kiosk.player.window import CYCLE, DETAIL, KioskWindow
from kiosk.system.memory import resident_mib
from kiosk.ui.announcements import AnnouncementWatcher
from kiosk.ui.images import load_scaled
from tests import hostile
from tests.decks import simple_deck, write_slide
from tests.player.conftest import FAST, WindowFactory
from tests.player.test_faults import picture

#: The issue's bounds: the GUI thread never blocked more than 1 s, and RSS under 300 MB. The
#: kiosk runs at about 105 MiB with everything loaded (README), so it may grow by 195 MiB at most;
#: growth is what is measured, as the test process holds whatever earlier tests loaded.
MAX_GAP_MS = 1000
MAX_GROWTH_MIB = 300 - 105


class LoopMeter(QObject):
    """The longest time between ticks of a 10 ms timer, and the highest RSS seen."""

    def __init__(self) -> None:
        super().__init__()
        self.longest_gap_ms = 0
        self.phase = self.longest_phase = "start"
        self.peak_rss_mib = resident_mib()
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self, interval=10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        gap = self._clock.restart()
        if gap > self.longest_gap_ms:
            self.longest_gap_ms, self.longest_phase = gap, self.phase
        rss = resident_mib()
        if not math.isnan(rss):
            self.peak_rss_mib = max(self.peak_rss_mib, rss)


def test_hostile_slides_cycle_and_open_without_blocking_the_screen(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = hostile.hostile_deck(tmp_path / "deck", tmp_path / "outside")
    picture(folder / "images" / "real.png")  # a good picture, shown again and again
    hostile.picture_slide(folder, "real-picture", "images/real.png", order=5)
    rss_before = resident_mib()
    window: KioskWindow = make_window(folder, FAST)  # start-up is measured by the benchmark
    meter = LoopMeter()
    notices = AnnouncementWatcher(folder, poll_ms=50, parent=window)
    connect_announcements(window, notices)
    notices.start()
    slides = [slide.id for slide in window.controller.slides]
    assert {"table", "huge-jpeg", "svg-as-png", "pipe-picture", "real-picture"} <= set(slides)
    assert "bomb" not in slides and "long-list" not in slides

    seen: set[str] = set()
    window.controller.current_changed.connect(lambda *_: seen.add(window.controller.current.id))
    for round_ in range(2):  # round twice: the second time, pictures come from the cache
        meter.phase = f"cycling, round {round_ + 1}"
        seen.clear()
        qtbot.waitUntil(lambda: seen >= set(slides), timeout=20_000)
    for slide_id in slides:
        meter.phase = f"opening {slide_id}"
        window.open_detail(slide_id)
        qtbot.waitUntil(lambda: window.screen_name == DETAIL, timeout=2000)
        assert window.detail.slide is not None and window.detail.slide.id == slide_id
        window.close_detail()
        qtbot.waitUntil(lambda: window.screen_name == CYCLE, timeout=2000)
    # What the editor's live preview may be given before the loader sees the file.
    for summary in (hostile.LIST_10000_ITEMS, hostile.BRACKETS_100000):
        meter.phase = f"previewing {summary[:10]!r}"
        window.detail.show_slide(Slide(id="x", title="X", teaser="t", summary=summary), Settings())
        qtbot.waitUntil(lambda: window.detail.body.document().blockCount() > 1, timeout=2000)

    froze = f"the screen froze {meter.longest_gap_ms} ms while {meter.longest_phase}"
    assert meter.longest_gap_ms < MAX_GAP_MS, froze
    growth = meter.peak_rss_mib - rss_before
    assert growth < MAX_GROWTH_MIB, f"RSS grew {growth:.0f} MiB"
    assert notices.problems and notices.board.announcements == ()


def test_characters_no_installed_font_can_draw_are_logged(
    make_window: WindowFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    fields = {"id": "boxes", "title": "\ue000\ue001", "teaser": "Mostly drawn \ue002", "order": 0}
    write_slide(folder, "000.md", fields)
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.fonts"):
        window = make_window(folder, FAST)
    assert window.controller.current.id == "boxes"
    assert "Slide boxes: no installed font can draw any of its characters (U+E000, U+E001)" in (
        caplog.text
    )
    assert "Slide boxes: no installed font can draw 1 of its characters (U+E002)" in caplog.text
    assert "Slide number 1" not in caplog.text  # drawable text is not logged


def test_a_picture_is_decoded_once_until_its_file_changes(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    picture(path, "#3366cc")
    first = load_scaled(path, QSize(400, 300), tmp_path)
    assert load_scaled(path, QSize(400, 300), tmp_path).cacheKey() == first.cacheKey()
    picture(path, "#cc3366")
    stamp = path.stat().st_mtime_ns + 1_000_000  # a new time even on a coarse clock
    os.utime(path, ns=(stamp, stamp))
    changed = load_scaled(path, QSize(400, 300), tmp_path)
    assert changed.cacheKey() != first.cacheKey()
    assert changed.pixelColor(1, 1) == QColor("#cc3366")
