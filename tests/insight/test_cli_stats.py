"""``--stats``, ``--stats-csv`` and ``--erase-stats`` from a terminal, on a real statistics file."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.insight.store import EventStore
from tests.commands import run_kiosk
from tests.decks import simple_deck

ROOT = Path(__file__).resolve().parents[2]
HOUR = 3600


def kiosk(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_kiosk(*map(str, args))


@pytest.fixture
def stats_file(tmp_path: Path) -> Path:
    """Two slides read this week, one three weeks ago."""
    path = tmp_path / "stats" / "statistics.sqlite3"
    now = time.time()
    with EventStore(path, flush_seconds=None) as store:
        for _ in range(5):
            store.record("shown", "slide-1", when=now - 2 * HOUR)
        for seconds in (30, 40, 90):
            store.record("opened", "slide-1", when=now - 2 * HOUR)
            store.record("dwell", "slide-1", seconds=seconds, when=now - 2 * HOUR)
        store.record("qr", "slide-1", when=now - 2 * HOUR)
        store.record("shown", "slide-2", when=now - 30 * HOUR)
        store.record("opened", "slide-3", when=now - 21 * 24 * HOUR)
    return path


def row(output: str, label: str) -> list[str]:
    line = next(x for x in output.splitlines() if x.startswith(label))
    return re.split(r"\s{2,}", line.strip())


def test_stats_prints_the_summary_table(tmp_path: Path, stats_file: Path) -> None:
    deck = simple_deck(tmp_path / "deck")
    result = kiosk("--stats", "--stats-file", stats_file, "--content", deck)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Statistics from ")
    assert "(30 days)" in out
    assert row(out, "Slide number 1") == ["Slide number 1", "5", "3", "40 s", "1"]
    assert row(out, "Slide number 2") == ["Slide number 2", "1", "0", "-", "0"]
    assert row(out, "Total") == ["Total", "6", "4", "40 s", "1"]  # slide-3 is from 3 weeks ago
    assert "Slide number 3" in out
    assert "Opened by hour of day" in out and "Opened by day of the week" in out

    week = kiosk("--stats", "--days", "7", "--stats-file", stats_file, "--content", deck)
    assert week.returncode == 0, week.stderr
    assert "(7 days)" in week.stdout
    assert "Slide number 3" not in week.stdout
    assert row(week.stdout, "Total") == ["Total", "6", "3", "40 s", "1"]


def test_stats_without_content_titles_names_slides_by_id(stats_file: Path) -> None:
    result = kiosk("--stats", "--stats-file", stats_file)  # the shipped deck: other ids
    assert result.returncode == 0, result.stderr
    assert row(result.stdout, "slide-1")[:3] == ["slide-1", "5", "3"]


def test_stats_csv_writes_the_numbers(tmp_path: Path, stats_file: Path) -> None:
    target = tmp_path / "out" / "stats.csv"
    target.parent.mkdir()
    result = kiosk("--stats-csv", target, "--stats-file", stats_file, "--days", "365")
    assert result.returncode == 0, result.stderr
    assert f"Statistics written to {target}" in result.stdout
    with target.open(encoding="utf-8", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0] == ["slide_id", "shown", "opens", "median_dwell_seconds", "qr_shown", "title"]
    assert lines[1][:5] == ["slide-1", "5", "3", "40", "1"]
    assert {line[0] for line in lines[2:4]} == {"slide-2", "slide-3"}
    assert lines[4] == []
    assert lines[5] == ["hour_of_day", "opens"]
    assert sum(int(n) for _, n in lines[6:30]) == 4


def test_erase_stats_empties_the_file(stats_file: Path) -> None:
    result = kiosk("--erase-stats", "--stats-file", stats_file)
    assert result.returncode == 0, result.stderr
    assert "All statistics erased" in result.stdout
    with EventStore(stats_file, flush_seconds=None) as store:
        assert store.stored_count() == 0
    after = kiosk("--stats", "--stats-file", stats_file)
    assert "Nothing was recorded in this period." in after.stdout


def test_a_missing_statistics_file_is_reported_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    shown = kiosk("--stats", "--stats-file", missing)
    assert shown.returncode == 0, shown.stderr
    assert "Nothing was recorded in this period." in shown.stdout
    erased = kiosk("--erase-stats", "--stats-file", missing)
    assert "No statistics to erase" in erased.stdout
    assert not missing.exists()
    assert kiosk("--stats", "--days", "0", "--stats-file", missing).returncode == 2


def test_the_statistics_commands_never_load_qt(stats_file: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        f"status = main(['--stats', '--stats-csv', {str(tmp_path / 'x.csv')!r}, "
        f"'--stats-file', {str(stats_file)!r}])\n"
        "assert status == 0, status\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Slide" in result.stdout
