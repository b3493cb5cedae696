"""Forgetting a retired screen (no Qt): its report, its picture and Syncthing's copies of them
leave ``status/``; nothing else does, and a file already gone is fine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.sync import status as reports
from kiosk.sync.status import ForgetError, Report, ScreenStatus

LONG_AGO = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def write(folder: Path, screen: str, picture: bytes | None = None) -> Report:
    reports.write_status(
        folder,
        ScreenStatus(screen=screen, version="0.1.0", up_since=LONG_AGO, now=LONG_AGO),
        picture,
    )
    return next(r for r in reports.read_reports(folder) if r.name == screen)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in reports.status_dir(folder).iterdir())


def test_forgetting_removes_the_report_its_picture_and_sync_copies_only(tmp_path: Path) -> None:
    old = write(tmp_path, "Waiting room 2", b"\xff\xd8jpeg")
    write(tmp_path, "Reception", b"\xff\xd8jpeg")
    place = reports.status_dir(tmp_path)
    stem = old.file.removesuffix(".json")
    copy = place / f"{stem}.sync-conflict-20261101-101010-ABCDEFG.json"
    copy.write_bytes(reports.status_path(tmp_path, "Waiting room 2").read_bytes())
    assert old.picture is not None

    removed = reports.forget_screen(tmp_path, old)

    assert sorted(removed) == sorted([old.file, f"{stem}.jpg", copy.name])
    reception = reports.status_stem("Reception")
    assert names(tmp_path) == [f"{reception}.jpg", f"{reception}.json"]
    assert [r.name for r in reports.read_reports(tmp_path)] == ["Reception"]
    # Twice (another computer forgot it first): nothing left to remove, and no error.
    assert reports.forget_screen(tmp_path, old) == []


def test_a_report_of_another_name_never_reaches_outside_status(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{}", encoding="utf-8")
    odd = Report("../settings.json", None, "unreadable")
    with pytest.raises(ForgetError) as caught:
        reports.forget_screen(tmp_path, odd)
    assert "not a screen report" in caught.value.message
    assert (tmp_path / "settings.json").exists()


def test_a_file_that_cannot_be_removed_is_named_in_plain_words(tmp_path: Path) -> None:
    old = write(tmp_path, "Waiting room 2")
    # A folder where the report should be: the system refuses to unlink it, whoever runs this.
    reports.status_path(tmp_path, "Waiting room 2").unlink()
    (reports.status_path(tmp_path, "Waiting room 2") / "inside").mkdir(parents=True)
    with pytest.raises(ForgetError) as caught:
        reports.forget_screen(tmp_path, old)
    message = caught.value.message
    assert message.startswith("Waiting room 2 was not forgotten: status/" + old.file)
    assert "It stays listed" in message
