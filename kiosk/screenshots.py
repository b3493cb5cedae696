"""The README's pictures of the patient screens: ``python -m kiosk.screenshots [FOLDER]``.

Draws the screens of the shipped deck offscreen and writes the PNGs into FOLDER (default:
resources/screenshots): the cycle, detail and portrait pictures through ``--screenshot`` itself,
the others the same way with the reading aid, language or announcement each one is about. Run
it after changing how a patient screen looks, then look at the pictures before committing them.
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


#: The settings of the staff picture: a clinic with opening hours, a break and closed days.
EXAMPLE_SETTINGS = """\
time_zone: Europe/London
opening_hours:
  mon: [08:30-12:30, 13:30-18:00]
  tue: [08:30-18:00]
  wed: [08:30-18:00]
  thu: [08:30-18:00]
  fri: [08:30-16:00]
  sat: [09:00-12:00]
closures:
  - from: 2026-12-24
    until: 2027-01-02
    note: Christmas break
when_closed: closed-slide
"""


def draw_settings_page(target: Path, size: tuple[int, int] = (1920, 1080)) -> None:
    """Staff mode's Settings tab on a copy of the shipped deck with :data:`EXAMPLE_SETTINGS`,
    scrolled to the time zone and opening hours."""
    import shutil

    with tempfile.TemporaryDirectory() as temp:
        clinic = Path(temp) / "clinic"
        shutil.copytree(SHIPPED_DECK, clinic)
        settings = clinic / "settings.yaml"
        settings.write_text(settings.read_text("utf-8") + EXAMPLE_SETTINGS, "utf-8")
        draw(clinic, size, None, _settings_tab(Path(temp)), target)


def _settings_tab(temp: Path) -> Setup:
    def apply(window: KioskWindow) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.app.kiosk import enable_staff_mode
        from kiosk.staff.pin import PinStore

        pins = PinStore(temp / "pin")
        pins.set_pin("2468")
        staff = enable_staff_mode(window, window.deck.folder, pins)
        staff.ask_for_pin()
        staff.pin_pad.submitted.emit("2468")  # as if typed on the keypad
        assert staff.editor is not None
        page = staff.editor.settings_page
        staff.editor.tabs.setCurrentWidget(page)
        for _ in range(5):
            QApplication.processEvents()
        # From the time zone down: the opening hours, a lunch break, the closed weekend.
        body = page.scroll_area.widget()
        assert body is not None
        top = page.time_zone.mapTo(body, page.time_zone.rect().topLeft())
        page.scroll_area.verticalScrollBar().setValue(top.y() - page.time_zone.height())

    return apply


#: Drawn by the ``--screenshot`` code itself: file name, size, slide, whether the detail.
FROM_THE_COMMAND_LINE: list[tuple[str, tuple[int, int], str, bool]] = [
    ("cycle.png", (1920, 1080), "guidelines", False),
    ("detail.png", (1920, 1080), "research", True),
    ("portrait.png", (1080, 1920), "guidelines", True),
]
#: Pictures of a reading aid, a language or a notice: file name, size, slide, what to do first.
PICTURES: list[tuple[str, tuple[int, int], str, Setup]] = [
    ("large-text.png", (1920, 1080), "research", _with_voice(_aids(large_text=True))),
    ("high-contrast.png", (1920, 1080), "guidelines", _aids(high_contrast=True)),
    ("spanish.png", (1920, 1080), "research", _aids(language="es")),
    ("chinese.png", (1920, 1080), "research", _aids(language="zh-Hans")),
    ("banner.png", (1920, 1080), "research", _announcements),
]


def draw(
    folder: Path, size: tuple[int, int], slide_id: str | None, setup: Setup, target: Path
) -> None:
    from kiosk.app.screenshot import save_screenshot
    from kiosk.content import load_deck

    if save_screenshot(load_deck(folder), target, size, slide_id, False, setup):
        raise OSError(f"could not write {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.screenshots", description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=RESOURCES / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")
    from kiosk.app.qt import make_application

    app = make_application()
    del app
    args.folder.mkdir(parents=True, exist_ok=True)
    from kiosk.app.screenshot import save_screenshot
    from kiosk.content import load_deck

    for name, size, slide_id, detail in FROM_THE_COMMAND_LINE:
        # python main.py --screenshot FILE --slide ID --size WxH [--detail]
        if save_screenshot(load_deck(SHIPPED_DECK), args.folder / name, size, slide_id, detail):
            raise OSError(f"could not draw {name}")
        print(args.folder / name)
    for name, size, slide_id, setup in PICTURES:
        draw(SHIPPED_DECK, size, slide_id, setup, args.folder / name)
        print(args.folder / name)
    with tempfile.TemporaryDirectory() as empty:  # the calm screen: a folder with nothing in it
        (Path(empty) / "settings.yaml").write_text("clinic_name: Our clinic\n", encoding="utf-8")
        draw(Path(empty), (1920, 1080), None, _nothing, args.folder / "calm.png")
        print(args.folder / "calm.png")
    draw_settings_page(args.folder / "staff-settings.png")
    print(args.folder / "staff-settings.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
