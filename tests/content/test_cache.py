"""The start-up cache gives the same deck as reading the files, and never a stale one."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_deck
from kiosk.content.cache import cache_file, load_deck_cached
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
