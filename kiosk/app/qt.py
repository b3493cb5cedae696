"""Making the QApplication, and the one benchmark hook the programs have."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

#: Set by ``python -m kiosk.benchmark`` (the only environment variable the programs read for
#: it): once the first frame is on screen, print ``first-paint <unix time> <detail>`` and exit.
EXIT_AFTER_FIRST_PAINT: Final = "KIOSK_EXIT_AFTER_FIRST_PAINT"


def make_application() -> QApplication:
    """The QApplication (the existing one if any), with Qt's messages in the kiosk's log."""
    from PySide6.QtWidgets import QApplication

    from kiosk import APP_TITLE
    from kiosk.system.memory import return_big_buffers_to_the_system
    from kiosk.ui.qtlog import route_qt_messages_to_logging

    route_qt_messages_to_logging()
    return_big_buffers_to_the_system()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    return app


def timing_start_up() -> bool:
    """True when the benchmark is timing start-up (see EXIT_AFTER_FIRST_PAINT)."""
    return bool(os.environ.get(EXIT_AFTER_FIRST_PAINT))


def report_first_paint_and_quit(detail: str) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    sys.stdout.write(f"first-paint {time.time():.6f} {detail}\n")
    sys.stdout.flush()
    QApplication.exit(0)
