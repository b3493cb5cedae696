"""``--sync-setup`` and ``--sync-add-device``: pairing screens, in words a receptionist follows;
``--screens``: how every screen is doing."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk.sync.syncthing import SyncError, Syncthing, add_device, default_home, set_up


def run_sync(args: argparse.Namespace) -> int:
    home = args.syncthing_home or default_home()
    try:
        st = Syncthing.from_home(home)
        if args.sync_setup:
            my_id = set_up(st, args.content, local_discovery=not args.no_local_discovery)
            print(f"The content folder {args.content} is shared through Syncthing.")
            print("This machine's ID (type it on the other machine with --sync-add-device):")
            print(my_id)
        if args.sync_add_device:
            add_device(st, args.sync_add_device, args.sync_name, args.sync_address)
            print(f"Paired with {args.sync_add_device}. Run the same on that machine with this")
            print(f"machine's ID ({st.device_id()}); the content then stays in step.")
    except SyncError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def run_screens(content: Path, now: dt.datetime | None = None) -> int:
    """``--screens``: every screen's last report, in words; 1 when one has stopped reporting."""
    from kiosk.sync.status import STALE_AFTER_MISSED, read_reports, status_dir, summary_lines

    now = now or dt.datetime.now(dt.UTC)
    found = read_reports(content)
    if not found:
        print(f"No screen has reported yet (nothing in {status_dir(content)}).")
        print("Each running kiosk writes its report there about once a minute.")
        return 0
    print(f"{len(found)} screen{'' if len(found) == 1 else 's'} ({status_dir(content)}):")
    for report in found:
        print()
        print("\n".join(summary_lines(report, now)))
    stale = [report.name for report in found if report.stale(now)]
    if stale:
        print()
        print(
            f"Not seen for {STALE_AFTER_MISSED} reports or more: {', '.join(stale)}. Check that "
            "each is switched on, showing the kiosk, and connected to the network."
        )
        return 1
    return 0
