"""Performance numbers for the player: ``python -m kiosk.benchmark``.

Prints, on an offscreen 1920x1080 screen:
- start-up: process start to first slide painted (ms), over several fresh full-screen kiosk
  processes, with the kiosk's bytecode written (as on a kiosk after its first start), and once
  more without it (the first start after an install or update, which compiles its Python);
- memory: the kiosk process's RSS at its first slide (MiB);
- tap to detail painted (median and p99 ms), through real touch events;
- memory over time: RSS after warm-up and after N automatic transitions (MiB), and the live
  QObject count before and after, so growth shows.

Targets (README): start-up <= 250 ms, tap p99 <= 16 ms, RSS <= 100 MiB, growth <= 2 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from kiosk.paths import SHIPPED_DECK

ROOT = Path(__file__).resolve().parent.parent
SCREEN = {"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
          "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip


def offscreen_platform() -> str:
    config = Path(tempfile.gettempdir()) / "clinic-kiosk-bench-screen.json"
    config.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def write_bytecode() -> None:
    """Compile the kiosk's modules, as its first start does (Python caches them in __pycache__).

    Without this, a machine with PYTHONDONTWRITEBYTECODE set (some build and CI machines) would
    time the compiler on every start, which no kiosk pays after its first.
    """
    import compileall

    compileall.compile_dir(ROOT / "kiosk", quiet=1)


class StartupRun(NamedTuple):
    ms: float  # process start to first slide painted
    rss_mib: float  # the kiosk process's resident memory then


def measure_first_start(content: Path, runs: int) -> list[StartupRun]:
    """Start-up with no bytecode for the kiosk's modules: a copy of them, never cached."""
    with tempfile.TemporaryDirectory(prefix="clinic-kiosk-first-start-") as folder:
        copy = Path(folder)
        shutil.copytree(
            ROOT / "kiosk", copy / "kiosk", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copy2(ROOT / "main.py", copy / "main.py")
        (copy / "resources").symlink_to(ROOT / "resources")
        return measure_startup(content, runs, copy / "main.py", {"PYTHONDONTWRITEBYTECODE": "1"})


def measure_startup(
    content: Path,
    runs: int,
    script: Path = ROOT / "main.py",
    extra_env: dict[str, str] | None = None,
) -> list[StartupRun]:
    """Milliseconds from launching ``main.py`` to its first painted frame, and its memory then."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": offscreen_platform(),
        "KIOSK_EXIT_AFTER_FIRST_PAINT": "1",
        **(extra_env or {}),
    }
    runs_seen = []
    for _ in range(runs):
        started = time.time()
        done = subprocess.run(
            [sys.executable, str(script), "--content", str(content)],  # full screen, as a kiosk
            capture_output=True, text=True, env=env, timeout=60, check=True,
        )  # fmt: skip
        report = next(line for line in done.stdout.splitlines() if line.startswith("first-paint"))
        _, painted, rss = report.split()
        runs_seen.append(StartupRun((float(painted) - started) * 1000, float(rss)))
    return runs_seen


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--content", type=Path, default=SHIPPED_DECK)
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--taps", type=int, default=2000)
    parser.add_argument("--transitions", type=int, default=10_000)
    args = parser.parse_args(argv)

    write_bytecode()
    runs = measure_startup(args.content, args.startup_runs)
    startup = [run.ms for run in runs]
    print(
        f"start-up to first slide painted: median {statistics.median(startup):.0f} ms, "
        f"best {min(startup):.0f} ms, worst {max(startup):.0f} ms ({len(startup)} runs)"
    )
    first = [run.ms for run in measure_first_start(args.content, max(1, args.startup_runs // 3))]
    print(
        f"first start after an install or update (compiling the kiosk's Python): median "
        f"{statistics.median(first):.0f} ms ({len(first)} runs)"
    )
    rss = statistics.median(run.rss_mib for run in runs)
    print(f"RSS at first slide: {rss:.1f} MiB (median of the kiosk processes above)")

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform()
    run_in_process(args.content, args.taps, args.transitions)
    return 0


def run_in_process(content: Path, taps: int, transitions: int) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtTest import QTest

    from kiosk.app.qt import make_application
    from kiosk.content import load_deck
    from kiosk.player.timing import Timing
    from kiosk.player.window import KioskWindow
    from kiosk.system.memory import resident_mib

    app = make_application()
    hour = 3_600_000  # nothing moves by itself: the benchmark drives every change
    window = KioskWindow(
        load_deck(content).deck,
        Timing(default_slide_ms=hour, idle_timeout_ms=hour, transition_ms=16),
    )
    window.resize(1920, 1080)
    window.show()
    painted: list[bool] = [False]

    class PaintWatcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted[0] = True
            return False

    def settle() -> None:
        app.processEvents()
        while window.transition.running:
            app.processEvents()

    first = [False]
    window.first_painted.connect(lambda: first.__setitem__(0, True))
    while not first[0]:
        app.processEvents()
    settle()

    watcher = PaintWatcher()
    window.detail.installEventFilter(watcher)
    device = QTest.createTouchDevice()
    count = len(window.controller.slides)
    tap_ms = []
    for i in range(taps):
        window.controller.go_to(i % count)
        settle()
        point = window.cycle.card.mapTo(window, window.cycle.card.rect().center())
        painted[0] = False
        started = time.perf_counter()
        QTest.touchEvent(window, device).press(0, point, window).commit()
        QTest.touchEvent(window, device).release(0, point, window).commit()
        while not painted[0]:
            app.processEvents()
        app.processEvents()  # let the paint finish and flush
        tap_ms.append((time.perf_counter() - started) * 1000)
        window.close_detail()
        settle()
    print(
        f"tap to detail painted: median {statistics.median(tap_ms):.1f} ms, "
        f"p99 {percentile(tap_ms, 0.99):.1f} ms, worst {max(tap_ms):.1f} ms ({taps} taps)"
    )

    def objects() -> int:
        return len(window.findChildren(QObject)) + len(app.topLevelWidgets())

    warm_up = min(500, transitions // 10)
    for _ in range(warm_up):
        window.controller.go_next()
        settle()
    rss_start, objects_start = resident_mib(), objects()
    started = time.perf_counter()
    samples = []
    for n in range(1, transitions + 1):
        window.controller.go_next()
        settle()
        if n % max(1, transitions // 10) == 0:
            samples.append(f"{resident_mib():.1f}")
    seconds = time.perf_counter() - started
    rss_end, objects_end = resident_mib(), objects()
    print(
        f"transitions: {transitions} in {seconds:.0f} s "
        f"({seconds / transitions * 1000:.1f} ms each, animated)"
    )
    print(
        f"RSS after warm-up {rss_start:.1f} MiB, after {transitions} transitions {rss_end:.1f} MiB "
        f"(growth {rss_end - rss_start:+.2f} MiB); samples: {', '.join(samples)}"
    )
    print(f"live QObjects: {objects_start} after warm-up, {objects_end} at the end")
    window.close()


if __name__ == "__main__":
    sys.exit(main())
