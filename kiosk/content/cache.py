"""A cache of the loaded deck, so the kiosk starts in milliseconds instead of re-reading YAML.

Parsing slide files with line numbers is the slowest step of start-up (~45 ms for the shipped
deck, seconds for hundreds of slides). The cache holds the last load result beside the folder's
fingerprint (every file's name, size and modification time): any change to any file, and the
cache is ignored and rewritten. A damaged cache is ignored too; it can only cost time.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import msgspec

from kiosk.content.lastgood import fingerprint
from kiosk.content.loader import LoadResult, load_deck
from kiosk.content.model import Deck
from kiosk.content.problems import Problem

log = logging.getLogger(__name__)

#: Bumped whenever the model changes shape, so an old cache is never misread.
CACHE_VERSION = 1


class _Entry(msgspec.Struct):
    version: int
    fingerprint: list[tuple[str, int, int]]
    deck: Deck
    problems: list[Problem]


def _encode_hook(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    raise NotImplementedError(type(value))


def _decode_hook(kind: type, value: Any) -> Any:
    if kind is Path:
        return Path(value)
    raise NotImplementedError(kind)


def cache_file(folder: Path, cache_dir: Path) -> Path:
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / f"deck-{key}.msgpack"


def load_deck_cached(folder: Path, cache_dir: Path) -> LoadResult:
    """``load_deck(folder)``, from the cache when the folder has not changed since."""
    now = fingerprint(folder)
    path = cache_file(folder, cache_dir)
    if now is not None:
        cached = _read(path, sorted(now))
        if cached is not None:
            return cached
    result = load_deck(folder)
    if now is not None and now == fingerprint(folder):  # nothing changed while we read
        _write(path, _Entry(CACHE_VERSION, sorted(now), result.deck, list(result.problems)))
    return result


def _read(path: Path, expected: list[tuple[str, int, int]]) -> LoadResult | None:
    try:
        data = path.read_bytes()
        entry = msgspec.msgpack.decode(data, type=_Entry, dec_hook=_decode_hook)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, NotImplementedError):
        return None
    if entry.version != CACHE_VERSION or [tuple(e) for e in entry.fingerprint] != expected:
        return None
    return LoadResult(entry.deck, tuple(entry.problems))


def _write(path: Path, entry: _Entry) -> None:
    from kiosk.storage.atomic import SaveError, write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, msgspec.msgpack.encode(entry, enc_hook=_encode_hook))
    except (SaveError, OSError, TypeError, NotImplementedError) as exc:
        log.info("Deck cache not written (%s); start-up just reads the files", exc)
