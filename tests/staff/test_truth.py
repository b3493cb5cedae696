"""Staff are told what patients actually see, and a restart keeps the last good content.

A typo in one slide or in settings.yaml leaves the last good version on the screen; the problems
list says so (not "This slide is not shown" or "Default settings are used"), and a restart of
the kiosk keeps showing it instead of "Our clinic" with slides missing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import connect_watcher, enable_staff_mode
from kiosk.content.lastgood import KEPT_SETTINGS, KEPT_SLIDE
from kiosk.player.window import KioskWindow
from kiosk.staff.pin import PinStore
from kiosk.storage.cache import load_for_start
from kiosk.ui.live_reload import ContentWatcher
from tests.decks import simple_deck
from tests.player.conftest import SLOW
from tests.staff.conftest import PIN, Kiosk

SHORTCUT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
BROKEN_SLIDE = "---\nid: slide-2\ntitle: [Slide number 2\n---\n"
BROKEN_SETTINGS = "clinic_name: Test Clinic\ntheme: [calm\n"
BROKEN = {"slides/002.md", "settings.yaml"}


class StartedKiosk(Kiosk):
    """A kiosk started the way ``main.py`` starts it: with the last good content on disk."""

    def __init__(self, qtbot: QtBot, folder: Path, pins: PinStore, cache: Path) -> None:
        self.qtbot, self.folder, self.pins = qtbot, folder, pins
        result = load_for_start(folder, cache)
        self.window = KioskWindow(result.deck, SLOW, locked=True)
        self.watcher = ContentWatcher(
            folder, result.deck, 50, self.window, cache_dir=cache, problems=result.problems
        )
        connect_watcher(self.window, self.watcher)
        self.watcher.start()
        self.staff = enable_staff_mode(self.window, folder, pins, watcher=self.watcher, hold_ms=300)
        self.window.resize(1920, 1080)
        self.window.show()
        qtbot.waitExposed(self.window)

    def close(self) -> None:
        """Gone for good, as a stopped kiosk is: no watcher polling, no entry filter left."""
        super().close()
        self.watcher.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.staff.entry)
        self.window.deleteLater()

    def patients_see(self) -> tuple[str, list[str]]:
        """The clinic's name in the header and the titles of the slides that cycle."""
        titles = [s.title for s in self.window.controller.slides]
        return self.window.cycle.header.clinic.text(), titles

    def problems_staff_see(self) -> list[str]:
        # In by the keyboard shortcut (the corner hold has its own tests in test_staff_mode).
        QTest.keyClick(self.window, Qt.Key.Key_S, SHORTCUT)
        assert self.window.current_screen() is self.staff.pin_pad
        self.type_pin(PIN)
        editor = self.staff.editor
        assert editor is not None and self.window.current_screen() is editor
        problems = editor.problem_list
        text = [problems.item(row).text() for row in range(problems.count())]
        self.click(editor.back_button)
        return text


def break_files(folder: Path) -> None:
    (folder / "slides" / "002.md").write_text(BROKEN_SLIDE, encoding="utf-8")
    (folder / "settings.yaml").write_text(BROKEN_SETTINGS, encoding="utf-8")


def told_the_truth(problems: list[str]) -> None:
    slide = [p for p in problems if p.startswith("slides/002.md")]
    assert slide and all("not shown" not in p for p in slide), problems
    assert any(KEPT_SLIDE in p for p in slide), problems
    settings = [p for p in problems if p.startswith("settings.yaml")]
    assert any(KEPT_SETTINGS in p for p in settings), problems
    assert all("Default settings are used" not in p for p in settings), problems
    assert any("In use now: clinic name \u201cTest Clinic\u201d" in p for p in settings), problems


def test_a_mistake_keeps_the_last_good_content_through_a_restart(
    qtbot: QtBot, tmp_path: Path, pins: PinStore
) -> None:
    folder = simple_deck(tmp_path / "deck")
    cache = tmp_path / "cache"
    everything = ("Test Clinic", ["Slide number 1", "Slide number 2", "Slide number 3"])
    kiosk = StartedKiosk(qtbot, folder, pins, cache)
    try:
        assert kiosk.patients_see() == everything
        break_files(folder)
        # Both files: a poll between the two writes sees only the slide's mistake at first.
        kiosk.reloaded(lambda: {p.file for p in kiosk.watcher.problems if p.is_error} >= BROKEN)
        assert kiosk.patients_see() == everything
        told_the_truth(kiosk.problems_staff_see())
    finally:
        kiosk.close()

    restarted = StartedKiosk(qtbot, folder, pins, cache)
    try:
        assert restarted.patients_see() == everything, "the restart kept the last good content"
        told_the_truth(restarted.problems_staff_see())

        # Fixed: the new version shows, and the problems go.
        fixed = BROKEN_SLIDE.replace("[Slide number 2", "Flu jabs\nteaser: This week")
        (folder / "slides" / "002.md").write_text(fixed, encoding="utf-8")
        restarted.reloaded(lambda: "Flu jabs" in restarted.patients_see()[1])
        problems = restarted.problems_staff_see()
        assert not any(p.startswith("slides/002.md") for p in problems)
    finally:
        restarted.close()


def test_without_a_last_good_version_staff_are_told_what_is_missing(
    qtbot: QtBot, tmp_path: Path, pins: PinStore
) -> None:
    folder = simple_deck(tmp_path / "deck")
    break_files(folder)  # broken before the kiosk ever ran here: nothing to fall back on
    kiosk = StartedKiosk(qtbot, folder, pins, tmp_path / "new-cache")
    try:
        assert kiosk.patients_see() == ("Our clinic", ["Slide number 1", "Slide number 3"])
        problems = kiosk.problems_staff_see()
        assert any(p.startswith("slides/002.md") and "not shown" in p for p in problems)
        assert any("Default settings are used" in p for p in problems)
        assert any("In use now: clinic name \u201cOur clinic\u201d" in p for p in problems)
        assert not any(KEPT_SLIDE in p or KEPT_SETTINGS in p for p in problems)
    finally:
        kiosk.close()
