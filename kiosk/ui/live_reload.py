"""Live reload: changes to the content folder reach the screen by themselves, within ~2 s.

The folder is polled (see ``kiosk.ui.polling``: network shares and sync tools send no
notifications); a change is loaded once it has settled. Loading runs off the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from kiosk.content import Deck, LoadResult, Problem, load_deck
from kiosk.content.lastgood import fingerprint, keep_last_good, what_patients_see
from kiosk.storage.cache import load_deck_cached, write_last_good
from kiosk.ui.polling import POLL_MS, SettledChangePoller

log = logging.getLogger(__name__)


class ContentWatcher(QObject):
    """Polls ``folder`` and emits the new deck (last good content kept) when it changes."""

    deck_changed = Signal(object)  # Deck
    problems_changed = Signal(object)  # tuple[Problem, ...]
    _loaded = Signal(object)  # LoadResult, from the loading thread

    def __init__(
        self,
        folder: Path,
        deck: Deck | None,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
        *,
        cache_dir: Path | None = None,
        problems: tuple[Problem, ...] = (),
    ) -> None:
        """``cache_dir``: keep the start-up cache and the last good deck (see
        ``kiosk.storage.cache``) up to date. ``problems``: those of ``deck`` (start-up's)."""
        super().__init__(parent)
        self._folder = folder
        self._cache_dir = cache_dir
        self._deck = deck
        self._problems: tuple[Problem, ...] = problems
        self._loading = False
        self._load_again = False
        self._poller = SettledChangePoller(lambda: fingerprint(folder), poll_ms, self)
        self._poller.settled.connect(self._load)
        self._loaded.connect(self._on_loaded)

    @property
    def deck(self) -> Deck | None:
        return self._deck

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def start(self) -> None:
        self._poller.start()

    def stop(self) -> None:
        self._poller.stop()

    def reload_now(self) -> None:
        """Load at once (after staff saved, say), without waiting for the next poll."""
        self._poller.mark_seen()
        self._load()

    def _load(self) -> None:
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        folder, cache = self._folder, self._cache_dir

        def load() -> LoadResult:
            return load_deck(folder) if cache is None else load_deck_cached(folder, cache)

        QThreadPool.globalInstance().start(lambda: self._loaded.emit(load()))

    def _on_loaded(self, result: LoadResult) -> None:
        self._loading = False
        update = keep_last_good(self._deck, result)
        if update.folder_missing:
            log.warning(
                "Content folder %s is missing; the last slides stay on screen", self._folder
            )
        elif update.kept:
            log.warning("Kept the last good version of: %s", ", ".join(update.kept))
        problems = what_patients_see(result.problems, update)
        if problems != self._problems:
            self._problems = problems
            for problem in problems:
                log.warning("Content: %s", problem)
            self.problems_changed.emit(self._problems)
        if update.deck != self._deck:
            self._deck = update.deck
            if self._cache_dir is not None:  # a restart shows this too if files break meanwhile
                write_last_good(self._folder, self._cache_dir, update.deck)
            log.info("Content reloaded: %d slides", len(update.deck.slides))
            self.deck_changed.emit(update.deck)
        if self._load_again:
            self._load_again = False
            self._load()
