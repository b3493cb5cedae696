"""Reading the content folder's files safely: bounded size, UTF-8 only, nothing outside it."""

from __future__ import annotations

from pathlib import Path
from typing import Final

#: A slide is a page of text; anything bigger is a mistake (a pasted book, a binary file).
#: The content folder's layout.
SETTINGS_FILE: Final = "settings.yaml"
SLIDES_DIR: Final = "slides"
SLIDE_SUFFIX: Final = ".md"
MAX_SLIDE_BYTES: Final = 512 * 1024
MAX_SETTINGS_BYTES: Final = 64 * 1024
MAX_IMAGE_BYTES: Final = 25 * 1024 * 1024

#: Left behind by editors and sync tools while they write; never slides.
_TEMPORARY_PREFIXES: Final = (".", "~")
_TEMPORARY_SUFFIXES: Final = ("~", ".tmp", ".swp", ".part", ".partial", ".crdownload")


class UnreadableFileError(Exception):
    """A file that cannot be used, with the reason in plain words and the line if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def is_temporary(path: Path) -> bool:
    name = path.name
    return name.startswith(_TEMPORARY_PREFIXES) or name.endswith(_TEMPORARY_SUFFIXES)


def read_text(path: Path, max_bytes: int) -> str:
    """The file's text, or ``UnreadableFileError`` saying why a person cannot use it as text."""
    kind = _kind(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFileError(
                f"The file is too big ({_size(size)}); {kind} may be at most "
                f"{_size(max_bytes)}. Is it the right file?"
            )
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableFileError(f"The file cannot be opened ({exc.strerror or exc}).") from exc
    if len(data) > max_bytes:  # it grew while we looked
        raise UnreadableFileError(f"The file is too big; {kind} may be at most {_size(max_bytes)}.")
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
