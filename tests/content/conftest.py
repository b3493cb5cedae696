"""Helpers that write real content folders (settings.yaml, slides/*.md, images/) into tmp_path.

Slides written by :func:`slide_md` have a fixed layout, so tests can name exact lines:

    line 1  ---
    line 2  id: ...
    line 3  title: ...
    line 4  teaser: ...
    line 5  (the first of the ``extra`` lines)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.content import LoadResult, Problem, Slide, load_deck

#: The file line of the first ``extra`` line in :func:`slide_md`.
EXTRA_LINE = 5

#: The smallest valid PNG (1x1, transparent), so image checks see a real picture.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def slide_md(
    slide_id: str = "sample",
    *,
    title: str = "A sample slide",
    teaser: str = "One sentence for the cycling screen.",
    extra: str = "",
    body: str = "Some **Markdown** text.",
    newline: str = "\n",
) -> str:
    """A slide file; ``extra`` is raw YAML inserted from line 5 on (end it with a newline)."""
    lines = ["---", f"id: {slide_id}", f"title: {title}", f"teaser: {teaser}"]
    text = "\n".join(lines) + "\n" + extra + "---\n" + body + "\n"
    return text.replace("\n", newline)


def reference_yaml(indent: str = "  ", **fields: str) -> str:
    """One ``- authors: ...`` entry of a ``references:`` list, as YAML lines.

    By default a complete reference with only a DOI; a field given as ``""`` is left out.
    """
    values = {
        "authors": "[Cherkin DC, Sherman KJ]",
        "title": "A randomized trial",
        "source": "Archives of Internal Medicine",
        "year": "2009",
        "doi": "10.1001/archinternmed.2009.65",
    }
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items() if value != ""]
    first, *rest = lines
    return f"{indent}- {first}\n" + "".join(f"{indent}  {line}\n" for line in rest)


@dataclass
class ContentFolder:
    """A content folder being built in a test."""

    path: Path

    @property
    def slides_dir(self) -> Path:
        return self.path / "slides"

    @property
    def images_dir(self) -> Path:
        return self.path / "images"

    def slide(self, name: str, text: str | bytes | None = None, **fields: str) -> Path:
        """Write ``slides/<name>``: ``text`` as is, or :func:`slide_md` built from ``fields``."""
        if text is None:
            text = slide_md(**fields)
        target = self.slides_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_bytes(text.encode("utf-8"))
        return target

    def settings(self, text: str | bytes) -> Path:
        target = self.path / "settings.yaml"
        target.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return target

    def image(self, name: str, data: bytes = TINY_PNG) -> Path:
        target = self.images_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def load(self) -> LoadResult:
        return load_deck(self.path)


def make_content(path: Path) -> ContentFolder:
    (path / "slides").mkdir(parents=True, exist_ok=True)
    (path / "images").mkdir(exist_ok=True)
    return ContentFolder(path)


@pytest.fixture
def content(tmp_path: Path) -> ContentFolder:
    """An empty content folder (with slides/ and images/) in tmp_path."""
    return make_content(tmp_path / "clinic")


def problems_in(result: LoadResult, file: str) -> list[Problem]:
    return [p for p in result.problems if p.file == file]


def field_problem(result: LoadResult, file: str) -> Problem:
    """The one problem about a field of ``file`` (besides the "slide is not shown" summary)."""
    found = [p for p in problems_in(result, file) if "until the problems above" not in p.message]
    assert len(found) == 1, "\n".join(str(p) for p in result.problems)
    return found[0]


def assert_slide_left_out(result: LoadResult, file: str) -> None:
    """The slide in ``file`` is not in the deck, and the problems say it is not shown."""
    name = file.removeprefix("slides/")
    assert name not in {s.file_name for s in result.deck.slides}
    assert any("not shown" in p.message for p in problems_in(result, file)), result.problems


def ids(slides: Iterable[Slide]) -> list[str]:
    return [s.id for s in slides]
