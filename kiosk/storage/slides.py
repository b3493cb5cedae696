"""Changing the content folder: slides, settings and pictures, the way staff mode edits them.

Every write goes through :func:`~kiosk.storage.atomic.write_atomic` (never a half-written
file) and keeps the previous version in ``<folder>/.backups/``. Edits keep what staff typed by
hand: comments, key order and quoting in the front matter survive, and only changed values are
rewritten.

Two editors may work on one folder at once (the kiosk's staff mode and a desk editor on another
computer, over a network share or a synced folder). Each save says what the file looked like when
the editor read it (``base_text``); a file changed elsewhere since is merged field by field, and
a field changed on both sides to different values stops the save with :class:`EditConflict`
until staff choose a version (:func:`resolve`). The version not kept goes to the backup folder.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, Final, Literal

import msgspec
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarbool import ScalarBoolean

from kiosk.content import files, frontmatter
from kiosk.content.files import SETTINGS_FILE, SLIDE_SUFFIX, SLIDES_DIR, UnreadableFileError
from kiosk.content.model import IMAGE_SUFFIXES, LOADER_FIELDS, Settings, Slide
from kiosk.content.validation import validate
from kiosk.storage.atomic import (
    SaveError,
    backup_name,
    backups_of,
    fsync_dir,
    write_all_atomic,
    write_atomic,
)

BACKUPS_DIR: Final = ".backups"
IMAGES_DIR: Final = "images"
FENCE: Final = "---"
#: The suffix of a deleted slide in the backup folder (never pruned with ordinary backups).
DELETED_SUFFIX: Final = ".deleted"
#: The indentation of the shipped deck (``key:`` then ``  - item``), used for new files.
_DEFAULT_INDENT: Final = (2, 4, 2)
_MAX_NAME_LENGTH: Final = 60


# -- fields -------------------------------------------------------------------------------------


def slide_fields(slide: Slide) -> dict[str, Any]:
    """The front-matter fields of a loaded slide as plain values, leaving out defaults.

    Loader-filled fields (summary, file name) are not included; dates stay ``datetime.date``.
    """
    return _struct_fields(slide, exclude=LOADER_FIELDS)


def settings_fields(settings: Settings) -> dict[str, Any]:
    """The settings as plain values for :func:`save_settings`, leaving out defaults."""
    return _struct_fields(settings)


def _struct_fields(struct: msgspec.Struct, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field in msgspec.structs.fields(struct):
        if field.name in exclude:
            continue
        value = getattr(struct, field.name)
        if _is_default(field, value):
            continue
        fields[field.encode_name] = _plain(value)
    return fields


def _is_default(field: msgspec.structs.FieldInfo, value: Any) -> bool:
    if field.default is not msgspec.NODEFAULT:
        default: Any = field.default
    elif field.default_factory is not msgspec.NODEFAULT:
        default = field.default_factory()
    else:
        return False
    return _same(default, value)


def _plain(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return _struct_fields(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return msgspec.to_builtins(value, builtin_types=(dt.date,))


# -- rendering ----------------------------------------------------------------------------------


def render_slide(fields: Mapping[str, Any], summary: str, original_text: str | None = None) -> str:
    """A slide file's full text: ``---``, the fields as YAML, ``---``, then ``summary``.

    With ``original_text`` (the file as it is now) the hand-written front matter is kept:
    changed values are updated in place, keeping comments and key order; keys set to None or
    missing from ``fields`` are removed; new keys go at the end.
    """
    original = _split(original_text) if original_text is not None else None
    if original is not None:
        node, _, yaml = original
        _update_map(node, fields, _defaults(Slide))
    else:
        node, yaml = _fresh_map(fields), _yaml()
    return f"{FENCE}\n{_dump(yaml, node)}{FENCE}\n{summary.strip()}\n"


def render_settings(fields: Mapping[str, Any], original_text: str | None = None) -> str:
    """settings.yaml's text, keeping the comments and order of ``original_text`` as for slides."""
    if original_text is not None:
        text = original_text.removeprefix("\ufeff")
        yaml = _yaml(*_guess_indent(text))
        node = _load(yaml, text)
        if isinstance(node, CommentedMap):
            _update_map(node, fields, _defaults(Settings))
            return _dump(yaml, node)
    return _dump(_yaml(), _fresh_map(fields))


def _split(text: str) -> tuple[CommentedMap, str, YAML] | None:
    """The front matter (round-trip), the body as written, and a YAML that writes it back."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if closing is None:
        return None
    yaml_text = "".join(lines[1:closing])
    yaml = _yaml(*_guess_indent(yaml_text))
    node = _load(yaml, yaml_text)
    if not isinstance(node, CommentedMap):
        return None
    return node, "".join(lines[closing + 1 :]), yaml


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True  # an unchanged "quoted value" stays quoted
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 4096  # never fold a long title or teaser over several lines
    return yaml


def _load(yaml: YAML, text: str) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return frontmatter.load_bounded(yaml, text)
    except Exception:  # a broken file is rewritten from the fields instead
        return None


def _dump(yaml: YAML, node: Any) -> str:
    stream = io.StringIO()
    yaml.dump(node, stream)
    text = stream.getvalue()
    return text if text.endswith("\n") else text + "\n"


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as staff's file uses it, else the deck's."""
    mapping, sequence, offset = _DEFAULT_INDENT
    found_mapping = found_sequence = False
    parent: int | None = None  # the indent of the last "key:" line with nothing after it
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if parent is not None and indent >= parent:
            if stripped.startswith("- ") and not found_sequence:
                after = len(stripped) - len(stripped[1:].lstrip(" "))
                offset = indent - parent
                sequence = offset + after
                found_sequence = True
            elif not stripped.startswith("-") and indent > parent and not found_mapping:
                mapping = indent - parent
                found_mapping = True
        parent = indent if stripped.endswith(":") and not stripped.startswith("-") else None
        if found_mapping and found_sequence:
            break
    if sequence < offset + 2:
        return _DEFAULT_INDENT
    return mapping, sequence, offset


def _fresh_map(fields: Mapping[str, Any]) -> CommentedMap:
    node = CommentedMap()
    for key, value in fields.items():
        if value is not None:
            node[key] = _clean(value)
    return node


def _clean(value: Any) -> Any:
    """Plain dicts and lists without None values, ready to be written as YAML."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def _update_map(
    node: CommentedMap, fields: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> None:
    """Update ``node`` to ``fields``; a key missing from ``fields`` goes, unless it holds its
    default value (``enabled: true  # comment`` written by hand stays, comment and all)."""
    existing = {str(key): key for key in node}
    for name, key in existing.items():
        kept_default = name not in fields and _holds_default(name, node[key], defaults or {})
        if fields.get(name) is None and not kept_default:
            del node[key]
    for name, value in fields.items():
        if value is None:
            continue
        if name in existing:
            old = node[existing[name]]
            merged = _merge(old, value)
            if merged is not old:
                node[existing[name]] = merged
        else:
            node[name] = _clean(value)


def _holds_default(name: str, value: Any, defaults: Mapping[str, Any]) -> bool:
    return name in defaults and value == defaults[name]


def _defaults(struct_type: type[msgspec.Struct]) -> dict[str, Any]:
    """Each field's default value (factories called), for ``_update_map``."""
    found: dict[str, Any] = {}
    for field in msgspec.structs.fields(struct_type):
        if field.default is not msgspec.NODEFAULT:
            found[field.encode_name] = field.default
        elif field.default_factory is not msgspec.NODEFAULT:
            found[field.encode_name] = field.default_factory()
    return found


def _merge(old: Any, new: Any) -> Any:
    """``old`` updated to ``new`` in place where possible (keeping its comments and style)."""
    if isinstance(new, Mapping) and isinstance(old, CommentedMap):
        _update_map(old, new)
        return old
    if isinstance(new, list | tuple) and isinstance(old, CommentedSeq):
        for index, item in enumerate(new[: len(old)]):
            merged = _merge(old[index], item)
            if merged is not old[index]:
                old[index] = merged
        while len(old) > len(new):
            del old[len(old) - 1]
        for item in new[len(old) :]:
            old.append(_clean(item))
        return old
    return old if _same(old, new) else _clean(new)


def _same(a: Any, b: Any) -> bool:
    """Equal, and not merely because True == 1."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


# -- slides -------------------------------------------------------------------------------------


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
    original = _read_if_there(path, files.MAX_SLIDE_BYTES)
    if base_text is not None and original != base_text:
        fields, summary = _merge_or_raise(path, file_name, base_text, fields, summary)
    text = render_slide(fields, summary, original)
    _make_dir(path.parent)
    write_atomic(path, text.encode("utf-8"), backup_dir=_backups(folder))
    return path


def new_slide_file_name(folder: Path, slide_id: str, order: int) -> str:
    """An unused file name for a new slide, like ``070-back-pain.md``."""
    slug = _slug(slide_id) or "slide"
    stem = f"{max(order, 0):03d}-{slug}"
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
    backups = _backups(folder)
    _make_dir(backups)
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
    _make_dir(path.parent)
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
        new_text = f"{FENCE}\n{_dump(yaml, node)}{FENCE}\n{body}"
        if new_text != text:
            pending.append((path, new_text))
    # All or nothing: a half-done reorder is neither the old order nor the new one.
    write_all_atomic(
        [(path, new_text.encode("utf-8")) for path, new_text in pending],
        backup_dir=_backups(folder),
    )


def _update_order(node: CommentedMap, order: int) -> None:
    key = next((k for k in node if str(k) == "order"), "order")
    if key in node and _same(node[key], order):
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


# -- two editors at once ------------------------------------------------------------------------

#: The name a conflict over the text below the fields (the summary) goes by.
SUMMARY: Final = "summary"
#: The name of the one conflict reported when the file on disk can no longer be read at all.
WHOLE_FILE: Final = "file"
Keep = Literal["mine", "theirs"]


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field changed here and elsewhere since the editor read the file, to different values.

    ``name`` is a front-matter field, :data:`SUMMARY`, or :data:`WHOLE_FILE`; ``mine`` and
    ``theirs`` are plain values (None: the field is not set).
    """

    name: str
    mine: Any
    theirs: Any


class EditConflict(SaveError):  # noqa: N818 (the name the issue gives it)
    """The slide's file changed elsewhere since the editor read it, in a way that cannot be
    merged by itself. Nothing was written.

    ``disk_text`` is the file as it is now, or None when it was deleted elsewhere.
    """

    def __init__(
        self,
        file_name: str,
        conflicts: Sequence[FieldConflict],
        disk_text: str | None,
        message: str | None = None,
        path: Path | None = None,
    ) -> None:
        self.file_name = file_name
        self.conflicts = list(conflicts)
        self.disk_text = disk_text
        super().__init__(message or _conflict_message(file_name, self.conflicts, disk_text), path)

    @property
    def deleted(self) -> bool:
        return self.disk_text is None


def _conflict_message(file_name: str, conflicts: list[FieldConflict], disk_text: str | None) -> str:
    where = f"{SLIDES_DIR}/{file_name}"
    if disk_text is None:
        return (
            f"{where} was deleted elsewhere (on another computer or at the kiosk) since you "
            "opened it. Nothing was saved yet: choose whether to keep your version or leave it "
            "deleted."
        )
    names = ", ".join(c.name for c in conflicts)
    return (
        f"{where} was changed elsewhere (on another computer or at the kiosk) since you opened "
        f"it, and the same fields were changed both times ({names}). Nothing was saved yet: "
        "choose which version to keep."
    )


def read_base(folder: Path, slide: Slide) -> str:
    """The text to pass as ``base_text`` when saving edits made to ``slide`` (as loaded).

    That is the file as it is now if it still holds ``slide``; if it has changed since the slide
    was loaded (or is gone), the slide written out afresh, so the change is seen as one made
    elsewhere and merged, never overwritten.
    """
    text = _read_if_there(_slide_path(folder, slide.file_name), files.MAX_SLIDE_BYTES)
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
        text = _read_if_there(path, files.MAX_SLIDE_BYTES)
        parsed = _parse(text) if text is not None else None
        if parsed is not None and isinstance(parsed[0].get("id"), str):
            taken.add(parsed[0]["id"])
    return taken


def read_slide(folder: Path, file_name: str) -> Slide | None:
    """``slides/<file_name>`` as the loader reads it, or None when missing or not valid."""
    text = _read_if_there(_slide_path(folder, file_name), files.MAX_SLIDE_BYTES)
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
    backups = _backups(folder)
    exists = path.exists()
    disk = _read_if_there(path, files.MAX_SLIDE_BYTES)
    merge = (
        _three_way(base_text, disk, fields, summary)
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
        _make_dir(path.parent)
        write_atomic(path, text.encode("utf-8"), backup_dir=backups)
        kept = backups_of(backups, file_name)
        return kept[-1] if exists and kept else None
    _make_dir(backups)
    target = backup_name(file_name, backups)
    write_atomic(target, render_slide(fields, summary, disk).encode("utf-8"))
    if merge is not None and merge.taken_from_mine:  # our changes to the other fields stay
        text = render_slide(merge.fields, merge.summary, disk)
        write_atomic(path, text.encode("utf-8"), backup_dir=backups)
    return target


@dataclass(slots=True)
class _Merge:
    """Ours and theirs merged; conflicting fields hold theirs."""

    fields: dict[str, Any]
    summary: str
    conflicts: list[FieldConflict] = dataclass_field(default_factory=list)
    #: Changed on disk since the base: (name, base value, value on disk).
    changed_elsewhere: list[FieldConflict] = dataclass_field(default_factory=list)
    taken_from_mine: list[str] = dataclass_field(default_factory=list)


def _merge_or_raise(
    path: Path, file_name: str, base_text: str, fields: Mapping[str, Any], summary: str
) -> tuple[dict[str, Any], str]:
    if not path.exists():
        raise EditConflict(file_name, [], None, path=path)
    disk = _read_if_there(path, files.MAX_SLIDE_BYTES)
    merge = _three_way(base_text, disk, fields, summary) if disk is not None else None
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
    disk = _read_if_there(path, files.MAX_SLIDE_BYTES)
    if disk == base_text:
        return
    base = _parse(base_text)
    merge = (
        _three_way(base_text, disk, base[0], base[1])
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
    on_disk = next((node[k] for k in node if str(k) == "order"), _defaults(Slide)["order"])
    if _same(_plain_value(on_disk), expected):
        return
    raise EditConflict(
        file_name,
        [FieldConflict("order", expected, _plain_value(on_disk))],
        text,
        "The order of the slides was changed elsewhere (on another computer or at the kiosk) "
        "since you opened them, so nothing was moved. Look at the new order, then move the "
        "slide again.",
        path,
    )


def _three_way(
    base_text: str, disk_text: str, fields: Mapping[str, Any], summary: str
) -> _Merge | None:
    """Merge our ``fields``/``summary`` (edited from ``base_text``) into ``disk_text``.

    None when the file on disk has no readable fields.
    """
    disk = _parse(disk_text)
    if disk is None:
        return None
    base = _parse(base_text) or ({}, "")  # an unreadable base: every difference is a conflict
    base_fields, base_body = base
    disk_fields, disk_body = disk
    views = _Views(base_fields, disk_fields, fields)
    merged = {str(k): _plain_value(v) for k, v in disk_fields.items()}
    result = _Merge(merged, disk_body)
    names = list(
        dict.fromkeys([*merged, *(str(k) for k in fields), *(str(k) for k in base_fields)])
    )
    for name in names:
        theirs_changed = not views.same("base", "disk", name)
        mine_changed = not views.same("base", "mine", name)
        if theirs_changed:
            before = views.raw("base", name)
            result.changed_elsewhere.append(FieldConflict(name, before, merged.get(name)))
        if not mine_changed:
            continue
        if not theirs_changed:
            merged[name] = _plain_value(fields.get(name))
            result.taken_from_mine.append(name)
        elif not views.same("mine", "disk", name):
            result.conflicts.append(
                FieldConflict(name, _plain_value(fields.get(name)), merged.get(name))
            )
    mine_body = summary.strip()
    if disk_body != base_body:
        result.changed_elsewhere.append(FieldConflict(SUMMARY, base_body, disk_body))
    if mine_body != base_body:
        if disk_body == base_body:
            result.summary = mine_body
            result.taken_from_mine.append(SUMMARY)
        elif mine_body != disk_body:
            result.conflicts.append(FieldConflict(SUMMARY, mine_body, disk_body))
    return result


class _Views:
    """The three versions' fields, compared as the loader reads them where all parts are valid
    (so ``enabled: true`` written out equals it left out), else as written."""

    def __init__(self, base: Mapping[str, Any], disk: Mapping[str, Any], mine: Mapping[str, Any]):
        self._raw = {"base": base, "disk": disk, "mine": mine}
        self._valid = {key: _valid_view(value) for key, value in self._raw.items()}
        self._plain = {key: _raw_view(value) for key, value in self._raw.items()}

    def raw(self, which: str, name: str) -> Any:
        return self._plain[which].get(name)

    def same(self, a: str, b: str, name: str) -> bool:
        valid_a, valid_b = self._valid[a], self._valid[b]
        if valid_a is not None and valid_b is not None:
            return _same(valid_a.get(name), valid_b.get(name))
        return _same(self._plain[a].get(name), self._plain[b].get(name))


def _parse(text: str) -> tuple[Mapping[str, Any], str] | None:
    """A slide file's fields (as YAML gives them) and its summary, or None if unreadable."""
    try:
        document = frontmatter.split(text.removeprefix("\ufeff"))
    except UnreadableFileError:
        return None
    except Exception:  # a parser bug: treat the file as unreadable, never crash a save
        return None
    if document.fields is None:
        return {}, document.body
    if not isinstance(document.fields, Mapping):
        return None
    return document.fields, document.body


def _as_slide(text: str, file_name: str) -> Slide | None:
    parsed = _parse(text)
    if parsed is None:
        return None
    slide, _ = validate(parsed[0], Slide, exclude=LOADER_FIELDS)
    if slide is None:
        return None
    return msgspec.structs.replace(slide, summary=parsed[1], file_name=file_name)


def _valid_view(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    slide, _ = validate(raw, Slide, exclude=LOADER_FIELDS)
    return slide_fields(slide) if slide is not None else None


def _raw_view(raw: Mapping[str, Any]) -> dict[str, Any]:
    defaults = _defaults(Slide)
    view: dict[str, Any] = {}
    for key, value in raw.items():
        plain = _plain_value(value)
        name = str(key)
        if plain is None or (name in defaults and _same(defaults[name], plain)):
            continue
        view[name] = plain
    return view


def _plain_value(value: Any) -> Any:
    """A YAML value as plain dicts, lists, str, int, float, bool and dates."""
    if isinstance(value, Mapping):
        return {str(k): _plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_value(item) for item in value]
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


# -- settings -----------------------------------------------------------------------------------


def save_settings(
    folder: Path, fields: Mapping[str, Any], *, seen: Mapping[str, Any] | None = None
) -> Path:
    """Write settings.yaml, keeping the comments and order of the file that is there now.

    ``seen``: the settings as the editor showed them (:func:`settings_fields`). A setting changed
    elsewhere since keeps its new value unless ``fields`` changes it too; changed to different
    values on both sides, nothing is written (:class:`EditConflict`).
    """
    path = Path(folder) / SETTINGS_FILE
    original = _read_if_there(path, files.MAX_SETTINGS_BYTES)
    if seen is not None and original is not None:
        fields = _merge_settings(path, original, fields, seen)
    text = render_settings(fields, original)
    write_atomic(path, text.encode("utf-8"), backup_dir=_backups(folder))
    return path


def _merge_settings(
    path: Path, original: str, fields: Mapping[str, Any], seen: Mapping[str, Any]
) -> dict[str, Any]:
    raw = _load(_yaml(), original.removeprefix("\ufeff"))
    if not isinstance(raw, Mapping):
        return dict(fields)  # unreadable: rewritten from the form, as before (and backed up)
    settings, _ = validate(raw, Settings)
    disk = settings_fields(settings) if settings is not None else _raw_settings(raw)
    defaults = _defaults(Settings)

    def value(view: Mapping[str, Any], name: str) -> Any:
        found = view.get(name)
        return defaults.get(name) if found is None else found

    merged = dict(fields)
    conflicts: list[FieldConflict] = []
    for name in dict.fromkeys([*fields, *disk, *seen]):
        before, mine, theirs = value(seen, name), value(fields, name), value(disk, name)
        if _same(before, theirs):
            continue
        if _same(before, mine):
            merged[name] = disk.get(name)  # changed elsewhere only: theirs stays
        elif not _same(mine, theirs):
            conflicts.append(FieldConflict(name, mine, theirs))
    if conflicts:
        names = ", ".join(c.name for c in conflicts)
        raise EditConflict(
            SETTINGS_FILE,
            conflicts,
            original,
            f"The settings were changed elsewhere (on another computer or at the kiosk) since "
            f"you opened them ({names}), so they were not saved. The new values are shown now: "
            "make your change again.",
            path,
        )
    return merged


def _raw_settings(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): _plain_value(v) for k, v in raw.items() if v is not None}


# -- pictures -----------------------------------------------------------------------------------


def import_image(folder: Path, source: Path) -> str:
    """Copy the picture ``source`` into ``<folder>/images/``; returns ``"images/<name>"``.

    The name is made safe (lowercase letters, digits and hyphens) and unique; the same picture
    imported twice is stored once.
    """
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise SaveError(
            f"'{source.name}' is not a picture the kiosk can show. Choose a PNG, JPEG, WebP, GIF "
            "or BMP file.",
            source,
        )
    data = _read_picture(source)
    images = Path(folder) / IMAGES_DIR
    _make_dir(images)
    stem = _slug(source.stem) or "picture"
    name = f"{stem}{suffix}"
    count = 2
    while (images / name).exists():
        if _same_bytes(images / name, data):
            return f"{IMAGES_DIR}/{name}"
        name = f"{stem}-{count}{suffix}"
        count += 1
    write_atomic(images / name, data)
    return f"{IMAGES_DIR}/{name}"


def _read_picture(source: Path) -> bytes:
    limit = files.MAX_IMAGE_BYTES
    try:
        size = source.stat().st_size
        if size <= limit:
            with source.open("rb") as stream:
                data = stream.read(limit + 1)
            size = len(data)
    except OSError as exc:
        raise SaveError(
            f"The picture '{source.name}' could not be read ({exc.strerror or exc}). Nothing "
            "was changed.",
            source,
        ) from exc
    if size > limit:
        raise SaveError(
            f"The picture is too big ({size / (1024 * 1024):.0f} MB); a picture may be at most "
            f"{limit // (1024 * 1024)} MB. Make it smaller (2000 pixels across is plenty) and "
            "try again.",
            source,
        )
    if not _looks_like_picture(data):
        raise SaveError(
            f"'{source.name}' is not a picture (its contents are not PNG, JPEG, WebP, GIF or "
            "BMP). Choose another file.",
            source,
        )
    return data


def _looks_like_picture(data: bytes) -> bool:
    return data.startswith(
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
    ) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


# -- helpers ------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    """``"My Photo (1)"`` → ``"my-photo-1"``: lowercase ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_MAX_NAME_LENGTH].strip("-")


def _backups(folder: Path) -> Path:
    return Path(folder) / BACKUPS_DIR


def _make_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError.from_os_error(exc, path) from exc


def _read_if_there(path: Path, max_bytes: int) -> str | None:
    """The file's text, or None when it is missing or unusable (it is then written afresh)."""
    if not path.exists():
        return None
    try:
        return files.read_text(path, max_bytes)
    except UnreadableFileError:
        return None
