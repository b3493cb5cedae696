"""This machine's config file (content folder, screen name): written by the kiosk, read by hand."""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.paths import SHIPPED_DECK
from kiosk.storage.config import (
    ScreenNameError,
    check_screen_name,
    config_path,
    configured_content,
    default_content,
    remember_content,
    screen_name,
)


def test_without_a_config_the_shipped_deck_is_used() -> None:
    assert configured_content() is None
    assert default_content() == SHIPPED_DECK


def test_any_folder_name_survives_the_round_trip_and_is_valid_toml(tmp_path: Path) -> None:
    folder = tmp_path / 'Clinique "Santé" \\ 診所 😀'
    folder.mkdir()
    written = remember_content(folder)
    assert written == config_path()
    assert configured_content() == folder.resolve()
    assert tomllib.loads(written.read_text("utf-8"))["content"] == str(folder.resolve())


def test_a_hand_edited_file_is_read_and_a_broken_one_ignored(tmp_path: Path) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine\ncontent = '/srv/clinic'  # a literal string\n[other]\nx = 1\n")
    assert configured_content() == Path("/srv/clinic")
    path.write_text("content = \n")
    assert configured_content() is None
    assert default_content() == SHIPPED_DECK


def test_a_screen_is_named_once_and_keeps_its_content_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert screen_name() == socket.gethostname()  # nothing written: the computer's own name
    remember_content(tmp_path)
    assert main(["--screen-name", "  Waiting   room 2 "]) == 0
    assert 'now called "Waiting room 2"' in capsys.readouterr().out
    assert screen_name() == "Waiting room 2"
    assert configured_content() == tmp_path.resolve()  # naming the screen kept the folder
    remember_content(tmp_path / "elsewhere")
    assert screen_name() == "Waiting room 2"  # and choosing a folder kept the name
    assert tomllib.loads(config_path().read_text("utf-8"))["screen"] == "Waiting room 2"


@pytest.mark.parametrize(
    ("name", "reason"),
    [("   ", "empty"), ("x" * 41, "at most 40"), ("Room\x07", "control"), ("A, B", "comma")],
)
def test_a_screen_name_that_cannot_work_is_refused_in_plain_words(
    name: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--screen-name", name]) == 1
    assert reason in capsys.readouterr().err
    assert not config_path().exists()
    with pytest.raises(ScreenNameError):
        check_screen_name(name)


def test_a_hand_broken_screen_name_falls_back_to_the_computers_name() -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('screen = "Room\\u0007"\n', encoding="utf-8")
    assert screen_name() == socket.gethostname()
