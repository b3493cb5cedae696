"""Running the kiosk's command line as staff do: a real process, from the repository, its
output as text. Tests use these rather than each writing its own ``subprocess.run``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_python(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in the repository (``main.py ...`` or ``-m kiosk ...``); ``env`` adds to
    the caller's environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def run_kiosk(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS``: the command README gives staff."""
    return run_python("main.py", *args, env=env, timeout=timeout)
