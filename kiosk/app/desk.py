"""The desk editor: staff mode's editor in a normal window on the reception PC.

``python main.py --editor --content DIR`` opens the same editor the kiosk shows in staff mode,
working on the same content folder through a network share or a synced folder. The kiosk picks
the changes up by itself (live reload), and this window picks up changes made at the kiosk the
same way. Both may edit at once: a save never overwrites a change made elsewhere (see
:mod:`kiosk.staff.conflict`).

No PIN is asked: the desk PC is the staff's own computer, behind its own login. The kiosk's PIN
protects the public screen in the waiting room.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from kiosk import APP_TITLE
from kiosk.app.qt import make_application, report_first_paint_and_quit, timing_start_up
from kiosk.content import Deck, LoadResult, load_deck
from kiosk.scheduling import why_not_map
from kiosk.staff.editor import StaffScreen
from kiosk.ui.live_reload import ContentWatcher
from kiosk.ui.theme import load_theme
from kiosk.ui.watchers import POLL_MS
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)

#: The staff screen's sizes are made for a finger on the kiosk at 1080p; a desk has a mouse.
DESK_SCALE: Final = 0.75
HELP_TEXT: Final = (
    "Saves go straight to the content folder: the kiosk shows them within a few seconds, and "
    "changes made at the kiosk appear here by themselves. No PIN is asked on this computer (it "
    "is the staff's own): close this window when you leave the desk."
)


def window_title(folder: Path) -> str:
    return f"{APP_TITLE} \u2014 Desk editor \u2014 {folder}"


class DeskEditor(QMainWindow):
    """A resizable window holding the staff editor on ``folder``, following its changes."""

    def __init__(
        self,
        folder: Path,
        result: LoadResult | None = None,
        *,
        poll_ms: int = POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DeskEditor")
        self.folder = Path(folder)
        result = result if result is not None else load_deck(self.folder)
        self.setWindowTitle(window_title(self.folder))
        theme = load_theme(result.deck.settings.theme).scaled(DESK_SCALE)
        help_style = (
            f"#DeskHelp {{ font-size: {round(theme.px('font_small') * 0.8)}px; "
            f"color: {theme.color('text_muted')}; }}"
        )
        self.setStyleSheet(theme.stylesheet() + help_style)
        self.editor = StaffScreen(self.folder, theme, title="Desk editor")
        self.editor.back_button.hide()  # there is no slideshow behind this window
        self.editor.quit_button.setText("Close")
        self.editor.quit_requested.connect(self.close)
        # The PIN belongs to the kiosk's own computer; changing it here would change nothing there.
        self.editor.tabs.removeTab(self.editor.tabs.indexOf(self.editor.pin_tab))
        self.help = named(QLabel(HELP_TEXT, wordWrap=True), "DeskHelp")
        # No scroll area around the whole editor: on a small screen (a laptop at the front
        # desk) its pages scroll inside, so "Save slide" stays in view under the form.
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.help)
        self.setCentralWidget(central)
        self.watcher = ContentWatcher(self.folder, result.deck, poll_ms=poll_ms, parent=self)
        self.watcher.deck_changed.connect(self._deck_changed)
        self.watcher.problems_changed.connect(self.editor.set_problems)
        self.editor.saved.connect(self.watcher.reload_now)
        self.editor.set_deck(result.deck, result.problems, self._why_not(result.deck))
        self.watcher.start()
        self._fit_screen()

    def _fit_screen(self) -> None:
        """Open filling the screen's free area (not under the task bar), as big as it is."""
        self.setGeometry(self.screen().availableGeometry())

    def _deck_changed(self, deck: Deck) -> None:
        self.editor.set_deck(deck, self.watcher.problems, self._why_not(deck))
        self.editor.after_reload()

    @staticmethod
    def _why_not(deck: Deck) -> dict[str, str]:
        return why_not_map(deck, dt.datetime.now(dt.UTC))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editor.has_unsaved_edits():  # ask first; closing follows Save or Discard
            event.ignore()
            self.editor.ask_before(self.close, "close the desk editor")
            return
        self.watcher.stop()
        super().closeEvent(event)


def run_desk_editor(content: Path) -> int:
    """Open the desk editor on ``content`` and run until its window is closed."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = make_application()
    content = Path(content)
    result = load_deck(content)
    for problem in result.problems:
        log.warning("Content: %s", problem)
    window = DeskEditor(content, result)
    window.show()
    if timing_start_up():
        QTimer.singleShot(0, lambda: _report_and_quit(window))
    return int(app.exec())


def _report_and_quit(window: DeskEditor) -> None:
    title = window.windowTitle()
    window.close()
    report_first_paint_and_quit(title)
