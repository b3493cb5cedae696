"""Slides and notices for some screens only: screen names, as content files write them.

A clinic's screens share one content folder, and each screen has a name of its own
("Waiting room 2", kept in each machine's own config file, see :mod:`kiosk.storage.config`). A
slide or an announcement may list the screens it is for (``screens:``, a YAML list or one line
of names separated by commas); without the field, or with it empty, it is for every screen.
Names match whatever their case and spacing ("waiting  ROOM 2" is "Waiting room 2").

Pure Python (no Qt): the scheduling rules, ``--check`` and the editor all use these rules, so
staff read the same words wherever a name is wrong.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from kiosk.content.problems import Problem, Severity

#: Longest screen name: it has to fit a line of the Screens page and the slide editor.
MAX_SCREEN_NAME: Final = 40
#: The field's name in a slide's front matter and in an announcement.
SCREENS_FIELD: Final = "screens"


def tidy(name: str) -> str:
    """``name`` with its spaces tidied: none at the ends, one between words."""
    return " ".join(name.split())


def screen_key(name: str) -> str:
    """What two names must share to be the same screen: tidied, case folded."""
    return tidy(name).casefold()


def screen_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a screen's name, in plain words, or None when it can."""
    tidy_name = tidy(name)
    if not tidy_name:
        return "a screen name cannot be empty"
    if len(tidy_name) > MAX_SCREEN_NAME:
        return (
            f"a screen name has at most {MAX_SCREEN_NAME} characters "
            f"(this one has {len(tidy_name)})"
        )
    if any(unicodedata.category(char).startswith("C") for char in tidy_name):
        return "a screen name cannot hold control characters"
    if "," in tidy_name:  # slides list their screens separated by commas
        return "a screen name cannot hold a comma"
    return None


def bad_name_message(name: str, why: str) -> str:
    """The words ``--check`` and the editor both use for a name no screen can have."""
    return f"{SCREENS_FIELD}: '{name}' cannot be a screen's name ({why})"


def split_names(value: Any) -> Any:
    """A ``screens:`` value as a list of names: ``"Hall, Waiting room 2"`` is split at its
    commas; blank names are left out, so an empty value means every screen. Anything that is
    neither text nor a list is returned as it is, for validation to report."""
    if value is None:
        return []
    if isinstance(value, str):
        return [tidy(part) for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [tidy(item) if isinstance(item, str) else item for item in value
                if not (isinstance(item, str) and not item.strip())]  # fmt: skip
    return value


def with_split_screens(fields: Any) -> Any:
    """Front matter (or an announcement) with its ``screens`` value as a list of names."""
    if isinstance(fields, dict) and SCREENS_FIELD in fields:
        return {**fields, SCREENS_FIELD: split_names(fields[SCREENS_FIELD])}
    return fields


def shown_on(screens: Sequence[str], screen: str | None) -> bool:
    """Whether something limited to ``screens`` (empty: every screen) shows on ``screen``
    (None: any screen, as the editor and ``--check`` see the content)."""
    if not screens or screen is None:
        return True
    key = screen_key(screen)
    return any(screen_key(name) == key for name in screens)


def only_note(screens: Sequence[str]) -> str | None:
    """``"Only: Waiting room 2, Hall"`` for a slide limited to some screens, else None."""
    return f"Only: {', '.join(screens)}" if screens else None


def known_names(*groups: Iterable[str]) -> list[str]:
    """Every usable name in ``groups``, once each (whatever its case), in a stable order."""
    found: dict[str, str] = {}
    for group in groups:
        for name in group:
            if screen_name_problem(name) is None:
                found.setdefault(screen_key(name), tidy(name))
    return sorted(found.values(), key=str.casefold)


def screen_problems(
    file: str,
    screens: Sequence[str],
    line_of: Callable[[tuple[int, ...]], int | None],
    label: str = "",
    what: str = "this slide",
    slide_id: str | None = None,
) -> list[Problem]:
    """A warning for each listed name no screen can have (``line_of((index,))`` finds its
    line; ``line_of(())`` the field's). Such a name matches no screen, so ``what`` does not show
    there; the other names still count."""
    found: list[Problem] = []
    for index, name in enumerate(screens):
        why = screen_name_problem(name)
        if why is None:
            continue
        line = line_of((index,)) or line_of(())
        found.append(
            Problem(
                file,
                f"{label}{bad_name_message(name, why)}, so no screen shows {what} for it. Write "
                "the names as each screen was named (python main.py --screen-name), separated "
                "by commas.",
                line,
                SCREENS_FIELD,
                Severity.WARNING,
                slide_id,
            )
        )
    return found


#: The folder the screens' status reports are synced into (one small JSON file per screen).
STATUS_DIR: Final = "status"
#: More than a clinic has screens: a folder with more is not read further.
MAX_REPORTS: Final = 200
_MAX_REPORT_BYTES: Final = 256 * 1024


def reported_names(folder: Path) -> list[str]:
    """The names of the screens that have reported in (``status/*.json``, each file's
    ``"screen"``), for the editor's list of screens; none when there is no such folder. A file
    that cannot be read is skipped: it is only a hint."""
    import json

    from kiosk.content.files import UnreadableFileError, read_text

    folder = Path(folder)
    try:
        reports = sorted((folder / STATUS_DIR).glob("*.json"))[:MAX_REPORTS]
    except OSError:
        return []
    names: list[str] = []
    for path in reports:
        try:
            found = json.loads(read_text(path, _MAX_REPORT_BYTES, inside=folder))
        except (UnreadableFileError, ValueError, RecursionError):
            continue
        name = found.get("screen") if isinstance(found, dict) else None
        if isinstance(name, str) and screen_name_problem(name) is None:
            names.append(tidy(name))
    return names
