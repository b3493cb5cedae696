"""The command line: ``python main.py [options]`` or ``kiosk [options]``.

Only the player needs Qt, so ``--check`` works on a machine with no screen and starts fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.content import LoadResult, Problem, load_deck
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
        help="with --screenshot: the slide to draw (default: the first one shown)",
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
        return run_check(args.content)
    from kiosk.player.app import run_player  # Qt is imported only when a screen is needed

    return run_player(args)


def run_check(content: Path) -> int:
    result = load_deck(content)
    for problem in result.problems:
        print(_with_folder(content, problem))
    print(_summary(result))
    return 1 if result.errors else 0


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


if __name__ == "__main__":
    sys.exit(main())
