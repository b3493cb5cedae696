"""The content model: settings, slides and references, as validated, immutable values.

Each field's ``Meta.description`` doubles as the advice shown to staff when the field is wrong,
so the schema and the help text cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Annotated, Final, Literal, get_args

import msgspec
from msgspec import Meta

#: Themes shipped in kiosk/resources/styles (``<name>.yaml``); the player refuses nothing else.
ThemeLiteral = Literal["calm", "high-contrast"]
#: The theme names, calm (the default) first: staff's choices, and the styles shipped.
THEMES: Final[tuple[str, ...]] = get_args(ThemeLiteral)
CALM: Final = "calm"
#: The theme of the "High contrast" reading aid.
HIGH_CONTRAST: Final = "high-contrast"
ThemeName = Annotated[ThemeLiteral, Meta(description="Choose calm or high-contrast.")]

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
#: How long a slide may show, in seconds.
MIN_SECONDS: Final = 3
MAX_SECONDS: Final = 600
Seconds = Annotated[
    int,
    Meta(
        ge=MIN_SECONDS,
        le=MAX_SECONDS,
        description=f"Give a number of seconds from {MIN_SECONDS} to {MAX_SECONDS}, like 12.",
    ),
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
#: What the slide's picture shows, in a few words: read aloud and shown under the picture.
PictureDescription = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=200,
        description="Say in a few words what the picture shows, like 'A nurse shows a stretch'.",
    ),
]
#: A screen's name as a slide or notice lists it ("Waiting room 2"); a name no screen can have
#: (a comma, too long) is only warned about (kiosk.content.screens), as it shows nowhere.
ScreenEntry = Annotated[
    str, Meta(max_length=200, description="Write a screen's name, like Waiting room 2.")
]
#: The screens a slide or a notice is for; empty: every screen.
ScreenList = Annotated[
    list[ScreenEntry],
    Meta(
        max_length=50,
        description="List the screens it shows on, like [Waiting room 2, Hall]; "
        "leave 'screens' out for every screen.",
    ),
]
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


class Translation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A slide in another language. References stay as published, so they are not here.

    ``reviewed`` is the check by a qualified translator; until it is filled in, ``--check``
    says the translation is not yet reviewed.
    """

    title: Title
    teaser: Teaser
    key_points: Annotated[
        list[KeyPoint], Meta(max_length=6, description="Give at most 6 key points.")
    ] = msgspec.field(default_factory=list)
    summary: Annotated[
        str, Meta(max_length=100_000, description="The summary in this language (Markdown).")
    ] = ""
    picture_description: PictureDescription | None = None
    reviewed: Review | None = None
    #: Set by the editor when the slide's own text changed and this one did not follow.
    out_of_date: Annotated[
        dt.date | None,
        Meta(
            description="The date the slide's own text changed after this translation was "
            "written, like 2026-11-30 (remove it once the translation is updated)."
        ),
    ] = None


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


# -- scheduling -----------------------------------------------------------------------------------

WeekdayLiteral = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: The days as content files write them, Monday first (index = ``date.weekday()``).
WEEKDAY_KEYS: Final[tuple[str, ...]] = get_args(WeekdayLiteral)
#: The days as staff read them, in the same order (English, whatever the computer's locale).
WEEKDAY_NAMES: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
#: ...and short: "Mon" ... "Sun".
WEEKDAY_LABELS: Final = tuple(name[:3] for name in WEEKDAY_NAMES)
Weekday = Annotated[WeekdayLiteral, Meta(description="Use mon, tue, wed, thu, fri, sat or sun.")]
#: ``HH:MM-HH:MM`` on the 24-hour clock; the end is not included; an end before the start runs
#: past midnight (22:00-02:00); 24:00 ends at midnight.
TimeWindow = Annotated[
    str,
    Meta(
        pattern=r"^(?:[01]?\d|2[0-3]):[0-5]\d\s*[-\u2013]\s*"
        r"(?:(?:[01]?\d|2[0-3]):[0-5]\d|24:00)$",
        description="Write a time window as HH:MM-HH:MM on the 24-hour clock, like 09:00-12:00.",
    ),
]
TimeWindows = Annotated[
    list[TimeWindow],
    Meta(max_length=12, description="List time windows, like [09:00-12:00, 14:00-17:00]."),
]
FirstDay = Annotated[
    dt.date, Meta(description="Write the first day as year-month-day, like 2026-10-01.")
]
LastDay = Annotated[
    dt.date,
    Meta(description="Write the last day (it is included) as year-month-day, like 2026-12-31."),
]
TimeZoneName = Annotated[
    str,
    Meta(
        pattern=r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}$",
        max_length=64,
        description="Write a time zone name like Europe/London or America/New_York.",
    ),
]
TIME_WINDOW: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-\u2013]\s*(\d{1,2}):(\d{2})\s*$")


def window_minutes(window: str) -> tuple[int, int]:
    """``"22:00-02:00"`` → ``(1320, 120)``: minutes after midnight; the end may be 1440."""
    match = TIME_WINDOW.match(window)
    if match is None:
        raise ValueError(f"'{window}' is not a time window like 09:00-12:00.")
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    return start_h * 60 + start_m, end_h * 60 + end_m


def _at(message: str, path: str) -> ValueError:
    """A cross-field error that names its field the way msgspec does (`` - at `$.until` ``),
    so validation reports the field's own line and keeps the rest of the block."""
    return ValueError(f"{message} - at `$.{path}`")


def _check_windows(windows: list[str], path: str) -> None:
    for index, window in enumerate(windows):
        start, end = window_minutes(window)
        if start == end:
            raise _at(
                f"'{window}' starts and ends at the same time. For the whole day write "
                "00:00-24:00.",
                f"{path}[{index}]",
            )


class Schedule(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """When a slide shows, in the clinic's time zone. Every part is optional; all must agree.

    ``from`` and ``until`` are both included. A window that runs past midnight (22:00-02:00)
    belongs to the day it starts on: its after-midnight part follows that day's ``days`` and
    dates.
    """

    from_: FirstDay | None = msgspec.field(default=None, name="from")
    until: LastDay | None = None
    days: Annotated[
        list[Weekday],
        Meta(
            max_length=7,
            description="List the days it shows, like [mon, tue, wed, thu, fri]; "
            "leave 'days' out for every day.",
        ),
    ] = msgspec.field(default_factory=list)
    times: Annotated[
        list[TimeWindow],
        Meta(
            max_length=12,
            description="List the times it shows, like [09:00-12:00, 14:00-17:00]; "
            "leave 'times' out for all day.",
        ),
    ] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            raise _at(
                f"The last day ({self.until.isoformat()}) is before the first day "
                f"({self.from_.isoformat()}). Put 'until' on or after 'from'.",
                "until",
            )
        _check_windows(self.times, "times")


#: Which day names opening hours use, Monday first (``date.weekday()`` order).


class OpeningHours(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The clinic's opening times, day by day; a day left out is closed all day."""

    mon: TimeWindows | None = None
    tue: TimeWindows | None = None
    wed: TimeWindows | None = None
    thu: TimeWindows | None = None
    fri: TimeWindows | None = None
    sat: TimeWindows | None = None
    sun: TimeWindows | None = None

    def __post_init__(self) -> None:
        for day in WEEKDAY_KEYS:
            _check_windows(getattr(self, day) or [], day)

    def windows(self, weekday: int) -> list[str]:
        """The windows of ``weekday`` (0 is Monday), empty when closed all day."""
        found: list[str] | None = getattr(self, WEEKDAY_KEYS[weekday])
        return found or []


OneLine = Annotated[
    str, Meta(min_length=1, max_length=160, description="Write one line of up to 160 characters.")
]


class SettingsTranslation(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The clinic's own words in another language (``settings.yaml``, under ``translations``);
    a word left out shows as written above."""

    clinic_name: Title | None = None
    contact: OneLine | None = None
    closed_message: OneLine | None = None
    not_advice: OneLine | None = None


class Closure(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A day, or a run of days, the clinic is closed (a holiday), whatever the opening hours say.

    ``until`` is included; without it the closure is the one day ``from``.
    """

    from_: Annotated[
        dt.date, Meta(description="Write the closed day as year-month-day, like 2026-12-25.")
    ] = msgspec.field(name="from")
    until: LastDay | None = None
    note: Annotated[
        str,
        Meta(
            max_length=80, description="Write a short note of up to 80 characters, like Christmas."
        ),
    ] = ""

    def __post_init__(self) -> None:
        if self.until is not None and self.until < self.from_:
            raise _at(
                f"The last day ({self.until.isoformat()}) is before the first day "
                f"({self.from_.isoformat()}). Put 'until' on or after 'from'.",
                "until",
            )

    @property
    def last(self) -> dt.date:
        """The last closed day (included)."""
        return self.until if self.until is not None else self.from_

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day <= self.last


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
    # Scheduling and review.
    time_zone: TimeZoneName | None = None
    opening_hours: OpeningHours | None = None
    when_closed: Annotated[
        Literal["clock", "closed-slide", "blank"],
        Meta(description="Choose clock, closed-slide or blank."),
    ] = "clock"
    closed_message: Annotated[
        str,
        Meta(min_length=1, max_length=160, description="Write one line of up to 160 characters."),
    ] = "We are closed. See you soon."
    show_overdue: Annotated[bool, Meta(description="Write true or false.")] = True
    fallback_slide: SlideId | None = None
    #: Screens showing the same slides show the same slide at the same moment (by the clock).
    lockstep: Annotated[bool, Meta(description="Write true or false.")] = False
    closures: Annotated[
        list[Closure],
        Meta(
            max_length=200,
            description="List the days the clinic is closed, like - from: 2026-12-25 "
            "(add until: for a run of days).",
        ),
    ] = msgspec.field(default_factory=list)
    # Usage statistics.
    statistics: Annotated[
        bool,
        Meta(
            description="Write true to count which slides patients open (no personal data), "
            "false to count nothing."
        ),
    ] = True
    statistics_days: Annotated[
        int,
        Meta(
            ge=30,
            le=3650,
            description="Give the number of days statistics are kept, from 30 to 3650, like 365.",
        ),
    ] = 365

    #: The clinic's own "not medical advice" notice; empty: the kiosk's own, translated.
    not_advice: Annotated[
        str, Meta(max_length=160, description="Write one line of up to 160 characters.")
    ] = ""
    translations: Annotated[
        dict[LanguageCode, SettingsTranslation],
        Meta(description="Translations by language code, like es: {contact: ...}."),
    ] = msgspec.field(default_factory=dict)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def in_language(self, language: str | None) -> Settings:
        """The clinic's words as a reader of ``language`` sees them (as written where there is
        no translation)."""
        translation = self.translations.get(language) if language else None
        if translation is None:
            return self
        changes = {
            name: value
            for name in ("clinic_name", "contact", "closed_message", "not_advice")
            if (value := getattr(translation, name)) is not None
        }
        return msgspec.structs.replace(self, **changes)

    def __post_init__(self) -> None:
        if self.time_zone is not None:
            try:
                zoneinfo.ZoneInfo(self.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                raise _at(
                    f"Unknown time zone '{self.time_zone}'. Use a name like Europe/London.",
                    "time_zone",
                ) from None


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
    picture_description: PictureDescription | None = None
    key_points: Annotated[
        list[KeyPoint], Meta(max_length=6, description="Give at most 6 key points.")
    ] = msgspec.field(default_factory=list)
    read_more: WebAddress | None = None
    references: Annotated[
        list[Reference], Meta(max_length=30, description="Give at most 30 references.")
    ] = msgspec.field(default_factory=list)
    reviewed: Review | None = None
    review_every_months: Months = 12
    # When the slide shows, and where (empty: on every screen).
    schedule: Schedule | None = None
    screens: ScreenList = msgspec.field(default_factory=list)
    # The slide in other languages.
    translations: Annotated[
        dict[LanguageCode, Translation],
        Meta(description="Translations by language code, like es: {title: ..., teaser: ...}."),
    ] = msgspec.field(default_factory=dict)
    summary: str = ""
    file_name: str = ""

    @property
    def link(self) -> str | None:
        """The slide's own web page, for its "read this on your phone" code: only ``read_more``
        (each reference has its own code, labelled as such; none stands in for the slide)."""
        return self.read_more

    def duration_or(self, settings: Settings) -> int:
        return self.duration if self.duration is not None else settings.default_duration

    def in_language(self, language: str | None) -> Slide:
        """This slide as a reader of ``language`` sees it: translated where a translation exists,
        else in the language it was written in (a missing translation never hides a slide)."""
        translation = self.translations.get(language) if language else None
        if translation is None:
            return self
        return msgspec.structs.replace(
            self,
            title=translation.title,
            teaser=translation.teaser,
            key_points=translation.key_points or self.key_points,
            summary=translation.summary or self.summary,
            picture_description=translation.picture_description or self.picture_description,
        )


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
