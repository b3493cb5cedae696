"""Copying a picture staff chose into the content folder's ``images/``, checked and named safely."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import files
from kiosk.content.model import IMAGE_SUFFIXES
from kiosk.storage.atomic import SaveError, write_atomic
from kiosk.storage.folder import IMAGES_DIR, make_dir, slug


def import_image(folder: Path, source: Path) -> str:
    """Copy the picture ``source`` into ``<folder>/images/``; returns ``"images/<name>"``.

    The name is made safe (lowercase letters, digits and hyphens) and unique; the same picture
    imported twice is stored once.
    """
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise SaveError(
            f"'{source.name}' is not a picture the kiosk can show. Choose a PNG, JPEG, WebP, GIF "
            "or BMP file.",
            source,
        )
    data = _read_picture(source)
    images = Path(folder) / IMAGES_DIR
    make_dir(images)
    stem = slug(source.stem) or "picture"
    name = f"{stem}{suffix}"
    count = 2
    while (images / name).exists():
        if _same_bytes(images / name, data):
            return f"{IMAGES_DIR}/{name}"
        name = f"{stem}-{count}{suffix}"
        count += 1
    write_atomic(images / name, data)
    return f"{IMAGES_DIR}/{name}"


def _read_picture(source: Path) -> bytes:
    limit = files.MAX_IMAGE_BYTES
    try:
        size = source.stat().st_size
        if size <= limit:
            with source.open("rb") as stream:
                data = stream.read(limit + 1)
            size = len(data)
    except OSError as exc:
        raise SaveError(
            f"The picture '{source.name}' could not be read ({exc.strerror or exc}). Nothing "
            "was changed.",
            source,
        ) from exc
    if size > limit:
        raise SaveError(
            f"The picture is too big ({size / (1024 * 1024):.0f} MB); a picture may be at most "
            f"{limit // (1024 * 1024)} MB. Make it smaller (2000 pixels across is plenty) and "
            "try again.",
            source,
        )
    if not _looks_like_picture(data):
        raise SaveError(
            f"'{source.name}' is not a picture (its contents are not PNG, JPEG, WebP, GIF or "
            "BMP). Choose another file.",
            source,
        )
    return data


def _looks_like_picture(data: bytes) -> bool:
    return data.startswith(
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
    ) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
