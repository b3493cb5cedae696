"""Drawing one screen of the kiosk into a PNG, with no display needed: ``--screenshot``."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import LoadResult, load_deck

if TYPE_CHECKING:
    from kiosk.player.window import KioskWindow

#: Layouts settle over a few passes of the event loop (fitted text, the notice's height).
SETTLE_PASSES = 5


def run_screenshot(
    content: Path,
    path: Path,
    size: tuple[int, int],
    slide_id: str | None,
    detail: bool,
    *,
    language: str | None = None,
    large_text: bool = False,
    high_contrast: bool = False,
    at: dt.datetime | None = None,
    screen: str | None = None,
) -> int:
    """``--screenshot``: draw offscreen unless told otherwise. ``at`` is the clinic's local
    time, as on its clocks (naive); ``screen`` the screen whose slides and notices to draw.
    Returns the exit status."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    from kiosk.app.qt import make_application
    from kiosk.scheduling import clinic_zone

    app = make_application()
    result = load_deck(content)
    zone = clinic_zone(result.deck.settings)
    options = ScreenshotOptions(
        language=language,
        large_text=large_text,
        high_contrast=high_contrast,
        at=at.replace(tzinfo=zone).astimezone(dt.UTC) if at else None,
        screen=screen,
    )
    code = save_screenshot(result, path, size, slide_id, detail, options)
    del app
    return code


@dataclass(frozen=True)
class ScreenshotOptions:
    """What ``--screenshot`` draws besides the slide: the patient's choices and the moment."""

    language: str | None = None
    large_text: bool = False
    high_contrast: bool = False
    #: The instant to draw (the schedule, the closed screen, the clock, notices); None: now.
    at: dt.datetime | None = None
    #: The screen to draw as (its slides and notices); None: every slide and notice.
    screen: str | None = None


def save_screenshot(
    result: LoadResult,
    path: Path,
    size: tuple[int, int],
    slide_id: str | None,
    detail: bool,
    options: ScreenshotOptions | None = None,
    *,
    setup: Callable[[KioskWindow], None] | None = None,
) -> int:
    """Draw one screen at ``size`` into ``path`` (PNG), exactly as the kiosk would show it then:
    the schedule, the live notices of the folder's announcements.yaml, the reading aids and the
    language. A hidden or unscheduled slide can be drawn too (in its place among the others).
    Returns the exit status."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kiosk.content.announcements import load_announcements
    from kiosk.player.window import KioskWindow
    from kiosk.scheduling import FixedClock, clinic_zone

    options = options or ScreenshotOptions()
    deck = result.deck
    languages = deck.settings.languages
    if options.language is not None and options.language not in languages:
        sys.stderr.write(
            f"The language '{options.language}' is not offered; offered: {', '.join(languages)}\n"
        )
        return 2
    instant = options.at or dt.datetime.now(dt.UTC)
    window = KioskWindow(deck, clock=FixedClock(instant), this_screen=options.screen)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.resize(*size)
    if slide_id is not None:
        if deck.slide(slide_id) is None:
            known = ", ".join(s.id for s in deck.slides)
            sys.stderr.write(f"No slide with id '{slide_id}'. Slides: {known}\n")
            return 2
        ids = [s.id for s in window.controller.slides]
        if slide_id not in ids:  # hidden or not scheduled now: drawn in its place anyway
            shown = {*ids, slide_id}
            window.controller.set_slides([s for s in deck.slides if s.id in shown])
            ids = [s.id for s in window.controller.slides]
        window.controller.go_to(ids.index(slide_id))
    zone = clinic_zone(deck.settings)
    board, _problems = load_announcements(deck.folder, zone)
    window.banner.set_clock(lambda: instant.astimezone(zone))
    window.banner.set_board(board.for_screen(options.screen))
    aids = window.aids.with_(
        large_text=options.large_text,
        high_contrast=options.high_contrast,
        language=options.language,
    )
    window.set_aids(aids)
    if detail and window.controller.current is not None:
        window.open_detail(window.controller.current.id)
    window.show()
    if setup is not None:  # what else to do before the picture (staff mode's settings tab)
        setup(window)
    for _ in range(SETTLE_PASSES):
        QApplication.processEvents()
    image = window.grab()
    window.close()
    window.deleteLater()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        sys.stderr.write(f"Could not write {path}\n")
        return 1
    return 0
