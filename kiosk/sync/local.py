"""Real Syncthings on this one computer, for the tests and the many-screens benchmark.

Each runs in its own temporary home with its own content folder, listens on 127.0.0.1 only and
is private before its first start (no global or local discovery, relays, NAT traversal, usage or
crash reports), so nothing leaves the loopback addresses. They are paired with the documented
commands (``--sync-setup``, ``--sync-add-device``), run as a receptionist would run them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kiosk.sync.syncthing import SyncError, Syncthing

#: The Syncthing on this computer's PATH, or None.
SYNCTHING: Final = shutil.which("syncthing")
#: A device id as Syncthing prints it: eight groups of seven.
_DEVICE_ID: Final = re.compile(r"^[A-Z0-9]{7}(?:-[A-Z0-9]{7}){7}$", re.MULTILINE)
_COMMAND_TIMEOUT_S: Final = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def private_config(config: Path, listen: int, gui: int) -> None:
    """Before the first start: loopback only, nothing announced, relayed or reported."""
    text = config.read_text(encoding="utf-8")
    text = re.sub(
        r"<address>127\.0\.0\.1:\d+</address>", f"<address>127.0.0.1:{gui}</address>", text
    )
    for tag, value in {
        "listenAddress": f"tcp://127.0.0.1:{listen}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "urAccepted": "-1",
        "crashReportingEnabled": "false",
        "startBrowser": "false",
        "autoUpgradeIntervalH": "0",
    }.items():
        text = re.sub(rf"<{tag}>[^<]*</{tag}>", f"<{tag}>{value}</{tag}>", text)
    config.write_text(text, encoding="utf-8")


def wait_for(check: Callable[[], bool], deadline_s: float, what: str, step_s: float = 0.1) -> float:
    """Poll ``check`` until it is true or the deadline passes; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if check():
            return time.monotonic() - start
        time.sleep(step_s)
    raise TimeoutError(f"{what}: not within {deadline_s} s")


def device_id(output: str) -> str:
    """The one device id in a command's output."""
    (found,) = _DEVICE_ID.findall(output)
    return str(found)


@dataclass
class Machine:
    """One Syncthing and the content folder it shares: the reception PC or a screen."""

    name: str
    home: Path
    content: Path
    listen: int
    process: subprocess.Popen[bytes]

    @property
    def api(self) -> Syncthing:
        return Syncthing.from_home(self.home)

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``python -m kiosk --content ... --syncthing-home ... ARGS``, as staff would run it."""
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk",
                "--content",
                str(self.content),
                "--syncthing-home",
                str(self.home),
                *args,
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=_COMMAND_TIMEOUT_S,
            check=False,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def start_machine(base: Path, name: str) -> Machine:
    """A private Syncthing in ``base/<name>-syncthing`` with an empty ``base/<name>-content``,
    answering its REST API."""
    if SYNCTHING is None:
        raise SyncError("syncthing is not installed (apt-get install syncthing)")
    home, content = base / f"{name}-syncthing", base / f"{name}-content"
    subprocess.run(
        [SYNCTHING, "generate", "--home", str(home), "--no-default-folder"],
        check=True,
        capture_output=True,
        timeout=_COMMAND_TIMEOUT_S,
    )
    listen, gui = free_port(), free_port()
    private_config(home / "config.xml", listen, gui)
    env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
    process = subprocess.Popen(
        [SYNCTHING, "serve", "--home", str(home), "--no-browser", "--no-restart", "--logfile=-"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    content.mkdir(exist_ok=True)
    machine = Machine(name, home, content, listen, process)

    def answering() -> bool:
        try:
            machine.api.device_id()
        except SyncError:
            return False
        return True

    try:
        wait_for(answering, 60, f"Syncthing {name} answering")
    except TimeoutError:
        machine.stop()
        raise
    return machine


def pair(hub: Machine, others: Iterable[Machine]) -> dict[str, str]:
    """Share each content folder and pair ``hub`` (the reception PC) with every other machine,
    with the documented commands on both sides. Returns each machine's device id by name."""
    machines = [hub, *others]
    ids: dict[str, str] = {}
    for machine in machines:
        done = machine.command("--sync-setup", "--no-local-discovery")
        if done.returncode != 0:
            raise SyncError(f"--sync-setup on {machine.name}: {done.stderr}")
        ids[machine.name] = device_id(done.stdout)
    for other in machines[1:]:
        for here, there in ((hub, other), (other, hub)):
            done = here.command(
                "--sync-add-device",
                ids[there.name],
                "--sync-address",
                f"tcp://127.0.0.1:{there.listen}",
                "--sync-name",
                there.name,
            )
            if done.returncode != 0:
                raise SyncError(f"--sync-add-device on {here.name}: {done.stderr}")
    return ids
