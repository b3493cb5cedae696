"""Writing real content folders for tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def write_slide(folder: Path, file_name: str, fields: Mapping[str, Any], body: str = "") -> Path:
    """Write ``slides/<file_name>`` with ``fields`` as front matter and ``body`` as summary."""
    slides = folder / "slides"
    slides.mkdir(parents=True, exist_ok=True)
    path = slides / file_name
    with path.open("w", encoding="utf-8") as stream:
        stream.write("---\n")
        YAML().dump(dict(fields), stream)
        stream.write("---\n")
        stream.write(body)
    return path


def write_settings(folder: Path, **settings: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.yaml"
    with path.open("w", encoding="utf-8") as stream:
        YAML().dump(settings, stream)
    return path


def reference(doi: str, title: str = "A trial", pmid: str | None = None) -> dict[str, Any]:
    ref: dict[str, Any] = {
        "authors": ["Doe J", "Roe R"],
        "title": title,
        "source": "J Test Med",
        "year": 2020,
        "volume": "1",
        "pages": "1-10",
        "doi": doi,
    }
    if pmid:
        ref["pmid"] = pmid
    return ref


def simple_deck(folder: Path, count: int = 3, **settings: Any) -> Path:
    """``count`` enabled slides, ids slide-1.., each with one DOI reference."""
    write_settings(folder, clinic_name="Test Clinic", **settings)
    for n in range(1, count + 1):
        write_slide(
            folder,
            f"{n:03d}.md",
            {
                "id": f"slide-{n}",
                "title": f"Slide number {n}",
                "teaser": f"Teaser {n}",
                "order": n,
                "references": [reference(f"10.1000/test.{n}")],
            },
            f"Summary of slide {n}.\n",
        )
    return folder


def ids(slides: Iterable[Any]) -> list[str]:
    return [s.id for s in slides]
