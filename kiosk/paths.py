"""Where the kiosk's shipped resources live, and where it keeps its caches."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

RESOURCES: Final = Path(__file__).resolve().parent.parent / "resources"
SHIPPED_DECK: Final = RESOURCES / "deck"
STYLES: Final = RESOURCES / "styles"
#: The application's name in the user's folders (cache, logs, data): ``clinic-kiosk``.
APP_NAME: Final = "clinic-kiosk"
#: Set to keep the start-up caches somewhere else (tests use a temporary folder).
CACHE_DIR_VARIABLE: Final = "KIOSK_CACHE_DIR"


def cache_dir() -> Path:
    """The folder for start-up caches: ``$KIOSK_CACHE_DIR``, else the user's cache folder."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    import platformdirs  # only here: the rest of the kiosk does not need it

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
