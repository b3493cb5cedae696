"""Checking raw YAML values against the model, reporting every problem in plain words.

msgspec does the checking (types, ranges, patterns); this module only decides what to check
field by field, so that one file's problems are all reported at once rather than one per run,
and turns msgspec's messages into sentences a receptionist can act on.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import msgspec

S = TypeVar("S", bound=msgspec.Struct)

#: A place in a YAML document: keys of mappings and indexes of lists.
YamlPath = tuple[str | int, ...]

TYPE_WORDS: Final = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "array": "a list",
    "object": "a group of fields",
    "null": "empty",
    "date": "a date",
    "datetime": "a date and time",
    "ScalarFloat": "a number",  # ruamel.yaml's float
}
_AT_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_PATH_STEP = re.compile(r"\[(\d+)\]|\.([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class FieldError:
    """A problem with the value at ``path`` (empty for the whole block)."""

    path: YamlPath
    message: str


def validate(
    raw: object, struct_type: type[S], *, exclude: frozenset[str] = frozenset()
) -> tuple[S | None, list[FieldError]]:
    """Convert ``raw`` to ``struct_type`` or return every problem found, never raising.

    ``exclude`` names fields that exist in the model but may not be written in a file.
    """
    if not isinstance(raw, Mapping):
        kind = _yaml_kind(raw)
        return None, [FieldError((), f"should be a group of 'name: value' lines, not {kind}.")]
    fields = {f.encode_name: f for f in msgspec.structs.fields(struct_type)}
    allowed = {name: f for name, f in fields.items() if name not in exclude}
    errors = list(_unknown_and_missing(raw, allowed))
    cleaned: dict[str, Any] = {}
    for name, value in raw.items():
        field = allowed.get(name) if isinstance(name, str) else None
        if field is None:
            continue
        prepared = _prepare(value, field.type)
        field_errors = _check_field(name, prepared, field.type)
        errors.extend(field_errors)
        if not field_errors:
            cleaned[name] = prepared
    if errors:
        return None, errors
    try:
        return msgspec.convert(cleaned, struct_type), []
    except msgspec.ValidationError as exc:  # cross-field rules (__post_init__)
        path, message = _split_message(str(exc))
        return None, [FieldError(path, _humanise(message, None))]


def _unknown_and_missing(
    raw: Mapping[Any, Any], allowed: Mapping[str, msgspec.structs.FieldInfo]
) -> Iterator[FieldError]:
    for name in raw:
        if not isinstance(name, str) or name not in allowed:
            yield FieldError((str(name),), _unknown_field_message(str(name), list(allowed)))
    for name, field in allowed.items():
        if field.required and name not in raw:
            hint = _description(field.type)
            yield FieldError((), f"'{name}' is missing." + (f" {hint}" if hint else ""))


#: Words staff write for a field that has another name here (a reference's journal is its
#: ``source``: it may be a book or a web page too).
SAME_MEANING: Final = {
    "journal": "source",
    "journal_title": "source",
    "publication": "source",
    "publisher": "source",
    "book": "source",
    "author": "authors",
    "link": "url",
    "website": "url",
    "web": "url",
    "pubmed": "pmid",
    "pubmed_id": "pmid",
    "heading": "title",
    "name": "title",
}


def _unknown_field_message(name: str, known: Sequence[str]) -> str:
    same = SAME_MEANING.get(name.lower())
    close = [same] if same in known else difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    suggestion = f" Did you mean '{close[0]}'?" if close else ""
    return f"'{name}' is not a field the kiosk knows.{suggestion} Fields: {', '.join(known)}."


def _check_field(name: str, value: Any, tp: Any) -> list[FieldError]:
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError as exc:
        nested = _nested_struct(tp)
        if nested is not None:
            errors = list(_check_nested(name, value, nested))
            if errors:
                return errors
        by_key = _struct_values(tp)
        if by_key is not None and isinstance(value, Mapping):
            # translations: {es: {...}}: each language's fields on their own lines
            errors = [
                FieldError((name, str(key), *error.path), error.message)
                for key, item in value.items()
                for error in validate(item, by_key)[1]
            ]
            if errors:
                return errors
        sub_path, message = _split_message(str(exc))
        path = (name, *sub_path)
        return [FieldError(path, _humanise(message, _description_at(tp, sub_path), value))]
    return []


def _check_nested(name: str, value: Any, struct_type: type[msgspec.Struct]) -> Iterator[FieldError]:
    """Validate each item of a list of structs (or a single struct) on its own."""
    items: Sequence[Any] = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        prefix: YamlPath = (name, index) if isinstance(value, list) else (name,)
        _, errors = validate(item, struct_type)
        for error in errors:
            yield FieldError((*prefix, *error.path), error.message)


def _struct_values(tp: Any) -> type[msgspec.Struct] | None:
    """``S`` for a ``dict[str, S]`` field whose values are structs, else None."""
    tp = _unwrap(tp)
    if typing.get_origin(tp) is not dict:
        return None
    value_type = _unwrap(typing.get_args(tp)[1])
    if isinstance(value_type, type) and issubclass(value_type, msgspec.Struct):
        return value_type
    return None


def _nested_struct(tp: Any) -> type[msgspec.Struct] | None:
    tp = _unwrap(tp)
    candidates = typing.get_args(tp) if _is_union(tp) or typing.get_origin(tp) is list else (tp,)
    for candidate in candidates:
        candidate = _unwrap(candidate)
        if isinstance(candidate, type) and issubclass(candidate, msgspec.Struct):
            return candidate
    return None


def _prepare(value: Any, tp: Any) -> Any:
    """Forgive YAML's guesses staff do not mean: ``pmid: 19433697`` is text, not a number."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool) and _expects_text(tp):
        try:
            return str(value)
        except ValueError:  # an integer over Python's 4300-digit limit (0xFFFF...)
            return value
    if isinstance(value, list):
        item_type = _list_item_type(tp)
        if item_type is Any:  # not a list field: msgspec rejects it without walking it
            return value  # (YAML aliases can nest lists exponentially deep)
        return [_prepare(item, item_type) for item in value]
    struct_type = _unwrap(tp)
    if isinstance(value, Mapping) and typing.get_origin(struct_type) is dict:
        # e.g. translations: {es: {...}}: each value is prepared as its declared type
        value_type = typing.get_args(struct_type)[1]
        return {k: _prepare(v, value_type) for k, v in value.items()}
    if (
        isinstance(value, Mapping)
        and isinstance(struct_type, type)
        and issubclass(struct_type, msgspec.Struct)
    ):  # the fields of a reference (pmid: 19433697) or of a review
        types_ = {f.encode_name: f.type for f in msgspec.structs.fields(struct_type)}
        return {k: _prepare(v, types_[k]) if k in types_ else v for k, v in value.items()}
    return value


def _expects_text(tp: Any) -> bool:
    bases = {_unwrap(arg) for arg in _union_members(_unwrap(tp))}
    return str in bases and not (bases & {int, float})


def _list_item_type(tp: Any) -> Any:
    for member in _union_members(_unwrap(tp)):
        member = _unwrap(member)
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return Any


def _union_members(tp: Any) -> tuple[Any, ...]:
    return typing.get_args(tp) if _is_union(tp) else (tp,)


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the meaningful type."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif _is_union(tp):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _description(tp: Any) -> str | None:
    """The first ``Meta(description=...)`` found on the type, looking through ``| None``."""
    if typing.get_origin(tp) is typing.Annotated:
        for meta in tp.__metadata__:
            if isinstance(meta, msgspec.Meta) and meta.description:
                return str(meta.description)
        return _description(typing.get_args(tp)[0])
    if _is_union(tp):
        for member in typing.get_args(tp):
            found = _description(member)
            if found:
                return found
    return None


def _description_at(tp: Any, sub_path: YamlPath) -> str | None:
    for step in sub_path:
        if isinstance(step, int):
            tp = _list_item_type(tp)
    return _description(tp)


def _split_message(text: str) -> tuple[YamlPath, str]:
    match = _AT_PATH.search(text)
    if not match:
        return (), text
    path: list[str | int] = []
    for index, key in _PATH_STEP.findall(match["path"]):
        path.append(int(index) if index else key)
    return tuple(path), text[: match.start()]


_RULES: Final[list[tuple[re.Pattern[str], typing.Callable[[re.Match[str]], str]]]] = [
    (
        re.compile(r"Expected `(\w+)(?: \| \w+)*`, got `(\w+)`"),
        lambda m: f"should be {_words(m[1])}, not {_words(m[2])}",
    ),
    (
        re.compile(r"Expected `(?:int|float)` >= (\S+)"),
        lambda m: f"is too small: the smallest allowed is {m[1]}",
    ),
    (
        re.compile(r"Expected `(?:int|float)` <= (\S+)"),
        lambda m: f"is too big: the largest allowed is {m[1]}",
    ),
    (re.compile(r"Expected `str` of length >= 1"), lambda m: "is empty"),
    (
        re.compile(r"Expected `str` of length <= (\d+)"),
        lambda m: f"is too long: at most {m[1]} characters",
    ),
    (
        re.compile(r"Expected `array` of length <= (\d+)"),
        lambda m: f"has too many entries: at most {m[1]}",
    ),
    (
        re.compile(r"Expected `array` of length >= (\d+)"),
        lambda m: f"needs at least {m[1]} entr{'y' if m[1] == '1' else 'ies'}",
    ),
    (re.compile(r"Expected `str` matching regex"), lambda m: "is not written the right way"),
    (re.compile(r"Invalid enum value '(.*)'"), lambda m: f"'{m[1]}' is not one of the choices"),
    (re.compile(r"Invalid RFC3339 encoded date"), lambda m: "is not a date"),
    (re.compile(r"Object missing required field `(\w+)`"), lambda m: f"'{m[1]}' is missing"),
    (
        re.compile(r"Object contains unknown field `(\w+)`"),
        lambda m: f"'{m[1]}' is not a field the kiosk knows",
    ),
]


def _humanise(message: str, hint: str | None, value: Any = None) -> str:
    for pattern, render in _RULES:
        match = pattern.match(message)
        if match:
            text = render(match)
            break
    else:
        text = message.rstrip(".")
    shown = _shown_value(value)
    if shown and "not one of" not in text:
        text += f" (it is {shown})"
    return f"{text}." + (f" {hint}" if hint else "")


def _shown_value(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, Mapping | list):
        return None
    if isinstance(value, int | float):
        try:
            number = str(value)
        except ValueError:  # an integer over Python's 4300-digit limit
            return "a number far too long"
        return number if len(number) <= 40 else number[:37] + "..."
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _words(type_name: str) -> str:
    return TYPE_WORDS.get(type_name, type_name)


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return "a single value"
