"""The documented benchmark command runs and prints every number README's table quotes."""

from __future__ import annotations

import re
import subprocess
import sys

from kiosk.benchmark import ROOT
from kiosk.paths import SHIPPED_DECK


def test_the_benchmark_prints_each_measure() -> None:
    assert not (SHIPPED_DECK / "status").exists(), "left by an earlier run: delete it first"
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.benchmark", "--startup-runs", "2", "--taps", "3",
         "--transitions", "10", "--cycle-seconds", "3", "--frame-transitions", "1",
         "--quota-taps", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    out = done.stdout
    expected = [
        r"start-up to first slide painted: median \d+ ms, best \d+ ms, worst \d+ ms \(2 runs\)",
        r"first start after an install or update \(compiling the kiosk's Python\): median \d+ ms",
        r"RSS at first slide: [\d.]+ MiB",
        r"tap to detail painted: median [\d.]+ ms, p99 [\d.]+ ms, worst [\d.]+ ms \(3 taps\)",
        r"RSS after warm-up [\d.]+ MiB, after 10 transitions [\d.]+ MiB \(growth [+-][\d.]+ MiB\)",
        r"live QObjects: \d+ after warm-up, \d+ at the end",
        r"RSS with every part loaded \(detail, staff mode, statistics, voice engine\) after 3 taps "
        r"and \d+ transitions: [\d.]+ MiB",
        r"cycling \(offscreen, 1920x1080, \d+ s, \d+ transitions, every part loaded\): "
        r"CPU [\d.]+% of a core over the run, [\d.]+% between transitions",
        r"repainted between transitions \(offscreen\): [\d,]+ px/s \([\d.]+% of the screen per "
        r"second\) in [\d.]+ repaints/s",
        r"cycling \(X11 under Xvfb(, 1920x1080, \d+ s, \d+ transitions, every part loaded\): CPU "
        r"[\d.]+%|\): not measured)",
        r"transition frames at 1920x1080: p50 [\d.]+ ms, p99 [\d.]+ ms, worst [\d.]+ ms, \d+ of "
        r"\d+ over 33 ms",
        r"transition frames at 3840x2160: p50 [\d.]+ ms",
        r"under a quarter-core CPU quota \((.+\): tap to detail painted: median [\d.]+ ms, p99 "
        r"[\d.]+ ms|not measured \(.+\))",
    ]
    for pattern in expected:
        assert re.search(pattern, out), f"{pattern!r} not in:\n{out}"
    # The shipped deck is part of the program: no run may write a screen's report into it.
    assert not (SHIPPED_DECK / "status").exists()
