"""The scheduling rules, on real content folders: table-driven edge cases and properties.

Instants are written as the clinic's wall time ("2026-10-01 00:00:00", with ``fold`` choosing
the first or second pass through a repeated hour) or as UTC ("2026-10-01T03:00:00Z").
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content import Deck, Review, Settings, Slide, load_deck
from kiosk.content.model import OpeningHours, Schedule
from kiosk.scheduling import (
    FixedClock,
    Showing,
    clinic_zone,
    fallback_slide,
    is_open,
    is_overdue,
    live_slides,
    next_change,
    review_due,
    what_to_show,
    why_not_live,
    why_not_map,
)
from kiosk.scheduling.rules import add_months, system_zone
from tests.decks import ids, write_settings, write_slide

NY = "America/New_York"
LONDON = "Europe/London"
UTC = dt.UTC
D = "\u2013"  # the en dash staff see in "Shows 09:00-12:00"

#: One slide per kind of rule; "always" has no schedule and "hidden" is switched off.
SCHEDULES: dict[str, dict[str, Any]] = {
    "flu": {"from": dt.date(2026, 10, 1), "until": dt.date(2026, 12, 31)},
    "saturday": {"days": ["sat"], "times": ["09:00-12:00"]},
    "weekdays": {"days": ["mon", "tue", "wed", "thu", "fri"]},
    "mon-wed": {"days": ["mon", "wed"]},
    "two-windows": {"times": ["09:00-12:00", "14:00-17:00"]},
    "friday-night": {"days": ["fri"], "times": ["22:00-02:00"]},
    "new-year-eve": {
        "from": dt.date(2026, 12, 31),
        "until": dt.date(2026, 12, 31),
        "times": ["22:00-02:00"],
    },
    "in-the-gap": {"times": ["02:15-02:45"]},  # New York's spring-forward gap is 02:00-03:00
    "spans-the-gap": {"times": ["01:30-04:00"]},
    "repeated-hour": {"times": ["01:00-01:30"]},  # inside both zones' fall-back repeat
    "london-gap": {"times": ["01:15-01:45"]},  # London's spring-forward gap is 01:00-02:00
    "all-day": {"times": ["00:00-24:00"]},
}


def write_deck(
    folder: Path,
    schedules: Mapping[str, Mapping[str, Any] | None],
    *,
    hidden: tuple[str, ...] = (),
    reviewed: dt.date | None = None,
    **settings: Any,
) -> Deck:
    """Write a real content folder (one slide per schedule, in order) and load it."""
    write_settings(folder, clinic_name="Test Clinic", **settings)
    for order, (slide_id, schedule) in enumerate(schedules.items(), start=1):
        fields: dict[str, Any] = {
            "id": slide_id,
            "title": f"Slide {slide_id}",
            "teaser": "A teaser.",
            "order": order,
        }
        if schedule is not None:
            fields["schedule"] = dict(schedule)
        if slide_id in hidden:
            fields["enabled"] = False
        if reviewed is not None:
            fields["reviewed"] = {"date": reviewed, "by": "Dr Lee"}
        write_slide(folder, f"{order:03d}-{slide_id}.md", fields, "Summary.\n")
    result = load_deck(folder)
    assert result.problems == (), "\n".join(str(p) for p in result.problems)
    return result.deck


def at(zone: str, text: str, fold: int = 0) -> dt.datetime:
    """An instant: ``text`` in ``zone`` wall time, or UTC when it ends with Z."""
    if text.endswith("Z"):
        return dt.datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=UTC)
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone), fold=fold)


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Deck]:
    """The same slides in a New York clinic and in a London clinic."""
    everything: dict[str, Mapping[str, Any] | None] = {**SCHEDULES, "always": None, "hidden": None}
    return {
        zone: write_deck(
            tmp_path_factory.mktemp("deck"), everything, hidden=("hidden",), time_zone=zone
        )
        for zone in (NY, LONDON)
    }


# (zone, instant, fold, slide, why not live — None when live)
CASES: list[tuple[str, str, int, str, str | None]] = [
    # dates: both ends included, from 00:00 to 23:59:59 in the clinic's zone
    (NY, "2026-09-30 23:59:59", 0, "flu", "Starts 1 Oct"),
    (NY, "2026-10-01 00:00:00", 0, "flu", None),
    (NY, "2026-12-31 23:59:59", 0, "flu", None),
    (NY, "2027-01-01 00:00:00", 0, "flu", "Ended 31 Dec 2026"),
    (NY, "2025-12-01 12:00:00", 0, "flu", "Starts 1 Oct 2026"),
    (NY, "2026-10-01T03:00:00Z", 0, "flu", "Starts 1 Oct"),  # still 30 Sep in New York
    (LONDON, "2026-10-01T03:00:00Z", 0, "flu", None),  # 04:00 on 1 Oct in London
    (LONDON, "2026-09-30T22:59:59Z", 0, "flu", "Starts 1 Oct"),  # 23:59:59 BST
    (LONDON, "2026-09-30T23:00:00Z", 0, "flu", None),  # midnight BST
    # days of the week and time windows (the end is not included)
    (NY, "2026-10-03 08:59:59", 0, "saturday", f"Shows 09:00{D}12:00"),
    (NY, "2026-10-03 09:00:00", 0, "saturday", None),
    (NY, "2026-10-03 11:59:59", 0, "saturday", None),
    (NY, "2026-10-03 12:00:00", 0, "saturday", f"Shows 09:00{D}12:00"),
    (NY, "2026-10-02 10:00:00", 0, "saturday", "Saturdays only"),
    (NY, "2026-10-05 00:00:00", 0, "weekdays", None),
    (NY, "2026-10-04 23:59:59", 0, "weekdays", "Weekdays only"),
    (NY, "2026-10-06 12:00:00", 0, "mon-wed", "Mon, Wed only"),
    (NY, "2026-10-07 12:00:00", 0, "mon-wed", None),
    (NY, "2026-10-07 13:00:00", 0, "two-windows", f"Shows 09:00{D}12:00, 14:00{D}17:00"),
    (NY, "2026-10-07 14:00:00", 0, "two-windows", None),
    (NY, "2026-10-07 17:00:00", 0, "two-windows", f"Shows 09:00{D}12:00, 14:00{D}17:00"),
    # past midnight: 22:00-02:00 on Fridays runs into Saturday morning
    (NY, "2026-10-02 21:59:59", 0, "friday-night", f"Shows 22:00{D}02:00"),
    (NY, "2026-10-02 22:00:00", 0, "friday-night", None),
    (NY, "2026-10-03 00:00:00", 0, "friday-night", None),
    (NY, "2026-10-03 01:59:59", 0, "friday-night", None),
    (NY, "2026-10-03 02:00:00", 0, "friday-night", "Fridays only"),
    (NY, "2026-10-02 01:00:00", 0, "friday-night", f"Shows 22:00{D}02:00"),  # Thursday's night
    # the year's end: the last day's night window runs into 1 January
    (NY, "2026-12-30 23:00:00", 0, "new-year-eve", "Starts 31 Dec"),
    (NY, "2026-12-31 21:59:59", 0, "new-year-eve", f"Shows 22:00{D}02:00"),
    (NY, "2026-12-31 22:00:00", 0, "new-year-eve", None),
    (NY, "2027-01-01 00:00:00", 0, "new-year-eve", None),
    (NY, "2027-01-01 01:59:59", 0, "new-year-eve", None),
    (NY, "2027-01-01 02:00:00", 0, "new-year-eve", "Ended 31 Dec 2026"),
    (LONDON, "2026-12-31T23:59:59Z", 0, "new-year-eve", None),
    (NY, "2026-12-31 23:59:59", 0, "all-day", None),
    (NY, "2027-01-01 00:00:00", 0, "all-day", None),
    # New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT (07:00 UTC)
    (NY, "2026-03-08 01:59:59", 0, "in-the-gap", f"Shows 02:15{D}02:45"),
    (NY, "2026-03-08T07:00:00Z", 0, "in-the-gap", f"Shows 02:15{D}02:45"),
    (NY, "2026-03-08 02:30:00", 0, "in-the-gap", f"Shows 02:15{D}02:45"),  # is 03:30 EDT
    (NY, "2026-03-09 02:30:00", 0, "in-the-gap", None),  # back the next night
    (NY, "2026-03-08 01:59:59", 0, "spans-the-gap", None),
    (NY, "2026-03-08T07:00:00Z", 0, "spans-the-gap", None),  # straight on at 03:00 EDT
    (NY, "2026-03-08 03:59:59", 0, "spans-the-gap", None),
    (NY, "2026-03-08 04:00:00", 0, "spans-the-gap", f"Shows 01:30{D}04:00"),
    # New York, 1 November 2026: 01:00-02:00 happens twice (EDT, then EST)
    (NY, "2026-11-01 00:59:59", 0, "repeated-hour", f"Shows 01:00{D}01:30"),
    (NY, "2026-11-01 01:15:00", 0, "repeated-hour", None),  # 05:15 UTC
    (NY, "2026-11-01 01:45:00", 0, "repeated-hour", f"Shows 01:00{D}01:30"),
    (NY, "2026-11-01T06:00:00Z", 0, "repeated-hour", None),  # 01:00 EST: the second pass
    (NY, "2026-11-01 01:15:00", 1, "repeated-hour", None),  # 06:15 UTC
    (NY, "2026-11-01 01:45:00", 1, "repeated-hour", f"Shows 01:00{D}01:30"),
    # London, 29 March 2026: 01:00 GMT jumps to 02:00 BST (01:00 UTC)
    (LONDON, "2026-03-29 00:59:59", 0, "london-gap", f"Shows 01:15{D}01:45"),
    (LONDON, "2026-03-29T01:00:00Z", 0, "london-gap", f"Shows 01:15{D}01:45"),
    (LONDON, "2026-03-29T00:59:59Z", 0, "repeated-hour", f"Shows 01:00{D}01:30"),
    (LONDON, "2026-03-29T01:00:00Z", 0, "repeated-hour", f"Shows 01:00{D}01:30"),
    (LONDON, "2026-03-29T00:30:00Z", 0, "spans-the-gap", f"Shows 01:30{D}04:00"),
    (LONDON, "2026-03-29T01:00:00Z", 0, "spans-the-gap", None),  # 02:00 BST
    # London, 25 October 2026: 01:00-02:00 happens twice (BST, then GMT)
    (LONDON, "2026-10-25T00:15:00Z", 0, "repeated-hour", None),  # 01:15 BST
    (LONDON, "2026-10-25T01:15:00Z", 0, "repeated-hour", None),  # 01:15 GMT
    (LONDON, "2026-10-25 01:15:00", 1, "repeated-hour", None),
    (LONDON, "2026-10-25T00:30:00Z", 0, "london-gap", None),  # 01:30 BST
    (LONDON, "2026-10-25T00:45:00Z", 0, "london-gap", f"Shows 01:15{D}01:45"),  # 01:45 BST
    (LONDON, "2026-10-25T01:45:00Z", 0, "london-gap", f"Shows 01:15{D}01:45"),  # 01:45 GMT
    # no schedule, and switched off
    (NY, "2026-03-08 02:30:00", 0, "always", None),
    (NY, "2026-06-01 12:00:00", 0, "hidden", "Hidden"),
]


@pytest.mark.parametrize(
    ("zone", "when", "fold", "slide_id", "expected"),
    CASES,
    ids=[f"{z.split('/')[1]}-{w}-f{f}-{s}" for z, w, f, s, _ in CASES],
)
def test_why_not_live(
    decks: dict[str, Deck], zone: str, when: str, fold: int, slide_id: str, expected: str | None
) -> None:
    deck = decks[zone]
    slide = deck.slide(slide_id)
    assert slide is not None
    instant = at(zone, when, fold)
    assert why_not_live(slide, instant, deck.settings) == expected
    assert (slide in live_slides(deck, instant)) is (expected is None)
    assert why_not_map(deck, instant).get(slide_id) == expected


def minutes_live(deck: Deck, slide_id: str, day: str) -> int:
    """How many minutes of the local ``day`` the slide is live, stepping through real time."""
    zone = clinic_zone(deck.settings)
    start = dt.datetime.fromisoformat(day).replace(tzinfo=zone).astimezone(UTC)
    end = (dt.datetime.fromisoformat(day) + dt.timedelta(days=1)).replace(tzinfo=zone)
    count, instant = 0, start
    while instant < end.astimezone(UTC):
        count += slide_id in ids(live_slides(deck, instant))
        instant += dt.timedelta(minutes=1)
    return count


@pytest.mark.parametrize(
    ("zone", "day", "slide_id", "minutes"),
    [
        (NY, "2026-03-08", "in-the-gap", 0),  # skipped: the window's wall times never happen
        (NY, "2026-03-08", "spans-the-gap", 150 - 60),  # 01:30-04:00 less the missing hour
        (NY, "2026-11-01", "repeated-hour", 60),  # 30 minutes, twice
        (NY, "2026-11-01", "all-day", 25 * 60),  # the day has 25 hours
        (NY, "2026-03-08", "all-day", 23 * 60),
        (NY, "2026-06-01", "repeated-hour", 30),  # an ordinary day
        (LONDON, "2026-03-29", "london-gap", 0),
        (LONDON, "2026-03-29", "repeated-hour", 0),
        (LONDON, "2026-10-25", "repeated-hour", 60),
        (LONDON, "2026-10-25", "london-gap", 60),
    ],
)
def test_minutes_live_on_daylight_saving_days(
    decks: dict[str, Deck], zone: str, day: str, slide_id: str, minutes: int
) -> None:
    assert minutes_live(decks[zone], slide_id, day) == minutes


# -- opening hours ------------------------------------------------------------------------------

HOURS = {
    "mon": ["08:00-18:00"],
    "fri": ["08:00-12:00", "20:00-01:00"],
    "sat": ["09:00-12:00"],
    # tue, wed, thu and sun are left out: closed all day
}


@pytest.fixture(scope="module")
def hours_deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    return write_deck(
        tmp_path_factory.mktemp("hours"),
        {"welcome": None},
        time_zone=LONDON,
        opening_hours=HOURS,
        when_closed="closed-slide",
    )


@pytest.mark.parametrize(
    ("when", "is_open_then"),
    [
        ("2026-10-05 07:59:59", False),
        ("2026-10-05 08:00:00", True),
        ("2026-10-05 17:59:59", True),
        ("2026-10-05 18:00:00", False),
        ("2026-10-06 10:00:00", False),  # Tuesday: not listed, so closed
        ("2026-10-02 12:30:00", False),  # Friday lunch
        ("2026-10-02 20:00:00", True),
        ("2026-10-03 00:30:00", True),  # Friday's evening runs past midnight
        ("2026-10-03 01:00:00", False),
        ("2026-10-03 09:30:00", True),
        ("2026-10-04 10:00:00", False),  # Sunday
    ],
)
def test_opening_hours(hours_deck: Deck, when: str, is_open_then: bool) -> None:
    instant = at(LONDON, when)
    assert is_open(hours_deck.settings, instant) is is_open_then
    showing = what_to_show(hours_deck, instant)
    assert showing.closed is not is_open_then
    assert ids(showing.slides) == ["welcome"]  # what to show when open again stays known


def test_no_opening_hours_means_always_open(decks: dict[str, Deck]) -> None:
    assert is_open(decks[NY].settings, at(NY, "2026-10-04 03:00:00"))
    assert not what_to_show(decks[NY], at(NY, "2026-10-04 03:00:00")).closed


def test_opening_hours_settings_load(hours_deck: Deck) -> None:
    settings = hours_deck.settings
    assert settings.opening_hours == OpeningHours(**HOURS)
    assert settings.when_closed == "closed-slide"
    assert settings.closed_message == "We are closed. See you soon."


# -- nothing to show: the fallback slide ----------------------------------------------------------

LATER = {"from": dt.date(2027, 1, 1)}


@pytest.mark.parametrize(
    ("schedules", "hidden", "fallback", "expected"),
    [
        ({"a": LATER, "welcome": LATER, "b": LATER}, (), None, ["welcome"]),
        ({"a": LATER, "b": LATER}, (), None, ["a"]),
        ({"a": LATER, "welcome": LATER, "b": LATER}, (), "b", ["b"]),
        ({"a": LATER, "welcome": LATER}, (), "nowhere", ["welcome"]),
        ({"a": None, "b": LATER}, ("a",), None, ["b"]),  # a hidden slide never stands in
        ({"a": LATER, "welcome": LATER, "b": LATER}, ("welcome",), None, ["a"]),
        ({"a": None}, ("a",), None, []),  # nothing enabled at all: the calm screen
    ],
)
def test_fallback_slide_when_nothing_is_live(
    tmp_path: Path,
    schedules: dict[str, Any],
    hidden: tuple[str, ...],
    fallback: str | None,
    expected: list[str],
) -> None:
    extra = {"fallback_slide": fallback} if fallback else {}
    deck = write_deck(tmp_path, schedules, hidden=hidden, time_zone=NY, **extra)
    showing = what_to_show(deck, at(NY, "2026-12-01 12:00:00"))
    assert ids(showing.slides) == expected
    assert showing.fallback is bool(expected)
    assert live_slides(deck, at(NY, "2026-12-01 12:00:00")) == ()
    assert ids([s] if (s := fallback_slide(deck)) else []) == expected
    # the stand-in is on screen, so staff see it as live
    for slide_id in expected:
        assert slide_id not in why_not_map(deck, at(NY, "2026-12-01 12:00:00"))


def test_live_slides_keep_their_order(decks: dict[str, Deck]) -> None:
    showing = what_to_show(decks[NY], at(NY, "2026-10-03 09:30:00"))  # a Saturday morning
    assert ids(showing.slides) == ["flu", "saturday", "two-windows", "all-day", "always"]
    assert not showing.fallback and not showing.closed and not showing.implausible_clock


# -- a clock that cannot be right -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "implausible"),
    [
        ("2026-11-24 23:59:59", False),  # before the newest review: a typo, not a bad clock
        ("2026-11-25 00:00:00", False),
        ("2020-01-01 12:00:00", True),
        ("2031-01-01 12:00:00", False),
    ],
)
def test_implausible_clock_falls_back_to_slides_without_a_schedule(
    tmp_path: Path, when: str, implausible: bool
) -> None:
    deck = write_deck(
        tmp_path,
        {"always": None, "scheduled": {"times": ["00:00-24:00"]}},
        reviewed=dt.date(2026, 11, 25),
        time_zone=NY,
        opening_hours={"mon": ["09:00-10:00"]},
    )
    showing = what_to_show(deck, at(NY, when))
    assert showing.implausible_clock is implausible
    if implausible:
        assert ids(showing.slides) == ["always"]
        assert not showing.closed  # opening hours cannot be trusted either: keep showing
        assert why_not_map(deck, at(NY, when)) == {"scheduled": "Clock looks wrong"}
    else:
        assert ids(showing.slides) == ["always", "scheduled"]


@pytest.mark.parametrize(
    ("when", "implausible"),
    [("2023-12-31 23:59:59", True), ("2024-01-01 00:00:00", False)],
)
def test_clock_before_2024_is_implausible_without_reviews(
    tmp_path: Path, when: str, implausible: bool
) -> None:
    deck = write_deck(tmp_path, {"a": {"days": ["sun", "mon"]}, "b": None}, time_zone=LONDON)
    showing = what_to_show(deck, at(LONDON, when))
    assert showing.implausible_clock is implausible
    assert ids(showing.slides) == (["b"] if implausible else ["a", "b"])  # 31 Dec 2023 is a Sunday


# -- reviews --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewed", "months", "due"),
    [
        ("2025-01-31", 1, "2025-02-28"),  # clamped to the month's end
        ("2024-01-31", 1, "2024-02-29"),  # a leap year
        ("2025-03-03", 12, "2026-03-03"),
        ("2025-11-30", 3, "2026-02-28"),  # over the year's end, clamped
        ("2025-12-15", 1, "2026-01-15"),
        ("2025-08-31", 60, "2030-08-31"),
    ],
)
def test_review_due(reviewed: str, months: int, due: str) -> None:
    slide = Slide(
        id="a",
        title="A",
        teaser="T",
        reviewed=Review(date=dt.date.fromisoformat(reviewed)),
        review_every_months=months,
    )
    due_day = dt.date.fromisoformat(due)
    assert review_due(slide) == due_day
    assert add_months(dt.date.fromisoformat(reviewed), months) == due_day
    assert not is_overdue(slide, due_day - dt.timedelta(days=1))
    assert is_overdue(slide, due_day)


def test_never_reviewed_is_overdue() -> None:
    slide = Slide(id="a", title="A", teaser="T")
    assert review_due(slide) is None
    assert review_due(slide, dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert is_overdue(slide, dt.date(2026, 1, 1))


@pytest.mark.parametrize(("show_overdue", "expected"), [(True, None), (False, "Review overdue")])
def test_show_overdue_setting(tmp_path: Path, show_overdue: bool, expected: str | None) -> None:
    deck = write_deck(
        tmp_path,
        {"old": None, "welcome": None},
        reviewed=dt.date(2025, 1, 31),
        time_zone=NY,
        show_overdue=show_overdue,
    )
    old = deck.slide("old")
    assert old is not None
    before, after = at(NY, "2026-01-30 23:59:59"), at(NY, "2026-01-31 00:00:00")
    assert why_not_live(old, before, deck.settings) is None
    assert why_not_live(old, after, deck.settings) == expected
    assert why_not_live(old, after, deck.settings, today_reviews=False) is None
    # every slide overdue: the welcome slide still stands in, never a blank screen
    assert what_to_show(deck, after).slides != ()


# -- the time zone --------------------------------------------------------------------------------


def test_clinic_zone_defaults_to_the_system_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert clinic_zone(Settings()) == ZoneInfo("Asia/Tokyo")
    assert clinic_zone(Settings(time_zone=LONDON)) == ZoneInfo(LONDON)
    monkeypatch.setenv("TZ", ":America/New_York")
    assert system_zone() == ZoneInfo(NY)
    monkeypatch.setenv("TZ", "Not/AZone")
    assert isinstance(system_zone(), ZoneInfo)  # /etc/localtime, or UTC: never an error


def test_clocks() -> None:
    clock = FixedClock(at(NY, "2026-03-08 01:30:00"))
    clock.advance(dt.timedelta(hours=1))  # real elapsed time: over the gap to 03:30 EDT
    assert clock.now().astimezone(ZoneInfo(NY)).hour == 3
    clock.set(at(LONDON, "2026-10-25 01:15:00", fold=1))
    assert clock.now() == dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC)
    with pytest.raises(ValueError, match="no time zone"):
        FixedClock(dt.datetime(2026, 1, 1))  # naive: refused


# -- schedules in slide files ---------------------------------------------------------------------


def test_schedule_is_read_from_the_slide_file(tmp_path: Path) -> None:
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "flu.md").write_text(
        "---\nid: flu\ntitle: Flu shots\nteaser: Ask at the desk.\nschedule:\n"
        "  from: 2026-10-01\n  until: 2026-12-31\n  days: [mon, sat]\n"
        "  times: [09:00-12:00, 22:00-02:00, 00:00-24:00]\n---\nText.\n",
        encoding="utf-8",
    )
    result = load_deck(tmp_path)
    assert result.problems == ()
    assert result.deck.slides[0].schedule == Schedule(
        from_=dt.date(2026, 10, 1),
        until=dt.date(2026, 12, 31),
        days=["mon", "sat"],
        times=["09:00-12:00", "22:00-02:00", "00:00-24:00"],
    )


@pytest.mark.parametrize(
    ("schedule", "line", "words"),
    [
        ("  from: 2026-10-01\n  until: 2026-09-30\n", 7, "is before the first day"),
        ("  days: [sat, funday]\n", 6, "Use mon, tue, wed, thu, fri, sat or sun."),
        ("  times: [9-12]\n", 6, "like 09:00-12:00"),
        ("  times: [25:00-26:00]\n", 6, "is not written the right way"),
        ("  times: [10:00-10:00]\n", 6, "starts and ends at the same time"),
        ("  form: 2026-10-01\n", 6, "Did you mean 'from'?"),
        ("  until: 31/12/2026\n", 6, "last day (it is included)"),
    ],
)
def test_schedule_mistakes_are_reported_on_their_line(
    tmp_path: Path, schedule: str, line: int, words: str
) -> None:
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "x.md").write_text(
        f"---\nid: x\ntitle: X\nteaser: T.\nschedule:\n{schedule}---\nText.\n", encoding="utf-8"
    )
    result = load_deck(tmp_path)
    assert result.deck.slides == ()
    problem = result.problems[0]
    assert (problem.file, problem.line, problem.field) == ("slides/x.md", line, "schedule")
    assert words in problem.message


def test_unknown_time_zone_keeps_the_other_settings(tmp_path: Path) -> None:
    (tmp_path / "slides").mkdir()
    (tmp_path / "settings.yaml").write_text(
        "clinic_name: Riverside\ntime_zone: Europe/Londn\nidle_timeout: 30\n", encoding="utf-8"
    )
    result = load_deck(tmp_path)
    [problem] = [p for p in result.problems if p.file == "settings.yaml"]
    assert problem.line == 2
    assert problem.message == (
        "time_zone: Unknown time zone 'Europe/Londn'. Use a name like Europe/London. "
        "The default is used instead."
    )
    assert result.deck.settings.clinic_name == "Riverside"
    assert result.deck.settings.idle_timeout == 30
    assert result.deck.settings.time_zone is None


# -- next_change ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "schedules", "now", "expected"),
    [
        (NY, {"a": {"times": ["09:00-12:00"]}}, "2026-10-03 08:30:00", "2026-10-03T13:00:00Z"),
        (NY, {"a": {"times": ["09:00-12:00"]}}, "2026-10-03 09:00:00", "2026-10-03T16:00:00Z"),
        (NY, {"a": {"times": ["09:00-12:00"]}}, "2026-10-03 23:00:00", "2026-10-04T04:00:00Z"),
        # spring forward: the window's wall times never come; the next thing is the jump itself
        (NY, {"a": {"times": ["02:15-02:45"]}}, "2026-03-08 01:50:00", "2026-03-08T07:00:00Z"),
        # fall back: after the first pass through 01:00-01:30, the second pass starts at 06:00 UTC
        (NY, {"a": {"times": ["01:00-01:30"]}}, "2026-11-01 01:40:00", "2026-11-01T06:00:00Z"),
        (LONDON, {"a": {"times": ["01:00-01:30"]}}, "2026-10-25 01:40:00", "2026-10-25T01:00:00Z"),
        # ... and ends at 01:30 EST (the second reading of 01:30)
        (NY, {"a": {"times": ["01:00-01:30"]}}, "2026-11-01T06:10:00Z", "2026-11-01T06:30:00Z"),
        (LONDON, {"a": {"until": "2026-12-31"}}, "2026-12-31 23:00:00", "2027-01-01T00:00:00Z"),
        (LONDON, {"a": None}, "2026-12-31 23:00:00", None),  # nothing depends on the time
    ],
)
def test_next_change(
    tmp_path: Path, zone: str, schedules: dict[str, Any], now: str, expected: str | None
) -> None:
    for schedule in schedules.values():
        if schedule and "until" in schedule:
            schedule["until"] = dt.date.fromisoformat(schedule["until"])
    deck = write_deck(tmp_path, schedules, time_zone=zone)
    change = next_change(deck, at(zone, now))
    assert change == (at(zone, expected) if expected else None)


# -- properties: a pure function of (deck, instant) ------------------------------------------------

ZONES = [NY, LONDON, "UTC", "Australia/Lord_Howe", "America/St_Johns", "Asia/Kolkata"]
WINDOW_MINUTES = st.integers(0, 47).map(lambda n: n * 30)  # on the half hour, to meet the DST jumps
#: Around the daylight-saving changes of 2026 (UTC), where mistakes hide.
TRANSITIONS = [
    dt.datetime(2026, 3, 8, 7, tzinfo=UTC),
    dt.datetime(2026, 11, 1, 6, tzinfo=UTC),
    dt.datetime(2026, 3, 29, 1, tzinfo=UTC),
    dt.datetime(2026, 10, 25, 1, tzinfo=UTC),
    dt.datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe: back half an hour
    dt.datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
    dt.datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
]


def window_text(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@st.composite
def windows(draw: st.DrawFn) -> str:
    start = draw(WINDOW_MINUTES)
    end = draw(WINDOW_MINUTES.map(lambda m: m + 30).filter(lambda m: m != start))
    return window_text(start, end)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule | None:
    if draw(st.booleans()):
        return None
    days = st.dates(dt.date(2026, 1, 1), dt.date(2027, 3, 1))
    first, last = draw(st.none() | days), draw(st.none() | days)
    if first and last and last < first:
        first, last = last, first
    return Schedule(
        from_=first,
        until=last,
        days=draw(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))),
        times=draw(st.lists(windows(), max_size=3)),
    )


@st.composite
def decks_strategy(draw: st.DrawFn) -> Deck:
    count = draw(st.integers(0, 5))
    slides = tuple(
        Slide(
            id=f"slide-{n}",
            title=f"Slide {n}",
            teaser="T.",
            enabled=draw(st.booleans()) or n == 0,
            schedule=draw(schedules()),
            reviewed=draw(st.none() | st.builds(Review, date=st.dates(dt.date(2024, 6, 1)))),
            review_every_months=draw(st.integers(1, 24)),
        )
        for n in range(count)
    )
    weekly = st.none() | st.lists(windows(), max_size=2)
    hours = draw(
        st.none()
        | st.builds(OpeningHours, mon=weekly, tue=weekly, fri=weekly, sat=weekly, sun=weekly)
    )
    settings = Settings(
        time_zone=draw(st.sampled_from(ZONES)),
        opening_hours=hours,
        show_overdue=draw(st.booleans()),
        fallback_slide=draw(st.none() | st.sampled_from(["slide-1", "welcome", "nowhere"])),
    )
    return Deck(folder=Path(), settings=settings, slides=slides)


near_transitions = st.builds(
    lambda base, seconds: base + dt.timedelta(seconds=seconds),
    st.sampled_from(TRANSITIONS),
    st.integers(-3 * 3600, 3 * 3600),
)
instants = st.one_of(
    near_transitions,
    near_transitions,
    st.datetimes(dt.datetime(2023, 6, 1), dt.datetime(2028, 1, 1), timezones=st.just(UTC)),
)
PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(decks_strategy(), instants, st.lists(instants, max_size=6), st.randoms())
def test_what_to_show_is_a_pure_function_of_deck_and_instant(
    deck: Deck, instant: dt.datetime, others: list[dt.datetime], rng: random.Random
) -> None:
    first = what_to_show(deck, instant)
    for other in others:
        what_to_show(deck, other)
    assert what_to_show(deck, instant) == first
    assert what_to_show(msgspec.structs.replace(deck), instant) == first  # an equal deck
    everything = [instant, *others]
    in_order = {t: what_to_show(deck, t) for t in sorted(everything)}
    rng.shuffle(everything)
    shuffled = {t: what_to_show(deck, t) for t in everything}
    assert shuffled == in_order
    # never blank while anything can be shown
    assert bool(first.slides) is bool(deck.enabled_slides)
    assert isinstance(first, Showing)


@PROPERTIES
@given(decks_strategy(), instants, st.lists(st.floats(0, 1, exclude_max=True), max_size=5))
def test_nothing_changes_before_next_change(
    deck: Deck, instant: dt.datetime, fractions: list[float]
) -> None:
    now = what_to_show(deck, instant)
    change = next_change(deck, instant)
    if change is None:
        until = instant + dt.timedelta(days=8)
    else:
        assert change > instant
        assert change <= instant + dt.timedelta(days=8)
        until = change
    span = until - instant
    samples = [instant + span * f for f in fractions]
    samples += [until - dt.timedelta(microseconds=1), until - dt.timedelta(seconds=1)]
    for sample in samples:
        # span * f is rounded to whole microseconds, so f < 1 can land exactly on the change:
        # only instants strictly before it are "before the next change".
        if instant <= sample < until:
            assert what_to_show(deck, sample) == now, (sample, change)
