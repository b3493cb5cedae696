"""A new clinic from nothing: ``--new-clinic DIR``, a default content folder, and commands that
say where they wrote. Real processes, each with its own config folder (tests/conftest.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.content.announcements import load_announcements
from kiosk.player.window import KioskWindow
from kiosk.storage.config import config_path, configured_content
from tests.commands import run_kiosk
from tests.player.conftest import FAST
from tests.waiting import saves_done


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_kiosk(*args, env=env, timeout=120)


def test_new_clinic_passes_check_without_content_and_says_where_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "Riverside Physio"
    made = kiosk("--new-clinic", str(folder))
    assert made.returncode == 0, made.stderr
    assert str(folder.resolve()) in made.stdout
    assert str(config_path()) in made.stdout
    assert configured_content() == folder.resolve()
    settings = (folder / "settings.yaml").read_text(encoding="utf-8")
    assert settings.count("#") >= 8  # every line explained
    assert (folder / "slides" / "010-welcome.md").is_file()
    board, problems = load_announcements(folder)
    assert (board.announcements, problems) == ((), [])
    checked = kiosk("--check")  # no --content: the new clinic's folder
    assert checked.returncode == 0, checked.stdout + checked.stderr
    problems = [line for line in checked.stdout.splitlines()
                if ": advice: " not in line and ".md: score (" not in line]  # fmt: skip
    assert problems == ["No problems found: 1 slide loaded, 1 shown."]


def test_a_fresh_folder_shows_its_welcome_slide_on_the_kiosk(tmp_path: Path, qtbot: QtBot) -> None:
    folder = tmp_path / "clinic"
    assert kiosk("--new-clinic", str(folder)).returncode == 0
    window = KioskWindow(load_deck(folder).deck, FAST)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.current_screen() is window.cycle)
    assert window.cycle.card.title.text() == "Welcome"
    shot = tmp_path / "fresh.png"
    drawn = kiosk("--screenshot", str(shot), "--size", "1280x720")  # the default folder
    assert drawn.returncode == 0, drawn.stderr
    assert shot.stat().st_size > 10_000


def test_new_clinic_never_writes_over_a_folder_with_files(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = kiosk("--new-clinic", str(folder))
    assert refused.returncode == 1
    assert "already has files in it, so nothing was written" in refused.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert configured_content() is None


def test_use_content_sets_the_folder_every_command_uses(tmp_path: Path) -> None:
    folder = tmp_path / "shared" / "clinic"
    assert kiosk("--new-clinic", str(tmp_path / "first")).returncode == 0
    folder.mkdir(parents=True)
    missing = kiosk("--use-content", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "is not a folder" in missing.stderr
    used = kiosk("--use-content", str(folder))
    assert used.returncode == 0, used.stderr
    assert configured_content() == folder.resolve()
    posted = kiosk("--announce", "The car park is closed today.")
    assert posted.returncode == 0, posted.stderr
    assert f"Written to {folder.resolve() / 'announcements.yaml'}." in posted.stdout
    (notice,) = load_announcements(folder)[0].announcements
    cleared = kiosk("--clear-announcement", notice.id)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.strip() == (
        f"Removed {notice.id} from {folder.resolve() / 'announcements.yaml'}."
    )
    assert load_announcements(tmp_path / "first")[0].announcements == ()


def test_the_desk_editor_sets_up_an_empty_folder(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from kiosk.app.desk import DeskEditor

    folder = tmp_path / "empty"
    folder.mkdir()
    desk = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(desk)
    desk.show()
    page = desk.editor.settings_page
    page.clinic_name.setText("Hillside Surgery")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saves_done(qtbot)
    qtbot.mouseClick(desk.editor.buttons["add"], Qt.MouseButton.LeftButton)
    saves_done(qtbot)
    result = load_deck(folder)
    assert result.deck.settings.clinic_name == "Hillside Surgery"
    assert [s.id for s in result.deck.slides] == ["new-slide-1"]
    assert result.errors == ()
    desk.watcher.stop()


def test_check_at_a_closed_day_says_which(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    assert kiosk("--new-clinic", str(folder)).returncode == 0
    with (folder / "settings.yaml").open("a", encoding="utf-8") as stream:
        stream.write("closures:\n  - from: 2030-12-25\n    note: Christmas Day\n")
    checked = kiosk("--check", "--at", "2030-12-25 10:00")
    assert "closed screen (a closed day: Christmas Day)" in checked.stdout, checked.stdout
