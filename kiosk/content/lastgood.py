"""Keeping the last good content when the folder changes for the worse.

A slide file saved half-way by a sync tool, or broken by a typo, must not take its slide off the
screen: the slide keeps showing as it last loaded until its file is fixed. A folder that vanishes
(an unplugged USB stick, a network share gone away) keeps the whole last deck on screen. The
last good deck is kept on disk too (``kiosk.storage.cache``), so a restart keeps it as well.

The loader's problems say what happens without a last good version ("This slide is not shown");
:func:`what_patients_see` rewrites them to say what the screen really shows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from kiosk.content import files
from kiosk.content.files import SETTINGS_FILE, SLIDES_DIR
from kiosk.content.model import Deck, Settings, Slide
from kiosk.content.problems import LoadResult, Problem, Severity

KEPT_SLIDE: Final = (
    "Patients still see this slide as it was before this change, until the file is fixed."
)
KEPT_SETTINGS: Final = "Until the file is fixed, the kiosk keeps the settings it last loaded."
#: The loader's words for "without a last good version": replaced when there is one.
_NOT_SHOWN: Final = re.compile(r"This slide is not shown[^.]*\.")
_SETTINGS_FALLBACK: Final = re.compile(
    r"(Default settings are used|The default is used instead|This line is ignored)\."
)

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
                    if place == folder and entry.name == files.STATUS_DIR:
                        continue  # the screens' reports, arriving every minute: not content
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
    settings_kept: bool = False  # the settings file broke: the last good settings stay


def keep_last_good(previous: Deck | None, result: LoadResult) -> Update:
    """``result``'s deck, with slides whose files now fail replaced by their last good version."""
    if previous is None:
        return Update(result.deck, ())
    if not result.deck.folder.is_dir():
        kept_all = tuple(s.id for s in previous.slides)
        return Update(previous, kept_all, folder_missing=True, settings_kept=True)
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
    settings_kept = _settings_broke(result)
    settings = previous.settings if settings_kept else result.deck.settings
    deck = Deck(folder=result.deck.folder, settings=settings, slides=tuple(slides))
    return Update(deck, tuple(s.id for s in kept), settings_kept=settings_kept)


def what_patients_see(problems: tuple[Problem, ...], update: Update) -> tuple[Problem, ...]:
    """``problems`` told as the screen is: a broken slide still showing says so, and a broken
    settings file is followed by the settings in use."""
    kept_files = {s.file_name for s in update.deck.slides if s.id in update.kept}
    told: list[Problem] = []
    for problem in problems:
        message = problem.message
        if problem.file.startswith(f"{SLIDES_DIR}/") and Path(problem.file).name in kept_files:
            message = _NOT_SHOWN.sub(KEPT_SLIDE, message)
        elif problem.file == SETTINGS_FILE and update.settings_kept:
            message = _SETTINGS_FALLBACK.sub(KEPT_SETTINGS, message)
        told.append(problem if message == problem.message else replace(problem, message=message))
    if any(p.file == SETTINGS_FILE and p.is_error for p in problems):
        in_use = "In use now: " + settings_in_words(update.deck.settings) + "."
        told.append(Problem(SETTINGS_FILE, in_use, severity=Severity.WARNING))
    return tuple(told)


def settings_in_words(settings: Settings) -> str:
    """The settings patients notice, in words: what staff need when the file is broken."""
    zone = settings.time_zone or "this computer's"
    hours = "set" if settings.opening_hours is not None else "none (always open)"
    return (
        f"clinic name \u201c{settings.clinic_name}\u201d; "
        f"languages {', '.join(settings.languages)}; "
        f"theme {settings.theme}; each slide shows {settings.default_duration} s; an open slide "
        f"closes after {settings.idle_timeout} s; time zone {zone}; opening hours {hours}"
    )


def _settings_broke(result: LoadResult) -> bool:
    return any(p.file == SETTINGS_FILE for p in result.errors)


def _showing_order(slide: Slide) -> tuple[int, str]:
    return (slide.order, slide.file_name)
