"""What a picture file really is, read from its first bytes, never from its name.

A file called ``.png`` may hold an SVG drawing (which can pull in other files), a PDF, a TIFF, or
a tiny JPEG that declares 60,000 x 60,000 pixels and would take gigabytes to decode. The kiosk
decides from the contents which decoder may see a file, and from the header how big it would be
once decoded, before any decoding happens.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

#: The formats the kiosk decodes, by the name Qt's image reader knows them.
KINDS: Final = ("png", "jpeg", "gif", "bmp", "webp")
#: Enough for a 24-megapixel camera picture (6000 x 4000); decoded, 96 MB at most.
MAX_PIXELS: Final = 24_000_000
MAX_SIDE: Final = 12_000
#: How much of a file the header is looked for in (a JPEG's size follows its EXIF and colour
#: profile, which can be long).
HEAD_BYTES: Final = 256 * 1024

_OTHER_KINDS: Final = (
    (b"%PDF", "a PDF document"),
    (b"II*\0", "a TIFF picture"),
    (b"MM\0*", "a TIFF picture"),
    (b"\0\0\1\0", "an icon file"),
    (b"PK\3\4", "a ZIP archive or office document"),
)


@dataclass(frozen=True, slots=True)
class PictureHeader:
    """A picture's kind and, when its header says so, its size in pixels."""

    kind: str
    width: int | None = None
    height: int | None = None


class PictureError(Exception):
    """A file that is not a picture the kiosk may decode, with the reason in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_header(head: bytes) -> PictureHeader:
    """The kind and size of the picture that starts with ``head``, or ``PictureError``."""
    kind = sniff(head)
    if kind is None:
        raise PictureError(f"it is {_what(head)}, not a PNG, JPEG, GIF, BMP or WebP picture")
    size = _SIZE_READERS[kind](head)
    if size is None:
        return PictureHeader(kind)
    width, height = size
    if width <= 0 or height <= 0:
        raise PictureError(f"its {kind.upper()} header is damaged (it says {width} x {height})")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise PictureError(
            f"it is {width:,} x {height:,} pixels, too big to show safely (at most "
            f"{MAX_PIXELS // 1_000_000} million pixels). Make it smaller: 2000 pixels across is "
            "plenty"
        )
    return PictureHeader(kind, width, height)


def sniff(head: bytes) -> str | None:
    """``"png"``, ``"jpeg"``, ... from the file's first bytes, or None for anything else."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM") and len(head) >= 26:
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _what(head: bytes) -> str:
    for magic, name in _OTHER_KINDS:
        if head.startswith(magic):
            return name
    text = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in text:
        return "an SVG drawing"
    if text.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    return "not a picture" if head else "an empty file"


def _png_size(head: bytes) -> tuple[int, int] | None:
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise PictureError("its PNG header is damaged")
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def _gif_size(head: bytes) -> tuple[int, int] | None:
    if len(head) < 10:
        raise PictureError("its GIF header is damaged")
    width, height = struct.unpack("<HH", head[6:10])
    return int(width), int(height)


def _bmp_size(head: bytes) -> tuple[int, int] | None:
    header_size = struct.unpack("<I", head[14:18])[0]
    if header_size == 12:
        width, height = struct.unpack("<HH", head[18:22])
    else:
        width, height = struct.unpack("<ii", head[18:26])
    return abs(int(width)), abs(int(height))


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack("<HH", head[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    raise PictureError("its WebP header is damaged")


#: JPEG markers that start a frame (its size): SOF0-SOF15 except DHT, JPG and DAC.
_SOF_MARKERS: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 4 <= len(head):
        if head[index] != 0xFF:
            raise PictureError("its JPEG header is damaged")
        marker = head[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            index += 2
            continue
        length = struct.unpack(">H", head[index + 2 : index + 4])[0]
        if marker in _SOF_MARKERS:
            if index + 9 > len(head):
                return None
            height, width = struct.unpack(">HH", head[index + 5 : index + 9])
            return int(width), int(height)
        if marker in (0xDA, 0xD9) or length < 2:  # image data or the end, and no frame yet
            raise PictureError("its JPEG header is damaged (no picture size before the data)")
        index += 2 + length
    return None  # the header goes on past what was read: the decoder's limit still applies


_SIZE_READERS: Final = {
    "png": _png_size,
    "jpeg": _jpeg_size,
    "gif": _gif_size,
    "bmp": _bmp_size,
    "webp": _webp_size,
}
