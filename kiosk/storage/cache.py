"""Start-up caches, so the kiosk starts in milliseconds instead of re-reading YAML.

Parsing slide files with line numbers is the slowest step of start-up (~45 ms for the shipped
deck, seconds for hundreds of slides), and merely importing the YAML parser costs ~10 ms. The
deck cache holds the last load result beside the folder's fingerprint (every file's name, size
and modification time): any change to any file, and the cache is ignored and rewritten. Theme
files are cached the same way, one file at a time. A damaged cache is ignored too; it can only
cost time.
"""

from __future__ import annotations

import logging
import zlib
from pathlib import Path
from typing import Any

import msgspec

from kiosk.content import load_deck
from kiosk.content.lastgood import Fingerprint, fingerprint, keep_last_good, what_patients_see
from kiosk.content.model import Deck
from kiosk.content.problems import LoadResult, Problem

log = logging.getLogger(__name__)

#: Bumped whenever the model changes shape, so an old cache is never misread.
CACHE_VERSION = 3  # 3: slides and settings learnt screens and lockstep


class _YamlEntry(msgspec.Struct):
    version: int
    source: str  # the resolved file
    stamp: tuple[int, int]  # its size and modification time (ns)
    data: Any


class _LastGood(msgspec.Struct):
    version: int
    folder: str
    deck: Deck


class _Entry(msgspec.Struct):
    version: int
    folder: str  # the resolved folder: two folders never share an entry
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


def cache_file(folder: Path, cache_dir: Path, kind: str = "deck") -> Path:
    # A short checksum names the file (hashlib would load OpenSSL: ~3 ms of start-up); the
    # entry itself names its source, so a shared checksum only costs a re-read.
    key = zlib.crc32(str(folder.resolve()).encode("utf-8"))
    return cache_dir / f"{kind}-{key:08x}.msgpack"


def load_deck_cached(folder: Path, cache_dir: Path) -> LoadResult:
    """``load_deck(folder)``, from the cache when the folder has not changed since.

    Live reload loads through here too, so the cache follows staff's edits during the day and
    the next start is a warm one.
    """
    now = fingerprint(folder)
    cached = _cached(folder, cache_dir, now)
    if cached is not None:
        return cached
    result = load_deck(folder)
    if now is not None and now == fingerprint(folder):  # nothing changed while we read
        source = str(folder.resolve())
        entry = _Entry(CACHE_VERSION, source, sorted(now), result.deck, list(result.problems))
        _write(cache_file(folder, cache_dir), entry)
    return result


def cached_deck(folder: Path, cache_dir: Path) -> LoadResult | None:
    """The cached load of ``folder`` if it matches the files as they are now, else None."""
    return _cached(folder, cache_dir, fingerprint(folder))


def _cached(folder: Path, cache_dir: Path, now: Fingerprint | None) -> LoadResult | None:
    if now is None:
        return None
    return _read(cache_file(folder, cache_dir), str(folder.resolve()), sorted(now))


def load_for_start(folder: Path, cache_dir: Path) -> LoadResult:
    """What the kiosk shows at start-up: the folder's deck, with the last good version of any
    slide or settings file that is broken now (kept from before the restart), and problems
    that say so. A restart never turns a small mistake into missing slides."""
    result = load_deck_cached(folder, cache_dir)
    previous = read_last_good(folder, cache_dir)
    update = keep_last_good(previous, result)
    if update.deck != result.deck or update.folder_missing:
        kept = ", ".join(update.kept) or "the settings"
        log.warning("Start-up keeps the last good version of: %s", kept)
    if update.deck != previous:  # a warm start writes nothing
        write_last_good(folder, cache_dir, update.deck)
    return LoadResult(update.deck, what_patients_see(result.problems, update))


def read_last_good(folder: Path, cache_dir: Path) -> Deck | None:
    """The deck last shown from ``folder`` (None if never, or unreadable)."""
    try:
        data = cache_file(folder, cache_dir, kind="lastgood").read_bytes()
        entry = msgspec.msgpack.decode(data, type=_LastGood, dec_hook=_decode_hook)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, NotImplementedError):
        return None
    if entry.version != CACHE_VERSION or entry.folder != str(folder.resolve()):
        return None
    return entry.deck


def write_last_good(folder: Path, cache_dir: Path, deck: Deck) -> None:
    """Keep ``deck`` as the last good content of ``folder`` (beside the start-up cache)."""
    entry = _LastGood(CACHE_VERSION, str(folder.resolve()), deck)
    _write(cache_file(folder, cache_dir, kind="lastgood"), entry)


def read_yaml_cached(path: Path, cache_dir: Path) -> Any:
    """The plain data in a trusted YAML file (a theme), parsed again only when it changes.

    Raises OSError when the file cannot be read, and the parser's error when it is not YAML.
    """
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    source = str(path.resolve())
    cached = cache_file(path, cache_dir, kind="yaml")
    try:
        entry = msgspec.msgpack.decode(cached.read_bytes(), type=_YamlEntry)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        entry = None
    if entry is not None and (entry.version, entry.source, entry.stamp) == (
        CACHE_VERSION,
        source,
        stamp,
    ):
        return entry.data
    from ruamel.yaml import YAML  # only on a miss: the parser is the cost being saved

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    _write(cached, _YamlEntry(CACHE_VERSION, source, stamp, data))
    return data


def _read(path: Path, source: str, expected: list[tuple[str, int, int]]) -> LoadResult | None:
    try:
        data = path.read_bytes()
        entry = msgspec.msgpack.decode(data, type=_Entry, dec_hook=_decode_hook)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, NotImplementedError):
        return None
    current = [tuple(e) for e in entry.fingerprint] == expected
    if entry.version != CACHE_VERSION or entry.folder != source or not current:
        return None
    return LoadResult(entry.deck, tuple(entry.problems))


def _write(path: Path, entry: _Entry | _YamlEntry | _LastGood) -> None:
    from kiosk.storage.atomic import SaveError, write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, msgspec.msgpack.encode(entry, enc_hook=_encode_hook))
    except (SaveError, OSError, TypeError, NotImplementedError) as exc:
        log.info("Cache %s not written (%s); start-up just reads the files", path, exc)
