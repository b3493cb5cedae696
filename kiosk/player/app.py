"""Starting the player: full screen on the kiosk, in a window for staff, or to a PNG."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import LoadResult, load_deck

if TYPE_CHECKING:
    from kiosk.player.window import KioskWindow

log = logging.getLogger("kiosk")

#: Set by ``python -m kiosk.benchmark`` to time start-up: print when the first slide is painted.
EXIT_AFTER_FIRST_PAINT = "KIOSK_EXIT_AFTER_FIRST_PAINT"


def run_player(args: argparse.Namespace) -> int:
    """Run the kiosk until it is closed (or draw one screenshot and return)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.screenshot is not None:
        # A screenshot needs no screen: draw offscreen unless told otherwise.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.player.memory import return_big_buffers_to_the_system
    from kiosk.player.qtlog import route_qt_messages_to_logging

    route_qt_messages_to_logging()
    return_big_buffers_to_the_system()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Clinic Kiosk")
    result = load_deck(args.content)
    _log_problems(result)
    if args.screenshot is not None:
        return save_screenshot(result, args.screenshot, args.size, args.slide, args.detail)
    window = _show_window(result, windowed=args.windowed, size=args.size)
    if os.environ.get(EXIT_AFTER_FIRST_PAINT):
        window.first_painted.connect(_report_first_paint_and_quit)
    code = app.exec()
    del window
    return int(code)


def _report_first_paint_and_quit() -> None:
    from PySide6.QtWidgets import QApplication

    sys.stdout.write(f"first-paint {time.time():.6f}\n")
    sys.stdout.flush()
    QApplication.quit()


def _show_window(result: LoadResult, *, windowed: bool, size: tuple[int, int]) -> KioskWindow:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QInputDevice
    from PySide6.QtWidgets import QApplication

    from kiosk.player.window import KioskWindow

    window = KioskWindow(result.deck)
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


def save_screenshot(
    result: LoadResult, path: Path, size: tuple[int, int], slide_id: str | None, detail: bool
) -> int:
    """Draw one screen at ``size`` into ``path`` (PNG). Returns the exit status."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kiosk.player.window import KioskWindow

    window = KioskWindow(result.deck)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.resize(*size)
    if slide_id is not None:
        ids = [s.id for s in window.controller.slides]
        if slide_id not in ids:
            shown = ", ".join(ids)
            sys.stderr.write(f"No slide with id '{slide_id}' is shown. Shown: {shown}\n")
            return 2
        window.controller.go_to(ids.index(slide_id))
    if detail and window.controller.current is not None:
        window.open_detail(window.controller.current.id)
    window.show()
    QApplication.processEvents()
    image = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        sys.stderr.write(f"Could not write {path}\n")
        return 1
    window.close()
    return 0


def _log_problems(result: LoadResult) -> None:
    for problem in result.problems:
        log.warning("Content: %s", problem)
