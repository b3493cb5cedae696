"""Field tables: a loaded slide or the settings as the plain values a save writes.

Defaults are left out, so a saved file holds what staff set and nothing more; the same plain
values are what the three-way merge compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Final

import msgspec

from kiosk.content.model import LOADER_FIELDS, Settings, Slide
from kiosk.content.screens import SCREENS_FIELD, split_names

#: Fields a file may write as a list or as one line of names separated by commas
#: (``screens: Hall, Waiting room 2``), each with what reads the line as a list. A save keeps
#: the way staff wrote it while the names stay the same.
COMMA_LISTS: Final[dict[str, Callable[[Any], Any]]] = {SCREENS_FIELD: split_names}


def slide_fields(slide: Slide) -> dict[str, Any]:
    """The front-matter fields of a loaded slide as plain values, leaving out defaults.

    Loader-filled fields (summary, file name) are not included; dates stay ``datetime.date``.
    """
    return _struct_fields(slide, exclude=LOADER_FIELDS)


def settings_fields(settings: Settings) -> dict[str, Any]:
    """The settings as plain values for :func:`~kiosk.storage.settings.save_settings`, leaving
    out defaults."""
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
    return same(default, value)


def _plain(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return _struct_fields(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return msgspec.to_builtins(value, builtin_types=(dt.date,))


def struct_defaults(struct_type: type[msgspec.Struct]) -> dict[str, Any]:
    """Each field's default value (factories called), for ``update_map``."""
    found: dict[str, Any] = {}
    for field in msgspec.structs.fields(struct_type):
        if field.default is not msgspec.NODEFAULT:
            found[field.encode_name] = field.default
        elif field.default_factory is not msgspec.NODEFAULT:
            found[field.encode_name] = field.default_factory()
    return found


def same_as_written(name: str, written: Any, value: Any) -> bool:
    """Whether ``written`` (as the file has it) already says ``value`` for the field ``name``:
    equal, or the same names on one comma-separated line (:data:`COMMA_LISTS`)."""
    read = COMMA_LISTS.get(name)
    if read is not None and isinstance(written, str):
        return same(read(written), value)
    return same(written, value)


def same(a: Any, b: Any) -> bool:
    """Equal, and not merely because True == 1."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False
