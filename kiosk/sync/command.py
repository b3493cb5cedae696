"""``--sync-setup`` and ``--sync-add-device``: pairing screens, in words a receptionist follows."""

from __future__ import annotations

import argparse
import sys

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
