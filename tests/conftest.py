"""Shared test set-up: headless Qt on a 1920x1080 virtual screen, and a guard against the
PySide6/Python pairing that aborts the interpreter."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

#: This run's own folder for the screen config and start-up caches (never shared with another run).
_RUN_DIR = Path(tempfile.mkdtemp(prefix="clinic-kiosk-test-"))
atexit.register(shutil.rmtree, _RUN_DIR, ignore_errors=True)


def _use_offscreen_full_hd() -> None:
    """Every test draws on Qt's offscreen platform with one 1920x1080 screen, whatever the caller
    exported: offscreen's own screen is 800x600 without a config file (pytest-qt's docs suggest
    exporting a plain ``QT_QPA_PLATFORM=offscreen``), and xcb or wayland would need a display and
    give the tests a screen of the desktop's size."""
    config = _RUN_DIR / "offscreen-screen.json"
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
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    # A desktop's scale factor would turn the 1920x1080 screen into another size.
    for name in ("QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_AUTO_SCREEN_SCALE_FACTOR"):
        os.environ.pop(name, None)


_use_offscreen_full_hd()
# No real voice engine in tests (speech-dispatcher logs a critical error when it is not running);
# tests of "Read aloud" choose Qt's silent "mock" engine themselves.
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "none")
# Start-up caches (deck, themes) go to a folder of this run, never the user's own cache.
os.environ["KIOSK_CACHE_DIR"] = str(_RUN_DIR / "cache")


def _private_user_folders() -> None:
    """The PIN, statistics, logs and the one-instance lock of the tests live in this run's folder:
    a developer's own PIN or a running kiosk's lock must not change what the tests see."""
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        folder = _RUN_DIR / name.lower()
        folder.mkdir()
        os.environ[name] = str(folder)
    runtime = _RUN_DIR / "xdg_runtime_dir"
    runtime.mkdir(mode=0o700)  # Qt warns about a runtime folder others can read
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


_private_user_folders()


@pytest.fixture(autouse=True)
def _own_config_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own (empty) config folder: no test reads or changes the user's default
    content folder, and one test's ``--new-clinic`` never moves another's default."""
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _kiosk_words_in_english() -> Iterator[None]:
    """Each test starts with the kiosk's own words in English: a patient's language is
    installed on the application, and a test that ends in Chinese must not leave it there."""
    yield
    from kiosk.player.i18n import Languages

    Languages().use("en")


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
