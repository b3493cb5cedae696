"""Drawing one screen of the kiosk into a PNG, with no display needed."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import LoadResult, load_deck

if TYPE_CHECKING:
    from kiosk.player.window import KioskWindow

#: Layouts settle over a few passes of the event loop.
SETTLE_PASSES = 5


def run_screenshot(
    content: Path, path: Path, size: tuple[int, int], slide_id: str | None, detail: bool
) -> int:
    """``--screenshot``: draw offscreen unless told otherwise. Returns the exit status."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    from kiosk.app.qt import make_application

    app = make_application()
    code = save_screenshot(load_deck(content), path, size, slide_id, detail)
    del app
    return code


def save_screenshot(
    result: LoadResult,
    path: Path,
    size: tuple[int, int],
    slide_id: str | None,
    detail: bool,
    setup: Callable[[KioskWindow], None] | None = None,
) -> int:
    """Draw one screen at ``size`` into ``path`` (PNG). Returns the exit status.

    ``setup``: what to do to the shown window before its picture is taken (a reading aid, a
    notice: :mod:`kiosk.screenshots`)."""
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
    if setup is not None:
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
