"""Reading the content folder's files safely: bounded size, UTF-8 only, nothing outside it."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Final

#: A slide is a page of text; anything bigger is a mistake (a pasted book, a binary file).
#: The content folder's layout.
SETTINGS_FILE: Final = "settings.yaml"
SLIDES_DIR: Final = "slides"
SLIDE_SUFFIX: Final = ".md"
#: Each screen's status report (kiosk/sync/status.py): synced with the content, never content.
STATUS_DIR: Final = "status"
MAX_SLIDE_BYTES: Final = 512 * 1024
MAX_SETTINGS_BYTES: Final = 64 * 1024
MAX_IMAGE_BYTES: Final = 25 * 1024 * 1024

#: Left behind by editors and sync tools while they write; never slides.
_TEMPORARY_PREFIXES: Final = (".", "~")
_TEMPORARY_SUFFIXES: Final = ("~", ".tmp", ".swp", ".part", ".partial", ".crdownload")


#: Syncthing's own files in a synced folder: its marker, its ignore list, its old versions and the
#: files it writes before renaming them into place. The kiosk neither reads nor watches them.
SYNC_ENGINE_NAMES: Final = frozenset({".stfolder", ".stignore", ".stversions"})
#: ``010-welcome.sync-conflict-20261130-114500-ABCDEFG.md``: the copy Syncthing keeps when a file
#: was changed on two machines at once. Group 1 is the file it is a copy of, less its suffix.
_SYNC_CONFLICT: Final = re.compile(r"^(.*)\.sync-conflict-[0-9]{8}-[0-9]{6}(?:-[A-Za-z0-9]+)?")


class UnreadableFileError(Exception):
    """A file that cannot be used, with the reason in plain words and the line if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def is_temporary(path: Path) -> bool:
    name = path.name
    return name.startswith(_TEMPORARY_PREFIXES) or name.endswith(_TEMPORARY_SUFFIXES)


def is_sync_engine_file(name: str) -> bool:
    """A file or folder of the sync engine's own (``.stversions``, ``.syncthing.x.md.tmp``...)."""
    return (
        name in SYNC_ENGINE_NAMES
        or (name.startswith(".syncthing.") and name.endswith(".tmp"))
        or name.startswith("~syncthing~")
    )


def sync_conflict_original(name: str) -> str | None:
    """For Syncthing's conflict copy ``name``, the name of the file it is a copy of; else None."""
    if ".sync-conflict-" not in name:  # nearly every file: no pattern matching needed
        return None
    match = _SYNC_CONFLICT.match(name)
    if match is None:
        return None
    return match.group(1) + name[match.end() :]


def read_text(path: Path, max_bytes: int, *, inside: Path | None = None) -> str:
    """The file's text, or ``UnreadableFileError`` saying why a person cannot use it as text."""
    data = read_bytes(path, max_bytes, inside=inside, kind=_kind(path))
    if _is_utf16(data):
        raise UnreadableFileError(
            "The file is saved as UTF-16 text (some editors call it \u201cUnicode\u201d). Save it "
            "again choosing the UTF-8 encoding.",
            1,
        )
    if b"\0" in data:
        raise UnreadableFileError("This is not a text file (it holds binary data).", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            "The file is not saved as UTF-8 text. Save it again choosing the UTF-8 encoding.",
            _line_at(data, exc.start),
        ) from exc
    return text.removeprefix("\ufeff")


#: Never wait on the file (a named pipe would block for ever), never follow a link at the last
#: step (resolve_inside has already followed and checked it).
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_bytes(
    path: Path,
    max_bytes: int,
    *,
    inside: Path | None = None,
    head: int | None = None,
    kind: str = "this file",
) -> bytes:
    """The bytes of ``path``, read safely: the one way the kiosk opens a content file.

    Only a regular file is read (a named pipe, a device or a folder is refused without waiting
    on it), at most ``max_bytes`` of it; with ``inside``, a file whose links lead outside that
    folder is refused, as pictures always were. ``head``: read only the first bytes (a
    picture's header), still refusing a file bigger than ``max_bytes``.
    """
    target = Path(path)
    if inside is not None:
        resolved = _resolved_inside(inside, target)
        if resolved is None:
            raise UnreadableFileError(
                "This file is a link to a place outside the content folder, so it is not "
                "read. Copy the file itself into the folder."
            )
        target = resolved
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        raise UnreadableFileError(f"The file cannot be opened ({exc.strerror or exc}).") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(
                "This is not an ordinary file (it is a pipe, a device or a folder), so it is "
                "not read. Put a saved file here instead."
            )
        if info.st_size > max_bytes:
            raise UnreadableFileError(
                f"The file is too big ({_size(info.st_size)}); {kind} may be at most "
                f"{_size(max_bytes)}. Is it the right file?"
            )
        chunks: list[bytes] = []
        left = max_bytes + 1 if head is None else head
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise UnreadableFileError(f"The file cannot be read ({exc.strerror or exc}).") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if head is None and len(data) > max_bytes:  # it grew while we looked
        raise UnreadableFileError(f"The file is too big; {kind} may be at most {_size(max_bytes)}.")
    return data


def _resolved_inside(folder: Path, path: Path) -> Path | None:
    try:
        root = folder.resolve()
        target = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return None
    return target if target.is_relative_to(root) else None


def resolve_inside(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` if it stays inside ``folder`` once links are followed, else None."""
    candidate = Path(relative)
    if candidate.is_absolute() or candidate.drive:
        return None
    try:
        root = folder.resolve()
        target = (root / candidate).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return None
    return target if target.is_relative_to(root) else None


def _kind(path: Path) -> str:
    """What the file is, as staff call it: "a slide file", "the settings file"..."""
    if path.suffix.lower() == SLIDE_SUFFIX:
        return "a slide file"
    if path.name == SETTINGS_FILE:
        return "the settings file"
    return f"the {path.stem} file"  # announcements.yaml: "the announcements file"


def _is_utf16(data: bytes) -> bool:
    """A byte-order mark, or text where every other byte is zero (UTF-16 without a mark)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:400]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2].count(0) / len(sample[0::2]), sample[1::2].count(0) / len(sample[1::2])
    # Latin text in UTF-16: every other byte zero, the bytes between not (binary has zeros in both)
    return (even > 0.4 and odd < 0.1) or (odd > 0.4 and even < 0.1)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{count / 1024:.0f} KB"
