"""The default content folder's config file: written by the kiosk, readable by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.paths import SHIPPED_DECK
from kiosk.storage.config import config_path, configured_content, default_content, remember_content


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
