"""Configuring the local Syncthing through its REST API, so pairing a screen is two commands.

Only the standard library (urllib): the kiosk talks to the Syncthing on this machine, whose
address and API key are in its own ``config.xml``. Syncthing is told to talk only to the
clinic's machines: no global discovery, relays, NAT traversal, usage or crash reports.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

#: The shared content folder's id: the same on every screen, so paired devices agree on it.
FOLDER_ID: Final = "clinic-kiosk-content"
FOLDER_LABEL: Final = "Clinic kiosk content"
#: Not shared: each machine's own backups and editors' leftovers.
IGNORE_PATTERNS: Final = (
    "// Clinic kiosk: each machine keeps its own backups; Syncthing keeps versions",
    ".backups",
    "(?d).DS_Store",
    "(?d)Thumbs.db",
    "(?d)desktop.ini",
    "*.swp",
    "*~",
    ".~lock.*",
)
#: Staggered versioning: a deleted or overwritten file can be taken back for a year.
VERSIONING: Final = {
    "type": "staggered",
    "params": {"maxAge": str(365 * 24 * 3600), "cleanInterval": "3600"},
    "cleanupIntervalS": 3600,
}
#: Nothing leaves the clinic unless staff ask: found and reached only at addresses given.
PRIVATE_OPTIONS: Final = {
    "globalAnnounceEnabled": False,
    "relaysEnabled": False,
    "natEnabled": False,
    "urAccepted": -1,
    "crashReportingEnabled": False,
    "autoUpgradeIntervalH": 0,
    "startBrowser": False,
}
TIMEOUT_S: Final = 10


class SyncError(Exception):
    """Syncthing could not be reached or refused a change; the message says what to do."""


def default_home() -> Path:
    """Where Debian's Syncthing 1.x keeps its config for this user."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "syncthing"


@dataclass(frozen=True, slots=True)
class Syncthing:
    """The REST API of one Syncthing: its GUI address and API key."""

    address: str
    api_key: str

    @classmethod
    def from_home(cls, home: Path) -> Syncthing:
        config = Path(home) / "config.xml"
        try:
            gui = ET.parse(config).getroot().find("gui")
        except (OSError, ET.ParseError) as exc:
            raise SyncError(
                f"Syncthing's settings ({config}) cannot be read: {exc}. Is Syncthing installed "
                "and started once? Give its folder with --syncthing-home."
            ) from exc
        address = gui.findtext("address") if gui is not None else None
        key = gui.findtext("apikey") if gui is not None else None
        if not address or not key:
            raise SyncError(f"{config} has no GUI address or API key; start Syncthing once.")
        tls = gui is not None and gui.get("tls") == "true"
        return cls(("https://" if tls else "http://") + address, key)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.address + path, data=data, method=method)
        request.add_header("X-API-Key", self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            raise SyncError(f"Syncthing refused {method} {path}: {exc.code} {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SyncError(
                f"Syncthing is not answering at {self.address} ({exc}). Is it running? "
                "Start it with: systemctl --user enable --now syncthing"
            ) from exc
        return json.loads(text) if text.strip() else None

    def device_id(self) -> str:
        return str(self.call("GET", "/rest/system/status")["myID"])


def set_up(st: Syncthing, content: Path, *, local_discovery: bool = True) -> str:
    """Share ``content`` (send and receive, versioned), keep Syncthing private; this device's id."""
    my_id = st.device_id()
    options = {**PRIVATE_OPTIONS, "localAnnounceEnabled": local_discovery}
    st.call("PATCH", "/rest/config/options", options)
    folder = _folder(st)
    devices = folder["devices"] if folder else [{"deviceID": my_id}]
    st.call(
        "PUT",
        f"/rest/config/folders/{FOLDER_ID}",
        {
            **(folder or {}),
            "id": FOLDER_ID,
            "label": FOLDER_LABEL,
            "path": str(Path(content).resolve()),
            "type": "sendreceive",
            "devices": devices,
            "versioning": VERSIONING,
            "fsWatcherEnabled": True,
            "fsWatcherDelayS": 1,
            "rescanIntervalS": 60,
        },
    )
    st.call("POST", f"/rest/db/ignores?folder={FOLDER_ID}", {"ignore": list(IGNORE_PATTERNS)})
    return my_id


def add_device(st: Syncthing, device_id: str, name: str, addresses: list[str]) -> None:
    """Trust ``device_id`` and share the content folder with it (run on both machines)."""
    folder = _folder(st)
    if folder is None:
        raise SyncError("Run --sync-setup first: the content folder is not shared yet.")
    st.call(
        "PUT",
        f"/rest/config/devices/{device_id}",
        {
            "deviceID": device_id,
            "name": name or device_id[:7],
            "addresses": addresses or ["dynamic"],
            "autoAcceptFolders": False,
        },
    )
    if all(d["deviceID"] != device_id for d in folder["devices"]):
        devices = [*folder["devices"], {"deviceID": device_id}]
        st.call("PATCH", f"/rest/config/folders/{FOLDER_ID}", {"devices": devices})


def _folder(st: Syncthing) -> dict[str, Any] | None:
    folders = st.call("GET", "/rest/config/folders")
    return next((f for f in folders if f["id"] == FOLDER_ID), None)
