"""Waiting for the kiosk's background work (reads and saves off the GUI thread) to be done."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.ui.tasks import runner


def saves_done(qtbot: QtBot, timeout: int = 5000) -> None:
    """Every save started so far has finished and its result is on screen."""
    qtbot.waitUntil(lambda: not runner().writing, timeout=timeout)


def all_done(qtbot: QtBot, timeout: int = 5000) -> None:
    """Every read and save started so far has finished (no watcher may be polling)."""
    qtbot.waitUntil(lambda: not runner().busy, timeout=timeout)
