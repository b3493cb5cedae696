"""Read aloud speaks the slide where a voice engine exists, and is hidden where none does."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.paths import SHIPPED_DECK
from kiosk.player.speech import ENGINE_VARIABLE
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from tests.player.conftest import WindowFactory
from tests.touch import tap

SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)


def started(qtbot: QtBot, window: KioskWindow) -> None:
    qtbot.waitUntil(lambda: window._painted_once, timeout=3000)
    window.speech.start()


def test_read_aloud_speaks_the_open_slide_with_the_test_engine(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "mock")  # Qt's own engine for tests: silent
    window = make_window(SHIPPED_DECK, SLOW)
    started(qtbot, window)
    assert window.speech.available
    window.open_detail("guidelines")
    assert window.detail.aids.read_aloud.isVisible()
    with qtbot.waitSignal(window.speech.speaking_changed, timeout=3000) as speaking:
        tap(window.detail.aids.read_aloud)
    assert speaking.args == [True]
    with qtbot.waitSignal(window.speech.speaking_changed, timeout=3000):
        window.close_detail()  # leaving the slide stops the voice


def test_without_a_voice_engine_the_button_is_hidden(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "none")
    window = make_window(SHIPPED_DECK, SLOW)
    started(qtbot, window)
    assert not window.speech.available
    assert not window.cycle.aids.read_aloud.isVisible()
    assert not window.detail.aids.read_aloud.isVisible()
