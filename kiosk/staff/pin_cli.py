"""``python main.py --set-pin``: set or change the staff PIN from a terminal."""

from __future__ import annotations

import getpass
import sys
import warnings
from typing import TextIO

from kiosk.staff.pin import PinStore
from kiosk.storage.atomic import SaveError

PROMPT = "New staff PIN (4-12 digits): "
AGAIN = "The same PIN again: "
NOT_CHANGED = "The staff PIN was not changed."


def run_set_pin(
    store: PinStore | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Ask for the new PIN twice (not shown on a terminal) and store it; the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        first = _ask(PROMPT, stdin)
        second = _ask(AGAIN, stdin)
    except (EOFError, KeyboardInterrupt):
        stdout.write(f"\nNo PIN was given. {NOT_CHANGED}\n")
        return 1
    if first != second:
        stdout.write(f"The two PINs are not the same. {NOT_CHANGED}\n")
        return 1
    store = store or PinStore()
    try:
        store.set_pin(first)
    except ValueError as exc:
        stdout.write(f"{exc} {NOT_CHANGED}\n")
        return 1
    except SaveError as exc:
        stdout.write(f"{exc.message} {NOT_CHANGED}\n")
        return 1
    stdout.write("Staff PIN saved.\n")
    return 0


def _ask(prompt: str, stdin: TextIO) -> str:
    """One line: hidden on a terminal; read plainly from a pipe (scripts and tests)."""
    if stdin.isatty():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")
