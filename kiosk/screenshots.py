"""The README's pictures of the patient screens: ``python -m kiosk.screenshots [FOLDER]``.

Draws each screen of the shipped deck offscreen, the way ``--screenshot`` does, with the reading
aids, languages and announcements each picture is about, and writes the PNGs into FOLDER
(default: resources/screenshots). Run it after changing how a patient screen looks, then look
at the pictures before committing them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.paths import RESOURCES, SHIPPED_DECK

if TYPE_CHECKING:
    from kiosk.player.window import KioskWindow

#: What to do to the window before its picture is taken.
Setup = Callable[["KioskWindow"], None]


def _nothing(window: KioskWindow) -> None:
    del window


def _aids(**changes: object) -> Setup:
    def apply(window: KioskWindow) -> None:
        window.set_aids(window.aids.with_(**changes))

    return apply


def _detail(window: KioskWindow) -> None:
    current = window.controller.current
    if current is not None:
        window.open_detail(current.id)


def _announcements(window: KioskWindow) -> None:
    from kiosk.content.announcements import Announcement, Board

    now = dt.datetime.now().astimezone()
    board = Board(
        announcements=(
            Announcement(
                id="late",
                text="Dr. Li is running about 20 minutes late. Thank you for your patience.",
                style="important",
                posted=now,
            ),
            Announcement(id="parking", text="The car park is closed today.", posted=now),
        )
    )
    window.banner.set_board(board)


def _with_voice(setup: Setup) -> Setup:
    def apply(window: KioskWindow) -> None:
        window.speech.start()  # Qt's silent "mock" engine: the button shows as on a kiosk
        setup(window)

    return apply


#: Every picture: file name, size, slide, and what to do first.
PICTURES: list[tuple[str, tuple[int, int], str, Setup]] = [
    ("cycle.png", (1920, 1080), "guidelines", _nothing),
    ("detail.png", (1920, 1080), "research", _detail),
    ("portrait.png", (1080, 1920), "guidelines", _detail),
    ("large-text.png", (1920, 1080), "research", _with_voice(_aids(large_text=True))),
    ("high-contrast.png", (1920, 1080), "guidelines", _aids(high_contrast=True)),
    ("spanish.png", (1920, 1080), "research", _aids(language="es")),
    ("chinese.png", (1920, 1080), "research", _aids(language="zh-Hans")),
    ("banner.png", (1920, 1080), "research", _announcements),
]


def draw(
    folder: Path, size: tuple[int, int], slide_id: str | None, setup: Setup, target: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kiosk.content import load_deck
    from kiosk.player.window import KioskWindow

    window = KioskWindow(load_deck(folder).deck)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.resize(*size)
    if slide_id is not None:
        window.controller.go_to([s.id for s in window.controller.slides].index(slide_id))
    window.show()
    setup(window)
    for _ in range(5):  # layouts settle over a few passes
        QApplication.processEvents()
    if not window.grab().save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    window.close()
    window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.screenshots", description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=RESOURCES / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    del app
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, size, slide_id, setup in PICTURES:
        draw(SHIPPED_DECK, size, slide_id, setup, args.folder / name)
        print(args.folder / name)
    with tempfile.TemporaryDirectory() as empty:  # the calm screen: a folder with nothing in it
        (Path(empty) / "settings.yaml").write_text("clinic_name: Our clinic\n", encoding="utf-8")
        draw(Path(empty), (1920, 1080), None, _nothing, args.folder / "calm.png")
        print(args.folder / "calm.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
