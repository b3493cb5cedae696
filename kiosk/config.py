"""The default content folder: one small file, so nothing has to repeat ``--content``.

The kiosk appliance, every command (``--check``, ``--announce``, ...) and the desk editor read
the content folder from here when ``--content`` is not given. ``--new-clinic DIR`` and
``--use-content DIR`` write it. The file lives in the user's config folder
(``~/.config/clinic-kiosk/config.toml`` on Linux), or in ``$KIOSK_CONFIG_DIR`` (tests use a
temporary one), and holds one line::

    content = "/home/kiosk/my-clinic"

Without the file (or with a broken one) the shipped example deck is used, as before.
"""

from __future__ import annotations

import json
import logging
import os
import tomllib
from pathlib import Path
from typing import Final

from kiosk.paths import SHIPPED_DECK

log = logging.getLogger(__name__)

#: Set to keep the config file somewhere else (tests use a temporary folder).
CONFIG_DIR_VARIABLE: Final = "KIOSK_CONFIG_DIR"
CONFIG_FILE: Final = "config.toml"


def config_path() -> Path:
    """Where the default content folder is written down."""
    chosen = os.environ.get(CONFIG_DIR_VARIABLE)
    if chosen:
        return Path(chosen) / CONFIG_FILE
    import platformdirs  # only here: the player does not need it

    return Path(platformdirs.user_config_dir("clinic-kiosk", appauthor=False)) / CONFIG_FILE


def configured_content() -> Path | None:
    """The folder written down by ``--new-clinic`` or ``--use-content``, if any."""
    path = config_path()
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        log.warning("The config file %s cannot be read (%s); using the shipped slides", path, exc)
        return None
    content = data.get("content")
    return Path(content) if isinstance(content, str) and content.strip() else None


def default_content() -> Path:
    """The content folder to use when ``--content`` is not given."""
    return configured_content() or SHIPPED_DECK


def remember_content(folder: Path) -> Path:
    """Write ``folder`` (made absolute) down as the default; returns the config file's path."""
    from kiosk.storage.atomic import write_atomic  # only writing needs it, not start-up

    path = config_path()
    absolute = Path(folder).expanduser().resolve()
    text = (
        "# Clinic Kiosk: the content folder used when --content is not given.\n"
        '# Written by --new-clinic or --use-content; see README, "A new clinic".\n'
        f"content = {json.dumps(str(absolute))}\n"  # a JSON string is a valid TOML string
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return path
