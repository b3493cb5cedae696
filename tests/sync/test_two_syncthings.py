"""Two real Syncthing instances on 127.0.0.1, paired with the documented commands: a slide saved
on one machine arrives in the other's content folder."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.sync.syncthing import FOLDER_ID, SyncError, Syncthing
from tests.commands import run_kiosk
from tests.decks import simple_deck, write_slide

SYNCTHING = shutil.which("syncthing")
if SYNCTHING is None and not os.environ.get("CI"):
    pytest.skip("syncthing is not installed (apt-get install syncthing)", allow_module_level=True)


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


@dataclass
class Machine:
    home: Path
    content: Path
    listen: int
    process: subprocess.Popen[bytes]

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_kiosk("--content", str(self.content), "--syncthing-home", str(self.home), *args)


def wait_for(check: object, deadline_s: float, what: str) -> float:
    """Poll ``check`` until true or the deadline; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if check():  # type: ignore[operator]
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {deadline_s} s")


def start_machine(base: Path, name: str) -> Machine:
    assert SYNCTHING is not None
    home, content = base / f"{name}-syncthing", base / f"{name}-content"
    subprocess.run(
        [SYNCTHING, "generate", "--home", str(home), "--no-default-folder"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    listen, gui = free_port(), free_port()
    private_config(home / "config.xml", listen, gui)
    env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
    process = subprocess.Popen(
        [
            SYNCTHING,
            "serve",
            "--home",
            str(home),
            "--no-browser",
            "--no-restart",
            "--logfile=-",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    content.mkdir()
    machine = Machine(home, content, listen, process)

    def answering() -> bool:
        try:
            Syncthing.from_home(home).device_id()
        except SyncError:
            return False
        return True

    wait_for(answering, 60, f"Syncthing {name} answering")
    return machine


@pytest.fixture
def two_machines(tmp_path: Path) -> Iterator[tuple[Machine, Machine]]:
    machines: list[Machine] = []
    try:
        machines.append(start_machine(tmp_path, "desk"))
        machines.append(start_machine(tmp_path, "screen"))
        yield machines[0], machines[1]
    finally:
        for machine in machines:
            machine.process.terminate()
            try:
                machine.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                machine.process.kill()
                machine.process.wait(timeout=20)


def device_id(output: str) -> str:
    (found,) = re.findall(r"^[A-Z0-9]{7}(?:-[A-Z0-9]{7}){7}$", output, re.MULTILINE)
    return found


def test_a_slide_saved_on_one_machine_arrives_and_a_deleted_one_can_be_put_back(
    two_machines: tuple[Machine, Machine],
) -> None:
    desk, screen = two_machines
    simple_deck(desk.content)
    ids = {}
    for machine in (desk, screen):
        done = machine.command("--sync-setup", "--no-local-discovery")
        assert done.returncode == 0, done.stderr
        ids[machine.home] = device_id(done.stdout)
    for here, there in ((desk, screen), (screen, desk)):
        done = here.command(
            "--sync-add-device",
            ids[there.home],
            "--sync-address",
            f"tcp://127.0.0.1:{there.listen}",
        )
        assert done.returncode == 0, done.stderr

    st = Syncthing.from_home(desk.home)
    options = st.call("GET", "/rest/config/options")
    assert not options["globalAnnounceEnabled"] and not options["relaysEnabled"]
    assert not options["natEnabled"] and options["urAccepted"] == -1
    folder = st.call("GET", f"/rest/config/folders/{FOLDER_ID}")
    assert folder["type"] == "sendreceive" and folder["versioning"]["type"] == "staggered"
    assert ".backups" in st.call("GET", f"/rest/db/ignores?folder={FOLDER_ID}")["ignore"]

    wait_for(
        lambda: len(load_deck(screen.content).deck.slides) == 3, 120, "the first deck arriving"
    )
    write_slide(desk.content, "050-flu.md", {"id": "flu", "title": "Flu shots", "teaser": "t"})
    took = wait_for(
        lambda: "flu" in {s.id for s in load_deck(screen.content).deck.slides},
        60,
        "the new slide arriving",
    )
    print(f"a new slide reached the other machine in {took:.1f} s")
    assert load_deck(screen.content).problems == ()

    # Deleted on the desk: gone from the screen, and the screen keeps the version to put back.
    (desk.content / "slides" / "050-flu.md").unlink()
    versions = screen.content / ".stversions" / "slides"
    wait_for(lambda: any(versions.glob("050-flu~*.md")), 60, "the deleted slide's version")
    assert "flu" not in {s.id for s in load_deck(screen.content).deck.slides}
    (kept,) = versions.glob("050-flu~*.md")
    kept.replace(screen.content / "slides" / "050-flu.md")  # as README says: copy it back
    wait_for(
        lambda: "flu" in {s.id for s in load_deck(desk.content).deck.slides},
        60,
        "the restored slide reaching the desk again",
    )
