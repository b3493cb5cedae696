"""Performance numbers for the player: ``python -m kiosk.benchmark``.

Prints, on an offscreen 1920x1080 screen:
- start-up: process start to first slide painted (ms), over several fresh full-screen kiosk
  processes, with the kiosk's bytecode written (as on a kiosk after its first start), and once
  more without it (the first start after an install or update, which compiles its Python);
- memory: the kiosk process's RSS at its first slide (MiB);
- tap to detail painted (median and p99 ms), through real touch events, each tap
  :data:`TAP_PAUSE_S` after its slide arrived (sooner than a person reacts to a new slide);
- memory over time: RSS after warm-up and after N automatic transitions (MiB), and the live
  QObject count before and after, so growth shows.

Targets (README): start-up <= 250 ms, tap p99 <= 16 ms, RSS <= 100 MiB, growth <= 2 MiB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from kiosk.paths import SHIPPED_DECK

if TYPE_CHECKING:
    from kiosk.player.window import KioskWindow

ROOT = Path(__file__).resolve().parent.parent
SCREEN = {"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
          "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip


def offscreen_platform(width: int = 1920, height: int = 1080) -> str:
    config = Path(tempfile.gettempdir()) / f"clinic-kiosk-bench-screen-{width}x{height}.json"
    screen = {**SCREEN, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
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
        if content.resolve() == SHIPPED_DECK.resolve():
            # The copy's own shipped deck: the copy would not recognise the original as the
            # shipped one and would write this screen's status reports into the repository.
            content = copy / SHIPPED_DECK.relative_to(ROOT)
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
    parser.add_argument("--taps", type=int, default=1000)
    parser.add_argument("--transitions", type=int, default=10_000)
    parser.add_argument(
        "--cycle-seconds",
        type=float,
        default=60.0,
        help="how long the whole kiosk cycles for the CPU and repaint numbers",
    )
    parser.add_argument(
        "--frame-transitions",
        type=int,
        default=20,
        help="animated transitions timed frame by frame, at 1080p and at 4K",
    )
    parser.add_argument(
        "--quota-taps",
        type=int,
        default=400,
        help="taps (and as many transitions) under a quarter-core CPU quota",
    )
    parser.add_argument("--child", choices=["cycle", "frames", "quota"], help=argparse.SUPPRESS)
    parser.add_argument("--size", default="1920x1080", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return run_child(args)

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

    report_cycling(args, "offscreen", {"QT_QPA_PLATFORM": offscreen_platform()})
    with xvfb_display() as display:
        if display is None:
            print("cycling (X11 under Xvfb): not measured: Xvfb is not installed (apt xvfb)")
        else:
            report_cycling(args, "X11 under Xvfb", {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display})
    for size in ("1920x1080", "3840x2160"):
        report_frames(args, size)
    report_quota(args)

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform()
    run_in_process(args.content, args.taps, args.transitions)
    return 0


#: How long after a slide arrives it is tapped: well under a person's reaction time to a new
#: slide (about a quarter of a second), but long enough for the kiosk to have prepared its
#: detail, as it does while a slide stands still, and for a CPU quota's period to begin afresh.
TAP_PAUSE_S = 0.15


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
        app.processEvents()  # the detail is prepared once a transition ends
        app.processEvents()

    first = [False]
    window.first_painted.connect(lambda: first.__setitem__(0, True))
    while not first[0]:
        app.processEvents()
    load_every_part(window, content)  # as the kiosk does: its parts start at the first paint
    settle()

    watcher = PaintWatcher()
    window.detail.installEventFilter(watcher)
    device = QTest.createTouchDevice()
    count = len(window.controller.slides)
    tap_ms = []
    for i in range(taps):
        window.controller.go_to(i % count)
        settle()
        wait(TAP_PAUSE_S)  # a patient sees the slide before tapping it; the kiosk idles meanwhile
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
        if n % max(1, transitions // 10) == 0:  # as it goes: a leak shows before the end
            samples.append(f"{resident_mib():.1f}")
            print(f"  RSS after {n} transitions: {samples[-1]} MiB", flush=True)
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
    print(
        f"RSS with every part loaded (detail, staff mode, statistics, voice engine) after "
        f"{taps} taps and {transitions + warm_up} transitions: {rss_end:.1f} MiB"
    )
    window.close()


def load_every_part(window: KioskWindow, content: Path) -> None:
    """What a kiosk has loaded after its first minutes: the detail screen, live reload,
    notices, statistics, staff mode (its code; the editor is built when staff open it) and
    the voice engine."""
    import importlib

    from PySide6.QtWidgets import QApplication

    from kiosk.app.kiosk import start_services
    from kiosk.content import load_deck

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    folder = Path(tempfile.mkdtemp(prefix="clinic-kiosk-bench-stats-"))
    start_services(window, content, load_deck(content), app, folder / "stats.sqlite")
    importlib.import_module("kiosk.staff.editor")
    importlib.import_module("kiosk.insight.view")
    window.speech.start()
    window.detail  # noqa: B018 (built on first use)


# -- a minute of cycling: CPU, repaints between transitions, transition frames -----------------
class CycleRun(NamedTuple):
    seconds: float
    cpu_pct: float  # of one core, over the whole run
    between_cpu_pct: float  # of one core, while a slide stands still
    between_area_per_s: float  # pixels repainted per second while a slide stands still
    between_passes_per_s: float
    transitions: int
    frame_ms: list[float]  # intervals between transition frames
    rss_mib: float


def cycle_in_process(content: Path, seconds: float, size: tuple[int, int], stats: Path) -> CycleRun:
    """The whole kiosk (window, live reload, notices, statistics, staff mode, voice) cycling
    the deck at its own pace for ``seconds``, measured from the first slide painted."""
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.app.kiosk import start_services
    from kiosk.app.qt import make_application
    from kiosk.content import load_deck
    from kiosk.player.window import KioskWindow
    from kiosk.system.memory import resident_mib
    from kiosk.ui.paintmeter import PaintMeter

    app = make_application()
    result = load_deck(content)
    window = KioskWindow(result.deck)
    window.resize(*size)
    window.show()
    loop = QEventLoop()
    window.first_painted.connect(loop.quit)
    loop.exec()
    staff = start_services(window, content, result, app, stats)
    del staff
    wait(2.5)  # the voice engine loads 2 s after the first slide
    while window.transition.running:
        app.processEvents()

    meter = PaintMeter(window).start()
    between = {"cpu": 0.0, "wall": 0.0, "area": 0, "passes": 0}
    mark = {"cpu": time.process_time(), "wall": time.perf_counter(), "still": True}
    frames: list[float] = []
    transitions = [0]

    def close_still() -> None:
        if mark["still"]:
            between["cpu"] += time.process_time() - mark["cpu"]
            between["wall"] += time.perf_counter() - mark["wall"]
            between["area"] += meter.area
            between["passes"] += len(meter.passes)
        mark["still"] = False
        meter.reset()

    def on_change() -> None:
        transitions[0] += 1
        settling.stop()
        close_still()

    painted_before = [0]

    def on_finished() -> None:
        frames.extend(meter.frame_intervals_ms())
        painted_before[0] = meter.paint_events
        settling.start()

    def on_settling() -> None:
        # The live card's own repaint, as the pictures go, is the transition's last frame.
        if meter.paint_events > painted_before[0]:
            settling.stop()
            meter.reset()
            mark.update(cpu=time.process_time(), wall=time.perf_counter(), still=True)

    settling = QTimer(interval=5)
    settling.timeout.connect(on_settling)
    window.controller.current_changed.connect(on_change)
    window.transition.finished.connect(on_finished)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    wait(seconds)
    close_still()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    meter.stop()
    rss = resident_mib()
    window.close()
    still = max(between["wall"], 1e-9)
    return CycleRun(
        wall, cpu / wall * 100, between["cpu"] / still * 100, between["area"] / still,
        between["passes"] / still, transitions[0], frames, rss,
    )  # fmt: skip


def wait(seconds: float) -> None:
    """Run the event loop for ``seconds`` (the kiosk's own timers do the work)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


# -- children: each measure in a fresh kiosk process, so none inherits another's state ------------
def run_child(args: argparse.Namespace) -> int:
    """One measure in this process; prints one JSON line for the parent."""
    width, height = (int(n) for n in args.size.split("x"))
    if args.child == "cycle":
        with tempfile.TemporaryDirectory(prefix="clinic-kiosk-bench-") as folder:
            run = cycle_in_process(
                args.content, args.cycle_seconds, (width, height), Path(folder) / "stats.sqlite"
            )
        print(json.dumps(run._asdict()))
    elif args.child == "frames":
        frames, late = frames_in_process(args.content, args.frame_transitions, (width, height))
        print(json.dumps({"frame_ms": frames, "late_ms": late}))
    else:
        os.environ["QT_QPA_PLATFORM"] = offscreen_platform()
        run_in_process(args.content, args.quota_taps, args.quota_taps)
        frames, late = frames_in_process(args.content, args.frame_transitions, (width, height))
        print(json.dumps({"frame_ms": frames, "late_ms": late}))
    return 0


def child_command(args: argparse.Namespace, child: str, size: str = "1920x1080") -> list[str]:
    return [
        sys.executable, "-m", "kiosk.benchmark", "--child", child, "--size", size,
        "--content", str(args.content), "--cycle-seconds", str(args.cycle_seconds),
        "--frame-transitions", str(args.frame_transitions), "--quota-taps", str(args.quota_taps),
    ]  # fmt: skip


def run_child_process(command: list[str], env: dict[str, str]) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env},
        timeout=3600, check=True,
    )  # fmt: skip
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[:-1])


def report_cycling(args: argparse.Namespace, where: str, env: dict[str, str]) -> None:
    result, _ = run_child_process(child_command(args, "cycle"), env)
    run = CycleRun(**result)  # type: ignore[arg-type]
    print(
        f"cycling ({where}, 1920x1080, {run.seconds:.0f} s, {run.transitions} transitions, "
        f"every part loaded): CPU {run.cpu_pct:.2f}% of a core over the run, "
        f"{run.between_cpu_pct:.2f}% between transitions"
    )
    print(
        f"repainted between transitions ({where}): {run.between_area_per_s:,.0f} px/s "
        f"({run.between_area_per_s / (1920 * 1080) * 100:.2f}% of the screen per second) "
        f"in {run.between_passes_per_s:.1f} repaints/s"
    )


def frames_in_process(
    content: Path, transitions: int, size: tuple[int, int]
) -> tuple[list[float], list[float]]:
    """``transitions`` animated slide changes at the deck's own pace (600 ms each): the time
    between frames, and how much later than planned each transition finished."""
    from PySide6.QtCore import QEventLoop

    from kiosk.app.qt import make_application
    from kiosk.content import load_deck
    from kiosk.player.timing import Timing
    from kiosk.player.window import KioskWindow
    from kiosk.ui.paintmeter import PaintMeter

    make_application()
    hour = 3_600_000
    timing = Timing(default_slide_ms=hour, idle_timeout_ms=hour)
    window = KioskWindow(load_deck(content).deck, timing)
    window.resize(*size)
    window.show()
    loop = QEventLoop()
    window.first_painted.connect(loop.quit)
    loop.exec()
    wait(0.5)  # the detail screen is built after the first slide
    frames: list[float] = []
    late: list[float] = []
    window.transition.finished.connect(loop.quit)
    for _ in range(transitions):
        with PaintMeter(window) as meter:
            started = time.perf_counter()
            window.controller.go_next()
            loop.exec()
            took = (time.perf_counter() - started) * 1000
            wait(0.3)  # the detail is prepared and the live card painted: the last frame
        frames.extend(meter.frame_intervals_ms())
        late.append(took - timing.slide_change_ms)
    window.close()
    return frames, late


def report_frames(args: argparse.Namespace, size: str) -> None:
    width, height = (int(n) for n in size.split("x"))
    env = {"QT_QPA_PLATFORM": offscreen_platform(width, height)}
    result, _ = run_child_process(child_command(args, "frames", size), env)
    print_frames(
        f"at {size}",
        cast("list[float]", result["frame_ms"]),
        cast("list[float]", result["late_ms"]),
    )


def print_frames(where: str, frames: list[float], late: list[float]) -> None:
    if not frames:
        print(f"transition frames {where}: none painted")
        return
    over = sum(1 for ms in frames if ms > FRAME_BUDGET_MS)
    print(
        f"transition frames {where}: p50 {statistics.median(frames):.1f} ms, "
        f"p99 {percentile(frames, 0.99):.1f} ms, worst {max(frames):.1f} ms, "
        f"{over} of {len(frames)} over {FRAME_BUDGET_MS} ms; transitions end "
        f"{statistics.median(late):+.0f} ms (median), {max(late):+.0f} ms (worst) after plan"
    )


#: No transition frame may take longer than this (two frames at 60 Hz).
FRAME_BUDGET_MS = 33


def report_quota(args: argparse.Namespace) -> None:
    """Taps and transitions again on a quarter of one core, a stand-in for a small board."""
    command = child_command(args, "quota")
    with quarter_core(command) as (wrapped, how):
        if wrapped is None:
            print(f"under a quarter-core CPU quota: not measured ({how})")
            return
        result, lines = run_child_process(wrapped, {})
    for line in lines.splitlines():
        if line.startswith("tap to detail"):
            print(f"under a quarter-core CPU quota ({how}): {line}")
    print_frames(
        f"under the quota ({how})",
        cast("list[float]", result["frame_ms"]),
        cast("list[float]", result["late_ms"]),
    )


@contextlib.contextmanager
def quarter_core(command: list[str]) -> Iterator[tuple[list[str] | None, str]]:
    """``command`` wrapped to run on 25% of one core: a systemd scope where systemd runs,
    else a cgroup v2 ``cpu.max``, else a cgroup v1 CFS quota; (None, what was tried) if none."""
    tried = []
    systemd_run = shutil.which("systemd-run")
    if systemd_run:
        probe = subprocess.run(
            [systemd_run, "--user", "--scope", "-q", "-p", "CPUQuota=25%", "true"],
            capture_output=True, check=False,
        )  # fmt: skip
        if probe.returncode == 0:
            yield (
                [systemd_run, "--user", "--scope", "-q", "-p", "CPUQuota=25%", *command],
                ("systemd-run --scope -p CPUQuota=25%"),
            )
            return
        tried.append("systemd-run (no systemd user manager here)")
    for root, files, limit, label in CGROUPS:
        if not (Path(root) / files[-1]).exists() and not cgroup_v2_with_cpu(Path(root)):
            tried.append(f"{label} (no such controller at {root})")
            continue
        group = Path(root) / f"clinic-kiosk-bench-{os.getpid()}"
        try:
            group.mkdir()
        except OSError as exc:
            tried.append(f"{label} ({exc.strerror})")
            continue
        try:
            for name, value in zip(files, limit, strict=True):
                (group / name).write_text(value, encoding="ascii")
            enter = f'echo $$ > {group / "cgroup.procs"} && exec "$@"'
            yield ["sh", "-c", enter, "sh", *command], label
            return
        except OSError as exc:
            tried.append(f"{label} ({exc.strerror})")
        finally:
            with contextlib.suppress(OSError):
                group.rmdir()
    yield None, "; ".join(tried) or "no way to limit CPU found"


def cgroup_v2_with_cpu(root: Path) -> bool:
    """A real cgroup v2 hierarchy with the cpu controller (not a tmpfs that takes any file)."""
    try:
        return "cpu" in (root / "cgroup.controllers").read_text(encoding="ascii").split()
    except OSError:
        return False


#: Where a quarter-core quota can be set: (folder, files, values, how it is described).
CGROUPS = [
    ("/sys/fs/cgroup", ("cpu.max",), ("25000 100000",), "cgroup v2 cpu.max 25000/100000"),
    ("/sys/fs/cgroup/cpu", ("cpu.cfs_period_us", "cpu.cfs_quota_us"), ("100000", "25000"),
     "cgroup v1 cpu.cfs_quota_us 25000/100000"),
]  # fmt: skip


@contextlib.contextmanager
def xvfb_display() -> Iterator[str | None]:
    """A virtual X server at 1920x1080 for as long as the block runs (None without Xvfb)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.05)
        yield f":{number}" if socket.exists() else None
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
