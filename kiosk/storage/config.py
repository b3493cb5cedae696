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
import re
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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("The config file %s cannot be read (%s); using the shipped slides", path, exc)
        return None
    content = _quick_content(text)
    if content is None:  # edited by hand into fuller TOML: the real parser (slower to import)
        import tomllib

        try:
            found = tomllib.loads(text).get("content")
        except tomllib.TOMLDecodeError as exc:
            log.warning(
                "The config file %s is not valid TOML (%s); using the shipped slides", path, exc
            )
            return None
        content = found if isinstance(found, str) else None
    return Path(content) if content and content.strip() else None


_LINE: Final = re.compile(r'^\s*content\s*=\s*("(?:[^"\\]|\\.)*")\s*(?:#.*)?$')


def _quick_content(text: str) -> str | None:
    """The ``content = "..."`` line as this module writes it, without importing tomllib
    (tens of milliseconds on a small kiosk, at every start)."""
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(lines) != 1:
        return None
    match = _LINE.match(lines[0])
    if match is None:
        return None
    try:
        value = json.loads(match[1])  # the way remember_content writes it
    except ValueError:
        return None
    return value if isinstance(value, str) else None


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
        f"content = {json.dumps(str(absolute), ensure_ascii=False)}\n"  # valid TOML too
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return path
