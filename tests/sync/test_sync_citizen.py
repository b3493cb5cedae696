"""The kiosk in a folder kept in step by Syncthing: its own files are not content, and a
conflict copy is a question for staff, never a second slide."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.content import load_deck
from kiosk.content.lastgood import fingerprint
from tests.commands import run_kiosk
from tests.decks import simple_deck
from tests.player.conftest import Running

CONFLICT = "001.sync-conflict-20261130-114500-ABCDEFG.md"


def conflict_copy(folder: Path, title: str = "Changed on the other screen") -> Path:
    """What Syncthing leaves when 001.md was changed on two machines at once."""
    original = folder / "slides" / "001.md"
    copy = folder / "slides" / CONFLICT
    copy.write_text(original.read_text(encoding="utf-8").replace("Slide number 1", title))
    return copy


def syncthing_litter(folder: Path) -> None:
    """Syncthing's marker, ignore list, old versions and a half-written download."""
    (folder / ".stfolder").mkdir()
    (folder / ".stignore").write_text(".backups\n", encoding="utf-8")
    versions = folder / ".stversions" / "slides"
    versions.mkdir(parents=True)
    (versions / "002~20261130-101010.md").write_text("---\nid: old\n---\n", encoding="utf-8")
    (folder / "slides" / ".syncthing.004.md.tmp").write_text("---\nid: half", encoding="utf-8")
    (folder / "slides" / "~syncthing~005.md.tmp").write_text("---\nid: [", encoding="utf-8")


def test_syncthing_files_are_neither_slides_nor_problems(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck")
    syncthing_litter(folder)
    result = load_deck(folder)
    assert [s.id for s in result.deck.slides] == ["slide-1", "slide-2", "slide-3"]
    assert result.problems == ()


def test_a_conflict_copy_is_not_a_slide_and_names_both_files(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck")
    conflict_copy(folder)
    result = load_deck(folder)
    assert result.deck.slides[0].title == "Slide number 1"
    assert len(result.deck.slides) == 3
    (problem,) = result.problems
    assert problem.file == f"slides/{CONFLICT}"
    assert "slides/001.md" in problem.message
    assert "two computers" in problem.message


def test_check_reports_the_conflict_with_both_file_names(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck")
    conflict_copy(folder)
    syncthing_litter(folder)
    done = run_kiosk("--check", "--content", str(folder))
    lines = [line for line in done.stdout.splitlines() if "sync-conflict" in line]
    assert len(lines) == 1, done.stdout
    assert CONFLICT in lines[0] and "slides/001.md" in lines[0]
    assert "syncthing." not in done.stdout and ".stversions" not in done.stdout
    assert "3 slides loaded" in done.stdout


def test_syncthing_keeping_old_versions_does_not_count_as_a_content_change(
    tmp_path: Path,
) -> None:
    folder = simple_deck(tmp_path / "deck")
    before = fingerprint(folder)
    syncthing_litter(folder)
    assert fingerprint(folder) == before
    conflict_copy(folder)
    assert fingerprint(folder) != before  # staff must hear of a conflict copy at once


def test_a_conflict_arriving_by_sync_is_reported_and_not_shown(
    qtbot: QtBot, running: Running
) -> None:
    folder, window, watcher = running
    with qtbot.waitSignal(watcher.problems_changed, timeout=3000) as told:
        conflict_copy(folder)
    assert [p.file for p in told.args[0]] == [f"slides/{CONFLICT}"]
    assert [s.id for s in window.controller.slides] == ["slide-1", "slide-2", "slide-3"]
    assert window.cycle.card.title.text() == "Slide number 1"


def test_a_deletion_arriving_by_sync_leaves_the_screen(qtbot: QtBot, running: Running) -> None:
    folder, window, _ = running
    versions = folder / ".stversions" / "slides"
    versions.mkdir(parents=True)
    (folder / "slides" / "002.md").replace(versions / "002~20261130-114500.md")  # as Syncthing
    qtbot.waitUntil(
        lambda: [s.id for s in window.controller.slides] == ["slide-1", "slide-3"], timeout=3000
    )


def test_a_rename_arriving_by_sync_keeps_the_slide_once(qtbot: QtBot, running: Running) -> None:
    folder, window, watcher = running
    slides = folder / "slides"
    temp = slides / ".syncthing.900-renamed.md.tmp"
    temp.write_text(
        (slides / "003.md").read_text(encoding="utf-8").replace("Slide number 3", "Moved"),
        encoding="utf-8",
    )
    temp.replace(slides / "900-renamed.md")
    (slides / "003.md").unlink()
    qtbot.waitUntil(
        lambda: [s.title for s in window.controller.slides][-1:] == ["Moved"], timeout=3000
    )
    assert len(window.controller.slides) == 3
    assert watcher.problems == ()


def test_the_desk_problems_list_names_the_conflict_copy_and_its_slide(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = simple_deck(tmp_path / "deck")
    desk = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(desk)
    conflict_copy(folder)

    def listed() -> list[str]:
        items = desk.editor.problem_list
        return [items.item(row).text() for row in range(items.count())]

    qtbot.waitUntil(lambda: any(CONFLICT in line for line in listed()), timeout=3000)
    (line,) = [line for line in listed() if CONFLICT in line]
    assert "slides/001.md" in line
    assert desk.editor.model.rowCount() == 3


@pytest.mark.parametrize("original", ["settings.yaml", "announcements.yaml"])
def test_check_says_what_to_do_with_a_copy_of_the_folders_own_files(
    tmp_path: Path, original: str
) -> None:
    folder = simple_deck(tmp_path / "deck")
    stem = original.removesuffix(".yaml")
    copy = folder / f"{stem}.sync-conflict-20261130-114500-ABCDEFG.yaml"
    copy.write_text("clinic_name: [broken\n", encoding="utf-8")  # never read
    done = run_kiosk("--check", "--content", str(folder))
    (line,) = [line for line in done.stdout.splitlines() if "sync-conflict" in line]
    assert f"{copy.name}: warning:" in line and f"The kiosk uses {original}" in line
    assert "then delete this copy" in line
    assert done.returncode == 0, done.stdout  # a warning: the kiosk runs on as it is
    assert load_deck(folder).deck.settings.clinic_name == "Test Clinic"
