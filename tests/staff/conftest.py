"""The kiosk with staff mode, driven like a person: shared by the staff, settings and desk tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import connect_watcher, enable_staff_mode
from kiosk.content import load_deck
from kiosk.player.window import KioskWindow
from kiosk.staff.editor import StaffScreen
from kiosk.staff.pin import PinStore
from kiosk.ui.live_reload import ContentWatcher
from tests.decks import simple_deck
from tests.player.conftest import SLOW
from tests.waiting import saves_done

PIN = "2468"
HOLD_MS = 300
TOUCH = QTest.createTouchDevice()


class Kiosk:
    """A running kiosk with staff mode, on a real content folder, driven like a person."""

    def __init__(
        self,
        qtbot: QtBot,
        folder: Path,
        pins: PinStore,
        idle_ms: int = 60_000,
        pad_idle_ms: int = 60_000,
        this_screen: str | None = None,
    ) -> None:
        self.qtbot, self.folder, self.pins = qtbot, folder, pins
        self.window = KioskWindow(
            load_deck(folder).deck, SLOW, locked=True, this_screen=this_screen
        )
        self.watcher = ContentWatcher(folder, self.window.deck, poll_ms=50, parent=self.window)
        connect_watcher(self.window, self.watcher)
        self.watcher.start()
        self.staff = enable_staff_mode(
            self.window,
            folder,
            pins,
            watcher=self.watcher,
            idle_ms=idle_ms,
            pad_idle_ms=pad_idle_ms,
            hold_ms=HOLD_MS,
        )
        self.window.resize(1920, 1080)
        self.window.show()
        qtbot.waitExposed(self.window)

    def corner(self) -> QPoint:
        corner = self.staff.entry.corner()
        return corner.center()

    def hold_corner(self) -> None:
        point = self.corner()
        # Listening from before the finger lands: the press's commit runs the event loop, and
        # on a busy machine (a slow paint queued just before) the hold timer fires inside it; a
        # wait begun after the press then missed the signal and timed out.
        with self.qtbot.waitSignal(self.staff.entry.requested, timeout=3000):
            QTest.touchEvent(self.window, TOUCH).press(0, point, self.window).commit()
        QTest.touchEvent(self.window, TOUCH).release(0, point, self.window).commit()

    def type_pin(self, pin: str) -> None:
        for digit in pin:
            self.qtbot.mouseClick(self.staff.pin_pad.keys[digit], Qt.MouseButton.LeftButton)
        self.qtbot.mouseClick(self.staff.pin_pad.keys["OK"], Qt.MouseButton.LeftButton)

    def open_editor(self) -> StaffScreen:
        self.hold_corner()
        self.type_pin(PIN)
        assert self.staff.editor is not None
        assert self.window.current_screen() is self.staff.editor
        return self.staff.editor

    def click(self, button: object) -> None:
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
        saves_done(self.qtbot)

    def reloaded(self, condition: Callable[[], bool]) -> None:
        self.qtbot.waitUntil(condition, timeout=3000)

    def close(self) -> None:
        self.window._may_close = True
        self.window.close()


@pytest.fixture
def pins(tmp_path: Path) -> PinStore:
    """A PIN store of the test's own, set to :data:`PIN`."""
    store = PinStore(tmp_path / "pin")
    store.set_pin(PIN)
    return store


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, pins: PinStore) -> Iterator[Kiosk]:
    """The kiosk on a three-slide folder, staff PIN :data:`PIN`."""
    running = Kiosk(qtbot, simple_deck(tmp_path / "deck"), pins)
    yield running
    running.close()
