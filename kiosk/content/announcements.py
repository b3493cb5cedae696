"""Announcements: short notices from the front desk shown on a banner over the slides.

"Dr. Li is running about 20 minutes late", "The car park is closed today". They live in the
content folder's ``announcements.yaml`` (so they travel with the folder), each with its text, a
style (info or important) and an optional end after which it disappears by itself. The same file
keeps the phrases staff post often (``ready_made``).

Pure Python (no Qt): the command line posts and lists announcements on a machine with no screen.
Loading never raises: a bad entry is reported with its line and left out, the rest still shows.
Every change is written atomically with a backup, keeping the comments staff wrote in the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import io
import logging
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import msgspec
from msgspec import Meta
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from kiosk.content import files, frontmatter
from kiosk.content.files import UnreadableFileError
from kiosk.content.problems import Problem, Severity
from kiosk.content.validation import validate
from kiosk.storage.atomic import SaveError, write_atomic

log = logging.getLogger(__name__)

ANNOUNCEMENTS_FILE: Final = "announcements.yaml"
BACKUPS_DIR: Final = ".backups"
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

_FILE_HEADER: Final = (
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

    @property
    def important(self) -> bool:
        return self.style == "important"

    def is_live(self, now: dt.datetime) -> bool:
        return self.until is None or _aware(now) < self.until


class Board(msgspec.Struct, frozen=True, kw_only=True):
    """Everything in announcements.yaml that could be used: the notices (in file order,
    expired ones included) and staff's ready-made phrases."""

    announcements: tuple[Announcement, ...] = ()
    ready_made: tuple[str, ...] = DEFAULT_READY_MADE

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
    problems: list[Problem] = []
    try:
        raw = frontmatter.parse_yaml(files.read_text(path, MAX_ANNOUNCEMENTS_BYTES))
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
            entry = {k: _datetime_field(k, v, zone) for k, v in entry.items()}
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
        loaded.append(announcement)
    return tuple(loaded)


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
        text = _clean_text(str(phrase)) if isinstance(phrase, str | int | float) else ""
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
    moment = _as_datetime(value, zone)
    return value if moment is None else moment


def _as_datetime(value: Any, zone: dt.tzinfo | None) -> dt.datetime | None:
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
                return _as_datetime(dt.date.fromisoformat(text), zone)
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
    now = _aware(now)
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
    moment = _as_datetime(text.strip(), zone)
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


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


# -- changing the file --------------------------------------------------------------------------


def post(
    folder: Path,
    text: str,
    style: str = "info",
    until: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Announcement:
    """Add an announcement to ``folder/announcements.yaml`` and return it as saved.

    Raises AnnouncementError for text or an end time that cannot be used, SaveError when the
    file cannot be written (it is then unchanged).
    """
    now = _aware(now or dt.datetime.now().astimezone()).replace(microsecond=0)
    cleaned = _clean_text(text)
    if not cleaned:
        raise AnnouncementError("Type the text of the announcement first.")
    if len(cleaned) > MAX_TEXT:
        raise AnnouncementError(
            f"The announcement is {len(cleaned)} characters long; keep it to {MAX_TEXT} or "
            "fewer, so it can be read at a glance."
        )
    if style not in STYLES:
        raise AnnouncementError(f"'{style}' is not a style: choose info or important.")
    if until is not None:
        until = _aware(until).replace(microsecond=0)
        if until <= now:
            raise AnnouncementError(
                "That end time has already passed, so the announcement would never show. "
                "Give a later time."
            )
    document = _Document.open(Path(folder))
    with document.editing("announcements") as entries:
        taken = {str(e.get("id")) for e in entries if isinstance(e, Mapping)}
        announcement = Announcement(
            id=_new_id(now, taken),
            text=cleaned,
            style="important" if style == "important" else "info",
            until=until,
            posted=now,
        )
        entry = CommentedMap()
        entry["id"] = announcement.id
        entry["text"] = announcement.text
        entry["style"] = announcement.style
        if until is not None:
            entry["until"] = until.isoformat()
        entry["posted"] = now.isoformat()
        entries.append(entry)
    document.save()
    return announcement


def clear(folder: Path, announcement_id: str) -> bool:
    """Remove the announcement with this id; False (and nothing written) if there is none."""
    document = _Document.open(Path(folder))
    if not document.exists or not document.has_list("announcements"):
        return False
    with document.editing("announcements") as entries:
        index = next(
            (
                i
                for i, entry in enumerate(entries)
                if isinstance(entry, Mapping) and str(entry.get("id")) == announcement_id
            ),
            None,
        )
        if index is not None:
            del entries[index]
    if index is None:
        return False
    document.save()
    return True


def prune_expired(folder: Path, now: dt.datetime, zone: dt.tzinfo | None = None) -> int:
    """Remove the announcements that have ended by ``now``; returns how many went."""
    now = _aware(now)
    document = _Document.open(Path(folder))
    if not document.exists or not document.has_list("announcements"):
        return 0
    removed = 0
    with document.editing("announcements") as entries:
        for index in reversed(range(len(entries))):
            entry = entries[index]
            if not isinstance(entry, Mapping) or entry.get("until") is None:
                continue
            until = _as_datetime(entry["until"], zone)
            if until is not None and until <= now:
                del entries[index]
                removed += 1
    if removed:
        document.save()
    return removed


def keep_phrase(folder: Path, text: str) -> bool:
    """Add ``text`` to the ready-made phrases; False if it is already one of them."""
    cleaned = _clean_text(text)
    if not cleaned:
        raise AnnouncementError("Type the phrase to keep first.")
    if len(cleaned) > MAX_TEXT:
        raise AnnouncementError(f"A phrase can be at most {MAX_TEXT} characters long.")
    document = _Document.open(Path(folder))
    with document.editing("ready_made") as phrases:
        known = {_clean_text(str(p)).casefold() for p in phrases}
        if cleaned.casefold() not in known:
            phrases.append(cleaned)
    if cleaned.casefold() in known:
        return False
    document.save()
    return True


def forget_phrase(folder: Path, text: str) -> bool:
    """Remove ``text`` from the ready-made phrases; False if it is not one of them."""
    cleaned = _clean_text(text)
    document = _Document.open(Path(folder))
    if not document.exists:
        return False
    with document.editing("ready_made") as phrases:
        index = next((i for i, p in enumerate(phrases) if _clean_text(str(p)) == cleaned), None)
        if index is not None:
            del phrases[index]
    if index is None:
        return False
    document.save()
    return True


def _clean_text(text: str) -> str:
    """One line: runs of spaces and line breaks become one space."""
    return " ".join(text.split())


def _new_id(now: dt.datetime, taken: set[str]) -> str:
    stem = f"a-{now:%Y%m%d-%H%M%S}"
    candidate, count = stem, 2
    while candidate in taken:
        candidate = f"{stem}-{count}"
        count += 1
    return candidate


class _Document:
    """announcements.yaml as a round-trip YAML tree: edits keep staff's comments and order."""

    def __init__(self, folder: Path, node: CommentedMap, yaml: YAML, exists: bool) -> None:
        self.folder = folder
        self.path = folder / ANNOUNCEMENTS_FILE
        self.node = node
        self.yaml = yaml
        self.exists = exists

    @classmethod
    def open(cls, folder: Path) -> _Document:
        """The file as it is, or a new one (with the default phrases) if there is none yet."""
        if not folder.is_dir():
            raise SaveError(
                f"The content folder {folder} does not exist, so nothing was changed. "
                "Choose the folder that holds settings.yaml.",
                folder,
            )
        path = folder / ANNOUNCEMENTS_FILE
        if not path.exists():
            node = CommentedMap()
            node.yaml_set_start_comment(_FILE_HEADER)
            node["announcements"] = CommentedSeq()
            node["ready_made"] = CommentedSeq(DEFAULT_READY_MADE)
            return cls(folder, node, _yaml(), exists=False)
        try:
            text = files.read_text(path, MAX_ANNOUNCEMENTS_BYTES)
            frontmatter.parse_yaml(text)  # names the line of a mistake
        except UnreadableFileError as exc:
            place = f" (line {exc.line})" if exc.line else ""
            raise SaveError(
                f"{ANNOUNCEMENTS_FILE} cannot be read{place}: {exc.message} Nothing was "
                "changed; fix the file, or move it away to start afresh.",
                path,
            ) from exc
        yaml = _yaml(*_guess_indent(text))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node = yaml.load(text)
        if node is None:
            node = CommentedMap()
        if not isinstance(node, CommentedMap):
            raise SaveError(
                f"{ANNOUNCEMENTS_FILE} should hold 'announcements:' and 'ready_made:' lists, so "
                "nothing was changed. Fix the file, or move it away to start afresh.",
                path,
            )
        return cls(folder, node, yaml, exists=True)

    def has_list(self, key: str) -> bool:
        return isinstance(self.node.get(key), CommentedSeq)

    @contextlib.contextmanager
    def editing(self, key: str) -> Iterator[CommentedSeq]:
        """The list under ``key`` (made if missing), to change in place.

        Comment lines written after a list's last entry belong to that entry in YAML but, in
        staff's mind, to what follows (``# Phrases we use a lot.`` above ``ready_made:``): they
        stay after the list whatever is added or removed. A list that becomes empty keeps its
        comments after ``key: []``.
        """
        seq = self._list(key)
        was_empty = not seq
        tail = _take_key_tail(self.node, key) if was_empty else _take_tail(seq)
        if was_empty:
            seq.fa.set_block_style()  # "key: []" grows into a "- item" list
        yield seq
        if seq:
            _put_tail(seq, tail)
        elif was_empty:
            _put_key_tail(self.node, key, tail)
        else:  # emptied: ruamel cannot write comments inside "[]"; they go after it
            seq.fa.set_flow_style()
            _put_key_tail(self.node, key, _take_lead(self.node, key, seq) + tail)

    def _list(self, key: str) -> CommentedSeq:
        value = self.node.get(key)
        if isinstance(value, CommentedSeq):
            return value
        if value is not None:
            raise SaveError(
                f"'{key}' in {ANNOUNCEMENTS_FILE} is not a list, so nothing was changed. "
                "Fix the file (each entry on a line starting with '- ').",
                self.path,
            )
        # Missing: the phrases start from the usual ones; "ready_made:" with nothing means none.
        fresh = CommentedSeq(
            DEFAULT_READY_MADE if key == "ready_made" and key not in self.node else ()
        )
        self.node[key] = fresh
        return fresh

    def save(self) -> None:
        text = _dump(self.yaml, self.node)
        if not _same_data(text, self.node):  # never write a file that reads differently
            log.warning("Comments in %s could not be kept on saving", self.path)
            text = _dump(_yaml(), _plain(self.node))
        write_atomic(self.path, text.encode("utf-8"), backup_dir=self.folder / BACKUPS_DIR)


def _dump(yaml: YAML, node: Any) -> str:
    stream = io.StringIO()
    yaml.dump(node, stream)
    return stream.getvalue()


def _same_data(text: str, node: Any) -> bool:
    try:
        return bool(_plain(frontmatter.parse_yaml(text)) == _plain(node))
    except Exception:
        return False


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


# Where ruamel keeps comments: a mapping's ``ca.items[key]`` is [.., .., after the value,
# before the first item of a list value]; a list's ``ca.items[index][0]`` is after that item.
_AFTER_VALUE: Final = 2
_BEFORE_ITEMS: Final = 3


def _tail_slot(seq: CommentedSeq) -> tuple[dict[Any, Any], Any, int] | None:
    """Where the comment after the list's last entry is kept: (comments, key, position)."""
    if not seq:
        return None
    last = seq[-1]
    if isinstance(last, CommentedMap):
        if not last or isinstance(last[list(last)[-1]], CommentedMap | CommentedSeq):
            return None
        return last.ca.items, list(last)[-1], _AFTER_VALUE
    if isinstance(last, CommentedSeq):
        return None
    return seq.ca.items, len(seq) - 1, 0


def _take_tail(seq: CommentedSeq) -> str:
    """Cut the whole comment lines after the list's last entry, keeping its end-of-line one."""
    slot = _tail_slot(seq)
    return _split_off(*slot) if slot is not None else ""


def _take_key_tail(node: CommentedMap, key: str) -> str:
    return _split_off(node.ca.items, key, _AFTER_VALUE)


def _split_off(comments: dict[Any, Any], key: Any, position: int) -> str:
    token = (comments.get(key) or [None] * 4)[position]
    if not isinstance(token, CommentToken) or not isinstance(token.value, str):
        return ""
    head, _, rest = token.value.partition("\n")
    if not rest.strip():
        return ""
    if head.strip():
        token.value = head + "\n"
    else:
        comments[key][position] = None
    return rest


def _take_lead(node: CommentedMap, key: str, seq: CommentedSeq) -> str:
    """The comment lines before a list's first entry (the list is now empty)."""
    tokens: list[Any] = []
    slots = node.ca.items.get(key)
    if slots is not None and isinstance(slots[_BEFORE_ITEMS], list):
        tokens += slots[_BEFORE_ITEMS]
        slots[_BEFORE_ITEMS] = None
    start = seq.ca.comment
    if isinstance(start, list) and len(start) > 1 and isinstance(start[1], list):
        tokens += start[1]
        start[1] = None
    texts: list[str] = []
    for token in tokens:
        if isinstance(token, CommentToken) and isinstance(token.value, str):
            text = token.value if token.value.endswith("\n") else token.value + "\n"
            if text not in texts:  # ruamel may keep the same comment in both places
                texts.append(text)
    return "".join(texts)


def _put_tail(seq: CommentedSeq, tail: str) -> None:
    slot = _tail_slot(seq)
    if slot is not None and tail:
        _append_comment(*slot, tail)


def _put_key_tail(node: CommentedMap, key: str, tail: str) -> None:
    if tail:
        _append_comment(node.ca.items, key, _AFTER_VALUE, tail)


def _append_comment(comments: dict[Any, Any], key: Any, position: int, lines: str) -> None:
    slots = comments.setdefault(key, [None] * 4)
    token = slots[position]
    if isinstance(token, CommentToken) and isinstance(token.value, str):
        token.value = token.value.rstrip("\n") + "\n" + lines
    else:
        slots[position] = CommentToken("\n" + lines, CommentMark(0))


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 4096  # a notice stays on one line
    return yaml


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the file is written, else the kiosk's own."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, sequence, offset = load_yaml_guess_indent(text)
    except Exception:
        return 2, 4, 2
    if not isinstance(sequence, int) or not isinstance(offset, int) or sequence < offset + 2:
        return 2, 4, 2
    return 2, sequence, offset
