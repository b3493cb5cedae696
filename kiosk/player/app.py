"""Starting the player: full screen on the kiosk, in a window for staff, or to a PNG."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import LoadResult, load_deck
from kiosk.content.cache import load_deck_cached
from kiosk.paths import cache_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.player.window import KioskWindow

log = logging.getLogger("kiosk")

#: Set by ``python -m kiosk.benchmark`` to time start-up: print when the first slide is painted.
EXIT_AFTER_FIRST_PAINT = "KIOSK_EXIT_AFTER_FIRST_PAINT"
#: Exit status when another kiosk is already running on this machine.
ALREADY_RUNNING = 3


def run_player(args: argparse.Namespace) -> int:
    """Run the kiosk until staff quit it (or draw one screenshot and return)."""
    if args.screenshot is not None:
        # A screenshot needs no screen: draw offscreen unless told otherwise.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        logging.basicConfig(level=logging.WARNING)
        app = _make_application()
        from kiosk.scheduling import clinic_zone

        result = load_deck(args.content)
        zone = clinic_zone(result.deck.settings)
        options = ScreenshotOptions(
            language=args.language,
            large_text=args.large_text,
            high_contrast=args.high_contrast,
            # --at is the clinic's local time, as on its clocks.
            at=args.at.replace(tzinfo=zone).astimezone(dt.UTC) if args.at else None,
        )
        return save_screenshot(result, args.screenshot, args.size, args.slide, args.detail, options)
    from kiosk.system.logs import keep_running_on_errors, setup_logging

    log_file = setup_logging()
    app = _make_application()
    from kiosk.system.instance import acquire_single_instance

    lock = acquire_single_instance()
    if lock is None:
        log.error("Another Clinic Kiosk is already running on this screen; this one stops.")
        return ALREADY_RUNNING
    log.info("Clinic Kiosk starting; log file: %s", log_file)
    result = load_deck_cached(args.content, cache_dir())
    _log_problems(result)
    window = _show_window(result, windowed=args.windowed, size=args.size)
    keep_running_on_errors(window.recover)
    _connect_appliance(window, app)
    # Everything the first slide does not need starts once it is on screen.
    window.first_painted.connect(lambda: _start_services(window, args, result, app))
    code = app.exec()
    lock.unlock()
    return int(code)


def _start_services(
    window: KioskWindow, args: argparse.Namespace, result: LoadResult, app: QApplication
) -> None:
    """Live reload, announcements, statistics and staff mode."""
    from kiosk.player.live_reload import ContentWatcher

    watcher = ContentWatcher(args.content, result.deck, parent=window, cache_dir=cache_dir())
    window.attach_watcher(watcher)
    watcher.start()
    from kiosk.player.banner import AnnouncementWatcher

    notices = AnnouncementWatcher(args.content, parent=window)
    window.attach_announcements(notices)
    notices.start()
    from kiosk.insight.recorder import EventRecorder
    from kiosk.insight.store import EventStore
    from kiosk.staff.pin import PinStore

    # Created even when statistics are off: it writes nothing then, and a settings change
    # can switch it on without a restart.
    stats = EventStore(args.stats_file, keep_days=result.deck.settings.statistics_days)
    window.statistics = stats
    EventRecorder(stats, window).attach(window)
    app.aboutToQuit.connect(stats.close)
    window.enable_staff_mode(args.content, PinStore())


def _make_application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    from kiosk.player.memory import return_big_buffers_to_the_system
    from kiosk.player.qtlog import route_qt_messages_to_logging

    route_qt_messages_to_logging()
    return_big_buffers_to_the_system()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Clinic Kiosk")
    return app


def _connect_appliance(window: KioskWindow, app: QApplication) -> None:
    """systemd readiness and watchdog, screen kept on, and the start-up benchmark hook."""
    from PySide6.QtCore import QTimer

    from kiosk.system import systemd

    if os.environ.get(EXIT_AFTER_FIRST_PAINT):  # first: the time printed is the paint's own
        window.first_painted.connect(_report_first_paint_and_quit)
    window.first_painted.connect(lambda: systemd.notify("READY=1"))
    interval = systemd.watchdog_interval_ms()
    if interval is not None:
        # Pinged from the GUI thread: if the event loop hangs, systemd restarts the kiosk.
        watchdog = QTimer(window, interval=interval)
        watchdog.timeout.connect(lambda: systemd.notify("WATCHDOG=1"))
        watchdog.start()
    if not window.isFullScreen():
        log.info("Windowed: screen blanking left alone")
    else:  # D-Bus and xset take tens of milliseconds: after the first slide is up
        window.first_painted.connect(_keep_screen_on)


def _keep_screen_on() -> None:
    from kiosk.system.screensaver import keep_screen_on

    log.info("Screen kept on by: %s", ", ".join(keep_screen_on()) or "nothing needed")


def _report_first_paint_and_quit() -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.player.memory import resident_mib

    sys.stdout.write(f"first-paint {time.time():.6f} {resident_mib():.1f}\n")
    sys.stdout.flush()
    QApplication.exit(0)


def _show_window(result: LoadResult, *, windowed: bool, size: tuple[int, int]) -> KioskWindow:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QInputDevice
    from PySide6.QtWidgets import QApplication

    from kiosk.player.window import KioskWindow

    window = KioskWindow(result.deck, locked=not windowed)
    if windowed:
        window.resize(*size)
        window.show()
        return window
    screen = QGuiApplication.primaryScreen()
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    # Without a window manager, showFullScreen() alone leaves a small window: set the geometry.
    window.setGeometry(screen.geometry())
    window.showFullScreen()
    touch = QInputDevice.DeviceType.TouchScreen
    if any(device.type() == touch for device in QInputDevice.devices()):
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
    return window


@dataclass(frozen=True)
class ScreenshotOptions:
    """What ``--screenshot`` draws besides the slide: the patient's choices and the moment."""

    language: str | None = None
    large_text: bool = False
    high_contrast: bool = False
    #: The instant to draw (the schedule, the closed screen, the clock, notices); None: now.
    at: dt.datetime | None = None


def save_screenshot(
    result: LoadResult,
    path: Path,
    size: tuple[int, int],
    slide_id: str | None,
    detail: bool,
    options: ScreenshotOptions | None = None,
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
    window = KioskWindow(deck, clock=FixedClock(instant))
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
    window.banner.set_board(board)
    aids = window.aids.with_(
        large_text=options.large_text,
        high_contrast=options.high_contrast,
        language=options.language,
    )
    window.set_aids(aids)
    if detail and window.controller.current is not None:
        window.open_detail(window.controller.current.id)
    window.show()
    for _ in range(3):  # layouts settle over a few passes (fitted text, notice height)
        QApplication.processEvents()
    image = window.grab()
    window.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        sys.stderr.write(f"Could not write {path}\n")
        return 1
    return 0


def _log_problems(result: LoadResult) -> None:
    for problem in result.problems:
        log.warning("Content: %s", problem)
