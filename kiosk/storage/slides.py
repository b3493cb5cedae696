"""Changing the content folder: slides, settings and pictures, the way staff mode edits them.

Every write goes through :func:`~kiosk.storage.atomic.write_atomic` (never a half-written
file) and keeps the previous version in ``<folder>/.backups/``. Edits keep what staff typed by
hand: comments, key order and quoting in the front matter survive, and only changed values are
rewritten.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import msgspec
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.content import files
from kiosk.content.files import UnreadableFileError
from kiosk.content.loader import SETTINGS_FILE, SLIDE_SUFFIX, SLIDES_DIR
from kiosk.content.model import IMAGE_SUFFIXES, LOADER_FIELDS, Settings, Slide
from kiosk.storage.atomic import SaveError, backup_name, fsync_dir, write_atomic

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
            return yaml.load(text)
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


def save_slide(folder: Path, file_name: str, fields: Mapping[str, Any], summary: str) -> Path:
    """Write ``slides/<file_name>``, keeping the hand edits of the file that is there now."""
    path = _slide_path(folder, file_name)
    original = _read_if_there(path, files.MAX_SLIDE_BYTES)
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


def delete_slide(folder: Path, file_name: str) -> Path:
    """Move ``slides/<file_name>`` into the backup folder; returns where it went.

    The slide can be put back with :func:`restore_slide`.
    """
    path = _slide_path(folder, file_name)
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


def set_orders(folder: Path, orders: Mapping[str, int]) -> None:
    """Set the ``order`` field of each named slide file (file name → order), keeping the rest.

    Every file is read and checked before any is written, so a damaged file changes nothing.
    """
    pending: list[tuple[Path, str]] = []
    for file_name, order in orders.items():
        path = _slide_path(folder, file_name)
        try:
            text = files.read_text(path, files.MAX_SLIDE_BYTES)
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
        _update_order(node, order)
        new_text = f"{FENCE}\n{_dump(yaml, node)}{FENCE}\n{body}"
        if new_text != text:
            pending.append((path, new_text))
    for path, new_text in pending:
        write_atomic(path, new_text.encode("utf-8"), backup_dir=_backups(folder))


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


# -- settings -----------------------------------------------------------------------------------


def save_settings(folder: Path, fields: Mapping[str, Any]) -> Path:
    """Write settings.yaml, keeping the comments and order of the file that is there now."""
    path = Path(folder) / SETTINGS_FILE
    original = _read_if_there(path, files.MAX_SETTINGS_BYTES)
    text = render_settings(fields, original)
    write_atomic(path, text.encode("utf-8"), backup_dir=_backups(folder))
    return path


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
