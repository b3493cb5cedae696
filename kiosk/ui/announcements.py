"""Following the front desk's announcements.yaml, for the banner on the patient screens."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.content.announcements import ANNOUNCEMENTS_FILE, Board, load_announcements
from kiosk.content.problems import Problem
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.watchers import POLL_MS, FileWatcher

log = logging.getLogger(__name__)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class AnnouncementWatcher(FileWatcher):
    """Follows ``folder/announcements.yaml``: emits the new board when the file changes.

    Nothing is read until :meth:`start` (or :meth:`reload_now`); the board is empty till then.
    """

    board_changed = Signal(object)  # Board

    def __init__(
        self,
        folder: Path,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
        zone: dt.tzinfo | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(poll_ms, parent, tasks=tasks)
        self._path = Path(folder) / ANNOUNCEMENTS_FILE
        self._zone = zone
        self._board = Board()

    @property
    def board(self) -> Board:
        return self._board

    def _looker(self) -> Callable[[], Hashable]:
        path = self._path
        return lambda: _stat(path)

    def _reader(self) -> Callable[[], tuple[Board, list[Problem]]]:
        folder, zone = self._path.parent, self._zone
        return lambda: load_announcements(folder, zone)

    def _take(self, result: object) -> None:
        assert isinstance(result, tuple)
        board: Board = result[0]
        problems: list[Problem] = result[1]
        self._set_problems(tuple(problems), "Announcements")
        if board != self._board:
            self._board = board
            log.info("Announcements reloaded: %d in the file", len(board.announcements))
            self.board_changed.emit(board)
