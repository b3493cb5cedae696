"""The commands that need no screen: ``--check``, ``--stats``, the announcements; they print
their report (no Qt, so they work over SSH)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from datetime import tzinfo
from pathlib import Path

from kiosk.content import Deck, LoadResult, Problem, load_deck


def run_check(content: Path, at: dt.datetime | None = None) -> int:
    """``at``: a local (naive) time in the clinic's zone to check the schedule at."""
    from kiosk.checks.governance import (  # textstat: only --check needs it
        clarity_problems,
        governance_problems,
        score_lines,
    )
    from kiosk.scheduling.rules import clinic_zone

    result = load_deck(content)
    zone = clinic_zone(result.deck.settings)
    instant = _local_instant(at, zone) if at is not None else dt.datetime.now(dt.UTC)
    today = instant.astimezone(zone).date()
    words = f"the time given with --at ({at:%Y-%m-%d %H:%M})" if at is not None else None
    warnings = (  # never errors: the exit status stays
        governance_problems(result.deck, today, clock_words=words)
        if words is not None
        else governance_problems(result.deck, today)
    )
    board_problems = _announcement_problems(content, zone)
    result = dataclasses.replace(result, problems=(*result.problems, *board_problems, *warnings))
    for problem in result.problems:
        print(_with_folder(content, problem))
    if at is not None:
        print(_schedule_report(result.deck, instant, zone))
    # Clear-communication advice and scores: every slide has some, so they are not counted
    # as warnings (and never change the exit status).
    for advice in clarity_problems(result.deck):
        print(f"{content / advice.file}:{advice.line}: advice: {advice.message}")
    for file, score in score_lines(result.deck):
        print(f"{content / file}: {score}")
    print(_summary(result))
    return 1 if result.errors else 0


def _announcement_problems(content: Path, zone: tzinfo) -> list[Problem]:
    """announcements.yaml, checked as the banner reads it (errors keep notices off the screen)."""
    from kiosk.content.announcements import load_announcements

    if not content.is_dir():
        return []
    _, problems = load_announcements(content, zone)
    return problems


def _local_instant(local: dt.datetime, zone: tzinfo) -> dt.datetime:
    """The instant the clinic's clocks show ``local`` (the first time, if it shows twice; a time
    skipped by the spring-forward change is read with the offset before it, so 02:30 → 03:30)."""
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


def _schedule_report(deck: Deck, instant: dt.datetime, zone: tzinfo) -> str:
    from kiosk.scheduling.rules import what_to_show, why_not_map

    showing = what_to_show(deck, instant)
    local = instant.astimezone(zone)
    parts = [f"At {local:%Y-%m-%d %H:%M} ({local.tzname()}) the screen shows"]
    if showing.closed:
        parts.append(f" the '{deck.settings.when_closed}' closed screen (outside opening hours);")
        parts.append(" when open it would show")
    shown = ", ".join(showing.ids) or "the calm screen (nothing to show)"
    parts.append(f": {shown}")
    if showing.fallback:
        parts.append(" (the fallback slide: nothing else is live)")
    if showing.implausible_clock:
        parts.append(
            " (only slides without a schedule: this time is before 2024, so the kiosk would "
            "take its clock for wrong)"
        )
    not_live = why_not_map(deck, instant)
    if not_live:
        parts.append(". Not live: " + "; ".join(f"{k} ({v})" for k, v in not_live.items()))
    return "".join(parts) + "."


def run_stats(args: argparse.Namespace) -> int:
    """``--stats``, ``--stats-csv``, ``--erase-stats``: no Qt, so they work over SSH."""
    from kiosk.insight.report import run_stats as report
    from kiosk.insight.store import default_stats_path

    if not 1 <= args.days <= 3650:
        print("--days takes a number of days from 1 to 3650.", file=sys.stderr)
        return 2
    titles = {}
    if args.stats or args.stats_csv is not None:  # slide titles, where the content has them
        titles = {slide.id: slide.title for slide in load_deck(args.content).deck.slides}
    return report(
        args.stats_file or default_stats_path(),
        days=args.days,
        show=args.stats,
        csv_path=args.stats_csv,
        erase=args.erase_stats,
        titles=titles,
        out=sys.stdout,
    )


def _with_folder(content: Path, problem: Problem) -> str:
    """Name files as the user can open them: inside the folder they gave."""
    if problem.file == str(content):
        return str(problem)
    return str(dataclasses.replace(problem, file=str(content / problem.file)))


def _summary(result: LoadResult) -> str:
    slides = result.deck.slides
    shown = len(result.deck.enabled_slides)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    counts = f"{_plural(len(slides), 'slide')} loaded, {shown} shown"
    if not result.problems:
        return f"No problems found: {counts}."
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}: {counts}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def run_announcements(args: argparse.Namespace) -> int:
    """--clear-announcement, --announce [--until] [--important], --announcements, in that order."""
    import contextlib
    import datetime as dt

    from kiosk.content import announcements as notices
    from kiosk.storage import announcements as board_file
    from kiosk.storage.atomic import SaveError

    folder: Path = args.content
    now = dt.datetime.now().astimezone()
    try:
        if args.clear_announcement is not None:
            if not board_file.clear(folder, args.clear_announcement):
                print(
                    f"There is no announcement with the id '{args.clear_announcement}'. "
                    "List them with --announcements.",
                    file=sys.stderr,
                )
                return 1
            print(f"Removed {args.clear_announcement}.")
        if args.announce is not None:
            until = notices.parse_until(args.until, now) if args.until is not None else None
            style = "important" if args.important else "info"
            posted = board_file.post(folder, args.announce, style, until, now)
            print(f"Posted {posted.id} ({_until_words(posted.until, now)}): {posted.text}")
            with contextlib.suppress(SaveError):  # tidying up; the new one is saved
                board_file.prune_expired(folder, now)
    except (notices.AnnouncementError, SaveError) as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if args.announcements:
        board, problems = notices.load_announcements(folder)
        for problem in problems:
            print(_with_folder(folder, problem), file=sys.stderr)
        live = board.live(now)
        for item in live:
            style = "important: " if item.important else ""
            print(f"{item.id}  {_until_words(item.until, now)}  {style}{item.text}")
        if not live:
            print("No announcements.")
    return 0


def _until_words(until: object, now: object) -> str:
    """``until 17:00`` today, ``until 2026-12-24 17:00`` another day, ``no end``."""
    import datetime as dt

    if not isinstance(until, dt.datetime) or not isinstance(now, dt.datetime):
        return "no end"
    local = until.astimezone()
    same_day = local.date() == now.astimezone().date()
    return f"until {local:%H:%M}" if same_day else f"until {local:%Y-%m-%d %H:%M}"
