"""Settling Syncthing's conflict copy of a slide: the result is written to the slide, the copy
goes to the backup folder, and neither version is ever lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.storage.atomic import SaveError
from kiosk.storage.merge import SUMMARY
from kiosk.storage.sync_conflicts import differing, read_conflict, settle

COPY = "001.sync-conflict-20261130-114500-ABCDEFG.md"
SLIDE = """\
---
# Checked by Dr Lee.
id: flu
title: Flu jabs this week   # keep it short
teaser: Ask at the front desk.
order: 1
---
Bring your card.
"""
OTHER = (
    SLIDE.replace("Flu jabs this week", "Flu jabs on Tuesday")
    .replace("Ask at the front desk.", "Ask the nurse.")
    .replace("Bring your card.", "Bring your card and your medicines.")
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    slides = tmp_path / "deck" / "slides"
    slides.mkdir(parents=True)
    (tmp_path / "deck" / "settings.yaml").write_text("clinic_name: Test\n", encoding="utf-8")
    (slides / "001.md").write_text(SLIDE, encoding="utf-8")
    (slides / COPY).write_text(OTHER, encoding="utf-8")
    return tmp_path / "deck"


def slide_text(folder: Path) -> str:
    return (folder / "slides" / "001.md").read_text(encoding="utf-8")


def kept_copy(folder: Path) -> str:
    return (folder / ".backups" / COPY).read_text(encoding="utf-8")


def test_the_copy_is_found_and_its_differences_named(folder: Path) -> None:
    conflict = read_conflict(folder, COPY)
    assert conflict.device == "ABCDEFG" and conflict.when is not None
    assert conflict.when.strftime("%d %b %H:%M") == "30 Nov 11:45"
    assert differing(conflict) == ["title", "teaser", SUMMARY]


def test_keeping_the_slide_moves_the_copy_to_the_backups(folder: Path) -> None:
    target = settle(folder, read_conflict(folder, COPY), "slide")
    assert slide_text(folder) == SLIDE
    assert target == folder / ".backups" / COPY and kept_copy(folder) == OTHER
    assert not (folder / "slides" / COPY).exists()
    assert load_deck(folder).problems == ()


def test_keeping_the_copy_writes_it_and_backs_up_the_slide(folder: Path) -> None:
    settle(folder, read_conflict(folder, COPY), "copy")
    assert slide_text(folder) == OTHER
    (backup,) = (folder / ".backups").glob("001.md.*")
    assert backup.read_text(encoding="utf-8") == SLIDE
    assert kept_copy(folder) == OTHER


def test_picked_fields_come_from_the_copy_and_hand_comments_stay(folder: Path) -> None:
    settle(folder, read_conflict(folder, COPY), picks={"title": "copy", SUMMARY: "copy"})
    text = slide_text(folder)
    assert re.search(r"title: Flu jabs on Tuesday +# keep it short", text)
    assert "# Checked by Dr Lee." in text
    assert "teaser: Ask at the front desk." in text
    assert text.rstrip().endswith("Bring your card and your medicines.")
    assert kept_copy(folder) == OTHER
    (backup,) = (folder / ".backups").glob("001.md.*")
    assert backup.read_text(encoding="utf-8") == SLIDE


def test_a_sync_arriving_while_staff_choose_changes_nothing(folder: Path) -> None:
    conflict = read_conflict(folder, COPY)
    (folder / "slides" / "001.md").write_text(SLIDE.replace("week", "month"), encoding="utf-8")
    with pytest.raises(SaveError, match="changed again"):
        settle(folder, conflict, "copy")
    assert (folder / "slides" / COPY).read_text(encoding="utf-8") == OTHER
    assert "month" in slide_text(folder)


def test_an_unreadable_copy_is_kept_whole_or_not_at_all(folder: Path) -> None:
    (folder / "slides" / COPY).write_text("---\nid: [flu\n---\n", encoding="utf-8")
    conflict = read_conflict(folder, COPY)
    assert differing(conflict) is None
    with pytest.raises(SaveError, match="field by field"):
        settle(folder, conflict, picks={"title": "copy"})
    settle(folder, conflict, "slide")
    assert slide_text(folder) == SLIDE
    assert kept_copy(folder) == "---\nid: [flu\n---\n"


def test_a_second_copy_of_the_same_name_never_overwrites_the_first(folder: Path) -> None:
    settle(folder, read_conflict(folder, COPY), "slide")
    (folder / "slides" / COPY).write_text(OTHER.replace("nurse", "doctor"), encoding="utf-8")
    second = settle(folder, read_conflict(folder, COPY), "slide")
    assert second != folder / ".backups" / COPY
    assert "doctor" in second.read_text(encoding="utf-8") and kept_copy(folder) == OTHER
