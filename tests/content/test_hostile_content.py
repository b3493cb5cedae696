"""Hostile and accidental files (issue 19): each refused quickly, in little memory, by name.

``--check`` runs as a real process with a time limit, its peak memory measured; before these
fixes it ran out of time (20 s, 1.2 GB) on an alias bomb and waited for ever on a named pipe.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.content import files, frontmatter, load_deck
from kiosk.content.announcements import load_announcements
from kiosk.content.files import UnreadableFileError
from kiosk.content.pictures import PictureError, read_header
from tests import hostile
from tests.decks import simple_deck, write_slide

REPO = Path(__file__).resolve().parents[2]
#: Seconds and MiB a --check of the whole hostile folder may take (it takes about 1 s, 25 MiB).
CHECK_SECONDS = 20
CHECK_MIB = 300
#: Runs --check and prints its peak resident memory (KiB, Linux) on the last line of stderr.
#: VmHWM, not getrusage's ru_maxrss: that one survives exec, so a --check started from a big test
#: process (pytest after hundreds of Qt tests) reported the parent's size, not its own.
PEAK_RSS_WRAPPER = """
import sys
from kiosk.cli import main
try:
    code = main(sys.argv[1:])
finally:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    print(peak, file=sys.stderr)
sys.exit(code)
"""


def check(folder: Path) -> tuple[str, float, float]:
    """``--check folder``: its output, seconds taken and peak memory in MiB."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS_WRAPPER, "--content", str(folder), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=CHECK_SECONDS * 3,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    peak_mib = int(done.stderr.strip().splitlines()[-1]) / 1024
    return done.stdout, elapsed, peak_mib


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    return hostile.hostile_deck(tmp_path / "deck", tmp_path / "outside")


def test_check_names_every_hostile_file_quickly_and_in_little_memory(hostile_folder: Path) -> None:
    out, elapsed, peak_mib = check(hostile_folder)
    assert elapsed < CHECK_SECONDS
    assert peak_mib < CHECK_MIB
    expected = {
        "slides/bomb.md:9": "repeat other fields (with & and *)",
        "announcements.yaml:5": "repeat other fields",
        "slides/pipe.md": "not an ordinary file",
        "slides/link.md": "a link to a place outside the content folder",
        "slides/long-list.md": "The text below the fields: it is 39,999 characters long",
        "slides/brackets.md": "characters long",
        "slides/huge-jpeg.md:5": "60,000 x 60,000 pixels, too big",
        "slides/big-png.md:5": "8,000 x 8,000 pixels",
        "slides/svg-as-png.md:5": "it is an SVG drawing, not a PNG",
        "slides/pdf-as-png.md:5": "it is a PDF document",
        "slides/tiff-as-png.md:5": "it is a TIFF picture",
        "slides/pipe-picture.md:5": "not an ordinary file",
    }
    lines = out.splitlines()
    for place, words in expected.items():
        assert any(f"{place}" in line and words in line for line in lines), (place, out)
    assert max(len(line) for line in lines) < 400  # no value written out in a message
    table = [line for line in lines if "slides/table.md" in line and ": advice: " not in line]
    table = [line for line in table if ".md: score (" not in line]
    assert all(": warning: " in line for line in table)  # a 200-row table is fine


def test_the_alias_bomb_in_settings_is_refused_and_the_defaults_used(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "settings.yaml").write_text(hostile.alias_bomb())
    out, elapsed, peak_mib = check(folder)
    assert (elapsed < CHECK_SECONDS, peak_mib < CHECK_MIB) == (True, True)
    assert "settings.yaml:5: The fields cannot be read: they repeat other fields" in out
    assert "Default settings are used." in out


@pytest.mark.parametrize("kind", ["pipe", "link outside"])
def test_settings_that_are_a_pipe_or_a_link_outside_are_refused(tmp_path: Path, kind: str) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    settings = folder / "settings.yaml"
    settings.unlink()
    if kind == "pipe":
        import os

        os.mkfifo(settings)
    else:
        (tmp_path / "other.yaml").write_text("clinic_name: Elsewhere\n")
        settings.symlink_to(tmp_path / "other.yaml")
    out, elapsed, _ = check(folder)
    assert elapsed < CHECK_SECONDS
    words = "not an ordinary file" if kind == "pipe" else "outside the content folder"
    assert f"{folder}/settings.yaml: " in out
    assert words in out
    assert load_deck(folder).deck.settings.clinic_name == "Our clinic"


def test_a_link_inside_the_folder_is_still_read(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "slides" / "002.md").symlink_to(folder / "slides" / "001.md")
    result = load_deck(folder)
    assert "slides/002.md" not in {p.file for p in result.errors if "link" in p.message}


@pytest.mark.parametrize(
    "text",
    [
        hostile.alias_bomb(),
        "a: " + "[" * 200_000,
        "a: " + "{b: " * 5000,
        "a: &r [*r]\n",
        "[ '],', " * 2000,
        "[ # ]\n" * 2000,
    ],
    ids=["alias bomb", "deep brackets", "deep braces", "recursive alias", "quoted", "comments"],
)
def test_yaml_too_big_or_deep_is_refused_at_once(text: str) -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableFileError) as raised:
        frontmatter.parse_yaml(text)
    assert time.monotonic() - started < 2
    assert len(raised.value.message) < 300


def test_a_duplicate_key_is_named_without_its_value() -> None:
    with pytest.raises(UnreadableFileError) as raised:
        frontmatter.parse_yaml("a: &x [1, 2, 3]\nb: 1\nb: *x\n")
    assert raised.value.message == (
        "The fields cannot be read: the field 'b' is written twice. Keep only one."
    )
    assert raised.value.line == 3


def test_ordinary_aliases_still_load() -> None:
    assert frontmatter.parse_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableFileError, match="not an ordinary file"):
        files.read_text(pipe, 1000)


def test_announcements_bomb_costs_nothing_on_the_gui_thread(tmp_path: Path) -> None:
    (tmp_path / "announcements.yaml").write_text(hostile.alias_bomb())
    started = time.monotonic()
    board, problems = load_announcements(tmp_path)
    assert time.monotonic() - started < 2
    assert board.announcements == ()
    assert problems[0].line == 5


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (b"<?xml version='1.0'?><svg/>", "an SVG drawing"),
        (b"%PDF-1.7", "a PDF document"),
        (b"MM\x00*\x00\x00", "a TIFF picture"),
        (b"GIF89a\x10\x27\x10\x27", "10,000 x 10,000 pixels"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x00\x00\x00\x00\x01", "damaged"),
        (b"", "an empty file"),
    ],
)
def test_a_picture_is_known_by_its_contents_not_its_name(head: bytes, words: str) -> None:
    with pytest.raises(PictureError, match=words):
        read_header(head)


def test_real_pictures_pass_with_their_size(tmp_path: Path) -> None:
    png = hostile.png_declaring(tmp_path / "a.webp", 1920, 1080)  # the name does not matter
    header = read_header(png.read_bytes())
    assert (header.kind, header.width, header.height) == ("png", 1920, 1080)
    jpeg = hostile.jpeg_declaring(tmp_path / "b.jpg", 4000, 3000)
    assert read_header(jpeg.read_bytes()).width == 4000


def test_invisible_characters_are_reported_by_line_and_left_out(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    write_slide(
        folder,
        "002.md",
        {
            "id": "tricky",
            "title": "Safe \u202etxt.exe",
            "teaser": "Zero\u200bwidth",
            "key_points": ["fine", "iso \u2066x\u2069"],
            "translations": {"es": {"title": "Hola \u202dx", "teaser": "bien\u0007"}},
        },
    )
    result = load_deck(folder)
    found = {(p.line, p.field) for p in result.problems if "invisible" in p.message}
    assert found == {
        (3, "title"),
        (4, "teaser"),
        (7, "key_points"),
        (10, "translations"),
        (11, "translations"),
    }
    slide = result.deck.slide("tricky")
    assert slide is not None
    assert (slide.title, slide.teaser, slide.key_points[1]) == (
        "Safe txt.exe",
        "Zerowidth",
        "iso x",
    )
    assert slide.in_language("es").title == "Hola x"
    assert all(p.severity.value == "warning" for p in result.problems if "invisible" in p.message)


def test_joiners_and_marks_that_scripts_need_are_kept(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a word with a ZWNJ
    write_slide(folder, "002.md", {"id": "ok", "title": f"Family {family}", "teaser": persian})
    result = load_deck(folder)
    assert not [p for p in result.problems if "invisible" in p.message]
    slide = result.deck.slide("ok")
    assert slide is not None and family in slide.title


def test_check_decodes_pictures_and_names_a_damaged_one(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "images").mkdir()
    whole = hostile.png_declaring(folder / "images" / "whole.png", 64, 48)
    damaged = folder / "images" / "damaged.png"
    damaged.write_bytes(whole.read_bytes()[:40])  # the header, then nothing
    hostile.picture_slide(folder, "whole", "images/whole.png")
    hostile.picture_slide(folder, "damaged", "images/damaged.png")
    out, _, _ = check(folder)
    assert "slides/damaged.md:5: image: 'images/damaged.png' is damaged or cut short" in out
    assert "whole.png" not in out
