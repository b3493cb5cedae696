"""The documented many-screens benchmark runs and prints every number README quotes, and leaves
no Syncthing running."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from kiosk.sync.local import SYNCTHING

if SYNCTHING is None and not os.environ.get("CI"):
    pytest.skip("syncthing is not installed (apt-get install syncthing)", allow_module_level=True)


@pytest.mark.slow
def test_the_sync_benchmark_prints_each_measure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.sync.benchmark", "--screens", "2", "--idle", "1",
         "--rounds", "1"],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    out = done.stdout
    expected = [
        r"1 reception \+ 2 screens on 127\.0\.0\.1, 6 slides in the deck",
        r"pairing with the documented commands: [\d.]+ s",
        r"first full copy on every screen .*: median [\d.]+ s, slowest [\d.]+ s",
        r"reception +[\d.]+ +[\d.]+ +[\d.]+ +\d+ +\d+",
        r"screen-1 +[\d.]+ +[\d.]+ +[\d.]+ +\d+ +\d+",
        r"screen-2 +[\d.]+ +[\d.]+ +[\d.]+ +\d+ +\d+",
        r"slide saved -> on every screen: median [\d.]+ s, slowest [\d.]+ s",
        r"2 MiB picture -> on every screen: median [\d.]+ s, slowest [\d.]+ s",
    ]
    for pattern in expected:
        assert re.search(pattern, out), (pattern, out)
    left = subprocess.run(["pgrep", "-f", "kiosk-sync-bench-"], capture_output=True, check=False)
    assert left.stdout == b"", "a Syncthing was left running"
