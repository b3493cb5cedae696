"""A problem found in the content folder, told in words a receptionist understands."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.content.model import Deck


class Severity(enum.Enum):
    """How bad a problem is: errors leave something out, warnings only ask for attention."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file.

    ``file`` is relative to the content folder where possible, so that staff recognise it;
    ``line`` is 1-based and ``None`` where no line applies (a missing file, say).
    """

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR
    slide_id: str | None = None

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{place}: {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A deck and what was wrong on the way to it."""

    deck: Deck
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)
