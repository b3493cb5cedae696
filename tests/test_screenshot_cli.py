"""Staff and tests can see every screen: ``--screenshot`` draws one without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "size"),
    [
        ((), (1920, 1080)),
        (("--slide", "research", "--detail", "--size", "1280x720"), (1280, 720)),
        (("--slide", "guidelines", "--size", "1080x1920"), (1080, 1920)),
    ],
)
def test_screenshot_draws_the_asked_screen_at_the_asked_size(
    tmp_path: Path, args: tuple[str, ...], size: tuple[int, int]
) -> None:
    out = tmp_path / "shot.png"
    done = run_main("--screenshot", str(out), *args)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == size
    # Not a blank picture: the background and the text differ.
    colours = {image.pixel(x, y) for x in range(0, size[0], 37) for y in range(0, size[1], 41)}
    assert len(colours) > 3


def test_screenshot_of_an_unknown_slide_says_which_exist(tmp_path: Path) -> None:
    done = run_main("--screenshot", str(tmp_path / "x.png"), "--slide", "nope")
    assert done.returncode == 2
    assert "welcome" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_readme_pictures_can_be_made_again(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.screenshots import PICTURES, main

    assert main([str(tmp_path)]) == 0
    everything = [(p.name, p.size) for p in PICTURES] + [("calm.png", (1920, 1080))]
    for name, (width, height) in everything:
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == (width, height), name
        assert not image.isNull() and image.pixelColor(5, 5).isValid()


def tally(path: Path, colour: str) -> int:
    """How many sampled pixels of the picture at ``path`` are ``colour``."""
    from PySide6.QtGui import QColor

    image = QImage(str(path))
    wanted = QColor(colour).rgb()
    return sum(
        image.pixel(x, y) == wanted
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )


def test_screenshot_draws_the_chosen_language_aids_moment_notice_and_hidden_slide(
    tmp_path: Path,
) -> None:
    """What the kiosk would show: the notice banner of the folder, Larger text, High contrast,
    the language, the closed screen at night (--at), and a hidden slide by its id."""
    import shutil

    from kiosk.paths import SHIPPED_DECK
    from kiosk.ui.theme import load_theme

    deck = tmp_path / "deck"
    shutil.copytree(SHIPPED_DECK, deck)
    welcome = deck / "slides" / "010-welcome.md"
    welcome.write_text(
        welcome.read_text(encoding="utf-8").replace("enabled: true", "enabled: false"), "utf-8"
    )
    settings = deck / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "when_closed: closed-slide\nopening_hours:\n  mon: [08:00-18:00]\n",
        encoding="utf-8",
    )
    base = ("--content", str(deck), "--size", "1280x720", "--at", "2026-11-30 10:00")
    plain, notice, contrast, hidden, night = (tmp_path / f"{n}.png" for n in "pnchx")
    assert run_main("--screenshot", str(plain), *base).returncode == 0
    assert run_main("--content", str(deck), "--announce", "Running late", "--important",
                    "--until", "2099-01-01 10:00").returncode == 0  # fmt: skip
    assert run_main("--screenshot", str(notice), *base).returncode == 0
    important = load_theme("calm").color("important_bg")
    assert tally(notice, important) > 20 * tally(plain, important)  # the red notice banner
    done = run_main("--screenshot", str(contrast), *base, "--high-contrast", "--large-text")
    assert done.returncode == 0, done.stderr
    black = load_theme("high-contrast").color("background")
    assert tally(contrast, black) > 10 * max(1, tally(plain, black))
    done = run_main("--screenshot", str(hidden), *base, "--slide", "welcome", "--language", "es")
    assert done.returncode == 0, done.stderr  # a hidden slide is drawn, not refused
    assert QImage(str(hidden)) != QImage(str(plain))
    done = run_main("--screenshot", str(night), *base[:-2], "--at", "2026-11-30 22:00")
    assert done.returncode == 0, done.stderr
    assert QImage(str(night)) != QImage(str(plain))
    wrong = run_main("--screenshot", str(night), *base, "--language", "fr")
    assert wrong.returncode == 2 and "es" in wrong.stderr
