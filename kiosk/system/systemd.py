"""systemd's notify protocol (READY=1, WATCHDOG=1) without a dependency; a no-op elsewhere.

With ``Type=notify`` and ``WatchdogSec=`` in the unit, systemd restarts the kiosk if the GUI
thread stops sending WATCHDOG=1, i.e. if the event loop hangs.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Send ``message`` to ``$NOTIFY_SOCKET``; False when not run by systemd."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode("utf-8"))
    except OSError as exc:
        log.warning("systemd notify failed: %s", exc)
        return False
    return True


def watchdog_interval_ms() -> int | None:
    """Half the watchdog timeout systemd asked for (``$WATCHDOG_USEC``), or None.

    systemd sets ``$WATCHDOG_PID`` to the service's main process. In the appliance that is cage,
    which starts the kiosk as its child and passes the variables on; the unit's
    ``NotifyAccess=all`` lets the child ping. So the pings are ours to send when the PID is this
    process or its parent (cage), and not when it names some other process further up.
    """
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid not in (str(os.getpid()), str(os.getppid()))):
        return None
    try:
        return max(100, int(usec) // 2000)
    except ValueError:
        return None
