"""The command line: ``python main.py [options]`` or ``kiosk [options]``.

It parses the options and hands the job to :mod:`kiosk.app`. Only the screens need Qt, so
``--check`` works on a machine with no screen and starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path


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
        default=None,
        help="the content folder (settings.yaml, slides/, images/); default: the folder set "
        "by --new-clinic or --use-content, else the shipped example deck",
    )
    parser.add_argument(
        "--new-clinic",
        metavar="DIR",
        type=Path,
        help="create a starter content folder for a new clinic at DIR (settings, a welcome "
        "slide, an empty announcements file), make it the default content folder, and exit",
    )
    parser.add_argument(
        "--use-content",
        metavar="DIR",
        type=Path,
        help="make DIR the default content folder for the kiosk, the desk editor and every "
        "command (so --content is not needed), and exit",
    )
    parser.add_argument(
        "--screen-name",
        metavar="NAME",
        help='name this screen (for example "Waiting room 2"), so slides and notices can be '
        "meant for some screens only; written beside the default content folder, and exit",
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
        "--screen",
        metavar="NAME",
        action="append",
        default=[],
        help="with --announce: show it only on this screen (as named by --screen-name; give it "
        'again for more screens, or "Hall, Waiting room 2"); with --screenshot: draw what this '
        "screen shows (the slides and notices meant for it)",
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
    sync = parser.add_argument_group("many screens (Syncthing; see README, Many screens)")
    sync.add_argument(
        "--sync-setup",
        action="store_true",
        help="share the content folder through this machine's Syncthing (private: no global "
        "discovery, relays or usage reports; old versions kept) and print this machine's ID",
    )
    sync.add_argument(
        "--sync-add-device",
        metavar="ID",
        help="pair with another screen or the reception PC: its Syncthing device ID",
    )
    sync.add_argument(
        "--sync-address",
        metavar="URL",
        action="append",
        default=[],
        help="with --sync-add-device: where that machine is, like tcp://192.168.1.20:22000 "
        "(default: found on the local network)",
    )
    sync.add_argument("--sync-name", metavar="NAME", default="", help="with --sync-add-device")
    sync.add_argument(
        "--syncthing-home",
        metavar="DIR",
        type=Path,
        help="Syncthing's settings folder, holding config.xml (default: ~/.config/syncthing)",
    )
    sync.add_argument(
        "--screens",
        action="store_true",
        help="list every screen sharing the content folder: when it last reported, what it "
        "shows, its problems; exit status 1 when one has stopped reporting",
    )
    sync.add_argument(
        "--no-local-discovery",
        action="store_true",
        help="with --sync-setup: do not look for the other machines on the local network either",
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
    if args.new_clinic is not None or args.use_content is not None:
        from kiosk.app.commands import run_new_clinic, run_use_content

        if args.new_clinic is not None:
            return run_new_clinic(args.new_clinic)
        return run_use_content(args.use_content)
    if args.screen_name is not None:
        from kiosk.app.commands import run_screen_name

        return run_screen_name(args.screen_name)
    if args.content is None:
        from kiosk.storage.config import default_content

        args.content = default_content()
    if args.set_pin:
        from kiosk.staff.pin_cli import run_set_pin

        return run_set_pin()
    if args.screens:
        from kiosk.sync.command import run_screens

        return run_screens(args.content)
    if args.sync_setup or args.sync_add_device:
        from kiosk.sync.command import run_sync

        return run_sync(args)
    if args.check:
        from kiosk.app.commands import run_check

        return run_check(args.content, at=args.at)
    if args.stats or args.stats_csv is not None or args.erase_stats:
        from kiosk.app.commands import run_stats

        return run_stats(args)
    if args.announce is not None or args.announcements or args.clear_announcement is not None:
        from kiosk.app.commands import run_announcements

        return run_announcements(args)
    if args.until is not None or args.important:
        print("--until and --important go with --announce TEXT.", file=sys.stderr)
        return 2
    if args.editor:
        from kiosk.app.desk import run_desk_editor  # Qt only when a window is needed

        return run_desk_editor(args.content)
    if args.screenshot is not None:
        from kiosk.app.screenshot import run_screenshot

        return run_screenshot(
            args.content,
            args.screenshot,
            args.size,
            args.slide,
            args.detail,
            language=args.language,
            large_text=args.large_text,
            high_contrast=args.high_contrast,
            at=args.at,
            screen=screenshot_screen(args.screen),
        )
    from kiosk.app.kiosk import run_kiosk  # Qt is imported only when a screen is needed

    return run_kiosk(args)


def screenshot_screen(given: Sequence[str]) -> str | None:
    """The one ``--screen NAME`` a screenshot is drawn as (None: every slide)."""
    names = [name.strip() for value in given for name in value.split(",") if name.strip()]
    if len(names) > 1:  # a usage mistake, as argparse's own are: status 2
        print("--screenshot draws one screen: give one --screen NAME.", file=sys.stderr)
        raise SystemExit(2)
    return names[0] if names else None


def parse_at(text: str) -> dt.datetime:
    """``"2026-12-24 10:00"`` → a naive local date and time."""
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a time like 2026-12-24 10:00") from None


if __name__ == "__main__":
    sys.exit(main())
