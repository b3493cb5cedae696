"""Real faults under a running kiosk: it keeps cycling through all of them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.content.markdown import MAX_CHARACTERS
from kiosk.player.timing import Timing
from kiosk.player.window import CYCLE, DETAIL, KioskWindow
from kiosk.system.memory import resident_mib, return_big_buffers_to_the_system
from kiosk.ui.live_reload import ContentWatcher
from tests.decks import simple_deck, write_slide
from tests.player.conftest import FAST, WindowFactory

ROOT = Path(__file__).resolve().parents[2]


def cycles_on(qtbot: QtBot, window: KioskWindow, changes: int = 3) -> None:
    seen: list[int] = []
    window.controller.current_changed.connect(lambda index, _: seen.append(index))
    qtbot.waitUntil(lambda: len(seen) >= changes, timeout=5000)


def picture(path: Path, colour: str = "#3366cc") -> None:
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))


@pytest.fixture
def picture_deck(tmp_path: Path) -> Path:
    folder = simple_deck(tmp_path / "deck", count=2)
    (folder / "images").mkdir()
    picture(folder / "images" / "a.png")
    write_slide(
        folder, "001.md", {"id": "pic", "title": "Pic", "teaser": "t", "image": "images/a.png"}
    )
    return folder


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_picture_deleted_or_truncated_while_showing(
    qtbot: QtBot, make_window: WindowFactory, picture_deck: Path, damage: str
) -> None:
    window = make_window(picture_deck, FAST)
    image = picture_deck / "images" / "a.png"
    if damage == "delete":
        image.unlink()
    else:
        data = image.read_bytes()
        image.write_bytes(data[: len(data) // 3])
    cycles_on(qtbot, window, changes=4)  # comes back round to the picture slide and on
    window.controller.go_to(0)
    shown = window.cycle.card.image.pixmap().toImage()
    placeholder = QColor(window._theme.color("placeholder"))
    assert shown.pixelColor(3, 3) == placeholder


def test_the_content_folder_removed_and_restored(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    window = make_window(folder, FAST)
    watcher = ContentWatcher(folder, window.deck, poll_ms=50, parent=window)
    watcher.deck_changed.connect(window.set_deck)
    watcher.start()
    shutil.rmtree(folder)
    cycles_on(qtbot, window)  # the last deck keeps cycling
    simple_deck(folder, count=2)
    qtbot.waitUntil(lambda: len(window.controller.slides) == 2, timeout=3000)
    cycles_on(qtbot, window)


def test_binary_non_utf8_and_huge_files_leave_the_rest_cycling(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    slides = folder / "slides"
    (slides / "binary.md").write_bytes(os.urandom(4096) + b"\0")
    (slides / "latin1.md").write_bytes("---\nid: café\ntitle: Café\n---\n".encode("latin-1"))
    with (slides / "huge.md").open("wb") as huge:  # 50 MB, sparse: fast to make
        huge.truncate(50 * 1024 * 1024)
    result = load_deck(folder)
    assert {p.file for p in result.errors} >= {
        "slides/binary.md",
        "slides/latin1.md",
        "slides/huge.md",
    }
    window = make_window(folder, FAST)
    assert len(window.controller.slides) == 3
    cycles_on(qtbot, window)


def test_five_hundred_slides(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=500)
    window = make_window(folder, FAST)
    assert len(window.controller.slides) == 500
    cycles_on(qtbot, window)
    window.controller.go_to(499)
    assert window.cycle.card.title.text() == "Slide number 500"


def test_a_summary_of_one_20000_character_line(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck", count=2)
    long_line = ("acupuncture " * 9000)[:MAX_CHARACTERS]  # the longest summary allowed
    write_slide(folder, "001.md", {"id": "long", "title": "Long", "teaser": "t"}, long_line)
    window = make_window(folder, Timing(default_slide_ms=100, idle_timeout_ms=60_000))
    window.open_detail("long")
    assert window.screen_name == DETAIL
    assert len(window.detail.body.toPlainText()) >= MAX_CHARACTERS
    window.close_detail()
    cycles_on(qtbot, window)
    assert window.screen_name == CYCLE


def test_soak_2000_transitions_and_400_taps_keep_memory_and_objects_flat(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A short version of ``python -m kiosk.benchmark``: a leak cannot land unnoticed."""
    return_big_buffers_to_the_system()
    folder = simple_deck(tmp_path / "deck", count=6)
    hour = 3_600_000
    window = make_window(
        folder, Timing(default_slide_ms=hour, idle_timeout_ms=hour, transition_ms=1)
    )

    def settle() -> None:
        qtbot.waitUntil(lambda: not window.transition.running, timeout=2000)

    def objects() -> int:
        return len(window.findChildren(QObject))

    for _ in range(200):  # warm-up: caches, fonts, QR codes
        window.controller.go_next()
        settle()
        window.open_detail(window.controller.current.id)
        window.close_detail()
    rss_before, objects_before = resident_mib(), objects()
    for n in range(2000):
        window.controller.go_next()
        settle()
        if n % 5 == 0:
            window.open_detail(window.controller.current.id)
            window.close_detail()
    growth = resident_mib() - rss_before
    assert growth <= 4.0, f"RSS grew {growth:.1f} MiB over 2000 transitions"
    assert abs(objects() - objects_before) <= 2


def internet_sockets(tmp_path: Path, *command: str) -> list[str]:
    """The socket() and connect() calls of ``command`` (and its children) on IPv4 or IPv6."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is needed (apt-get install strace): .ci/run installs it")
    trace = tmp_path / "trace"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "KIOSK_EXIT_AFTER_FIRST_PAINT": "1",
    }
    done = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), *command],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = trace.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if "AF_INET" in line]  # AF_INET and AF_INET6


def test_the_network_probe_sees_a_socket_when_there_is_one(tmp_path: Path) -> None:
    opened = internet_sockets(tmp_path, sys.executable, "-c", "import socket; socket.socket()")
    assert opened and "AF_INET" in opened[0]


@pytest.mark.parametrize(
    "args",
    [["--windowed"], ["--screenshot", "{tmp}/d.png", "--slide", "research", "--detail"]],
)
def test_the_kiosk_opens_no_network_socket(tmp_path: Path, args: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert internet_sockets(tmp_path, sys.executable, str(ROOT / "main.py"), *args) == []
