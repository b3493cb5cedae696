"""This machine's own settings: the default content folder and the screen's name.

One small file, outside the shared content folder (a clinic's screens share one content folder
by sync, but each has its own name), so nothing has to repeat ``--content``:

- **content**: the kiosk appliance, every command (``--check``, ``--announce``, ...) and the
  desk editor read the content folder from here when ``--content`` is not given.
  ``--new-clinic DIR`` and ``--use-content DIR`` write it. Without it the shipped example deck
  is used.
- **screen**: this screen's name ("Waiting room 2"), which slides and notices may be limited to
  and which its status reports carry. ``--screen-name NAME`` writes it. Without it the
  computer's own name is used.

The file lives in the user's config folder (``~/.config/clinic-kiosk/config.toml`` on Linux), or
in ``$KIOSK_CONFIG_DIR`` (tests use a temporary one)::

    content = "/home/kiosk/my-clinic"
    screen = "Waiting room 2"

A broken file is logged and ignored: the kiosk starts on its defaults rather than not at all.
"""

from __future__ import annotations

import json
import logging
import re
import socket
from pathlib import Path
from typing import Final

from kiosk.content.screens import MAX_SCREEN_NAME as MAX_SCREEN_NAME  # the one limit
from kiosk.content.screens import screen_name_problem, tidy
from kiosk.paths import SHIPPED_DECK, config_dir

log = logging.getLogger(__name__)

CONFIG_FILE: Final = "config.toml"


class ScreenNameError(ValueError):
    """A screen name that cannot be used, with the reason in plain words."""


def config_path() -> Path:
    """Where this machine's settings are written down."""
    return config_dir() / CONFIG_FILE


def configured_content() -> Path | None:
    """The folder written down by ``--new-clinic`` or ``--use-content``, if any."""
    content = _read_config().get("content")
    return Path(content) if content and content.strip() else None


def default_content() -> Path:
    """The content folder to use when ``--content`` is not given."""
    return configured_content() or SHIPPED_DECK


def screen_name() -> str:
    """This screen's name: the one written by ``--screen-name``, else the computer's name."""
    written = _read_config().get("screen")
    if written is not None:
        try:
            return check_screen_name(written)
        except ScreenNameError as exc:
            log.warning("The screen name in %s cannot be used (%s)", config_path(), exc)
    return socket.gethostname() or "kiosk"


def check_screen_name(name: str) -> str:
    """``name`` tidied (outer spaces dropped), or :class:`ScreenNameError` saying why not."""
    why = screen_name_problem(name)  # the rules slides' ``screens:`` lists are checked by
    if why is not None:
        raise ScreenNameError(why)
    return tidy(name)


def remember_content(folder: Path) -> Path:
    """Write ``folder`` (made absolute) down as the default; returns the config file's path."""
    absolute = Path(folder).expanduser().resolve()
    return _write_config({**_read_config(), "content": str(absolute)})


def remember_screen_name(name: str) -> Path:
    """Write this screen's name down (checked first); returns the config file's path."""
    return _write_config({**_read_config(), "screen": check_screen_name(name)})


_COMMENTS: Final = {
    "content": "# The content folder when --content is not given (--new-clinic, --use-content).",
    "screen": "# This screen's name, for slides meant for some screens only (--screen-name).",
}


def _write_config(values: dict[str, str]) -> Path:
    from kiosk.storage.atomic import write_atomic  # only writing needs it, not start-up

    lines = ['# Clinic Kiosk: this machine\'s own settings; see README, "A new clinic".']
    for key in ("content", "screen"):
        if key in values:
            lines.append(_COMMENTS[key])
            lines.append(f"{key} = {json.dumps(values[key], ensure_ascii=False)}")  # valid TOML
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _read_config() -> dict[str, str]:
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("The config file %s cannot be read (%s); using the defaults", path, exc)
        return {}
    quick = _quick_values(text)
    if quick is not None:
        return quick
    import tomllib  # edited by hand into fuller TOML: the real parser (slower to import)

    try:
        found = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        log.warning("The config file %s is not valid TOML (%s); using the defaults", path, exc)
        return {}
    return {key: value for key, value in found.items() if isinstance(value, str)}


_LINE: Final = re.compile(r'^\s*(content|screen)\s*=\s*("(?:[^"\\]|\\.)*")\s*(?:#.*)?$')


def _quick_values(text: str) -> dict[str, str] | None:
    """The ``key = "..."`` lines as this module writes them, without importing tomllib
    (tens of milliseconds on a small kiosk, at every start); None for anything else."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            return None
        try:
            value = json.loads(match[2])  # the way _write_config writes it
        except ValueError:
            return None
        if not isinstance(value, str):
            return None
        values[match[1]] = value
    return values
