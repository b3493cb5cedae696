"""The command line: ``python main.py [options]`` or ``kiosk [options]``.

Only the player needs Qt, so ``--check`` works on a machine with no screen and starts fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path

from kiosk.content import Deck, LoadResult, Problem, load_deck
from kiosk.paths import SHIPPED_DECK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Clinic Kiosk: a touchscreen information screen for a clinic's waiting room.",
        epilog="With no options it shows the shipped slides full screen. "
        "Content format: resources/CONTENT-GUIDE.md",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=SHIPPED_DECK,
        help="the content folder (settings.yaml, slides/, images/); default: the shipped deck",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the content folder, print every problem as file:line: message, and exit "
        "(status 0 when there are no errors, 1 otherwise)",
    )
    parser.add_argument(
        "--set-pin",
        action="store_true",
        help="set or change the staff PIN (asked twice, not shown on screen) and exit",
    )
    parser.add_argument(
        "--announce",
        metavar="TEXT",
        help="post an announcement on the screen's banner (up to 140 characters) and exit",
    )
    parser.add_argument(
        "--until",
        metavar="WHEN",
        help="with --announce: when it ends by itself: 17:00, 30m, 1h, 2h, 'end of day', or "
        "'2026-12-24 12:00' (default: until it is removed)",
    )
    parser.add_argument(
        "--important",
        action="store_true",
        help="with --announce: show it in the strong 'important' style",
    )
    parser.add_argument(
        "--announcements",
        action="store_true",
        help="list the announcements showing now (id, end, text) and exit",
    )
    parser.add_argument(
        "--clear-announcement",
        metavar="ID",
        help="remove the announcement with this id (see --announcements) and exit",
    )
    parser.add_argument(
        "--editor",
        action="store_true",
        help="open the staff editor in a normal window on this computer (for the reception PC), "
        "working on --content; no PIN is asked, as this is the staff's own computer",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="show in a normal resizable window instead of full screen (for staff and testing)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        type=Path,
        help="draw one screen without showing a window, save it as a PNG at PATH, and exit",
    )
    parser.add_argument(
        "--slide",
        metavar="ID",
        help="with --screenshot: the slide to draw (default: the first one shown); a hidden "
        "or unscheduled slide is drawn too",
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="with --screenshot: the language a patient chose (one of the settings' languages)",
    )
    parser.add_argument(
        "--large-text",
        action="store_true",
        help="with --screenshot: with the Larger text reading aid on",
    )
    parser.add_argument(
        "--high-contrast",
        action="store_true",
        help="with --screenshot: with the High contrast reading aid on",
    )
    parser.add_argument(
        "--detail",
        action="store_true",
        help="with --screenshot: draw the slide's detail screen (what a tap opens)",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        type=parse_size,
        default=(1920, 1080),
        help="with --screenshot or --windowed: the size in pixels (default 1920x1080)",
    )
    parser.add_argument(
        "--at",
        metavar='"YYYY-MM-DD HH:MM"',
        type=parse_at,
        help="with --check or --screenshot: pretend it is this local time (the clinic's), to see "
        "what the schedule, the closed screen and the notices show then",
    )
    parser.add_argument(
        "--stats",
        action="store_true",
        help="print the usage statistics (which slides patients open; no personal data) and exit",
    )
    parser.add_argument(
        "--stats-csv",
        metavar="PATH",
        type=Path,
        help="write the usage statistics to a CSV file at PATH and exit",
    )
    parser.add_argument(
        "--days",
        metavar="N",
        type=int,
        default=30,
        help="with --stats or --stats-csv: the last N days, today included (default 30)",
    )
    parser.add_argument(
        "--erase-stats",
        action="store_true",
        help="erase all usage statistics and exit",
    )
    parser.add_argument(
        "--stats-file",
        metavar="PATH",
        type=Path,
        help="the statistics database (default: statistics.sqlite3 in the user data folder, "
        "like ~/.local/share/clinic-kiosk/)",
    )
    return parser


def parse_size(text: str) -> tuple[int, int]:
    """``"1920x1080"`` → ``(1920, 1080)``, within sizes a real screen has."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (320 <= width <= 7680 and 240 <= height <= 7680):
        raise argparse.ArgumentTypeError(f"'{text}' is outside 320x240 to 7680x7680")
    return width, height


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.set_pin:
        from kiosk.staff.pin_cli import run_set_pin

        return run_set_pin()
    if args.check:
        return run_check(args.content, at=args.at)
    if args.stats or args.stats_csv is not None or args.erase_stats:
        return run_stats(args)
    if args.announce is not None or args.announcements or args.clear_announcement is not None:
        return run_announcements(args)
    if args.until is not None or args.important:
        print("--until and --important go with --announce TEXT.", file=sys.stderr)
        return 2
    if args.editor:
        from kiosk.staff.desk import run_desk_editor  # Qt only when a window is needed

        return run_desk_editor(args.content)
    from kiosk.player.app import run_player  # Qt is imported only when a screen is needed

    return run_player(args)


def run_check(content: Path, at: dt.datetime | None = None) -> int:
    """``at``: a local (naive) time in the clinic's zone to check the schedule at."""
    from kiosk.content.governance import governance_problems  # textstat: only --check needs it
    from kiosk.content.onscreen import screen_problems
    from kiosk.scheduling.rules import clinic_zone

    result = load_deck(content)
    zone = clinic_zone(result.deck.settings)
    instant = _local_instant(at, zone) if at is not None else dt.datetime.now(dt.UTC)
    today = instant.astimezone(zone).date()
    warnings = governance_problems(result.deck, today)  # never errors: the exit status stays
    warnings += screen_problems(result.deck)
    result = dataclasses.replace(result, problems=(*result.problems, *warnings))
    for problem in result.problems:
        print(_with_folder(content, problem))
    if at is not None:
        print(_schedule_report(result.deck, instant, zone))
    print(_summary(result))
    return 1 if result.errors else 0


def parse_at(text: str) -> dt.datetime:
    """``"2026-12-24 10:00"`` → a naive local date and time."""
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time like 2026-12-24 10:00") from None


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
        parts.append(" (only slides without a schedule: this time is before the newest review)")
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


if __name__ == "__main__":
    sys.exit(main())
