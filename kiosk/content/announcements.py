"""Announcements: short notices from the front desk shown on a banner over the slides.

"Dr. Li is running about 20 minutes late", "The car park is closed today". They live in the
content folder's ``announcements.yaml`` (so they travel with the folder), each with its text, a
style (info or important) and an optional end after which it disappears by itself. The same file
keeps the phrases staff post often (``ready_made``).

This module is the model and the reading; ``kiosk.storage.announcements`` changes the file.
Pure Python (no Qt): the command line posts and lists announcements on a machine with no screen.
Loading never raises: a bad entry is reported with its line and left out, the rest still shows.

The player shows the banner from its first frame, but reads the file only after that: the YAML
parser and the validator (~15 ms to import) are imported by the reading functions themselves.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import msgspec
from msgspec import Meta

from kiosk.content import files
from kiosk.content.files import UnreadableFileError
from kiosk.content.model import ScreenList
from kiosk.content.problems import Problem, Severity
from kiosk.content.screens import (
    SCREENS_FIELD,
    screen_problems,
    shown_on,
    with_split_screens,
)

log = logging.getLogger(__name__)

ANNOUNCEMENTS_FILE: Final = "announcements.yaml"
MAX_ANNOUNCEMENTS_BYTES: Final = 64 * 1024
MAX_TEXT: Final = 140
#: The phrases offered when the folder has no announcements file yet.
DEFAULT_READY_MADE: Final = (
    "The doctor is running about 20 minutes late.",
    "Please switch your phone to silent.",
    "The car park is closed today.",
)
STYLES: Final = ("info", "important")
#: "End of day" is the last second of the day, local time.
END_OF_DAY: Final = dt.time(23, 59, 59)
#: A duration longer than this is a typing mistake (a year).
MAX_DURATION: Final = dt.timedelta(days=366)

FILE_HEADER: Final = (
    "Notices shown on the kiosk's banner, and phrases staff post often.\n"
    "See resources/CONTENT-GUIDE.md, section Announcements."
)
_TOP_KEYS: Final = ("announcements", "ready_made")
_DURATION = re.compile(
    r"^(?P<count>\d{1,6})\s*(?P<unit>m|min|mins|minute|minutes|h|hr|hrs|hour|hours)$"
)
_CLOCK = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_END_OF_DAY_WORDS: Final = frozenset({"end of day", "end of the day", "eod", "end-of-day"})
_UNTIL_HELP: Final = (
    "Write a time today like 17:00, a length like 30m, 1h or 2h, 'end of day', "
    "or a date and time like 2026-12-24 12:00."
)

AnnouncementId = Annotated[
    str,
    Meta(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
        description="Use letters, digits and hyphens only, like a-20261224-091500.",
    ),
]
AnnouncementText = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_TEXT,
        description=f"Write the notice in 1 to {MAX_TEXT} characters, so it reads at a glance.",
    ),
]
Style = Annotated[
    Literal["info", "important"],
    Meta(description="Choose info (an ordinary notice) or important (shown in a strong colour)."),
]
Until = Annotated[
    dt.datetime,
    Meta(
        tz=True,
        description="Write when it ends as a date and time, like 2026-12-24 17:00, "
        "or leave the line out for a notice that stays until it is removed.",
    ),
]
Posted = Annotated[
    dt.datetime,
    Meta(tz=True, description="Write the date and time it was posted, like 2026-12-24 09:15."),
]


class AnnouncementError(ValueError):
    """An announcement that cannot be posted as asked, with the reason in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Announcement(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One notice. Shown while ``now < until``; ``until`` None means until it is removed."""

    id: AnnouncementId
    text: AnnouncementText
    style: Style = "info"
    until: Until | None = None
    posted: Posted | None = None
    #: The screens it shows on (empty: every screen).
    screens: ScreenList = msgspec.field(default_factory=list)

    @property
    def important(self) -> bool:
        return self.style == "important"

    def is_live(self, now: dt.datetime) -> bool:
        return self.until is None or aware(now) < self.until


class Board(msgspec.Struct, frozen=True, kw_only=True):
    """Everything in announcements.yaml that could be used: the notices (in file order,
    expired ones included) and staff's ready-made phrases."""

    announcements: tuple[Announcement, ...] = ()
    ready_made: tuple[str, ...] = DEFAULT_READY_MADE

    def for_screen(self, screen: str | None) -> Board:
        """The board as ``screen`` shows it: the notices meant for it (None: every notice)."""
        if screen is None:
            return self
        kept = tuple(a for a in self.announcements if shown_on(a.screens, screen))
        return msgspec.structs.replace(self, announcements=kept)

    def live(self, now: dt.datetime) -> tuple[Announcement, ...]:
        """The notices to show at ``now``, in file order."""
        return tuple(a for a in self.announcements if a.is_live(now))

    def next_expiry(self, now: dt.datetime) -> dt.datetime | None:
        """When the next live notice ends (None when none of them ends)."""
        ends = [a.until for a in self.live(now) if a.until is not None]
        return min(ends) if ends else None

    def find(self, announcement_id: str) -> Announcement | None:
        return next((a for a in self.announcements if a.id == announcement_id), None)


# -- reading ------------------------------------------------------------------------------------


def load_announcements(folder: Path, zone: dt.tzinfo | None = None) -> tuple[Board, list[Problem]]:
    """The board in ``folder/announcements.yaml`` and what was wrong with it; never raises.

    No file means no notices and the default phrases. A date and time written without an offset
    is taken in ``zone`` (default: this computer's time zone).
    """
    path = Path(folder) / ANNOUNCEMENTS_FILE
    if not path.is_file():
        return Board(), []
    from kiosk.content import frontmatter

    problems: list[Problem] = []
    try:
        raw = frontmatter.parse_yaml(
            files.read_text(path, MAX_ANNOUNCEMENTS_BYTES, inside=Path(folder))
        )
    except UnreadableFileError as exc:
        message = f"{exc.message} No announcements are shown until it is fixed."
        return Board(), [Problem(ANNOUNCEMENTS_FILE, message, exc.line)]
    except Exception:  # a parser bug must never stop the kiosk
        message = "This file could not be read. No announcements are shown until it is fixed."
        return Board(), [Problem(ANNOUNCEMENTS_FILE, message, 1)]
    if raw is None:
        return Board(), []
    if not isinstance(raw, Mapping):
        message = (
            "The file should hold 'announcements:' and 'ready_made:' lists. "
            "No announcements are shown until it is fixed."
        )
        return Board(), [Problem(ANNOUNCEMENTS_FILE, message, 1)]
    for key in raw:
        if str(key) not in _TOP_KEYS:
            problems.append(_unknown_key_problem(raw, key))
    announcements = _load_entries(raw, zone, problems)
    ready_made = _load_ready_made(raw, problems)
    return Board(announcements=announcements, ready_made=ready_made), problems


def _line(raw: Any, *path: str | int) -> int:
    from kiosk.content import frontmatter

    return frontmatter.yaml_line(raw, path) + 1


def _unknown_key_problem(raw: Mapping[Any, Any], key: Any) -> Problem:
    close = difflib.get_close_matches(str(key), _TOP_KEYS, n=1, cutoff=0.6)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return Problem(
        ANNOUNCEMENTS_FILE,
        f"'{key}' is not something the kiosk knows.{hint} The file holds 'announcements' and "
        "'ready_made'. This line is ignored.",
        _line(raw, str(key)),
        str(key),
        Severity.WARNING,
    )


def _load_entries(
    raw: Mapping[Any, Any], zone: dt.tzinfo | None, problems: list[Problem]
) -> tuple[Announcement, ...]:
    from kiosk.content.validation import validate

    entries = raw.get("announcements")
    if entries is None:
        return ()
    if not isinstance(entries, list):
        problems.append(
            Problem(
                ANNOUNCEMENTS_FILE,
                "'announcements' should be a list, each entry starting with '- '. "
                "No announcements are shown until it is fixed.",
                _line(raw, "announcements"),
                "announcements",
            )
        )
        return ()
    loaded: list[Announcement] = []
    id_lines: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = _line(raw, "announcements", index)
        if isinstance(entry, Mapping):
            entry = with_split_screens({k: _datetime_field(k, v, zone) for k, v in entry.items()})
        announcement, errors = validate(entry, Announcement)
        for error in errors:
            field = str(error.path[0]) if error.path else None
            label = ", ".join([f"announcement {index + 1}", *map(str, error.path)])
            problems.append(
                Problem(
                    ANNOUNCEMENTS_FILE,
                    f"{label}: {error.message} This announcement is not shown.",
                    _line(raw, "announcements", index, *error.path),
                    field,
                )
            )
        if announcement is None:
            continue
        if announcement.id in id_lines:
            problems.append(
                Problem(
                    ANNOUNCEMENTS_FILE,
                    f"The id '{announcement.id}' is already used by the announcement on line "
                    f"{id_lines[announcement.id]}. Give each one its own id. "
                    "This announcement is not shown.",
                    _line(raw, "announcements", index, "id"),
                    "id",
                )
            )
            continue
        id_lines[announcement.id] = line
        problems.extend(
            screen_problems(
                ANNOUNCEMENTS_FILE,
                announcement.screens,
                _screens_line(raw, index),
                f"announcement {index + 1}, ",
                "this announcement",
            )
        )
        loaded.append(announcement)
    return tuple(loaded)


def _screens_line(raw: Any, index: int) -> Callable[[tuple[int, ...]], int]:
    """The line of announcement ``index``'s ``screens`` field, or of one of its names."""
    return lambda at: _line(raw, "announcements", index, SCREENS_FIELD, *at)


def _load_ready_made(raw: Mapping[Any, Any], problems: list[Problem]) -> tuple[str, ...]:
    if "ready_made" not in raw:
        return DEFAULT_READY_MADE
    phrases = raw["ready_made"]
    if phrases is None:
        return ()
    if not isinstance(phrases, list):
        problems.append(
            Problem(
                ANNOUNCEMENTS_FILE,
                "'ready_made' should be a list of phrases, each on a line starting with '- '. "
                "The usual phrases are offered instead.",
                _line(raw, "ready_made"),
                "ready_made",
                Severity.WARNING,
            )
        )
        return DEFAULT_READY_MADE
    kept: list[str] = []
    for index, phrase in enumerate(phrases):
        text = clean_text(str(phrase)) if isinstance(phrase, str | int | float) else ""
        if isinstance(phrase, bool) or not 1 <= len(text) <= MAX_TEXT:
            problems.append(
                Problem(
                    ANNOUNCEMENTS_FILE,
                    f"A ready-made phrase should be text of 1 to {MAX_TEXT} characters. "
                    "This phrase is not offered.",
                    _line(raw, "ready_made", index),
                    "ready_made",
                    Severity.WARNING,
                )
            )
        elif text not in kept:
            kept.append(text)
    return tuple(kept)


def _datetime_field(key: Any, value: Any, zone: dt.tzinfo | None) -> Any:
    """``until`` and ``posted`` as aware datetimes where they can be read as one; anything
    else is left as it is, for validation to report."""
    if key not in ("until", "posted") or value is None or isinstance(value, bool):
        return value
    moment = as_datetime(value, zone)
    return value if moment is None else moment


def as_datetime(value: Any, zone: dt.tzinfo | None) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        extra = getattr(value, "_yaml", None)
        plain = dt.datetime(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            tzinfo=value.tzinfo,
        )
        if plain.tzinfo is None and isinstance(extra, dict) and extra.get("delta") is not None:
            # Older ruamel.yaml: naive UTC, the written offset kept aside.
            offset = dt.timezone(extra["delta"])
            return plain.replace(tzinfo=dt.UTC).astimezone(offset)
        return plain if plain.tzinfo is not None else _in_zone(plain, zone)
    if isinstance(value, dt.date):  # a date alone: the end of that day
        return _in_zone(dt.datetime.combine(value, END_OF_DAY), zone)
    if isinstance(value, str):
        text = value.strip()
        if _DATE_ONLY.match(text):
            try:
                return as_datetime(dt.date.fromisoformat(text), zone)
            except ValueError:
                return None
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else _in_zone(moment, zone)
    return None


# -- when an announcement ends ------------------------------------------------------------------


def parse_until(text: str, now: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """When an announcement should end, from what staff typed; raises AnnouncementError.

    ``"17:00"`` (today, local time), ``"30m"``, ``"1h"``, ``"2h"`` (from ``now``), ``"end of
    day"`` or ``"eod"`` (today 23:59:59), ``"2026-12-24 12:00"`` (a date and time, local unless
    an offset is given; a date alone means the end of that day). The result is after ``now``.
    ``zone``: the kiosk's time zone (default: this computer's).
    """
    now = aware(now)
    today = now.astimezone(zone).date()
    words = " ".join(text.strip().lower().split())
    if not words:
        raise AnnouncementError(f"Say when the announcement should end. {_UNTIL_HELP}")
    if words in _END_OF_DAY_WORDS:
        return _checked_future(_in_zone(dt.datetime.combine(today, END_OF_DAY), zone), now, text)
    duration = _DURATION.match(words)
    if duration:
        count = int(duration["count"])
        minutes = count * 60 if duration["unit"].startswith("h") else count
        length = dt.timedelta(minutes=minutes)
        if not dt.timedelta(0) < length <= MAX_DURATION:
            raise AnnouncementError(
                f"'{text.strip()}' is not a length the kiosk can use: give between 1 minute "
                "and a year, like 30m or 2h."
            )
        return (now + length).replace(microsecond=0)
    clock = _CLOCK.match(words)
    if clock:
        hour, minute = int(clock["hour"]), int(clock["minute"])
        if hour > 23 or minute > 59:
            raise AnnouncementError(f"'{text.strip()}' is not a time of day. {_UNTIL_HELP}")
        at = _in_zone(dt.datetime.combine(today, dt.time(hour, minute)), zone)
        if at <= now:
            tomorrow = today + dt.timedelta(days=1)
            raise AnnouncementError(
                f"{hour:02d}:{minute:02d} has already passed today. Give a later time, or a "
                f"date and time such as {tomorrow.isoformat()} {hour:02d}:{minute:02d}."
            )
        return at
    moment = as_datetime(text.strip(), zone)
    if moment is None:
        raise AnnouncementError(
            f"'{text.strip()}' is not a time the kiosk understands. {_UNTIL_HELP}"
        )
    return _checked_future(moment.replace(microsecond=0), now, text)


def _checked_future(moment: dt.datetime, now: dt.datetime, text: str) -> dt.datetime:
    if moment <= now:
        raise AnnouncementError(
            f"'{text.strip()}' has already passed, so the announcement would never show. "
            "Give a later time."
        )
    return moment


def _in_zone(naive: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """A wall-clock time in ``zone``, or in this computer's time zone (daylight saving known)."""
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


def clean_text(text: str) -> str:
    """One line: runs of spaces and line breaks become one space."""
    return " ".join(text.split())
