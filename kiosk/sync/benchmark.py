"""What many screens cost: ``python -m kiosk.sync.benchmark --screens 3``.

Starts one "reception" Syncthing and N screen Syncthings on 127.0.0.1 in temporary homes
(private: no discovery, relays, NAT traversal or reports; see :mod:`kiosk.sync.local`), pairs
each screen with the reception PC with the documented commands, and copies the shipped deck
(plus ``--slides`` generated ones) into the reception's folder. Then it prints:

- the first full copy: the deck on every screen, loadable;
- each Syncthing's memory (RSS) and CPU while idle (``--idle`` seconds, 30 by default);
- propagation: a slide saved at the reception through the desk editor's own save
  (``kiosk.storage.slides.save_slide``), until it is on every screen and loads there (median and
  slowest of ``--rounds`` saves), and the same for a 2 MiB picture; the CPU each Syncthing spent
  per save.

Linux only (it reads /proc). It uses the machine it runs on: run it on an idle one.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from kiosk.content import load_deck
from kiosk.content.files import SLIDES_DIR
from kiosk.paths import SHIPPED_DECK
from kiosk.storage.atomic import write_atomic
from kiosk.storage.slides import read_slide, save_slide
from kiosk.sync.local import SYNCTHING, Machine, pair, start_machine, wait_for
from kiosk.sync.syncthing import FOLDER_ID

_TICK: Final = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_POLL_S: Final = 0.02
_DEADLINE_S: Final = 300.0
_PICTURE_BYTES: Final = 2 * 1024 * 1024


def tree(pid: int) -> list[int]:
    """``pid`` and its children: Syncthing runs as a small monitor process and the syncing one."""
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):  # Go starts it from any of its threads
        try:
            kids += [int(k) for k in (task / "children").read_text(encoding="ascii").split()]
        except OSError:
            continue
    return [pid, *(p for kid in kids for p in tree(kid))]


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of the process tree now: PSS shares the pages both processes map."""
    rss = pss = 0
    for each in tree(pid):
        for line in Path(f"/proc/{each}/smaps_rollup").read_text(encoding="ascii").splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss / 1024, pss / 1024


def cpu_s(pid: int) -> float:
    """User and system CPU time the process tree has used so far."""
    total = 0
    for each in tree(pid):
        stat = Path(f"/proc/{each}/stat").read_text(encoding="ascii")
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / _TICK


def cpu_all(machines: Sequence[Machine]) -> list[float]:
    return [cpu_s(m.process.pid) for m in machines]


def arrival_times(
    screens: Sequence[Machine], arrived: Callable[[Machine], bool], start: float
) -> list[float]:
    """Seconds from ``start`` until ``arrived(screen)`` for each screen."""
    times: dict[str, float] = {}
    deadline = start + _DEADLINE_S
    while len(times) < len(screens):
        for screen in screens:
            if screen.name not in times and arrived(screen):
                times[screen.name] = time.monotonic() - start
        if time.monotonic() > deadline:
            raise TimeoutError(f"not on every screen within {_DEADLINE_S} s")
        time.sleep(_POLL_S)
    return [times[s.name] for s in screens]


def extra_slides(folder: Path, count: int) -> None:
    for n in range(count):
        fields = {
            "id": f"bench-{n}",
            "title": f"Generated slide {n}",
            "teaser": "A slide made by the benchmark, to see how a bigger deck syncs.",
            "order": 1000 + n,
        }
        save_slide(folder, f"{1000 + n}-bench-{n}.md", fields, "Some words. " * 80)


def save_round(reception: Machine, screens: Sequence[Machine], round_no: int) -> list[float]:
    """Save one slide at the reception; seconds until it loads on each screen."""
    title = f"Flu jabs, round {round_no}"
    fields = {"id": "bench-flu", "title": title, "teaser": "Ask at the front desk.", "order": 5}
    start = time.monotonic()
    save_slide(reception.content, "005-bench-flu.md", fields, f"Saved in round {round_no}.")

    def arrived(screen: Machine) -> bool:
        path = screen.content / SLIDES_DIR / "005-bench-flu.md"
        try:
            if title not in path.read_text(encoding="utf-8"):
                return False
        except OSError:
            return False
        slide = read_slide(screen.content, "005-bench-flu.md")  # loadable, not just there
        return slide is not None and slide.title == title

    return arrival_times(screens, arrived, start)


def picture_round(reception: Machine, screens: Sequence[Machine], round_no: int) -> list[float]:
    """Save a 2 MiB picture at the reception; seconds until it is whole on each screen."""
    data = os.urandom(_PICTURE_BYTES)
    name = f"images/bench-photo-{round_no}.jpg"
    start = time.monotonic()
    (reception.content / "images").mkdir(exist_ok=True)
    write_atomic(reception.content / name, data)

    def arrived(screen: Machine) -> bool:
        path = screen.content / name
        try:
            return path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            return False

    return arrival_times(screens, arrived, start)


def run(screens_count: int, idle_s: float, rounds: int, slides: int) -> int:
    if SYNCTHING is None:
        print("syncthing is not installed (apt-get install syncthing)")
        return 1
    base = Path(tempfile.mkdtemp(prefix="kiosk-sync-bench-"))
    machines: list[Machine] = []
    try:
        machines.append(start_machine(base, "reception"))
        for n in range(1, screens_count + 1):
            machines.append(start_machine(base, f"screen-{n}"))
        reception, screens = machines[0], machines[1:]
        shutil.copytree(SHIPPED_DECK, reception.content, dirs_exist_ok=True)
        extra_slides(reception.content, slides)
        expected = len(load_deck(reception.content).deck.slides)
        start = time.monotonic()
        pair(reception, screens)
        paired = time.monotonic() - start
        files = sorted(p.name for p in (reception.content / SLIDES_DIR).iterdir())

        def whole_deck(screen: Machine) -> bool:
            # Listing is cheap; the deck is loaded (500 slides: a fraction of a second) only
            # once every file is there, so polling does not slow the copy it measures.
            there = sorted(p.name for p in (screen.content / SLIDES_DIR).glob("*.md"))
            return there == files and len(load_deck(screen.content).deck.slides) == expected

        first = arrival_times(screens, whole_deck, start)
        report_setup(screens_count, expected, paired, first)
        wait_for(lambda: all(_idle(m) for m in machines), 120, "every Syncthing idle")
        idle = measure_idle(machines, idle_s)
        saves, slide_cpu = timed(machines, lambda r: save_round(reception, screens, r), rounds)
        pictures, picture_cpu = timed(
            machines, lambda r: picture_round(reception, screens, r), rounds
        )
        report(machines, idle, idle_s, (slide_cpu, picture_cpu), saves, pictures)
    finally:
        for machine in machines:
            machine.stop()
        shutil.rmtree(base, ignore_errors=True)
    return 0


def timed(
    machines: Sequence[Machine], one: Callable[[int], list[float]], rounds: int
) -> tuple[list[list[float]], list[float]]:
    """Each round's arrival times, and the CPU seconds each Syncthing spent per round (until
    every one is idle again)."""
    before = cpu_all(machines)
    times = [one(r) for r in range(1, rounds + 1)]
    wait_for(lambda: all(_idle(m) for m in machines), 120, "every Syncthing idle again")
    return times, [(a - b) / rounds for a, b in zip(cpu_all(machines), before, strict=True)]


def _idle(machine: Machine) -> bool:
    status = machine.api.call("GET", f"/rest/db/status?folder={FOLDER_ID}")
    return status.get("state") == "idle" and not status.get("needFiles")


def measure_idle(
    machines: Sequence[Machine], idle_s: float
) -> list[tuple[tuple[float, float], float]]:
    """((RSS, PSS) MiB, CPU % of one core) per machine over ``idle_s`` seconds of nothing
    changing."""
    before = cpu_all(machines)
    time.sleep(idle_s)  # a benchmark: nothing to wait for, only time passing
    after = cpu_all(machines)
    return [
        (memory_mib(m.process.pid), 100 * (a - b) / idle_s)
        for m, a, b in zip(machines, after, before, strict=True)
    ]


def report_setup(count: int, slides: int, paired: float, first: list[float]) -> None:
    cpu = platform.processor() or platform.machine()
    print(f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}")
    print(f"1 reception + {count} screens on 127.0.0.1, {slides} slides in the deck")
    print(f"pairing with the documented commands: {paired:.1f} s")
    print(
        f"first full copy on every screen (from the first pairing command): "
        f"median {statistics.median(first):.1f} s, slowest {max(first):.1f} s"
    )


def report(
    machines: Sequence[Machine],
    idle: list[tuple[tuple[float, float], float]],
    idle_s: float,
    busy: tuple[list[float], list[float]],
    saves: list[list[float]],
    pictures: list[list[float]],
) -> None:
    print()
    heads = ("Syncthing", "RSS MiB", "PSS MiB", "idle CPU %", "CPU ms/slide", "CPU ms/picture")
    print(
        f"{heads[0]:<12} {heads[1]:>8} {heads[2]:>8} {heads[3]:>11} {heads[4]:>13} {heads[5]:>15}"
    )
    rows = zip(machines, idle, *busy, strict=True)
    for machine, ((rss, pss), idle_pct), per_slide, per_picture in rows:
        print(
            f"{machine.name:<12} {rss:>8.1f} {pss:>8.1f} {idle_pct:>11.2f} "
            f"{per_slide * 1000:>13.0f} {per_picture * 1000:>15.0f}"
        )
    print(
        f"(memory of both Syncthing processes (monitor and worker) after {idle_s:.0f} s idle; "
        "CPU % of one core over that time; CPU per save until every Syncthing is idle again)"
    )
    print()
    for what, rounds in (("slide saved", saves), ("2 MiB picture", pictures)):
        each = [t for r in rounds for t in r]
        every = [max(r) for r in rounds]
        print(
            f"{what} -> on every screen: median {statistics.median(every):.2f} s, "
            f"slowest {max(every):.2f} s; per screen median {statistics.median(each):.2f} s "
            f"({len(rounds)} rounds)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.sync.benchmark", description=__doc__)
    parser.add_argument("--screens", type=int, default=3, help="screens besides the reception")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle to measure")
    parser.add_argument("--rounds", type=int, default=5, help="saves to time")
    parser.add_argument("--slides", type=int, default=0, help="generated slides to add")
    args = parser.parse_args(argv)
    return run(args.screens, args.idle, args.rounds, args.slides)


if __name__ == "__main__":
    raise SystemExit(main())
