"""Field tables: a loaded slide or the settings as the plain values a save writes.

Defaults are left out, so a saved file holds what staff set and nothing more; the same plain
values are what the three-way merge compares.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from kiosk.content.model import LOADER_FIELDS, Settings, Slide


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


def same(a: Any, b: Any) -> bool:
    """Equal, and not merely because True == 1."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False
