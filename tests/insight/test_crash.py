"""Killing the kiosk while it writes statistics: the file opens and every finished batch is there.

A child process records events and writes them in batches of random size, saying on stdout
before each batch ("writing N": the total once it lands) and after it ("written N"). The parent
kills it with SIGKILL, in turn:

- "inside": in the middle of a batch's transaction. SQLite's progress handler stops the child at
  a random point among the batch's INSERTs and says "paused"; the parent kills it there. No
  timing is involved, so this happens on every run, on any machine.
- "writing": just as a batch starts to be written.
- "written": just after a batch was written, while the next one is being recorded.

After each kill the file must pass SQLite's integrity check and hold exactly the events of every
finished batch: the batch being written lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.insight.report import summarize
from kiosk.insight.store import EventStore, hour_of

ROOT = Path(__file__).resolve().parents[2]
MODES = ("inside", "writing", "written")
KILLS = 12  # four of each
WHEN = 1_780_000_000.0

CHILD = r"""
import random, sys
from pathlib import Path
import kiosk.insight.store as store_module

path, seed, total, when = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
rng = random.Random(seed)
pause_batch = rng.randint(0, 2)  # which batch to stop inside (when the parent asks for it)
pause_at = 0  # after how many progress calls (of 50 SQLite steps each): set per batch
pause = sys.argv[5] == "inside"
batch = 0
real_connect = store_module.connect


def connect(p, timeout=10.0):
    connection = real_connect(p, timeout)
    if pause and batch == pause_batch:
        calls = 0

        def progress():
            nonlocal calls
            calls += 1
            if calls == pause_at:
                print("paused", flush=True)  # inside the transaction: BEGIN done, no COMMIT
                sys.stdin.readline()  # wait here to be killed
            return 0

        connection.set_progress_handler(progress, 50)
    return connection


store_module.connect = connect
store = store_module.EventStore(path, flush_seconds=None, keep_days=None)
while True:
    for i in range(rng.randint(1000, 4000)):
        store.record("shown", f"slide-{i % 7}", when=when + i)
        if i % 3 == 0:
            store.record("dwell", f"slide-{i % 7}", seconds=i % 90, when=when + i)
    pending = store.pending
    # An INSERT takes about 20 steps, so a batch makes about pending / 2 calls: stop anywhere.
    pause_at = rng.randint(1, pending // 2)
    print("writing", total + pending, flush=True)
    store.flush()
    total += pending
    print("written", total, flush=True)
    if pause and batch == pause_batch:
        print("missed", flush=True)  # the batch was too short to stop inside it
    batch += 1
"""


def check(path: Path) -> int:
    """The file opens, is intact, and holds this many events (all valid)."""
    if not path.exists():  # killed before its first batch
        return 0
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not tables.fetchall():  # killed while the first batch created the table
            return 0
        count = int(connection.execute("SELECT count(*) FROM events").fetchone()[0])
        bad = connection.execute(
            "SELECT count(*) FROM events WHERE hour % 3600 != 0 OR slide_id NOT LIKE 'slide-%'"
        ).fetchone()[0]
    assert bad == 0
    return count


def kill_child(
    path: Path, rng: random.Random, stored: int, mode: str
) -> tuple[int, int | None, bool]:
    """Run a child, kill it as ``mode`` says.

    Returns (events written for sure, the total if the batch being written landed, whether the
    kill came while the child was stopped inside a transaction).
    """
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            str(path),
            str(rng.randrange(1 << 30)),
            str(stored),
            str(WHEN),
            mode,
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    countdown = rng.randint(1, 3)
    lines: list[str] = []
    paused = False
    try:
        for line in child.stdout:
            lines.append(line)
            if line.startswith(("paused", "missed")):
                paused = line.startswith("paused")
                break
            if mode != "inside" and line.startswith(mode):
                countdown -= 1
                if countdown == 0:
                    break
        child.send_signal(signal.SIGKILL)
        lines.extend(child.stdout.read().splitlines())
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
        child.stdin.close()
    assert child.returncode == -signal.SIGKILL
    written, writing = stored, None
    for line in lines:
        word, *number = line.split()
        if word == "written":
            written, writing = int(number[0]), None
        elif word == "writing":
            writing = int(number[0])
    return written, writing, paused


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_kill_at_any_moment_keeps_every_finished_batch(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite3"
    rng = random.Random()
    stored = 0
    inside = 0
    for round_ in range(KILLS):
        mode = MODES[round_ % len(MODES)]
        written, writing, paused = kill_child(path, rng, stored, mode)
        count = check(path)
        assert written >= stored
        # Every finished batch is there; the one being written landed whole or not at all.
        assert count in (written, writing), (mode, count, written, writing)
        if paused:  # killed before COMMIT: none of that batch
            assert count == written, (count, written, writing)
            inside += 1
        stored = count
    assert inside >= 3  # the progress handler stopped the child inside a transaction
    assert stored > 0

    # After all that, the kiosk carries on with the same file, and staff can read it.
    with EventStore(path, flush_seconds=None, keep_days=None) as store:
        store.record("opened", "slide-1", when=WHEN)
        assert store.flush() == 1
        assert store.stored_count() == stored + 1
    day = dt.datetime.fromtimestamp(hour_of(WHEN)).date()
    summary = summarize(path, day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert summary.total_opens == 1
    assert 0 < summary.total_shown < stored
