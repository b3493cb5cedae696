"""Changing announcements.yaml: posting, clearing and pruning notices, keeping phrases.

Every change is written atomically with a backup, keeping the comments staff wrote in the file
(a round-trip YAML tree). Reading the file, and the model, are in ``kiosk.content.announcements``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from kiosk.content import files, frontmatter
from kiosk.content.announcements import (
    ANNOUNCEMENTS_FILE,
    DEFAULT_READY_MADE,
    FILE_HEADER,
    MAX_ANNOUNCEMENTS_BYTES,
    MAX_TEXT,
    STYLES,
    Announcement,
    AnnouncementError,
    as_datetime,
    aware,
    clean_text,
)
from kiosk.content.files import UnreadableFileError
from kiosk.content.screens import SCREENS_FIELD, screen_name_problem, tidy
from kiosk.storage.atomic import SaveError, write_atomic
from kiosk.storage.folder import BACKUPS_DIR
from kiosk.storage.roundtrip import dump, guess_indent, plain_value, round_trip_yaml

log = logging.getLogger(__name__)


def post(
    folder: Path,
    text: str,
    style: str = "info",
    until: dt.datetime | None = None,
    now: dt.datetime | None = None,
    screens: Sequence[str] = (),
) -> Announcement:
    """Add an announcement to ``folder/announcements.yaml`` and return it as saved.
    ``screens``: the screens it shows on (empty: every screen).

    Raises AnnouncementError for text or an end time that cannot be used, SaveError when the
    file cannot be written (it is then unchanged).
    """
    now = aware(now or dt.datetime.now().astimezone()).replace(microsecond=0)
    cleaned = clean_text(text)
    if not cleaned:
        raise AnnouncementError("Type the text of the announcement first.")
    if len(cleaned) > MAX_TEXT:
        raise AnnouncementError(
            f"The announcement is {len(cleaned)} characters long; keep it to {MAX_TEXT} or "
            "fewer, so it can be read at a glance."
        )
    if style not in STYLES:
        raise AnnouncementError(f"'{style}' is not a style: choose info or important.")
    names = [tidy(name) for name in screens if name.strip()]
    for name in names:
        why = screen_name_problem(name)
        if why is not None:
            raise AnnouncementError(f"'{name}' cannot be a screen's name: {why}.")
    if until is not None:
        until = aware(until).replace(microsecond=0)
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
            screens=names,
        )
        entry = CommentedMap()
        entry["id"] = announcement.id
        entry["text"] = announcement.text
        entry["style"] = announcement.style
        if until is not None:
            entry["until"] = until.isoformat()
        entry["posted"] = now.isoformat()
        if names:
            entry[SCREENS_FIELD] = names
        entries.append(entry)
    document.save()
    return announcement


def clear(folder: Path, announcement_id: str) -> bool:
    """Remove the announcement with this id; False (and nothing written) if there is none."""
    document = _Document.open(Path(folder))
    if not document.exists or not document.has_list("announcements"):
        return False
    return _remove_first(
        document,
        "announcements",
        lambda entry: isinstance(entry, Mapping) and str(entry.get("id")) == announcement_id,
    )


def prune_expired(folder: Path, now: dt.datetime, zone: dt.tzinfo | None = None) -> int:
    """Remove the announcements that have ended by ``now``; returns how many went."""
    now = aware(now)
    document = _Document.open(Path(folder))
    if not document.exists or not document.has_list("announcements"):
        return 0
    removed = 0
    with document.editing("announcements") as entries:
        for index in reversed(range(len(entries))):
            entry = entries[index]
            if not isinstance(entry, Mapping) or entry.get("until") is None:
                continue
            until = as_datetime(entry["until"], zone)
            if until is not None and until <= now:
                del entries[index]
                removed += 1
    if removed:
        document.save()
    return removed


def keep_phrase(folder: Path, text: str) -> bool:
    """Add ``text`` to the ready-made phrases; False if it is already one of them."""
    cleaned = clean_text(text)
    if not cleaned:
        raise AnnouncementError("Type the phrase to keep first.")
    if len(cleaned) > MAX_TEXT:
        raise AnnouncementError(f"A phrase can be at most {MAX_TEXT} characters long.")
    document = _Document.open(Path(folder))
    with document.editing("ready_made") as phrases:
        known = {clean_text(str(p)).casefold() for p in phrases}
        if cleaned.casefold() not in known:
            phrases.append(cleaned)
    if cleaned.casefold() in known:
        return False
    document.save()
    return True


def _remove_first(document: _Document, key: str, matches: Callable[[Any], bool]) -> bool:
    """Remove the first item of the list under ``key`` that ``matches`` and save; False (and
    nothing written) when none does."""
    with document.editing(key) as items:
        index = next((i for i, item in enumerate(items) if matches(item)), None)
        if index is not None:
            del items[index]
    if index is None:
        return False
    document.save()
    return True


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
            node.yaml_set_start_comment(FILE_HEADER)
            node["announcements"] = CommentedSeq()
            node["ready_made"] = CommentedSeq(DEFAULT_READY_MADE)
            return cls(folder, node, round_trip_yaml(), exists=False)
        try:
            text = files.read_text(path, MAX_ANNOUNCEMENTS_BYTES, inside=folder)
            frontmatter.parse_yaml(text)  # names the line of a mistake
        except UnreadableFileError as exc:
            place = f" (line {exc.line})" if exc.line else ""
            raise SaveError(
                f"{ANNOUNCEMENTS_FILE} cannot be read{place}: {exc.message} Nothing was "
                "changed; fix the file, or move it away to start afresh.",
                path,
            ) from exc
        yaml = round_trip_yaml(*guess_indent(text))
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
        text = dump(self.yaml, self.node)
        if not _same_data(text, self.node):  # never write a file that reads differently
            log.warning("Comments in %s could not be kept on saving", self.path)
            text = dump(round_trip_yaml(), plain_value(self.node))
        write_atomic(self.path, text.encode("utf-8"), backup_dir=self.folder / BACKUPS_DIR)


def _same_data(text: str, node: Any) -> bool:
    try:
        return bool(plain_value(frontmatter.parse_yaml(text)) == plain_value(node))
    except Exception:
        return False


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
