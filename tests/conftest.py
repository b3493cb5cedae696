"""Shared test set-up: headless Qt on a 1920x1080 virtual screen, and a guard against the
PySide6/Python pairing that aborts the interpreter."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

_SCREEN_CONFIG = Path(tempfile.gettempdir()) / "clinic-kiosk-offscreen-screen.json"


def _use_offscreen_full_hd() -> None:
    """Offscreen Qt's screen is 800x600 unless given a config file; the kiosk targets 1080p."""
    if "QT_QPA_PLATFORM" in os.environ:
        return
    screen = {
        "name": "kiosk",
        "x": 0,
        "y": 0,
        "width": 1920,
        "height": 1080,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    _SCREEN_CONFIG.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN_CONFIG}"


_use_offscreen_full_hd()
# No real voice engine in tests (speech-dispatcher logs a critical error when it is not running);
# tests of "Read aloud" choose Qt's silent "mock" engine themselves.
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "none")
# Start-up caches (deck, themes) go to a folder of this run, never the user's own cache.
os.environ["KIOSK_CACHE_DIR"] = tempfile.mkdtemp(prefix="clinic-kiosk-test-cache-")
atexit.register(shutil.rmtree, os.environ["KIOSK_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _own_config_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own (empty) config folder: no test reads or changes the user's default
    content folder, and one test's ``--new-clinic`` never moves another's default."""
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def none_refcount_change_per_void_call(calls: int = 200) -> float:
    """How many references to None one void-returning Qt call drops (0 on a good pairing).

    On Python 3.12+ None is immortal and its count never moves.
    """
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    return (sys.getrefcount(None) - before) / calls


def pytest_sessionstart(session: pytest.Session) -> None:
    # Any GUI test would abort the whole run on a bad pairing; say why before that happens.
    leak = none_refcount_change_per_void_call()
    if leak <= -0.5:
        import PySide6

        pytest.exit(
            f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} drops a reference "
            f"to None on every void call ({leak:+.2f} per call) and would abort with "
            "'none_dealloc'. Use Python >= 3.12, or PySide6 < 6.12 on Python 3.11.",
            returncode=3,
        )
