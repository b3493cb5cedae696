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
    from kiosk.screenshots import FROM_THE_COMMAND_LINE, PICTURES, main

    assert main([str(tmp_path)]) == 0
    everything = [*FROM_THE_COMMAND_LINE, *PICTURES, ("calm.png", (1920, 1080), "", None)]
    for name, (width, height), _, _ in everything:
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == (width, height), name
        assert not image.isNull() and image.pixelColor(5, 5).isValid()
