"""The README's pictures of the patient screens: ``python -m kiosk.screenshots [FOLDER]``.

Every picture is drawn by the ``--screenshot`` code itself (``save_screenshot``), with the
options a user has on the command line: the language, the reading aids, the moment (``--at``)
and the slide. Pictures that need more than the shipped deck (a notice on the banner, a slide
with a picture, the closed screen) are drawn from a copy of the deck with that one thing added.
Run it after changing how a patient screen looks, then look at the pictures before committing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.model import WEEKDAY_KEYS
from kiosk.paths import README_SCREENSHOTS, SHIPPED_DECK

if TYPE_CHECKING:
    from kiosk.player.window import KioskWindow

#: A notice as the front desk would post it.
NOTICE = "Dr. Li is running about 20 minutes late. Thank you for your patience."
#: Noon and night on a weekday, for the pictures drawn at a moment.
NIGHT = dt.datetime(2026, 11, 25, 22, 0)


@dataclass(frozen=True)
class Picture:
    """One README picture: ``python main.py --screenshot NAME --size W H --slide ID ...``."""

    name: str
    size: tuple[int, int]
    slide: str | None
    detail: bool = False
    language: str | None = None
    large_text: bool = False
    high_contrast: bool = False
    at: dt.datetime | None = None
    #: What the copy of the shipped deck gets first (None: the shipped deck itself).
    change: Callable[[Path], None] | None = field(default=None, compare=False)


def with_notice(folder: Path) -> None:
    from kiosk.storage.announcements import post

    post(folder, NOTICE, "important")


def with_picture(folder: Path) -> None:
    """A picture on the guidelines slide: a plain illustration drawn here (no claim in it)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    image = QImage(1200, 800, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    sky = QLinearGradient(QPointF(0, 0), QPointF(0, 800))
    sky.setColorAt(0, QColor("#DCEBE6"))
    sky.setColorAt(1, QColor("#F4F0E8"))
    painter.fillRect(image.rect(), sky)
    painter.setPen(Qt.PenStyle.NoPen)
    for x, y, r, colour in ((300, 620, 420, "#A8C9BE"), (900, 700, 480, "#7FAE9F")):
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QRectF(x - r, y - r / 3, 2 * r, r))
    painter.setBrush(QColor("#F2C879"))
    painter.drawEllipse(QRectF(840, 110, 170, 170))
    painter.end()
    (folder / "images").mkdir(exist_ok=True)
    image.save(str(folder / "images" / "illustration.png"))
    slide = folder / "slides" / "020-guidelines.md"
    text = slide.read_text(encoding="utf-8")
    slide.write_text(
        text.replace("\nteaser:", "\nimage: images/illustration.png\nteaser:", 1), "utf-8"
    )


def with_opening_hours(folder: Path) -> None:
    settings = folder / "settings.yaml"
    days = "\n".join(f"  {day}: [08:00-18:00]" for day in WEEKDAY_KEYS[:5])
    extra = f"when_closed: closed-slide\nopening_hours:\n{days}\n"
    settings.write_text(settings.read_text(encoding="utf-8") + extra, encoding="utf-8")


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
        from kiosk.app.screenshot import save_screenshot
        from kiosk.content import load_deck

        setup = _settings_tab(Path(temp))
        if save_screenshot(load_deck(clinic), target, size, None, False, setup=setup):
            raise OSError(f"could not write {target}")


def _settings_tab(temp: Path) -> Callable[[KioskWindow], None]:
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


PICTURES: list[Picture] = [
    Picture("cycle.png", (1920, 1080), "guidelines"),
    Picture("detail.png", (1920, 1080), "research", detail=True),
    Picture("portrait.png", (1080, 1920), "guidelines", detail=True),
    Picture("portrait-picture.png", (1080, 1920), "guidelines", change=with_picture),
    Picture("large-text.png", (1920, 1080), "research", large_text=True),
    Picture("high-contrast.png", (1920, 1080), "guidelines", high_contrast=True),
    Picture("spanish.png", (1920, 1080), "research", language="es"),
    Picture("chinese.png", (1920, 1080), "research", language="zh-Hans"),
    Picture("banner.png", (1920, 1080), "research", change=with_notice),
    Picture("closed.png", (1920, 1080), None, at=NIGHT, change=with_opening_hours),
]


def draw(picture: Picture, target: Path) -> None:
    from kiosk.app.screenshot import ScreenshotOptions, save_screenshot
    from kiosk.content import load_deck
    from kiosk.scheduling import clinic_zone

    with tempfile.TemporaryDirectory() as scratch:
        folder = SHIPPED_DECK
        if picture.change is not None:
            folder = Path(scratch) / "deck"
            shutil.copytree(SHIPPED_DECK, folder)
            picture.change(folder)
        result = load_deck(folder)
        zone = clinic_zone(result.deck.settings)
        at = picture.at.replace(tzinfo=zone).astimezone(dt.UTC) if picture.at else None
        options = ScreenshotOptions(
            language=picture.language,
            large_text=picture.large_text,
            high_contrast=picture.high_contrast,
            at=at,
        )
        if save_screenshot(result, target, picture.size, picture.slide, picture.detail, options):
            raise OSError(f"could not draw {picture.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.screenshots", description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=README_SCREENSHOTS)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")
    from kiosk.app.qt import make_application

    app = make_application()
    del app
    args.folder.mkdir(parents=True, exist_ok=True)
    for picture in PICTURES:
        draw(picture, args.folder / picture.name)
        print(args.folder / picture.name)
    with tempfile.TemporaryDirectory() as empty:  # the calm screen: a folder with nothing in it
        from kiosk.app.screenshot import save_screenshot
        from kiosk.content import load_deck

        (Path(empty) / "settings.yaml").write_text("clinic_name: Our clinic\n", encoding="utf-8")
        if save_screenshot(
            load_deck(Path(empty)), args.folder / "calm.png", (1920, 1080), None, False
        ):
            raise OSError("could not draw calm.png")
        print(args.folder / "calm.png")
    draw_settings_page(args.folder / "staff-settings.png")
    print(args.folder / "staff-settings.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
