"""Hostile and accidental content, as a tester made it against a running kiosk (issue 19)."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

from tests.decks import simple_deck, write_slide


def alias_bomb() -> str:
    """Nine levels of aliases of aliases (9**9 values written out), behind a duplicate key."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nzz: 1\nzz: *a8\n"


def bomb_slide(folder: Path, name: str = "bomb.md") -> Path:
    path = folder / "slides" / name
    path.write_text(f"---\nid: bomb\ntitle: Bomb\nteaser: t\n{alias_bomb()}---\nbody\n")
    return path


def jpeg_declaring(path: Path, width: int, height: int) -> Path:
    """A 100-odd-byte JPEG whose header declares ``width`` x ``height`` pixels."""
    quant = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    huffman = b"\xff\xc4" + struct.pack(">H", 20) + b"\x00" + bytes([1] + [0] * 15) + b"\x00"
    scan = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00"
    path.write_bytes(b"\xff\xd8" + quant + frame + huffman + scan + b"\x00" * 20 + b"\xff\xd9")
    return path


def png_declaring(path: Path, width: int, height: int) -> Path:
    """A PNG whose header declares ``width`` x ``height``: whole when small, else only its
    first row (a big one is refused by its header before its data matters)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = height if width * height <= 1_000_000 else 1
    data = zlib.compress(b"\x00" * (width * 3 + 1) * rows)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    return path


def svg_drawing_of(path: Path, target: Path) -> Path:
    """An SVG saved under a picture's name, drawing a file from outside the content folder."""
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="400" height="300"><image href="file://{target}" xlink:href="file://{target}" '
        'width="400" height="300"/></svg>'
    )
    return path


def picture_slide(folder: Path, slide_id: str, image: str, order: int = 50) -> None:
    fields = {"id": slide_id, "title": slide_id, "teaser": "t", "image": image, "order": order}
    write_slide(folder, f"{slide_id}.md", fields, "A picture.")


def markdown_slide(folder: Path, slide_id: str, body: str, order: int = 60) -> None:
    write_slide(folder, f"{slide_id}.md", {"id": slide_id, "title": slide_id, "teaser": "t"}, body)


#: Markdown that froze the screen before (issue 19); within the limits, so it is shown.
TABLE_200_ROWS = "| a | b |\n|---|---|\n" + "".join(f"| r{i} | v{i} |\n" for i in range(200))
#: Markdown too big to lay out quickly: refused by the loader.
LIST_10000_ITEMS = "- x\n" * 10_000
BRACKETS_100000 = "[a]" * 100_000


def hostile_deck(folder: Path, outside: Path) -> Path:
    """Two good slides and every hostile file at once: what a kiosk must survive unattended.

    ``outside``: a folder beside the content folder, for files that links point to.
    """
    simple_deck(folder, count=2)
    outside.mkdir(parents=True, exist_ok=True)
    images = folder / "images"
    images.mkdir()
    jpeg_declaring(images / "huge.jpg", 60_000, 60_000)
    png_declaring(images / "big.png", 8000, 8000)
    secret = png_declaring(outside / "secret.png", 40, 30)
    svg_drawing_of(images / "drawing.png", secret)
    (images / "document.png").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (images / "scan.png").write_bytes(b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64)
    os.mkfifo(images / "pipe.png")
    for order, (slide_id, image) in enumerate(
        [
            ("huge-jpeg", "images/huge.jpg"),
            ("big-png", "images/big.png"),
            ("svg-as-png", "images/drawing.png"),
            ("pdf-as-png", "images/document.png"),
            ("tiff-as-png", "images/scan.png"),
            ("pipe-picture", "images/pipe.png"),
        ],
        start=10,
    ):
        picture_slide(folder, slide_id, image, order)
    markdown_slide(folder, "table", TABLE_200_ROWS)
    markdown_slide(folder, "long-list", LIST_10000_ITEMS)
    markdown_slide(folder, "brackets", BRACKETS_100000)
    bomb_slide(folder)
    os.mkfifo(folder / "slides" / "pipe.md")
    (outside / "elsewhere.md").write_text("---\nid: elsewhere\ntitle: E\nteaser: t\n---\nx\n")
    (folder / "slides" / "link.md").symlink_to(outside / "elsewhere.md")
    (folder / "announcements.yaml").write_text(alias_bomb())
    return folder
