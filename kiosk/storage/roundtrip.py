"""Round-trip YAML editing shared by every file staff change (slides, settings, announcements).

A file is loaded as a ruamel tree, changed in place, and written back, so staff's comments, key
order, quoting and indentation survive; only changed values are rewritten.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarbool import ScalarBoolean

from kiosk.content import frontmatter
from kiosk.storage.fields import same, same_as_written

#: (mapping, sequence, offset): the shipped deck's indentation (``key:`` then ``  - item``), used
#: for new files.
DEFAULT_INDENT: Final = (2, 4, 2)


def round_trip_yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    """A YAML that reads a tree keeping comments, order and quoting, and writes it back with
    this indentation (``guess_indent`` finds a file's own)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True  # an unchanged "quoted value" stays quoted
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 4096  # never fold a long title or teaser over several lines
    return yaml


def load_quietly(yaml: YAML, text: str) -> Any:
    """The tree of ``text``, or None when it cannot be read (the caller writes afresh)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return frontmatter.load_bounded(yaml, text)
    except Exception:  # a broken file is rewritten from the fields instead
        return None


def dump(yaml: YAML, node: Any) -> str:
    """``node`` written as YAML text, ending with a newline."""
    stream = io.StringIO()
    yaml.dump(node, stream)
    text = stream.getvalue()
    return text if text.endswith("\n") else text + "\n"


def load_map(text: str) -> tuple[CommentedMap, YAML] | None:
    """``text``'s mapping as a round-trip tree, and a YAML that writes it back with the file's
    own indentation; None when ``text`` is not a readable mapping (the caller writes afresh)."""
    text = text.removeprefix("\ufeff")
    yaml = round_trip_yaml(*guess_indent(text))
    node = load_quietly(yaml, text)
    return (node, yaml) if isinstance(node, CommentedMap) else None


def render_map(
    fields: Mapping[str, Any],
    original: tuple[CommentedMap, YAML] | None,
    defaults: Mapping[str, Any],
) -> str:
    """``fields`` as YAML text: changed in place in ``original`` (from :func:`load_map`), so its
    comments and key order stay and keys left out or None go; without one, a fresh mapping."""
    if original is None:
        return dump(round_trip_yaml(), fresh_map(fields))
    node, yaml = original
    update_map(node, fields, defaults)
    return dump(yaml, node)


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as staff's file uses it, else the deck's."""
    mapping, sequence, offset = DEFAULT_INDENT
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
        return DEFAULT_INDENT
    return mapping, sequence, offset


def fresh_map(fields: Mapping[str, Any]) -> CommentedMap:
    node = CommentedMap()
    for key, value in fields.items():
        if value is not None:
            node[key] = clean(value)
    return node


def clean(value: Any) -> Any:
    """Plain dicts and lists without None values, ready to be written as YAML."""
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [clean(item) for item in value]
    return value


def update_map(
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
            if same_as_written(name, old, value):  # "screens: Hall, Room 2" stays one line
                continue
            merged = _merge_node(old, value)
            if merged is not old:
                node[existing[name]] = merged
        else:
            node[name] = clean(value)


def _holds_default(name: str, value: Any, defaults: Mapping[str, Any]) -> bool:
    return name in defaults and value == defaults[name]


def _merge_node(old: Any, new: Any) -> Any:
    """``old`` updated to ``new`` in place where possible (keeping its comments and style)."""
    if isinstance(new, Mapping) and isinstance(old, CommentedMap):
        update_map(old, new)
        return old
    if isinstance(new, list | tuple) and isinstance(old, CommentedSeq):
        for index, item in enumerate(new[: len(old)]):
            merged = _merge_node(old[index], item)
            if merged is not old[index]:
                old[index] = merged
        while len(old) > len(new):
            del old[len(old) - 1]
        for item in new[len(old) :]:
            old.append(clean(item))
        return old
    return old if same(old, new) else clean(new)


def plain_value(value: Any) -> Any:
    """A YAML value as plain dicts, lists, str, int, float, bool and dates."""
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(item) for item in value]
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
