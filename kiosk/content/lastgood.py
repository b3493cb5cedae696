"""Keeping the last good content when the folder changes for the worse.

A slide file saved half-way by a sync tool, or broken by a typo, must not take its slide off the
screen: the slide keeps showing as it last loaded until its file is fixed. A folder that vanishes
(an unplugged USB stick, a network share gone away) keeps the whole last deck on screen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.content import files
from kiosk.content.files import SETTINGS_FILE, SLIDES_DIR
from kiosk.content.model import Deck, Slide
from kiosk.content.problems import LoadResult

#: What a folder looks like from outside: each file's name, size and modification time.
Fingerprint = frozenset[tuple[str, int, int]]


def fingerprint(folder: Path) -> Fingerprint | None:
    """Cheap enough to take every second; None when the folder is not there."""
    if not folder.is_dir():
        return None
    return frozenset(_stat_entries(folder))


def _stat_entries(folder: Path) -> Iterator[tuple[str, int, int]]:
    for place in (folder, folder / SLIDES_DIR, folder / "images"):
        try:
            with os.scandir(place) as entries:
                for entry in entries:
                    if files.is_sync_engine_file(entry.name):
                        continue  # Syncthing's versions and half-written files: not content yet
                    try:
                        stat = entry.stat()
                    except OSError:  # deleted between listing and stat
                        continue
                    if place == folder and entry.name in (SLIDES_DIR, "images"):
                        # Listed themselves below; their own time changes with any file put
                        # there, Syncthing's half-written ones too.
                        yield (f"{place.name}/{entry.name}", 0, 0)
                        continue
                    yield (f"{place.name}/{entry.name}", stat.st_size, stat.st_mtime_ns)
        except OSError:
            continue


@dataclass(frozen=True, slots=True)
class Update:
    """The deck to show now, and the slides kept from before because their file broke."""

    deck: Deck
    kept: tuple[str, ...]
    folder_missing: bool = False


def keep_last_good(previous: Deck | None, result: LoadResult) -> Update:
    """``result``'s deck, with slides whose files now fail replaced by their last good version."""
    if previous is None:
        return Update(result.deck, ())
    if not result.deck.folder.is_dir():
        return Update(previous, tuple(s.id for s in previous.slides), folder_missing=True)
    broken_files = {Path(p.file).name for p in result.errors if p.file.startswith(f"{SLIDES_DIR}/")}
    loaded_ids = {s.id for s in result.deck.slides}
    kept = [
        slide
        for slide in previous.slides
        if slide.file_name in broken_files and slide.id not in loaded_ids
    ]
    if not kept and not _settings_broke(result):
        return Update(result.deck, ())
    slides = sorted((*result.deck.slides, *kept), key=_showing_order)
    settings = previous.settings if _settings_broke(result) else result.deck.settings
    deck = Deck(folder=result.deck.folder, settings=settings, slides=tuple(slides))
    return Update(deck, tuple(s.id for s in kept))


def _settings_broke(result: LoadResult) -> bool:
    return any(p.file == SETTINGS_FILE for p in result.errors)


def _showing_order(slide: Slide) -> tuple[int, str]:
    return (slide.order, slide.file_name)
