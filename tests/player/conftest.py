from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from kiosk.ui.live_reload import ContentWatcher
from tests.decks import simple_deck

#: Fast but ordered: slides change every 200 ms, a detail closes after 300 ms + 300 ms idle.
FAST = Timing(
    idle_timeout_ms=300, default_slide_ms=200, countdown_ms=300, transition_ms=40, speed=1.0
)

#: Slides and details that stay put: what changes on screen is what the test changed.
SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)

WindowFactory = Callable[..., KioskWindow]
#: A player showing a content folder that a watcher follows: (folder, window, watcher).
Running = tuple[Path, KioskWindow, ContentWatcher]


@pytest.fixture
def make_window(qtbot: QtBot) -> WindowFactory:
    def make(
        folder: Path, timing: Timing = FAST, size: tuple[int, int] = (1280, 720)
    ) -> KioskWindow:
        result = load_deck(folder)
        window = KioskWindow(result.deck, timing)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(tmp_path: Path, make_window: WindowFactory) -> KioskWindow:
    return make_window(simple_deck(tmp_path / "deck"))


@pytest.fixture
def running(tmp_path: Path, make_window: WindowFactory) -> Running:
    """The player on a three-slide folder, following its changes as the kiosk does."""
    folder = simple_deck(tmp_path / "deck")
    window = make_window(folder, SLOW)
    watcher = ContentWatcher(folder, window.deck, poll_ms=50, parent=window)
    watcher.deck_changed.connect(window.set_deck)
    watcher.start()
    return folder, window, watcher
