"""``python main.py --announce / --announcements / --clear-announcement`` as real processes."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from kiosk.content.announcements import ANNOUNCEMENTS_FILE, load_announcements
from tests.commands import run_kiosk


def kiosk(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kiosk("--content", str(folder), *args)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "my clinic"  # a space, as in "My Documents"
    path.mkdir()
    return path


def test_announce_list_and_clear(folder: Path) -> None:
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    posted = kiosk(
        folder, "--announce", "Dr. Li is running about 20 minutes late.", "--until", "2h"
    )
    after = dt.datetime.now().astimezone()
    assert posted.returncode == 0, posted.stderr
    assert posted.stderr == ""
    (late,) = load_announcements(folder)[0].announcements
    assert late.text == "Dr. Li is running about 20 minutes late."
    assert late.style == "info"
    assert late.until is not None
    assert before + dt.timedelta(hours=2) <= late.until <= after + dt.timedelta(hours=2)
    assert posted.stdout.startswith(f"Posted {late.id} ")

    loud = kiosk(folder, "--announce", "The car park is closed today.", "--important")
    assert loud.returncode == 0, loud.stderr
    car_park = load_announcements(folder)[0].announcements[1]
    assert (car_park.style, car_park.until) == ("important", None)

    listed = kiosk(folder, "--announcements")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(late.id) and lines[0].endswith(late.text)
    assert f"{late.until.astimezone():%H:%M}" in lines[0]
    assert lines[1].startswith(car_park.id) and "no end" in lines[1]
    assert lines[1].endswith("important: The car park is closed today.")

    cleared = kiosk(folder, "--clear-announcement", late.id)
    assert cleared.returncode == 0, cleared.stderr
    assert [a.id for a in load_announcements(folder)[0].announcements] == [car_park.id]
    assert kiosk(folder, "--clear-announcement", car_park.id).returncode == 0
    assert kiosk(folder, "--announcements").stdout == "No announcements.\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--announce", "Hello", "--until", "25:99"], "is not a time of day"),
        (["--announce", "Hello", "--until", "whenever"], "not a time the kiosk understands"),
        (["--announce", "Hello", "--until", "0m"], "between 1 minute and a year"),
        (["--announce", "x" * 141], "keep it to 140"),
        (["--clear-announcement", "a-20261224-091500"], "no announcement with the id"),
    ],
)
def test_mistakes_exit_1_with_a_plain_message(folder: Path, args: list[str], words: str) -> None:
    result = kiosk(folder, *args)
    assert result.returncode == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (folder / ANNOUNCEMENTS_FILE).exists()


def test_a_time_already_past_today_is_refused(folder: Path) -> None:
    result = kiosk(folder, "--announce", "Hello", "--until", "00:00")  # always past (or now)
    assert result.returncode == 1
    assert "00:00 has already passed today" in result.stderr
    assert "Traceback" not in result.stderr


def test_until_without_announce_is_a_usage_error(folder: Path) -> None:
    result = kiosk(folder, "--until", "2h")
    assert result.returncode == 2
    assert "--announce" in result.stderr


def test_the_list_names_problems_in_the_file_with_their_line(folder: Path) -> None:
    (folder / ANNOUNCEMENTS_FILE).write_text(
        "announcements:\n  - id: ok\n    text: Fine\n  - id: bad\n    style: loud\n",
        encoding="utf-8",
    )
    result = kiosk(folder, "--announcements")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["ok  no end  Fine"]
    problem_lines = result.stderr.splitlines()
    assert problem_lines
    assert all(line.startswith(f"{folder / ANNOUNCEMENTS_FILE}:") for line in problem_lines)
    assert any(line.startswith(f"{folder / ANNOUNCEMENTS_FILE}:5: ") for line in problem_lines)
