"""Splitting a slide file into its YAML front matter and its Markdown body, keeping line numbers."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLFutureWarning, YAMLWarning
from ruamel.yaml.reader import ReaderError

from kiosk.content import yaml_advice
from kiosk.content.files import UnreadableFileError
from kiosk.content.validation import YamlPath

FENCE = "---"


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed slide file. ``first_line`` is the file line of the YAML's first line."""

    fields: Any
    body: str
    first_line: int

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
    return Document(fields=fields, body="".join(lines[closing + 1 :]).strip(), first_line=2)


class _Constructor(RoundTripConstructor):
    """Gives a value YAML cannot build (``date: 2026-02-30``) the line it is on."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except ValueError as exc:
            raise ConstructorError(problem=str(exc), problem_mark=node.start_mark) from exc


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """Round-trip YAML (keeps line numbers); errors name the file line."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        with warnings.catch_warnings():  # a reused &anchor is valid YAML: no noise on stderr
            warnings.simplefilter("ignore", YAMLWarning)
            warnings.simplefilter("ignore", YAMLFutureWarning)
            return yaml.load(text)
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
