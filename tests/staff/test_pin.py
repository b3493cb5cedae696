"""The staff PIN on real files: hashing, throttling that survives restarts, and --set-pin."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.staff.pin import (
    ATTEMPTS_FILE,
    PIN_FILE,
    PinCheck,
    PinStore,
    default_pin_dir,
    lockout_seconds,
)

ROOT = Path(__file__).resolve().parents[2]
T0 = 1_800_000_000.0  # an injected wall-clock time


@pytest.fixture
def store(tmp_path: Path) -> PinStore:
    pins = PinStore(tmp_path / "data" / "clinic-kiosk")
    pins.set_pin("482915")
    return pins


def test_no_pin_until_one_is_set(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins")
    assert not pins.is_set()
    assert not pins.check("4829", now=T0).ok
    pins.set_pin("4829")
    assert pins.is_set()
    assert pins.check("4829", now=T0) == PinCheck(
        ok=True, locked_for=0.0, failures=0, attempts_before_lockout=3
    )
    assert not pins.check("9284", now=T0).ok


def test_changing_the_pin(store: PinStore) -> None:
    store.set_pin("7371")
    assert store.check("7371", now=T0).ok
    assert not store.check("482915", now=T0).ok


def test_the_pin_file_holds_a_salted_scrypt_hash_and_no_pin(store: PinStore) -> None:
    path = store.folder / PIN_FILE
    text = path.read_text(encoding="utf-8")
    assert "482915" not in text
    record = json.loads(text)
    assert set(record) == {"algorithm", "n", "r", "p", "salt", "hash"}
    assert record["algorithm"] == "scrypt"
    assert (record["n"], record["r"], record["p"]) == (2**14, 8, 1)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    other = PinStore(store.folder.parent / "other")
    other.set_pin("482915")
    assert json.loads((other.folder / PIN_FILE).read_text())["hash"] != record["hash"]  # salted


@pytest.mark.parametrize(
    "pin", ["", "123", "1234567890123", "12a4", " 1234", "1234\n", "١٢٣٤", "12.4"]
)
def test_invalid_pins_are_refused_in_plain_words(store: PinStore, pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 12 digits"):
        store.set_pin(pin)
    assert store.check("482915", now=T0).ok  # the old PIN still works


def test_wrong_pins_are_throttled(store: PinStore) -> None:
    first = store.check("000000", now=T0)
    assert first == PinCheck(ok=False, locked_for=0.0, failures=1, attempts_before_lockout=2)
    second = store.check("000001", now=T0 + 1)
    assert second == PinCheck(ok=False, locked_for=0.0, failures=2, attempts_before_lockout=1)
    third = store.check("000002", now=T0 + 2)
    assert third == PinCheck(ok=False, locked_for=30.0, failures=3, attempts_before_lockout=0)
    # locked: even the right PIN is refused, and the count does not move
    during = store.check("482915", now=T0 + 12)
    assert during == PinCheck(ok=False, locked_for=20.0, failures=3, attempts_before_lockout=0)
    assert store.locked_for(now=T0 + 12) == 20.0
    assert store.locked_for(now=T0 + 32) == 0.0
    fourth = store.check("000003", now=T0 + 32)
    assert (fourth.ok, fourth.locked_for, fourth.failures) == (False, 60.0, 4)
    fifth = store.check("000004", now=T0 + 92)
    assert (fifth.ok, fifth.locked_for, fifth.failures) == (False, 120.0, 5)
    # the right PIN once the lock has passed opens, and clears the count
    assert store.check("482915", now=T0 + 212).ok
    again = store.check("000005", now=T0 + 213)
    assert (again.locked_for, again.failures, again.attempts_before_lockout) == (0.0, 1, 2)


def test_lockouts_double_up_to_an_hour() -> None:
    assert [lockout_seconds(n) for n in range(1, 12)] == [
        0,
        0,
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]
    assert lockout_seconds(10_000) == 3600


def test_a_lockout_survives_a_restart(store: PinStore) -> None:
    for n in range(3):
        store.check(f"00000{n}", now=T0)
    restarted = PinStore(store.folder)
    assert restarted.locked_for(now=T0 + 10) == 20.0
    assert not restarted.check("482915", now=T0 + 10).ok
    attempts = json.loads((store.folder / ATTEMPTS_FILE).read_text())
    assert attempts == {"failures": 3, "locked_until": T0 + 30}
    assert stat.S_IMODE((store.folder / ATTEMPTS_FILE).stat().st_mode) == 0o600
    assert restarted.check("482915", now=T0 + 30).ok


def test_setting_the_pin_clears_the_count(store: PinStore) -> None:
    for n in range(4):
        store.check(f"00000{n}", now=T0)
    assert store.locked_for(now=T0) > 0
    store.set_pin("2468")
    assert store.locked_for(now=T0) == 0
    assert store.check("2468", now=T0).ok


def test_a_clock_set_back_never_locks_longer_than_the_rule(store: PinStore) -> None:
    for n in range(3):
        store.check(f"00000{n}", now=T0)
    assert store.locked_for(now=T0 - 86_400) == 30.0  # not a day and 30 seconds
    assert store.locked_for(now=T0 - 86_400 + 31) == 0.0


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"failures": -1, "locked_until": 0}'])
def test_a_damaged_count_locks_as_three_wrong_pins(
    store: PinStore, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (store.folder / ATTEMPTS_FILE).write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="kiosk.staff.pin"):
        result = store.check("482915", now=T0)
    assert result == PinCheck(ok=False, locked_for=30.0, failures=3, attempts_before_lockout=0)
    assert "wrong-PIN count" in caplog.text
    assert PinStore(store.folder).locked_for(now=T0 + 10) == 20.0  # the lock was written down
    assert store.check("482915", now=T0 + 30).ok


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b'{"algorithm": "plain", "pin": "482915"}',
        b'{"algorithm": "scrypt", "n": 1048577, "r": 8, "p": 1, "salt": "AA==", "hash": "AA=="}',
    ],
)
def test_a_damaged_pin_file_refuses_every_pin_and_is_never_no_pin(
    store: PinStore, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (store.folder / PIN_FILE).write_bytes(damage)
    assert store.is_set()
    with caplog.at_level(logging.ERROR, logger="kiosk.staff.pin"):
        assert not store.check("482915", now=T0).ok
        assert not store.check("", now=T0).ok
    assert "damaged" in caplog.text and "--set-pin" in caplog.text
    store.set_pin("482915")  # setting it again mends it
    assert store.check("482915", now=T0).ok


def test_the_default_folder_is_the_platforms_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_pin_dir() == tmp_path / "xdg" / "clinic-kiosk"
    assert PinStore().folder == tmp_path / "xdg" / "clinic-kiosk"


# -- python main.py --set-pin -------------------------------------------------------------------


def set_pin_command(tmp_path: Path, typed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    return subprocess.run(
        [sys.executable, "main.py", "--set-pin"],
        cwd=ROOT,
        env=env,
        input=typed,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_set_pin_from_the_command_line(tmp_path: Path) -> None:
    done = set_pin_command(tmp_path, "4829\n4829\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "Staff PIN saved.\n"
    assert "4829" not in done.stdout + done.stderr  # never echoed
    assert "Warning" not in done.stderr
    pins = PinStore(tmp_path / "xdg" / "clinic-kiosk")
    assert pins.check("4829").ok
    assert not pins.check("9284").ok


def test_set_pin_refuses_two_different_pins(tmp_path: Path) -> None:
    done = set_pin_command(tmp_path, "4829\n4828\n")
    assert done.returncode == 1
    assert "not the same" in done.stdout
    assert not PinStore(tmp_path / "xdg" / "clinic-kiosk").is_set()


@pytest.mark.parametrize("typed", ["12\n12\n", "", "4829\n"])
def test_set_pin_refuses_a_bad_or_missing_pin(tmp_path: Path, typed: str) -> None:
    done = set_pin_command(tmp_path, typed)
    assert done.returncode == 1
    assert "The staff PIN was not changed." in done.stdout
    assert not PinStore(tmp_path / "xdg" / "clinic-kiosk").is_set()


# -- issue 19.9: weak PINs, a PIN file others can read, huge files, the count after a login ------


@pytest.mark.parametrize(
    "pin", ["0000", "1111", "1234", "4321", "7890", "3210", "123456", "1212", "6969", "123123"]
)
def test_guessable_pins_are_refused_in_plain_words(store: PinStore, pin: str) -> None:
    with pytest.raises(ValueError, match="too easy to guess") as caught:
        store.set_pin(pin)
    assert "1234" in str(caught.value) and "like 4829" in str(caught.value)
    assert store.check("482915", now=T0).ok  # the old PIN still works


@pytest.mark.parametrize("pin", ["4829", "2468", "1357", "7371", "90210", "112358"])
def test_pins_without_an_obvious_pattern_are_accepted(store: PinStore, pin: str) -> None:
    store.set_pin(pin)
    assert store.check(pin, now=T0).ok


def test_set_pin_explains_a_guessable_pin(tmp_path: Path) -> None:
    done = set_pin_command(tmp_path, "0000\n0000\n")
    assert done.returncode == 1
    assert "too easy to guess" in done.stdout and "The staff PIN was not changed." in done.stdout
    assert not PinStore(tmp_path / "xdg" / "clinic-kiosk").is_set()


def test_a_pin_file_others_can_read_is_made_private_and_logged(
    store: PinStore, caplog: pytest.LogCaptureFixture
) -> None:
    path = store.folder / PIN_FILE
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="kiosk.staff.pin"):
        assert store.check("482915", now=T0).ok
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "could be read by other users" in caplog.text and "private again" in caplog.text


def test_a_huge_pin_file_is_never_read_whole(
    store: PinStore, caplog: pytest.LogCaptureFixture
) -> None:
    import tracemalloc

    for name in (PIN_FILE, ATTEMPTS_FILE):
        with (store.folder / name).open("r+b") as stream:
            stream.truncate(300 * 1024 * 1024)  # sparse: no disk space used
    tracemalloc.start()
    try:
        with caplog.at_level(logging.WARNING, logger="kiosk.staff.pin"):
            result = store.check("482915", now=T0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not result.ok  # damaged: refused, never taken for "no PIN"
    assert peak < 1024 * 1024, f"{peak / 1e6:.0f} MB read into memory"
    assert "damaged" in caplog.text


def test_a_correct_pin_clears_the_count_and_says_how_many_wrong_ones_came_before(
    store: PinStore,
) -> None:
    store.check("000001", now=T0)
    store.check("000002", now=T0 + 1)
    result = store.check("482915", now=T0 + 2)
    assert result.ok and result.earlier_failures == 2
    assert store.check("000003", now=T0 + 3).attempts_before_lockout == 2  # a fresh count
    assert store.check("482915", now=T0 + 4).earlier_failures == 1
