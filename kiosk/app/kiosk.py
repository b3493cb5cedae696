"""Building the kiosk: the patient window, then (once the first slide is up) live reload,
announcements, statistics and staff mode, and the appliance services around them.

Every connection between those parts is made here; the parts only emit signals and offer slots.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kiosk.content import LoadResult
from kiosk.paths import DISPLAY_NAME, cache_dir
from kiosk.storage.cache import load_for_start

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.insight.recorder import EventRecorder
    from kiosk.insight.store import EventStore
    from kiosk.player.window import KioskWindow
    from kiosk.staff.mode import StaffMode
    from kiosk.staff.pin import PinStore
    from kiosk.sync.status import OnScreen
    from kiosk.ui.announcements import AnnouncementWatcher
    from kiosk.ui.live_reload import ContentWatcher
    from kiosk.ui.status_report import StatusReporter

log = logging.getLogger("kiosk")

#: Exit status when another kiosk is already running on this machine.
ALREADY_RUNNING: Final = 3


def run_kiosk(args: argparse.Namespace) -> int:
    """Run the kiosk until staff quit it."""
    from kiosk.app.qt import make_application
    from kiosk.system.logs import keep_running_on_errors, setup_logging

    log_file = setup_logging()
    app = make_application()
    from kiosk.system.instance import LockFileError, acquire_single_instance

    try:
        lock = acquire_single_instance()
    except LockFileError as exc:
        log.error("%s", exc.message)  # a folder problem: the screen must still show the slides
        lock = None
    else:
        if lock is None:
            log.error("Another %s is already running on this screen; this one stops.", DISPLAY_NAME)
            return ALREADY_RUNNING
    log.info("%s starting; log file: %s", DISPLAY_NAME, log_file)
    result = load_for_start(args.content, cache_dir())  # with the last good content
    for problem in result.problems:
        log.warning("Content: %s", problem)
    from kiosk.storage.config import screen_name

    this_screen = screen_name()  # this machine's own (config.toml), never the shared folder's
    log.info("This screen is named %r", this_screen)
    window = show_window(result, windowed=args.windowed, size=args.size, this_screen=this_screen)
    keep_running_on_errors(window.recover)
    connect_appliance(window)
    # Everything the first slide does not need starts once it is on screen.
    window.first_painted.connect(
        lambda: start_services(window, args.content, result, app, args.stats_file)
    )
    code = app.exec()
    if lock is not None:
        lock.unlock()
    return int(code)


def show_window(
    result: LoadResult,
    *,
    windowed: bool,
    size: tuple[int, int],
    this_screen: str | None = None,
) -> KioskWindow:
    """The patient window: full screen and locked on the kiosk, or a normal window.
    ``this_screen``: this screen's name, for slides meant for some screens only."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QInputDevice
    from PySide6.QtWidgets import QApplication

    from kiosk.player.window import KioskWindow

    window = KioskWindow(result.deck, locked=not windowed, this_screen=this_screen)
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


def start_services(
    window: KioskWindow, content: Path, result: LoadResult, app: QApplication, stats_file: Path
) -> StaffMode:
    """Live reload, announcements, statistics and staff mode, connected to ``window``."""
    from kiosk.insight.recorder import EventRecorder
    from kiosk.insight.store import EventStore
    from kiosk.staff.pin import PinStore
    from kiosk.ui.announcements import AnnouncementWatcher
    from kiosk.ui.live_reload import ContentWatcher

    watcher = ContentWatcher(
        content, result.deck, parent=window, cache_dir=cache_dir(), problems=result.problems
    )
    connect_watcher(window, watcher)
    watcher.start()
    from kiosk.scheduling.rules import clinic_zone

    # Times written without a zone in announcements.yaml are the clinic's wall-clock times.
    notices = AnnouncementWatcher(content, parent=window, zone=clinic_zone(result.deck.settings))
    connect_announcements(window, notices)
    notices.start()
    # Created even when statistics are off: it writes nothing then, and a settings change
    # can switch it on without a restart.
    stats = EventStore(stats_file, keep_days=result.deck.settings.statistics_days)
    connect_statistics(window, EventRecorder(stats, window))
    app.aboutToQuit.connect(stats.close)
    staff = enable_staff_mode(
        window, content, PinStore(), watcher=watcher, notices=notices, stats=stats
    )
    start_status_reports(window, content, watcher)
    return staff


def start_status_reports(
    window: KioskWindow, content: Path, watcher: ContentWatcher | None = None
) -> StatusReporter | None:
    """This screen's report into ``content/status`` every minute, a picture every few minutes
    (see "Many screens" in the README), for the desk's Screens page and ``--screens``. None for
    the shipped example deck: it lives inside the installed program, shared with nobody."""
    from kiosk.paths import SHIPPED_DECK
    from kiosk.storage.config import screen_name

    if Path(content).resolve() == SHIPPED_DECK.resolve():
        log.info("Showing the shipped example deck: this screen writes no status reports")
        return None
    from kiosk.ui.status_report import StatusReporter, small_picture

    reporter = StatusReporter(
        content, screen_name(), lambda: on_screen(window), lambda: small_picture(window),
        parent=window,
    )  # fmt: skip
    if watcher is not None:
        watcher.problems_changed.connect(reporter.set_problems)
        watcher.deck_changed.connect(reporter.content_changed)
        reporter.set_problems(watcher.problems)
    reporter.start()
    return reporter


def on_screen(window: KioskWindow) -> OnScreen:
    """What ``window`` shows now, as a screen's report says it."""
    from kiosk.player.calm import WAITING
    from kiosk.player.window import CALM, CYCLE, DETAIL
    from kiosk.sync.status import OnScreen

    screen = window.screen_name
    if screen == CYCLE:
        slide = window.deck.slide(window.shown_slide_id or "")
        return OnScreen("slide", slide.id, slide.title) if slide else OnScreen("slide")
    if screen == DETAIL:
        reading = window.detail.slide
        return OnScreen("detail", reading.id, reading.title) if reading else OnScreen("detail")
    if screen == CALM:
        return OnScreen("calm" if window.calm.mode == WAITING else "closed")
    return OnScreen("staff")


def connect_watcher(window: KioskWindow, watcher: ContentWatcher) -> None:
    """New decks from the content folder show at once."""
    watcher.deck_changed.connect(window.set_deck)


def connect_announcements(window: KioskWindow, notices: AnnouncementWatcher) -> None:
    """The front desk's announcements show as they are posted and expire: those meant for
    this screen (every notice without ``screens:``)."""
    screen = window.this_screen
    notices.board_changed.connect(lambda board: window.banner.set_board(board.for_screen(screen)))
    window.banner.set_board(notices.board.for_screen(screen))


def connect_statistics(window: KioskWindow, recorder: EventRecorder) -> None:
    """Count what patients see and do; the window's current settings decide whether to."""
    recorder.follow(
        settings=lambda: window.deck.settings,
        idle_wait_ms=lambda: window.timing.idle_ms + window.timing.countdown_total_ms,
    )
    window.slide_shown.connect(recorder.on_slide_shown)
    window.detail_opened.connect(recorder.on_detail_opened)
    window.detail_closed.connect(recorder.on_detail_closed)
    window.references_seen.connect(recorder.on_qr_shown)
    window.aid_used.connect(recorder.on_aid)
    window.language_chosen.connect(recorder.on_language)
    if window.shown_slide_id is not None:  # the slide on screen right now
        recorder.on_slide_shown(window.shown_slide_id)


def enable_staff_mode(
    window: KioskWindow,
    folder: Path,
    pins: PinStore,
    *,
    watcher: ContentWatcher | None = None,
    notices: AnnouncementWatcher | None = None,
    stats: EventStore | None = None,
    idle_ms: int | None = None,
    hold_ms: int | None = None,
    pad_idle_ms: int | None = None,
) -> StaffMode:
    """Staff mode over ``window``: the corner hold, the PIN pad, the editor."""
    from PySide6.QtWidgets import QApplication

    from kiosk.staff.mode import PIN_PAD_IDLE_MS, STAFF_IDLE_MS, StaffMode

    staff = StaffMode(
        window,
        window,
        folder,
        pins,
        stats=stats,
        idle_ms=STAFF_IDLE_MS if idle_ms is None else idle_ms,
        hold_ms=hold_ms,
        pad_idle_ms=PIN_PAD_IDLE_MS if pad_idle_ms is None else pad_idle_ms,
    )
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(staff.entry)
        window.closed.connect(lambda: app.removeEventFilter(staff.entry))
    window.deck_shown.connect(staff.deck_changed)
    window.clock_wrong_changed.connect(staff.set_clock_wrong)
    window.user_active.connect(staff.touched)
    staff.set_clock_wrong(window.clock_wrong)
    if watcher is not None:
        watcher.problems_changed.connect(staff.set_problems)
        staff.set_problems(watcher.problems)
        staff.saved.connect(watcher.reload_now)
    if notices is not None:
        staff.saved.connect(notices.reload_now)
    return staff


def connect_appliance(window: KioskWindow) -> None:
    """systemd readiness and watchdog, the screen kept on, and the start-up benchmark hook."""
    from PySide6.QtCore import QTimer

    from kiosk.app.qt import timing_start_up
    from kiosk.system import systemd

    if timing_start_up():  # first: the time printed is the paint's own
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
    else:  # D-Bus and the X server take tens of milliseconds: after the first slide is up
        window.first_painted.connect(_keep_screen_on)


def _keep_screen_on() -> None:
    from PySide6.QtGui import QGuiApplication

    from kiosk.system.screensaver import keep_screen_on

    platform = QGuiApplication.platformName()
    done = keep_screen_on(platform)
    log.info("Screen kept on by: %s", ", ".join(done) or f"nothing needed ({platform} platform)")


def _report_first_paint_and_quit() -> None:
    from kiosk.app.qt import report_first_paint_and_quit
    from kiosk.system.memory import resident_mib

    report_first_paint_and_quit(f"{resident_mib():.1f}")
