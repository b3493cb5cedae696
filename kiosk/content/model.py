"""The content model: settings, slides and references, as validated, immutable values.

Each field's ``Meta.description`` doubles as the advice shown to staff when the field is wrong,
so the schema and the help text cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Final, Literal

import msgspec
from msgspec import Meta

#: Themes shipped in resources/styles; the player refuses nothing else.
ThemeName = Annotated[
    Literal["calm", "high-contrast"], Meta(description="Choose calm or high-contrast.")
]

SlideId = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9-]{0,63}$",
        description="Use lowercase letters, digits and hyphens only, like back-pain-trials.",
    ),
]
Title = Annotated[
    str, Meta(min_length=1, max_length=80, description="Write a heading of 1 to 80 characters.")
]
Teaser = Annotated[
    str,
    Meta(min_length=1, max_length=160, description="Write one sentence of up to 160 characters."),
]
Seconds = Annotated[
    int, Meta(ge=3, le=600, description="Give a number of seconds from 3 to 600, like 12.")
]
IdleSeconds = Annotated[
    int, Meta(ge=10, le=900, description="Give a number of seconds from 10 to 900, like 60.")
]
KeyPoint = Annotated[
    str,
    Meta(min_length=1, max_length=200, description="Keep each key point under 200 characters."),
]
LanguageCode = Annotated[
    str,
    Meta(
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="Use language codes such as en, es or zh-Hans.",
    ),
]
WebAddress = Annotated[
    str,
    Meta(
        pattern=r"^https?://[^\s/$.?#][^\s]*$",
        max_length=2000,
        description="Give a full web address starting with https://",
    ),
]
# Crossref's recommended pattern; the common "https://doi.org/" and "doi:" prefixes are accepted.
Doi = Annotated[
    str,
    Meta(
        pattern=r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$",
        description="A DOI starts with 10. and a slash follows the number, "
        "like 10.1001/archinternmed.2009.65",
    ),
]
Pmid = Annotated[
    str,
    Meta(pattern=r"^[1-9]\d{0,8}$", description="A PubMed number is digits only, like 19433697."),
]
ShortText = Annotated[
    str, Meta(min_length=1, max_length=300, description="Keep it under 300 characters.")
]
Year = Annotated[int, Meta(ge=1800, le=2100, description="Give the year as four digits.")]
Months = Annotated[int, Meta(ge=1, le=60, description="Give a number of months from 1 to 60.")]
ImagePath = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=300,
        description="Give the picture's place inside the content folder, like images/welcome.jpg",
    ),
]

DOI_PREFIX: Final = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
IMAGE_SUFFIXES: Final = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"})


class Review(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """When a slide's text was last checked against its sources, and by whom."""

    date: Annotated[dt.date, Meta(description="Write the date as year-month-day, like 2026-11-25.")]
    by: Annotated[
        str, Meta(min_length=1, max_length=80, description="Write who checked it (a name).")
    ] = ""


class Reference(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A published source, structured so it can be cited precisely and linked by QR code."""

    authors: Annotated[
        list[ShortText],
        Meta(min_length=1, max_length=50, description="List the authors, like [Cherkin DC]."),
    ]
    title: ShortText
    source: ShortText
    year: Year
    volume: ShortText | None = None
    issue: ShortText | None = None
    pages: ShortText | None = None
    article: ShortText | None = None
    doi: Doi | None = None
    pmid: Pmid | None = None
    url: WebAddress | None = None

    def __post_init__(self) -> None:
        if not (self.doi or self.pmid or self.url):
            raise ValueError(
                "Give the reference a doi, a pmid or a url, so patients can look it up."
            )

    @property
    def doi_id(self) -> str | None:
        """The bare DOI (``10.xxxx/...``), whatever prefix staff wrote."""
        return DOI_PREFIX.sub("", self.doi) if self.doi else None

    @property
    def link(self) -> str:
        """Where a patient's phone should go: the DOI, else PubMed, else the web address."""
        if self.doi_id:
            return f"https://doi.org/{self.doi_id}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        assert self.url is not None  # guaranteed by __post_init__
        return self.url


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """How the kiosk behaves for this clinic (``settings.yaml``)."""

    clinic_name: Title = "Our clinic"
    contact: Annotated[
        str, Meta(max_length=160, description="Write one line of up to 160 characters.")
    ] = ""
    default_duration: Seconds = 12
    idle_timeout: IdleSeconds = 60
    theme: ThemeName = "calm"
    languages: Annotated[
        list[LanguageCode],
        Meta(min_length=1, max_length=20, description="List language codes, like [en, es]."),
    ] = msgspec.field(default_factory=lambda: ["en"])
    # -- scheduling and governance settings (issue 5) go here --
    # -- insight (statistics) settings (issue 8) go here --

    @property
    def default_language(self) -> str:
        return self.languages[0]


class Slide(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One slide: its front-matter fields and its Markdown summary.

    ``summary`` and ``file_name`` are filled in by the loader (from the body and the file), never
    written in the front matter.
    """

    id: SlideId
    title: Title
    teaser: Teaser
    order: Annotated[
        int, Meta(ge=-1_000_000, le=1_000_000, description="Give a whole number, like 20.")
    ] = 100
    enabled: Annotated[bool, Meta(description="Write true or false.")] = True
    duration: Seconds | None = None
    image: ImagePath | None = None
    key_points: Annotated[
        list[KeyPoint], Meta(max_length=6, description="Give at most 6 key points.")
    ] = msgspec.field(default_factory=list)
    read_more: WebAddress | None = None
    references: Annotated[
        list[Reference], Meta(max_length=30, description="Give at most 30 references.")
    ] = msgspec.field(default_factory=list)
    reviewed: Review | None = None
    review_every_months: Months = 12
    # -- schedule fields (issue 5) go here --
    # -- translations (issue 6) go here --
    summary: str = ""
    file_name: str = ""

    @property
    def link(self) -> str | None:
        """The slide-level "read this on your phone" address."""
        if self.read_more:
            return self.read_more
        return self.references[0].link if self.references else None

    def duration_or(self, settings: Settings) -> int:
        return self.duration if self.duration is not None else settings.default_duration


#: Fields the loader fills in itself; staff cannot set them in a file.
LOADER_FIELDS: Final = frozenset({"summary", "file_name"})


class Deck(msgspec.Struct, frozen=True, kw_only=True):
    """What the player shows: the settings and every valid slide, in showing order."""

    folder: Path
    settings: Settings = msgspec.field(default_factory=Settings)
    slides: tuple[Slide, ...] = ()

    @property
    def enabled_slides(self) -> tuple[Slide, ...]:
        return tuple(slide for slide in self.slides if slide.enabled)

    def slide(self, slide_id: str) -> Slide | None:
        return next((s for s in self.slides if s.id == slide_id), None)
