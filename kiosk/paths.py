"""Every folder the kiosk uses, named once: its shipped resources, and where it keeps its data.

The shipped resources (the deck, themes, translations, the systemd unit) live inside the package,
in ``kiosk/resources/``, and are found through :mod:`importlib.resources`, so a kiosk installed
from a wheel (``pip install``, ``pipx install``) finds them wherever it runs from. What staff keep
(the PIN, statistics, logs, caches) goes to the platform's user folders (platformdirs), all under
one application name.

No Qt here: the Qt-free core uses these names too.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path
from typing import Final

#: The application's name: its user folders, its lock and log files are called this.
APP_NAME: Final = "clinic-kiosk"
#: The same name as people read it (Qt's application name, window titles).
DISPLAY_NAME: Final = "Clinic Kiosk"


def _packaged(name: str) -> Path:
    """A folder shipped inside the package, as a real folder on disk.

    The loader lists folders and Qt opens files by name, so a kiosk imported from a zip file
    (which no installer does) cannot run; it says so instead of failing later.
    """
    found = importlib.resources.files("kiosk") / "resources" / name
    if not isinstance(found, Path):
        raise RuntimeError(
            f"Clinic Kiosk must be installed as files on disk to find its {name}; "
            f"it was imported from {found}. Install it with pip or pipx."
        )
    return found


#: Everything shipped inside the package (deck, styles, i18n, systemd).
RESOURCES: Final = Path(str(importlib.resources.files("kiosk") / "resources"))
#: The shipped content: settings.yaml and slides/ (the default of ``--content``).
SHIPPED_DECK: Final = _packaged("deck")
#: Themes (``<name>.yaml``: named colour, size and font tokens) and the stylesheets using them.
STYLES: Final = _packaged("styles")
#: Translations of the kiosk's own words: ``kiosk_<lang>.ts`` sources and compiled ``.qm``.
I18N: Final = _packaged("i18n")
#: The appliance's systemd service unit (README, "Install as an appliance").
SYSTEMD_UNIT: Final = _packaged("systemd") / "clinic-kiosk.service"

#: The README's pictures (``python -m kiosk.screenshots``): in a clone of the repository only,
#: beside the content guide, where staff and the README find them; a wheel does not carry them.
README_SCREENSHOTS: Final = Path(__file__).resolve().parent.parent / "resources" / "screenshots"

#: Set to keep config.toml (the default content folder) somewhere else (tests use a temporary one).
CONFIG_DIR_VARIABLE: Final = "KIOSK_CONFIG_DIR"
#: Set to keep the start-up caches somewhere else (tests use a temporary folder).
CACHE_DIR_VARIABLE: Final = "KIOSK_CACHE_DIR"


def data_dir() -> Path:
    """The PIN and statistics: ``~/.local/share/clinic-kiosk`` on Linux (``$XDG_DATA_HOME``)."""
    import platformdirs  # only where needed: the patient screen starts without it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The log files: ``~/.local/state/clinic-kiosk/log`` on Linux (``$XDG_STATE_HOME``)."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def runtime_dir() -> Path:
    """The one-instance lock: ``$XDG_RUNTIME_DIR/clinic-kiosk`` on Linux."""
    import platformdirs

    return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The default content folder's note: ``$KIOSK_CONFIG_DIR``, else the user's config folder
    (``~/.config/clinic-kiosk`` on Linux)."""
    chosen = os.environ.get(CONFIG_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The folder for start-up caches: ``$KIOSK_CACHE_DIR``, else the user's cache folder."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
