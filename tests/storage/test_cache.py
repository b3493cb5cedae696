"""The start-up cache gives the same deck as reading the files, and never a stale one."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_deck
from kiosk.storage.cache import cache_file, load_deck_cached, read_yaml_cached
from tests.decks import simple_deck


def test_the_cache_matches_the_files_and_follows_every_change(tmp_path: Path) -> None:
    folder, cache = simple_deck(tmp_path / "deck"), tmp_path / "cache"
    first = load_deck_cached(folder, cache)
    assert cache_file(folder, cache).exists()
    assert load_deck_cached(folder, cache) == first == load_deck(folder)
    path = folder / "slides" / "002.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Slide number 2", "Changed"))
    again = load_deck_cached(folder, cache)
    assert [s.title for s in again.deck.slides][1] == "Changed"


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    folder, cache = simple_deck(tmp_path / "deck"), tmp_path / "cache"
    load_deck_cached(folder, cache)
    cache_file(folder, cache).write_bytes(b"\x00garbage")
    assert load_deck_cached(folder, cache) == load_deck(folder)


def test_another_folders_cache_is_never_taken_for_this_one(tmp_path: Path) -> None:
    first, second = simple_deck(tmp_path / "a"), simple_deck(tmp_path / "b", count=2)
    cache = tmp_path / "cache"
    load_deck_cached(first, cache)
    # As if both folders' names had the same checksum: b's cache file holds a's deck.
    cache_file(first, cache).rename(cache_file(second, cache))
    assert load_deck_cached(second, cache) == load_deck(second)


def test_a_theme_file_is_parsed_again_only_when_it_changes(tmp_path: Path) -> None:
    theme, cache = tmp_path / "calm.yaml", tmp_path / "cache"
    theme.write_text("# comment\ncolors:\n  text: '#000000'\n", encoding="utf-8")
    assert read_yaml_cached(theme, cache) == {"colors": {"text": "#000000"}}
    assert cache_file(theme, cache, kind="yaml").exists()
    assert read_yaml_cached(theme, cache) == {"colors": {"text": "#000000"}}
    theme.write_text("colors:\n  text: '#FFFFFF'\n", encoding="utf-8")
    assert read_yaml_cached(theme, cache) == {"colors": {"text": "#FFFFFF"}}
    cache_file(theme, cache, kind="yaml").write_bytes(b"\x00garbage")
    assert read_yaml_cached(theme, cache) == {"colors": {"text": "#FFFFFF"}}
