"""The content folder's own places (backups, pictures) and small helpers every save uses."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Final

from kiosk.content import files
from kiosk.content.files import UnreadableFileError
from kiosk.storage.atomic import SaveError

#: Previous versions of every file staff change (kiosk/storage/atomic.py keeps 20 per file).
BACKUPS_DIR: Final = ".backups"
#: Pictures staff add to slides.
IMAGES_DIR: Final = "images"
_MAX_NAME_LENGTH: Final = 60


def slug(text: str) -> str:
    """``"My Photo (1)"`` → ``"my-photo-1"``: lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    hyphenated = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return hyphenated[:_MAX_NAME_LENGTH].strip("-")


def backups_dir(folder: Path) -> Path:
    """``<folder>/.backups``: where a save puts the version it replaces."""
    return Path(folder) / BACKUPS_DIR


def make_dir(path: Path) -> None:
    """Make ``path`` (and its parents) or raise :class:`SaveError` in plain words."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError.from_os_error(exc, path) from exc


def read_if_there(path: Path, max_bytes: int) -> str | None:
    """The file's text, or None when it is missing or unusable (it is then written afresh)."""
    if not path.exists():
        return None
    try:
        return files.read_text(path, max_bytes)
    except UnreadableFileError:
        return None
