"""Settling Syncthing's conflict copies of a slide: keep one version, or pick field by field.

A slide changed on two computers before they could sync is kept twice by Syncthing: one version
as the slide (``slides/x.md``), the other beside it as
``slides/x.sync-conflict-20261130-114500-ABCDEFG.md`` (the date, time and the other computer's
short id). Staff settle it in the editor; the result is written atomically to the slide (its
previous version goes to ``.backups``) and the copy is moved into ``.backups`` too, so neither
version is ever lost. Syncthing then sends the settled slide, and the copy's removal, to the
other machines, which keep what they replace in their own ``.stversions``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from kiosk.content import files
from kiosk.content.files import SLIDE_SUFFIX, SLIDES_DIR
from kiosk.storage.atomic import SaveError, backup_name, fsync_dir, write_atomic
from kiosk.storage.folder import backups_dir, make_dir, read_if_there
from kiosk.storage.merge import SUMMARY, parse_slide
from kiosk.storage.roundtrip import plain_value
from kiosk.storage.slides import render_slide

#: Which version a field (or the whole slide) is taken from.
Side = Literal["slide", "copy"]
_STAMP: Final = re.compile(r"\.sync-conflict-(\d{8})-(\d{6})(?:-([A-Za-z0-9]+))?")


@dataclass(frozen=True, slots=True)
class SyncConflict:
    """A slide and one conflict copy of it, as read (None: missing or unreadable as text)."""

    file_name: str
    copy_name: str
    slide_text: str | None
    copy_text: str | None

    @property
    def device(self) -> str:
        """The short id of the computer whose change the copy holds ("" when not named)."""
        match = _STAMP.search(self.copy_name)
        return (match.group(3) or "") if match else ""

    @property
    def when(self) -> dt.datetime | None:
        """When Syncthing made the copy, as in its name (that computer's clock)."""
        match = _STAMP.search(self.copy_name)
        if match is None:
            return None
        try:
            return dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
        except ValueError:
            return None


def read_conflict(folder: Path, copy_name: str) -> SyncConflict:
    """The copy ``slides/<copy_name>`` and the slide it is a copy of, as they are now."""
    file_name = files.sync_conflict_original(copy_name)
    if file_name is None or not file_name.lower().endswith(SLIDE_SUFFIX):
        raise ValueError(f"{copy_name!r} is not a conflict copy of a slide.")
    slides = Path(folder) / SLIDES_DIR
    return SyncConflict(
        file_name,
        copy_name,
        read_if_there(slides / file_name, files.MAX_SLIDE_BYTES),
        read_if_there(slides / copy_name, files.MAX_SLIDE_BYTES),
    )


def versions(conflict: SyncConflict) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the slide's, the copy's) fields as plain values with the summary under
    :data:`~kiosk.storage.merge.SUMMARY`; None for a version that cannot be read."""
    return _values(conflict.slide_text), _values(conflict.copy_text)


def differing(conflict: SyncConflict) -> list[str] | None:
    """The fields (and :data:`SUMMARY`) that differ, in the slide's order; None when one of the
    two versions cannot be read field by field (then only a whole version can be kept)."""
    slide, copy = versions(conflict)
    if slide is None or copy is None:
        return None
    names = list(dict.fromkeys([*slide, *copy]))
    return [name for name in names if slide.get(name) != copy.get(name)]


def settle(
    folder: Path,
    conflict: SyncConflict,
    keep: Side | None = None,
    *,
    picks: Mapping[str, Side] | None = None,
) -> Path:
    """Settle ``conflict``: ``keep`` one whole version, or take the fields named in ``picks``
    from the copy (the others stay as in the slide). The slide is written atomically, its old
    version kept in ``.backups``; the copy is moved into ``.backups``. Returns where it went.

    If either file changed since it was read (a sync arrived meanwhile), nothing is written and
    :class:`SaveError` says so: staff look again at what is there now.
    """
    if (keep is None) == (picks is None):
        raise ValueError("give either keep or picks")
    slides = Path(folder) / SLIDES_DIR
    path, copy = slides / conflict.file_name, slides / conflict.copy_name
    now = read_conflict(folder, conflict.copy_name)
    if now.copy_text is None and not copy.exists():
        raise SaveError(
            f"{SLIDES_DIR}/{conflict.copy_name} is no longer there: it was settled already, "
            "perhaps on another computer.",
            copy,
        )
    if now != conflict:
        raise SaveError(
            f"{SLIDES_DIR}/{conflict.file_name} or its copy changed again while you were "
            "choosing (a sync arrived). Nothing was changed: look at both versions again.",
            path,
        )
    text = _settled_text(conflict, keep, picks or {})
    backups = backups_dir(folder)
    if text is not None and text != conflict.slide_text:
        write_atomic(path, text.encode("utf-8"), backup_dir=backups)
    make_dir(backups)
    target = backups / conflict.copy_name
    if target.exists():
        target = backup_name(conflict.copy_name, backups)
    try:
        copy.replace(target)
    except OSError as exc:
        raise SaveError.from_os_error(exc, copy) from exc
    fsync_dir(slides)
    fsync_dir(backups)
    return target


def _settled_text(
    conflict: SyncConflict, keep: Side | None, picks: Mapping[str, Side]
) -> str | None:
    """The slide's new text; None: leave the slide as it is."""
    if keep == "slide":
        return None
    if keep == "copy":
        if conflict.copy_text is None:
            raise SaveError(
                f"{SLIDES_DIR}/{conflict.copy_name} cannot be read, so it cannot be kept. Keep "
                "the slide, or fix the copy first (see Problems).",
            )
        return conflict.copy_text
    from_copy = [name for name, side in picks.items() if side == "copy"]
    if not from_copy:
        return None
    slide, copy = versions(conflict)
    if slide is None or copy is None:
        raise SaveError(
            f"One version of {SLIDES_DIR}/{conflict.file_name} cannot be read field by field: "
            "keep one whole version instead.",
        )
    chosen = dict(slide)
    for name in from_copy:
        chosen[name] = copy.get(name)
    summary = str(chosen.pop(SUMMARY, "") or "")
    return render_slide(chosen, summary, conflict.slide_text)


def _values(text: str | None) -> dict[str, Any] | None:
    parsed = parse_slide(text) if text is not None else None
    if parsed is None:
        return None
    fields, body = parsed
    values = {str(key): plain_value(value) for key, value in fields.items()}
    values[SUMMARY] = body.strip()
    return values
