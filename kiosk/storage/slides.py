"""Changing the slide files, the way staff mode and the desk editor edit them.

Every write goes through :func:`~kiosk.storage.atomic.write_atomic` (never a half-written file)
and keeps the previous version in ``<folder>/.backups/``. Edits keep what staff typed by hand:
comments, key order and quoting in the front matter survive, and only changed values are
rewritten (:mod:`kiosk.storage.roundtrip`).

Each save may say what the file looked like when the editor read it (``base_text``); a file
changed elsewhere since is merged field by field (:mod:`kiosk.storage.merge`), and a field changed
on both sides to different values stops the save with :class:`~kiosk.storage.merge.EditConflict`
until staff choose a version (:func:`resolve`). The version not kept goes to the backup folder.

Settings are saved by :mod:`kiosk.storage.settings`, pictures by :mod:`kiosk.storage.pictures`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import msgspec
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from kiosk.content import files
from kiosk.content.files import SLIDE_SUFFIX, SLIDES_DIR, UnreadableFileError
from kiosk.content.frontmatter import FENCE
from kiosk.content.model import LOADER_FIELDS, Slide
from kiosk.content.validation import validate
from kiosk.storage.atomic import (
    SaveError,
    backup_name,
    backups_of,
    fsync_dir,
    write_all_atomic,
    write_atomic,
)
from kiosk.storage.fields import same, slide_fields, struct_defaults
from kiosk.storage.folder import backups_dir, make_dir, read_if_there, slug
from kiosk.storage.merge import (
    SUMMARY,
    WHOLE_FILE,
    EditConflict,
    FieldConflict,
    Keep,
    parse_slide,
    three_way,
)
from kiosk.storage.roundtrip import dump, load_map, plain_value, render_map

#: The suffix of a deleted slide in the backup folder (never pruned with ordinary backups).
DELETED_SUFFIX: Final = ".deleted"


def render_slide(fields: Mapping[str, Any], summary: str, original_text: str | None = None) -> str:
    """A slide file's full text: ``---``, the fields as YAML, ``---``, then ``summary``.

    With ``original_text`` (the file as it is now) the hand-written front matter is kept:
    changed values are updated in place, keeping comments and key order; keys set to None or
    missing from ``fields`` are removed; new keys go at the end.
    """
    original = _split(original_text) if original_text is not None else None
    front = (original[0], original[2]) if original is not None else None
    fields_text = render_map(fields, front, struct_defaults(Slide))
    return f"{FENCE}\n{fields_text}{FENCE}\n{summary.strip()}\n"


def _split(text: str) -> tuple[CommentedMap, str, YAML] | None:
    """The front matter (round-trip), the body as written, and a YAML that writes it back."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if closing is None:
        return None
    front = load_map("".join(lines[1:closing]))
    if front is None:
        return None
    node, yaml = front
    return node, "".join(lines[closing + 1 :]), yaml


def save_slide(
    folder: Path,
    file_name: str,
    fields: Mapping[str, Any],
    summary: str,
    *,
    base_text: str | None = None,
) -> Path:
    """Write ``slides/<file_name>``, keeping the hand edits of the file that is there now.

    ``base_text``: the file as the editor read it (see :func:`read_base`). If the file has
    changed since, the changes are merged field by field: fields changed only elsewhere keep
    their new value, fields changed only here take ours. A field changed on both sides to
    different values, a file deleted elsewhere, or one that can no longer be read raise
    :class:`EditConflict` and nothing is written. Without ``base_text`` the file is overwritten.
    """
    path = _slide_path(folder, file_name)
    original = read_if_there(path, files.MAX_SLIDE_BYTES)
    if base_text is not None and original != base_text:
        fields, summary = _merge_or_raise(path, file_name, base_text, fields, summary)
    text = render_slide(fields, summary, original)
    make_dir(path.parent)
    write_atomic(path, text.encode("utf-8"), backup_dir=backups_dir(folder))
    return path


def new_slide_file_name(folder: Path, slide_id: str, order: int) -> str:
    """An unused file name for a new slide, like ``070-back-pain.md``."""
    stem = f"{max(order, 0):03d}-{slug(slide_id) or 'slide'}"
    slides_dir = Path(folder) / SLIDES_DIR
    try:
        taken = {entry.name.lower() for entry in slides_dir.iterdir()}
    except OSError:
        taken = set()
    name = f"{stem}{SLIDE_SUFFIX}"
    count = 2
    while name.lower() in taken:
        name = f"{stem}-{count}{SLIDE_SUFFIX}"
        count += 1
    return name


def delete_slide(folder: Path, file_name: str, *, base_text: str | None = None) -> Path:
    """Move ``slides/<file_name>`` into the backup folder; returns where it went.

    The slide can be put back with :func:`restore_slide`. ``base_text``: the file as the editor
    read it; if the slide was changed elsewhere since, it is not deleted (:class:`EditConflict`).
    """
    path = _slide_path(folder, file_name)
    if base_text is not None:
        _refuse_if_changed(path, file_name, base_text)
    backups = backups_dir(folder)
    make_dir(backups)
    target = backup_name(file_name, backups, DELETED_SUFFIX)
    try:
        path.replace(target)
    except FileNotFoundError as exc:
        raise SaveError(
            "This slide's file is no longer there: it may have been deleted or renamed already.",
            path,
        ) from exc
    except OSError as exc:
        raise SaveError.from_os_error(exc, path) from exc
    fsync_dir(path.parent)
    fsync_dir(backups)
    return target


def restore_slide(folder: Path, backup_path: Path, file_name: str) -> Path:
    """Put a slide deleted by :func:`delete_slide` back as ``slides/<file_name>``."""
    path = _slide_path(folder, file_name)
    if path.exists():
        raise SaveError(
            f"There is already a slide file called {file_name}, so the deleted slide was not "
            "put back over it. Rename or delete that file first.",
            path,
        )
    make_dir(path.parent)
    try:
        Path(backup_path).replace(path)
    except FileNotFoundError as exc:
        raise SaveError(
            "The deleted slide can no longer be found in the backups, so it cannot be put back.",
            path,
        ) from exc
    except OSError as exc:
        raise SaveError.from_os_error(exc, path) from exc
    fsync_dir(path.parent)
    return path


def set_orders(
    folder: Path, orders: Mapping[str, int], *, expected: Mapping[str, int] | None = None
) -> None:
    """Set the ``order`` field of each named slide file (file name → order), keeping the rest.

    Every file is read and checked before any is written, so a damaged file changes nothing.
    ``expected``: the orders as the editor saw them (file name → order); if any file's order
    was changed elsewhere since, nothing is written (:class:`EditConflict`).
    """
    pending: list[tuple[Path, str]] = []
    for file_name, order in orders.items():
        path = _slide_path(folder, file_name)
        try:
            text = files.read_text(path, files.MAX_SLIDE_BYTES, inside=folder)
        except UnreadableFileError as exc:
            raise SaveError(
                f"{SLIDES_DIR}/{file_name} cannot be read ({exc.message.rstrip('.')}), so the "
                "order of the slides was not changed.",
                path,
            ) from exc
        parts = _split(text)
        if parts is None:
            raise SaveError(
                f"The fields at the top of {SLIDES_DIR}/{file_name} cannot be read, so the order "
                "of the slides was not changed. Fix that file first (Check content).",
                path,
            )
        node, body, yaml = parts
        if expected is not None and file_name in expected:
            _refuse_if_reordered(path, file_name, node, expected[file_name], text)
        _update_order(node, order)
        new_text = f"{FENCE}\n{dump(yaml, node)}{FENCE}\n{body}"
        if new_text != text:
            pending.append((path, new_text))
    # All or nothing: a half-done reorder is neither the old order nor the new one.
    write_all_atomic(
        [(path, new_text.encode("utf-8")) for path, new_text in pending],
        backup_dir=backups_dir(folder),
    )


def _update_order(node: CommentedMap, order: int) -> None:
    key = next((k for k in node if str(k) == "order"), "order")
    if key in node and same(node[key], order):
        return
    node[key] = order


def _slide_path(folder: Path, file_name: str) -> Path:
    name = Path(file_name)
    if (
        not file_name
        or name.name != file_name
        or name.suffix.lower() != SLIDE_SUFFIX
        or files.is_temporary(name)
    ):
        raise ValueError(f"{file_name!r} is not a slide file name (like 070-welcome.md).")
    return Path(folder) / SLIDES_DIR / file_name


def read_base(folder: Path, slide: Slide) -> str:
    """The text to pass as ``base_text`` when saving edits made to ``slide`` (as loaded).

    That is the file as it is now if it still holds ``slide``; if it has changed since the slide
    was loaded (or is gone), the slide written out afresh, so the change is seen as one made
    elsewhere and merged, never overwritten.
    """
    text = read_if_there(_slide_path(folder, slide.file_name), files.MAX_SLIDE_BYTES)
    if text is not None and _as_slide(text, slide.file_name) == slide:
        return text
    return render_slide(slide_fields(slide), slide.summary)


def ids_on_disk(folder: Path) -> set[str]:
    """The ids written in the slide files now, valid slides or not. A new slide must not reuse
    one: another editor may have added a slide that this one has not loaded yet."""
    try:
        paths = [p for p in (Path(folder) / SLIDES_DIR).iterdir() if p.is_file()]
    except OSError:
        return set()
    taken: set[str] = set()
    for path in paths:
        if path.suffix.lower() != SLIDE_SUFFIX or files.is_temporary(path):
            continue
        text = read_if_there(path, files.MAX_SLIDE_BYTES)
        parsed = parse_slide(text) if text is not None else None
        if parsed is not None and isinstance(parsed[0].get("id"), str):
            taken.add(parsed[0]["id"])
    return taken


def read_slide(folder: Path, file_name: str) -> Slide | None:
    """``slides/<file_name>`` as the loader reads it, or None when missing or not valid."""
    text = read_if_there(_slide_path(folder, file_name), files.MAX_SLIDE_BYTES)
    return _as_slide(text, file_name) if text is not None else None


def resolve(
    folder: Path,
    file_name: str,
    keep: Keep,
    fields: Mapping[str, Any],
    summary: str,
    *,
    base_text: str | None = None,
) -> Path | None:
    """Settle an :class:`EditConflict`: keep ``"mine"`` (``fields`` and ``summary``) or
    ``"theirs"`` (the file as it is now), and put the other version in the backup folder.

    With ``base_text`` only the conflicting fields are settled by ``keep``; the changes made on
    either side to other fields are all kept (merged). Returns the backup that holds the version
    not kept (None when there was none: keeping mine over a file deleted elsewhere).
    """
    if keep not in ("mine", "theirs"):
        raise ValueError(f"keep must be 'mine' or 'theirs', not {keep!r}")
    path = _slide_path(folder, file_name)
    backups = backups_dir(folder)
    exists = path.exists()
    disk = read_if_there(path, files.MAX_SLIDE_BYTES)
    merge = (
        three_way(base_text, disk, fields, summary)
        if base_text is not None and disk is not None
        else None
    )
    if keep == "mine":
        if merge is None:
            text = render_slide(fields, summary, disk)
        else:
            chosen, chosen_summary = dict(merge.fields), merge.summary
            for conflict in merge.conflicts:
                if conflict.name == SUMMARY:
                    chosen_summary = summary
                else:
                    chosen[conflict.name] = fields.get(conflict.name)
            text = render_slide(chosen, chosen_summary, disk)
        make_dir(path.parent)
        write_atomic(path, text.encode("utf-8"), backup_dir=backups)
        kept = backups_of(backups, file_name)
        return kept[-1] if exists and kept else None
    make_dir(backups)
    target = backup_name(file_name, backups)
    write_atomic(target, render_slide(fields, summary, disk).encode("utf-8"))
    if merge is not None and merge.taken_from_mine:  # our changes to the other fields stay
        text = render_slide(merge.fields, merge.summary, disk)
        write_atomic(path, text.encode("utf-8"), backup_dir=backups)
    return target


def _merge_or_raise(
    path: Path, file_name: str, base_text: str, fields: Mapping[str, Any], summary: str
) -> tuple[dict[str, Any], str]:
    if not path.exists():
        raise EditConflict(file_name, [], None, path=path)
    disk = read_if_there(path, files.MAX_SLIDE_BYTES)
    merge = three_way(base_text, disk, fields, summary) if disk is not None else None
    if merge is None:
        mine = render_slide(fields, summary)
        raise EditConflict(
            file_name,
            [FieldConflict(WHOLE_FILE, mine, disk or "")],
            disk or "",
            f"{SLIDES_DIR}/{file_name} was changed elsewhere since you opened it and can no "
            "longer be read (see Problems). Nothing was saved yet: choose which version to keep.",
            path,
        )
    if merge.conflicts:
        raise EditConflict(file_name, merge.conflicts, disk, path=path)
    return merge.fields, merge.summary


def _refuse_if_changed(path: Path, file_name: str, base_text: str) -> None:
    """Raise :class:`EditConflict` if the slide was changed on disk since ``base_text``."""
    if not path.exists():
        return  # the caller says it is gone
    disk = read_if_there(path, files.MAX_SLIDE_BYTES)
    if disk == base_text:
        return
    base = parse_slide(base_text)
    merge = (
        three_way(base_text, disk, base[0], base[1])
        if disk is not None and base is not None
        else None
    )
    if merge is not None and not merge.changed_elsewhere:
        return
    changed = merge.changed_elsewhere if merge is not None else []
    names = ", ".join(c.name for c in changed) or "the whole file"
    raise EditConflict(
        file_name,
        changed,
        disk or "",
        f"{SLIDES_DIR}/{file_name} was changed elsewhere ({names}) since you opened it, so it "
        "was not deleted. Look at the changes, then delete it again if you still want to.",
        path,
    )


def _refuse_if_reordered(
    path: Path, file_name: str, node: CommentedMap, expected: int, text: str
) -> None:
    on_disk = next((node[k] for k in node if str(k) == "order"), struct_defaults(Slide)["order"])
    if same(plain_value(on_disk), expected):
        return
    raise EditConflict(
        file_name,
        [FieldConflict("order", expected, plain_value(on_disk))],
        text,
        "The order of the slides was changed elsewhere (on another computer or at the kiosk) "
        "since you opened them, so nothing was moved. Look at the new order, then move the "
        "slide again.",
        path,
    )


def _as_slide(text: str, file_name: str) -> Slide | None:
    parsed = parse_slide(text)
    if parsed is None:
        return None
    slide, _ = validate(parsed[0], Slide, exclude=LOADER_FIELDS)
    if slide is None:
        return None
    return msgspec.structs.replace(slide, summary=parsed[1], file_name=file_name)
