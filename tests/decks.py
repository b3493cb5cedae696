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


#: As long as a title and a teaser may be (80 and 160 characters).
LONG_TITLE = "Living well with chronic low back pain: what research says about acupuncture too"
LONG_TEASER = (
    "Most back pain gets better on its own within weeks. Staying active helps and bed rest "
    "does not. Here is what trials found, what it costs, and what to ask."
)
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" + "Hippopotomonstrosesquipedalian"
ARABIC = {
    "title": "الوخز بالإبر لآلام أسفل الظهر المزمنة: ما وجدته الدراسات البحثية حتى الآن",
    "teaser": "اضغط على الشريحة لقراءة المزيد عن الفوائد والمخاطر والتكاليف وما يجب أن تسأل عنه.",
}
CHINESE = {  # Chinese punctuation is full width
    "title": "针灸治疗慢性腰痛：研究发现了什么，还有哪些不确定之处，以及费用和安全性",  # noqa: RUF001
    "teaser": (
        "大多数腰痛会在几周内自行好转。保持活动有帮助，"  # noqa: RUF001
        "卧床休息没有帮助。点击阅读更多研究结果。"
    ),
}
#: A 140-character important notice: the longest staff can post.
LONG_NOTICE = (
    "The clinic closes early today at 3 pm for staff training. Please book your next "
    "appointment at the front desk before you leave. Thank you!!"
)[:140]


def stress_deck(folder: Path, *, closed_at_night: bool = False) -> Path:
    """A deck that tries the layout hard: long titles and teasers, words with no spaces, wide and
    tall pictures, Arabic (right to left) and Chinese translations, a long reference link.
    ``closed_at_night``: open 08:00-20:00 UTC, the closed message shown outside those hours."""
    from PySide6.QtGui import QColor, QImage  # a test helper: pictures are made with Qt

    hours: dict[str, Any] = {}
    if closed_at_night:
        days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        hours = {
            "time_zone": "UTC",
            "opening_hours": {day: ["08:00-20:00"] for day in days},
            "when_closed": "closed-slide",
            "closed_message": "We are closed now. Our opening hours are on the door; for "
            "urgent help call 111, or 999 in an emergency. Supercalifragilisticexpialidocious.",
        }
    write_settings(
        folder,
        clinic_name="Riverside Community Acupuncture and Physiotherapy Clinic of Saint Albans",
        contact="Questions? Ask at the front desk or call 01234 567890 (Monday to Friday, 9 to 5).",
        languages=["en", "ar", "zh-Hans"],
        **hours,
    )
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    for name, (width, height), colour in (
        ("wide.png", (1600, 400), "#7aa"),
        ("tall.png", (400, 1400), "#a7a"),
    ):
        picture = QImage(width, height, QImage.Format.Format_RGB32)
        picture.fill(QColor(colour))
        picture.save(str(images / name))
    long_url = "https://example.org/" + "a-very-long-path-segment/" * 8 + "end"
    references = [
        reference("10.1001/archinternmed.2009.65", "A randomized trial " + LONG_TITLE, "19433697"),
        {**reference("10.1000/xyz.1"), "doi": None, "url": long_url},
    ]
    slides: list[tuple[str, dict[str, Any]]] = [
        ("long", {"title": LONG_TITLE, "teaser": LONG_TEASER}),
        ("word", {"title": LONG_WORD, "teaser": LONG_WORD + " " + LONG_WORD[::-1]}),
        ("wide", {"title": LONG_TITLE, "teaser": LONG_TEASER, "image": "images/wide.png"}),
        ("tall", {"title": LONG_TITLE, "teaser": LONG_TEASER, "image": "images/tall.png"}),
        ("page", {"title": "A slide with its own page", "teaser": "Short.",
                  "read_more": "https://clinic.example/back-pain"}),
    ]  # fmt: skip
    for order, (slide_id, fields) in enumerate(slides, start=1):
        write_slide(
            folder,
            f"{order:03d}-{slide_id}.md",
            {
                "id": slide_id,
                "order": order,
                "key_points": ["Staying active helps.", LONG_WORD],
                "references": references,
                "reviewed": {"date": "2026-11-25", "by": "Test"},
                "translations": {"ar": ARABIC, "zh-Hans": CHINESE} if order % 2 else {},
                **fields,
            },
            f"{LONG_TEASER}\n\n{LONG_WORD}\n\n- one\n- two\n",
        )
    return folder
