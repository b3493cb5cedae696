"""The commands that need no screen: ``--check``, ``--stats``, the announcements; they print
their report (no display needed, so they work over SSH; ``--check`` uses Qt's picture decoders
only when slides have pictures)."""

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
    from kiosk.checks.onscreen import screen_problems
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
    warnings = [*warnings, *screen_problems(result.deck)]  # QR codes, the kiosk's own words
    board_problems = _announcement_problems(content, zone)
    pictures: list[Problem] = []
    if any(slide.image for slide in result.deck.slides):
        from kiosk.ui.images import undecodable_pictures  # Qt's decoders; no display needed

        pictures = undecodable_pictures(result.deck)
    problems = (*result.problems, *pictures, *board_problems, *warnings)
    result = dataclasses.replace(result, problems=problems)
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
    from kiosk.scheduling.rules import closure_on, what_to_show, why_not_map

    showing = what_to_show(deck, instant)
    local = instant.astimezone(zone)
    parts = [f"At {local:%Y-%m-%d %H:%M} ({local.tzname()}) the screen shows"]
    if showing.closed:
        closure = closure_on(deck.settings, local.date())
        why = "outside opening hours"
        if closure is not None:
            why = f"a closed day: {closure.note}" if closure.note else "a closed day"
        parts.append(f" the '{deck.settings.when_closed}' closed screen ({why});")
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
    from kiosk.scheduling.rules import clinic_zone

    deck = load_deck(args.content).deck
    titles = {slide.id: slide.title for slide in deck.slides}  # where the content has them
    return report(
        args.stats_file or default_stats_path(),
        days=args.days,
        show=args.stats,
        csv_path=args.stats_csv,
        erase=args.erase_stats,
        titles=titles,
        out=sys.stdout,
        zone=clinic_zone(deck.settings),  # one clock: "today" and the hours are the clinic's
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
    from kiosk.content.screens import split_names
    from kiosk.scheduling.rules import clinic_zone
    from kiosk.storage import announcements as board_file
    from kiosk.storage.atomic import SaveError

    folder: Path = args.content
    zone = clinic_zone(load_deck(folder).deck.settings)  # one clock: the clinic's
    now = dt.datetime.now(dt.UTC).astimezone(zone)
    board_path = (folder / notices.ANNOUNCEMENTS_FILE).resolve()
    try:
        if args.clear_announcement is not None:
            if not board_file.clear(folder, args.clear_announcement):
                print(
                    f"There is no announcement with the id '{args.clear_announcement}'. "
                    "List them with --announcements.",
                    file=sys.stderr,
                )
                return 1
            print(f"Removed {args.clear_announcement} from {board_path}.")
        if args.announce is not None:
            until = notices.parse_until(args.until, now, zone) if args.until is not None else None
            style = "important" if args.important else "info"
            screens = split_names(",".join(args.screen))  # each --screen may list several
            posted = board_file.post(folder, args.announce, style, until, now, screens)
            where = f", only on {', '.join(posted.screens)}" if posted.screens else ""
            print(f"Posted {posted.id} ({_until_words(posted.until, now)}{where}): {posted.text}")
            print(f"Written to {board_path}.")
            with contextlib.suppress(SaveError):  # tidying up; the new one is saved
                board_file.prune_expired(folder, now, zone)
    except (notices.AnnouncementError, SaveError) as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if args.announcements:
        board, problems = notices.load_announcements(folder, zone)
        for problem in problems:
            print(_with_folder(folder, problem), file=sys.stderr)
        live = board.live(now)
        for item in live:
            style = "important: " if item.important else ""
            where = f"only on {', '.join(item.screens)}: " if item.screens else ""
            print(f"{item.id}  {_until_words(item.until, now)}  {style}{where}{item.text}")
        if not live:
            print("No announcements.")
    return 0


def _until_words(until: object, now: object) -> str:
    """``until 17:00`` today, ``until 2026-12-24 17:00`` another day, ``no end``; in the
    zone of ``now`` (the clinic's)."""
    import datetime as dt

    if not isinstance(until, dt.datetime) or not isinstance(now, dt.datetime):
        return "no end"
    local = until.astimezone(now.tzinfo)
    same_day = local.date() == now.date()
    return f"until {local:%H:%M}" if same_day else f"until {local:%Y-%m-%d %H:%M}"


def run_new_clinic(folder: Path) -> int:
    """``--new-clinic DIR``: a starter folder, made the default content folder."""
    from kiosk.storage.atomic import SaveError
    from kiosk.storage.config import remember_content
    from kiosk.storage.starter import create_clinic

    try:
        written = create_clinic(folder)
        config = remember_content(folder)
    except SaveError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    where = folder.expanduser().resolve()
    names = ", ".join(str(path.relative_to(folder.expanduser())) for path in written)
    print(f"Created a new clinic folder in {where}: {names}.")
    print(
        f"It is now the default content folder (written in {config}): the kiosk, the desk "
        "editor and every command use it without --content."
    )
    print(
        "Next: python main.py --set-pin (the staff PIN), then python main.py --editor to "
        "set up the clinic's name, opening hours and slides."
    )
    return 0


def run_use_content(folder: Path) -> int:
    """``--use-content DIR``: the default content folder from now on."""
    from kiosk.storage.atomic import SaveError
    from kiosk.storage.config import remember_content

    if not folder.expanduser().is_dir():
        print(
            f"{folder} is not a folder. Give the folder that holds settings.yaml, or make a "
            "new one with --new-clinic DIR.",
            file=sys.stderr,
        )
        return 1
    try:
        config = remember_content(folder)
    except SaveError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(
        f"The default content folder is now {folder.expanduser().resolve()} (written in {config})."
    )
    return 0


def run_screen_name(name: str) -> int:
    """``--screen-name NAME``: this screen's name, kept outside the shared content folder."""
    from kiosk.storage.atomic import SaveError
    from kiosk.storage.config import ScreenNameError, remember_screen_name, screen_name

    try:
        config = remember_screen_name(name)
    except ScreenNameError as exc:
        print(f"That name cannot be used: {exc}.", file=sys.stderr)
        return 1
    except SaveError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(f'This screen is now called "{screen_name()}" (written in {config}).')
    return 0
