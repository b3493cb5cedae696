"""The documented benchmark command runs and prints every number README's table quotes."""

from __future__ import annotations

import re
import subprocess
import sys

from kiosk.benchmark import ROOT


def test_the_benchmark_prints_each_measure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.benchmark", "--startup-runs", "2", "--taps", "3",
         "--transitions", "10"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    out = done.stdout
    expected = [
        r"start-up to first slide painted: median \d+ ms, best \d+ ms, worst \d+ ms \(2 runs\)",
        r"first start after an install or update \(compiling the kiosk's Python\): median \d+ ms",
        r"RSS at first slide: [\d.]+ MiB",
        r"tap to detail painted: median [\d.]+ ms, p99 [\d.]+ ms, worst [\d.]+ ms \(3 taps\)",
        r"RSS after warm-up [\d.]+ MiB, after 10 transitions [\d.]+ MiB \(growth [+-][\d.]+ MiB\)",
        r"live QObjects: \d+ after warm-up, \d+ at the end",
    ]
    for pattern in expected:
        assert re.search(pattern, out), f"{pattern!r} not in:\n{out}"
