"""Splitting a slide file into its YAML front matter and its Markdown body, keeping line numbers."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLFutureWarning, YAMLWarning
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from kiosk.content import yaml_advice
from kiosk.content.files import UnreadableFileError
from kiosk.content.validation import YamlPath

FENCE = "---"
#: Values a file may hold once every ``*alias`` is written out. A slide has a few hundred; an
#: "alias bomb" (aliases of aliases, nine levels deep) has hundreds of millions in 600 bytes.
MAX_YAML_VALUES: Final = 50_000
#: Lists and groups inside each other; a slide needs 4 (references, authors).
MAX_YAML_DEPTH: Final = 64
#: Nesting by indentation is checked by its spaces, before the (recursive) parser sees it.
_TOO_DEEP_INDENT: Final = " " * (2 * MAX_YAML_DEPTH + 1)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed slide file. ``first_line`` is the file line of the YAML's first line."""

    fields: Any
    body: str
    first_line: int
    #: The file line the (stripped) body starts on.
    body_line: int = 1

    def line_of(self, path: YamlPath) -> int:
        """The file line of the value at ``path``, or of the nearest enclosing key."""
        return self.first_line + yaml_line(self.fields, path)


def split(text: str) -> Document:
    """Parse ``---\\nfields\\n---\\nbody``. Errors name the line at fault."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise UnreadableFileError(
            "A slide file must start with a line of three dashes (---), then its fields, "
            "then another line of three dashes.",
            1,
        )
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if closing is None:
        raise UnreadableFileError(
            "The fields at the top are not closed: add a line of three dashes (---) after them.",
            len(lines),
        )
    fields = parse_yaml("".join(lines[1:closing]), first_line=2)
    raw_body = "".join(lines[closing + 1 :])
    body = raw_body.strip()
    skipped = raw_body.count("\n", 0, len(raw_body) - len(raw_body.lstrip()))
    return Document(fields=fields, body=body, first_line=2, body_line=closing + 2 + skipped)


class _Constructor(RoundTripConstructor):
    """Gives a value YAML cannot build (``date: 2026-02-30``) the line it is on."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except ValueError as exc:
            raise ConstructorError(problem=str(exc), problem_mark=node.start_mark) from exc

    def get_single_data(self) -> Any:
        # As ruamel.yaml's, with the size checked between composing and building: aliases
        # are still shared nodes here, so a bomb costs nothing until it is built.
        node = self.composer.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return self.construct_document(node)

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        # ruamel.yaml's own message writes both values out in full: with aliases, gigabytes.
        if key in mapping:
            raise _DuplicateKeyError(key_node)
        return True


class _DuplicateKeyError(Exception):
    def __init__(self, key_node: Any) -> None:
        super().__init__("duplicate key")
        value = key_node.value if isinstance(key_node, ScalarNode) else ""
        self.key = str(value)[:60]
        self.line: int = key_node.start_mark.line


class _TooManyValuesError(Exception):
    def __init__(self, line: int, deep: bool) -> None:
        super().__init__("too many values")
        self.line, self.deep = line, deep


def load_bounded(yaml: YAML, text: str) -> Any:
    """``yaml.load(text)``, refused before anything is built if it would be too big or deep."""
    _check_flow_depth(text)
    if not issubclass(yaml.Constructor, _Constructor):
        yaml.Constructor = _Constructor
    return yaml.load(text)


def _check_size(root: Node) -> None:
    """Raise ``_TooManyValuesError`` if ``root`` nests deeper than ``MAX_YAML_DEPTH`` or,
    written out in full (every ``*alias`` expanded), would hold more than ``MAX_YAML_VALUES``
    values. Linear in the distinct nodes: an alias is the same node object again, so each
    node's expanded size is counted once."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done:
            if id(node) in started:  # reached again below itself: a recursive alias
                continue
            if depth > MAX_YAML_DEPTH:
                raise _TooManyValuesError(node.start_mark.line, deep=True)
            started.add(id(node))
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children)
            continue
        # A child still unsized here is an ancestor: a recursive alias, endless when written out.
        total = 1 + sum(sizes.get(id(child), MAX_YAML_VALUES + 1) for child in children)
        if total > MAX_YAML_VALUES:
            raise _TooManyValuesError(node.start_mark.line, deep=False)
        sizes[id(node)] = total


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_flow_depth(text: str) -> None:
    """Refuse ``[[[[...`` nested deeper than ``MAX_YAML_DEPTH``, or lines indented more than
    twice that, before YAML's scanner sees them: its time grows with the square of the depth.

    Brackets in quoted values and comments do not count (they cannot close anything), so they
    cannot hide a deep nest; a quote starts a quoted value only where a value starts."""
    depth, index, end, line = 0, 0, len(text), 0
    value_starts = True  # at a place where YAML would begin a value
    while index < end:
        char = text[index]
        if char in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _TooManyValuesError(line, deep=True)
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1
            # Nesting by indentation: each level needs one more space at least.
            if text.startswith(_TOO_DEEP_INDENT, index + 1):
                raise _TooManyValuesError(line, deep=True)
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            index = text.find("\n", index)
            index = end if index < 0 else index
            continue
        elif char in "\"'" and value_starts:
            index, line = _skip_quoted(text, index, line)
        if char not in " \t":
            value_starts = char in "[{,:-?\n"
        index += 1


def _skip_quoted(text: str, start: int, line: int) -> tuple[int, int]:
    """The index of the quote closing the quoted value at ``start``, and the line there."""
    quote, index = text[start], start + 1
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        elif quote == '"' and char == "\\":
            index += 1
        elif char == quote:
            if quote == "'" and text.startswith("''", index):
                index += 1
            else:
                return index, line
        index += 1
    return index, line


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Round-trip YAML (keeps line numbers); errors name the file line."""
    yaml = YAML(typ="rt")
    try:
        with warnings.catch_warnings():  # a reused &anchor is valid YAML: no noise on stderr
            warnings.simplefilter("ignore", YAMLWarning)
            warnings.simplefilter("ignore", YAMLFutureWarning)
            return load_bounded(yaml, text)
    except _TooManyValuesError as exc:
        why = (
            f"lists and groups are put inside each other more than {MAX_YAML_DEPTH} deep"
            if exc.deep
            else "they repeat other fields (with & and *) so many times that written out they "
            f"would hold more than {MAX_YAML_VALUES:,} values"
        )
        raise UnreadableFileError(
            f"The fields cannot be read: {why}. Write the values out plainly.",
            first_line + exc.line,
        ) from exc
    except _DuplicateKeyError as exc:
        field = f"'{exc.key}' " if exc.key else ""
        raise UnreadableFileError(
            f"The fields cannot be read: the field {field}is written twice. Keep only one.",
            first_line + exc.line,
        ) from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and exc.context_mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # ran off the end: name where the unfinished value began
        line = first_line + mark.line if mark is not None else first_line
        problem = (exc.problem or exc.context or "unreadable").strip()
        at = mark.line if mark is not None else -1
        lines = yaml_advice.LINE_BREAK.split(text)
        advice = yaml_advice.explain(problem, exc.context or "", lines, at)
        if advice is not None:
            raise UnreadableFileError(advice, line) from exc
        raise UnreadableFileError(
            f"The fields cannot be read ({problem}). Check the spelling of this line; "
            "a value that contains a colon (:) or starts with a quote must be put in quotes.",
            line,
        ) from exc
    except ReaderError as exc:  # a control character; position is an index into text
        position = exc.position if isinstance(exc.position, int) else 0
        raise UnreadableFileError(
            "The fields cannot be read (this line holds an invisible control character, "
            f"#x{exc.character:04x}). Type the line again.",
            first_line + text.count("\n", 0, position),
        ) from exc
    except Exception as exc:  # YAMLError, RecursionError, and ruamel's TypeError on "? - :"
        raise UnreadableFileError(f"The fields cannot be read ({exc}).", first_line) from exc


def yaml_line(node: Any, path: YamlPath) -> int:
    """0-based line of ``path`` inside a round-trip YAML tree (best effort, never raises)."""
    line = getattr(getattr(node, "lc", None), "line", 0) or 0
    for step in path:
        position = _position(node, step)
        if position is None:
            break
        line, node = position
    return line


def _position(node: Any, step: str | int) -> tuple[int, Any] | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if isinstance(node, Mapping) and step not in node:  # a key YAML read as 1, true, null
            step = next((key for key in node if str(key) == step), step)
        if isinstance(node, Mapping) and step in node:
            return lc.key(step)[0], node[step]
        if isinstance(node, Sequence) and isinstance(step, int) and step < len(node):
            return lc.item(step)[0], node[step]
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return None
