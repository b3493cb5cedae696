"""Live reload: changes to the content folder reach the screen by themselves, within ~2 s.

The folder is followed by a :class:`~kiosk.ui.watchers.FileWatcher`: polled, read once a change
has settled, both off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.content import Deck, LoadResult, Problem, load_deck
from kiosk.content.lastgood import fingerprint, keep_last_good, what_patients_see
from kiosk.storage.cache import load_deck_cached, write_last_good
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.watchers import POLL_MS, FileWatcher

log = logging.getLogger(__name__)


class ContentWatcher(FileWatcher):
    """Follows ``folder`` and emits the new deck (last good content kept) when it changes."""

    deck_changed = Signal(object)  # Deck

    def __init__(
        self,
        folder: Path,
        deck: Deck | None,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
        *,
        cache_dir: Path | None = None,
        problems: tuple[Problem, ...] = (),
        tasks: TaskRunner | None = None,
    ) -> None:
        """``cache_dir``: keep the start-up cache and the last good deck (see
        ``kiosk.storage.cache``) up to date. ``problems``: those of ``deck`` (start-up's)."""
        super().__init__(poll_ms, parent, tasks=tasks)
        self._folder = folder
        self._cache_dir = cache_dir
        self._deck = deck
        self._problems = problems

    @property
    def deck(self) -> Deck | None:
        return self._deck

    def _looker(self) -> Callable[[], Hashable]:
        folder = self._folder
        return lambda: fingerprint(folder)

    def _reader(self) -> Callable[[], LoadResult]:
        folder, cache = self._folder, self._cache_dir
        if cache is None:
            return lambda: load_deck(folder)
        return lambda: load_deck_cached(folder, cache)

    def _take(self, result: object) -> None:
        assert isinstance(result, LoadResult)
        update = keep_last_good(self._deck, result)
        if update.folder_missing:
            log.warning(
                "Content folder %s is missing; the last slides stay on screen", self._folder
            )
        elif update.kept:
            log.warning("Kept the last good version of: %s", ", ".join(update.kept))
        self._set_problems(what_patients_see(result.problems, update), "Content")
        if update.deck != self._deck:
            self._deck = update.deck
            if self._cache_dir is not None:  # a restart shows this too if files break meanwhile
                write_last_good(self._folder, self._cache_dir, update.deck)
            log.info("Content reloaded: %d slides", len(update.deck.slides))
            self.deck_changed.emit(update.deck)
