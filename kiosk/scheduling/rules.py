"""The scheduling rules: which slides are live at an instant, and why the others are not.

Every answer is a pure function of ``(deck, instant)``: the same question always gets the same
answer, whatever was asked before and whatever the real time is. The clock is passed in
(:class:`Clock`), so tests can set any instant.

Wall-clock time and daylight saving time
----------------------------------------
Staff write schedules and opening hours in wall-clock time in the clinic's time zone
(``settings.time_zone``, else the computer's zone). An instant is turned into that zone's local
date and time, and the rules are applied to the wall time that exists at that instant:

- **Spring forward** (New York, 8 March 2026: 02:00 jumps to 03:00): the missing wall times never
  happen, so a window inside the gap (02:15-02:45) is skipped that day, and a window that spans it
  (01:30-04:00) runs straight on from 01:59 to 03:00.
- **Fall back** (New York, 1 November 2026: 01:00-02:00 happens twice): a window is active both
  times the wall clock passes through it.
- **Past midnight**: a window whose end is before its start (22:00-02:00) runs past midnight and
  belongs to the day it starts on, so ``days: [fri]`` with 22:00-02:00 shows Friday 22:00 to
  Saturday 02:00, and ``until: 2026-12-31`` keeps that night's window on until 02:00 on 1 January.
- **Dates** (``from``, ``until``) are both included, from 00:00 on the first day to the end of the
  last day (23:59:59), in the clinic's zone.

A clock that cannot be right (before 2024, when this software was first used: a date built into
the program, which staff cannot mistype) is not trusted with schedules: only slides without one
show. Dates staff write are never the evidence: a "reviewed" date in the future is a typo on
one slide (``--check`` says so), and must not switch off schedules and opening hours for all.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.content.model import (
    WEEKDAY_KEYS,
    WEEKDAY_LABELS,
    WEEKDAY_NAMES,
    Closure,
    Deck,
    OpeningHours,
    Schedule,
    Settings,
    Slide,
    window_minutes,
)
from kiosk.content.screens import shown_on

log = logging.getLogger(__name__)

UTC: Final = dt.UTC
ONE_DAY: Final = dt.timedelta(days=1)
#: No kiosk ran this software before this day; a clock showing an earlier date is wrong. Part of
#: the program, not of the content: no typo in a slide can move it.
EARLIEST_PLAUSIBLE: Final = dt.date(2024, 1, 1)
#: How far ahead :func:`next_change` looks.
HORIZON: Final = dt.timedelta(days=8)

_PLURAL_DAYS: Final = tuple(f"{name}s" for name in WEEKDAY_NAMES)
#: The months as staff read them: "Jan" ... "Dec" (English, whatever the locale).
MONTH_LABELS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

HIDDEN: Final = "Hidden"
REVIEW_OVERDUE: Final = "Review overdue"
CLOCK_WRONG: Final = "Clock looks wrong"
NOT_HERE: Final = "Not on this screen"


# -- clocks -------------------------------------------------------------------------------------


class Clock(Protocol):
    """Where the current instant comes from. ``now()`` is always timezone-aware."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The computer's clock (which staff or NTP may change at any time)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: for tests, and for ``--at``."""

    def __init__(self, instant: dt.datetime) -> None:
        self._instant = _utc(instant)

    def now(self) -> dt.datetime:
        return self._instant

    def set(self, instant: dt.datetime) -> None:
        self._instant = _utc(instant)

    def advance(self, delta: dt.timedelta) -> None:
        """Move on by ``delta`` of real (elapsed) time, not wall-clock arithmetic."""
        self._instant += delta


def _utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"The instant {instant.isoformat()} has no time zone.")
    return instant.astimezone(UTC)


# -- the clinic's time zone ---------------------------------------------------------------------


def clinic_zone(settings: Settings) -> ZoneInfo:
    """``settings.time_zone``, else the computer's local zone, else UTC."""
    if settings.time_zone:
        zone = _named_zone(settings.time_zone)
        if zone is not None:
            return zone
    return system_zone()


def system_zone() -> ZoneInfo:
    """The computer's zone: ``$TZ``, else ``/etc/localtime``, else UTC (Windows without tzdata).

    Read each time (cheaply), so a zone changed by the administrator applies without a restart.
    """
    name = os.environ.get("TZ", "").removeprefix(":")
    if name:
        zone = _zone_from_file(name) if name.startswith("/") else _named_zone(name)
        if zone is not None:
            return zone
    return _zone_from_file("/etc/localtime") or _named_zone("UTC") or ZoneInfo("UTC")


def _named_zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_from_file(path: str) -> ZoneInfo | None:
    link = Path(path)
    try:
        target = link.resolve(strict=True)
        stamp = target.stat().st_mtime_ns
    except (OSError, RuntimeError):
        return None
    parts = target.parts
    if "zoneinfo" in parts:  # /usr/share/zoneinfo/Europe/London → Europe/London
        key = "/".join(parts[len(parts) - parts[::-1].index("zoneinfo") :])
        zone = _named_zone(key)
        if zone is not None:
            return zone
    return _read_zone_file(str(target), stamp)


@functools.lru_cache(maxsize=8)
def _read_zone_file(path: str, stamp: int) -> ZoneInfo | None:
    try:
        with Path(path).open("rb") as stream:
            return ZoneInfo.from_file(stream, key="localtime")
    except (OSError, ValueError):
        log.warning("Cannot read the time zone file %s (stamp %s); using UTC", path, stamp)
        return None


def _local(instant: dt.datetime, zone: ZoneInfo) -> tuple[dt.date, int]:
    """The local date and the minute of the day (0 to 1439) of ``instant`` in ``zone``."""
    local = _utc(instant).astimezone(zone)
    return local.date(), local.hour * 60 + local.minute


# -- time windows -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _window(text: str) -> tuple[int, int]:
    return window_minutes(text)


def _days_covered(windows: Iterable[str], day: dt.date, minute: int) -> Iterator[dt.date]:
    """The days whose windows cover ``minute`` of ``day``: ``day`` itself, or the day before for
    the after-midnight part of a window that runs past midnight."""
    for text in windows:
        start, end = _window(text)
        if start < end:
            if start <= minute < end:
                yield day
            continue
        if minute >= start:
            yield day
        if minute < end and day > dt.date.min:
            yield day - ONE_DAY


def _window_text(text: str) -> str:
    start, end = _window(text)
    return f"{start // 60:02d}:{start % 60:02d}\u2013{end // 60:02d}:{end % 60:02d}"


# -- schedules ----------------------------------------------------------------------------------


def _day_allowed(schedule: Schedule, day: dt.date) -> bool:
    if schedule.from_ is not None and day < schedule.from_:
        return False
    if schedule.until is not None and day > schedule.until:
        return False
    return not schedule.days or WEEKDAY_KEYS[day.weekday()] in schedule.days


def schedule_allows(schedule: Schedule, day: dt.date, minute: int) -> bool:
    """Whether ``schedule`` shows at ``minute`` (0 to 1439) of the local ``day``."""
    if not schedule.times:
        return _day_allowed(schedule, day)
    return any(_day_allowed(schedule, d) for d in _days_covered(schedule.times, day, minute))


def _schedule_reason(schedule: Schedule, day: dt.date) -> str:
    if schedule.from_ is not None and day < schedule.from_:
        return f"Starts {short_date(schedule.from_, day)}"
    if schedule.until is not None and day > schedule.until:
        return f"Ended {short_date(schedule.until, day)}"
    if schedule.days and WEEKDAY_KEYS[day.weekday()] not in schedule.days:
        return _days_reason(schedule.days)
    if schedule.times:
        return "Shows " + ", ".join(_window_text(t) for t in schedule.times)
    return "Not scheduled now"  # not reached: a schedule without times is a whole-day rule


def _days_reason(days: Sequence[str]) -> str:
    chosen = sorted({WEEKDAY_KEYS.index(d) for d in days})
    if chosen == [0, 1, 2, 3, 4]:
        return "Weekdays only"
    if chosen == [5, 6]:
        return "Weekends only"
    if len(chosen) == 1:
        return f"{_PLURAL_DAYS[chosen[0]]} only"
    return ", ".join(WEEKDAY_LABELS[i] for i in chosen) + " only"


def short_date(day: dt.date, today: dt.date) -> str:
    """``1 Oct`` this year, ``1 Oct 2027`` another year (English, whatever the locale)."""
    text = f"{day.day} {MONTH_LABELS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


# -- reviews ------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's end
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due(slide: Slide, today: dt.date | None = None) -> dt.date | None:
    """The day the slide's next review is due: ``reviewed.date`` + ``review_every_months``.

    A slide never reviewed is due now: ``today`` (None when ``today`` is not given).
    """
    if slide.reviewed is None:
        return today
    return add_months(slide.reviewed.date, slide.review_every_months)


def is_overdue(slide: Slide, today: dt.date) -> bool:
    """True from the due day on, and always for a slide never reviewed."""
    due = review_due(slide, today)
    return due is not None and today >= due


def _implausible(deck: Deck, day: dt.date) -> bool:
    """Only the program's own date decides: never a date staff typed (see the module's doc)."""
    return day < EARLIEST_PLAUSIBLE


# -- opening hours ------------------------------------------------------------------------------


def _open_at(hours: OpeningHours, day: dt.date, minute: int) -> bool:
    if any(d == day for d in _days_covered(hours.windows(day.weekday()), day, minute)):
        return True
    yesterday = (day.weekday() - 1) % 7  # the after-midnight part of last night's window
    return any(d != day for d in _days_covered(hours.windows(yesterday), day, minute))


def closure_on(settings: Settings, day: dt.date) -> Closure | None:
    """The closure (a holiday) that covers the local ``day``, if any."""
    return next((c for c in settings.closures if c.covers(day)), None)


def _closed(settings: Settings, day: dt.date, minute: int) -> bool:
    """Closed for a holiday all that day, or outside the opening hours."""
    if closure_on(settings, day) is not None:
        return True
    hours = settings.opening_hours
    return hours is not None and not _open_at(hours, day, minute)


def is_open(settings: Settings, instant: dt.datetime) -> bool:
    """Whether the clinic is open at ``instant``: not on a closed day (``closures``), and within
    the opening hours (always, when no opening hours are set)."""
    day, minute = _local(instant, clinic_zone(settings))
    return not _closed(settings, day, minute)


# -- live slides --------------------------------------------------------------------------------


def _why_not(
    slide: Slide, day: dt.date, minute: int, settings: Settings, reviews: bool
) -> str | None:
    if not slide.enabled:
        return HIDDEN
    if reviews and not settings.show_overdue and is_overdue(slide, day):
        return REVIEW_OVERDUE
    schedule = slide.schedule
    if schedule is None or schedule_allows(schedule, day, minute):
        return None
    return _schedule_reason(schedule, day)


def why_not_live(
    slide: Slide, instant: dt.datetime, settings: Settings, today_reviews: bool = True
) -> str | None:
    """None when ``slide`` is live at ``instant``, else a short reason for staff:
    "Hidden", "Review overdue", "Starts 1 Oct", "Ended 31 Dec", "Weekdays only",
    "Mon, Wed only", "Saturdays only" or "Shows 09:00\u201312:00" (with an en dash).

    "Review overdue" applies only when ``settings.show_overdue`` is false and ``today_reviews``
    is true (the local date of ``instant`` is taken as today).
    """
    day, minute = _local(instant, clinic_zone(settings))
    return _why_not(slide, day, minute, settings, today_reviews)


def live_slides(deck: Deck, instant: dt.datetime, screen: str | None = None) -> tuple[Slide, ...]:
    """The slides live at ``instant`` by their own rules, in showing order (maybe none);
    with ``screen``, only those meant for that screen."""
    day, minute = _local(instant, clinic_zone(deck.settings))
    return tuple(
        s
        for s in _for_screen(deck.slides, screen)
        if _why_not(s, day, minute, deck.settings, True) is None
    )


def _for_screen(slides: Iterable[Slide], screen: str | None) -> tuple[Slide, ...]:
    """The slides ``screen`` may show (its name among their ``screens``); None: every slide."""
    return tuple(s for s in slides if shown_on(s.screens, screen))


def fallback_slide(deck: Deck, screen: str | None = None) -> Slide | None:
    """The slide shown when nothing else is live: ``settings.fallback_slide``, else the slide
    with id "welcome", else the first enabled slide; schedules and reviews are ignored, but a
    hidden slide (``enabled: false``), or one meant for other screens than ``screen``, never
    shows."""
    for wanted in (deck.settings.fallback_slide, "welcome"):
        slide = deck.slide(wanted) if wanted else None
        if slide is not None and slide.enabled and shown_on(slide.screens, screen):
            return slide
    enabled = _for_screen(deck.enabled_slides, screen)
    return enabled[0] if enabled else None


@dataclass(frozen=True, slots=True)
class Showing:
    """What the screen should show at one instant.

    ``slides`` is never empty while the deck has an enabled slide. ``closed``: outside opening
    hours (the screen shows the clock, the closed slide or nothing, as ``when_closed`` says).
    ``implausible_clock``: the clock cannot be right, so only slides without a schedule show.
    ``fallback``: nothing was live, so ``slides`` is the fallback slide alone.
    """

    slides: tuple[Slide, ...]
    closed: bool = False
    implausible_clock: bool = False
    fallback: bool = False

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.slides)


def what_to_show(deck: Deck, instant: dt.datetime, screen: str | None = None) -> Showing:
    """The slides to cycle through at ``instant``, and whether the clinic is closed.

    ``screen``: this screen's name; slides listing other screens (``screens:``) are left out.
    None: every slide, as on a clinic with one screen."""
    settings = deck.settings
    day, minute = _local(instant, clinic_zone(settings))
    mine = _for_screen(deck.slides, screen)
    if _implausible(deck, day):
        slides = tuple(s for s in mine if s.enabled and s.schedule is None)
        return _with_fallback(deck, slides, closed=False, implausible=True, screen=screen)
    slides = tuple(s for s in mine if _why_not(s, day, minute, settings, True) is None)
    closed = _closed(settings, day, minute)
    return _with_fallback(deck, slides, closed=closed, implausible=False, screen=screen)


def _with_fallback(
    deck: Deck,
    slides: tuple[Slide, ...],
    *,
    closed: bool,
    implausible: bool,
    screen: str | None = None,
) -> Showing:
    if slides:
        return Showing(slides, closed, implausible)
    chosen = fallback_slide(deck, screen)
    if chosen is None:
        return Showing((), closed, implausible)
    return Showing((chosen,), closed, implausible, fallback=True)


def why_not_map(deck: Deck, instant: dt.datetime, screen: str | None = None) -> dict[str, str]:
    """For the staff list: each slide not on screen at ``instant`` → why not ("Not on this
    screen" for a slide meant for other screens than ``screen``).

    Slides on screen (the fallback slide too, when it stands in) are left out: they are live.
    """
    showing = what_to_show(deck, instant, screen)
    shown = set(showing.ids)
    day, minute = _local(instant, clinic_zone(deck.settings))
    reasons: dict[str, str] = {}
    for slide in deck.slides:
        if slide.id in shown:
            continue
        if not shown_on(slide.screens, screen):
            reasons[slide.id] = NOT_HERE
            continue
        if showing.implausible_clock and slide.enabled:
            reasons[slide.id] = CLOCK_WRONG
            continue
        reason = _why_not(slide, day, minute, deck.settings, True)
        reasons[slide.id] = reason or "Not live"
    return reasons


# -- when to look again -------------------------------------------------------------------------


def next_change(deck: Deck, instant: dt.datetime) -> dt.datetime | None:
    """The first instant after ``instant`` (in UTC, within 8 days) at which :func:`what_to_show`
    may give another answer, or None when nothing in the deck depends on the time.

    Candidates are every local midnight and every window start and end (of the slides'
    schedules and of the opening hours) on the days ahead, each converted to UTC both ways
    where the wall time is ambiguous (fall back), plus the daylight-saving transitions
    themselves (where wall times inside a spring-forward gap take effect). Nothing changes
    between ``instant`` and the result; at the result something may.
    """
    now = _utc(instant)
    zone = clinic_zone(deck.settings)
    today, _ = _local(now, zone)
    if not _depends_on_time(deck, today):
        return None
    limit = now + HORIZON
    best: dt.datetime | None = None
    minutes = _boundaries(deck)
    for offset in range(-1, HORIZON.days + 2):
        try:
            midnight = dt.datetime.combine(today + offset * ONE_DAY, dt.time())
        except OverflowError:
            continue
        if best is not None and _utc_lower_bound(midnight) > best:
            break
        for minute in minutes:
            wall = midnight + dt.timedelta(minutes=minute)
            for fold in (0, 1):
                candidate = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
                if now < candidate <= limit and (best is None or candidate < best):
                    best = candidate
    transition = _first_transition(zone, now, best or limit)
    if transition is not None and (best is None or transition < best):
        best = transition
    return best


def _utc_lower_bound(wall: dt.datetime) -> dt.datetime:
    """An instant no later than any reading of the naive local ``wall`` (offsets are < 26 h)."""
    return wall.replace(tzinfo=UTC) - dt.timedelta(hours=26)


def _depends_on_time(deck: Deck, today: dt.date) -> bool:
    settings = deck.settings
    return (
        settings.opening_hours is not None
        or bool(settings.closures)
        or not settings.show_overdue
        or any(s.schedule is not None for s in deck.slides)
        or _implausible(deck, today)
    )


def _boundaries(deck: Deck) -> set[int]:
    """Minutes of the day at which some rule starts or stops applying (midnight always)."""
    found = {0}
    windows: list[str] = []
    for slide in deck.slides:
        if slide.schedule is not None:
            windows.extend(slide.schedule.times)
    hours = deck.settings.opening_hours
    if hours is not None:
        for weekday in range(7):
            windows.extend(hours.windows(weekday))
    for text in windows:
        found.update(_window(text))
    return found


def _first_transition(zone: ZoneInfo, after: dt.datetime, until: dt.datetime) -> dt.datetime | None:
    """The first change of ``zone``'s UTC offset in ``(after, until]``, to the second."""
    low = int(after.timestamp())
    high = int(until.timestamp()) + 1
    first = _offset(zone, low)
    if _offset(zone, high) == first:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(zone, middle) == first:
            low = middle
        else:
            high = middle
    found = dt.datetime.fromtimestamp(high, UTC)
    return found if after < found <= until else None


def _offset(zone: ZoneInfo, timestamp: int) -> dt.timedelta | None:
    return dt.datetime.fromtimestamp(timestamp, zone).utcoffset()
