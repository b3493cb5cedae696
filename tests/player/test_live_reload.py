"""Content changed on disk under a running player shows up by itself; broken files do no harm."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import connect_watcher
from kiosk.content import load_deck
from kiosk.player.window import CYCLE, KioskWindow
from kiosk.storage.cache import cached_deck
from kiosk.ui.live_reload import ContentWatcher
from tests.decks import simple_deck, write_settings, write_slide
from tests.player.conftest import SLOW, Running, WindowFactory


def retitle(folder: Path, number: int, title: str) -> Path:
    path = folder / "slides" / f"{number:03d}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(f"Slide number {number}", title))
    return path


def test_an_edited_slide_appears_without_a_restart(qtbot: QtBot, running: Running) -> None:
    folder, window, _ = running
    retitle(folder, 1, "Flu shots are here")
    qtbot.waitUntil(lambda: window.cycle.card.title.text() == "Flu shots are here", timeout=3000)


def test_a_sync_tool_writing_a_temp_file_then_renaming_is_read_whole(
    qtbot: QtBot, running: Running
) -> None:
    folder, window, watcher = running
    target = folder / "slides" / "001.md"
    temp = folder / "slides" / ".001.md.sync-tmp"
    temp.write_text(target.read_text(encoding="utf-8").replace("Slide number 1", "Renamed in"))
    temp.replace(target)
    qtbot.waitUntil(lambda: window.cycle.card.title.text() == "Renamed in", timeout=3000)
    assert watcher.problems == ()


def test_a_new_slide_file_joins_the_cycle(qtbot: QtBot, running: Running) -> None:
    folder, window, _ = running
    write_slide(folder, "004.md", {"id": "new", "title": "New", "teaser": "t", "order": 4})
    qtbot.waitUntil(lambda: len(window.controller.slides) == 4, timeout=3000)


def test_a_broken_file_keeps_the_last_good_slide_on_screen_and_says_why(
    qtbot: QtBot, running: Running
) -> None:
    folder, window, watcher = running
    with qtbot.waitSignal(watcher.problems_changed, timeout=3000) as told:
        (folder / "slides" / "001.md").write_text("---\nid: slide-1\ntitle: [unclosed\n---\n")
    problems = told.args[0]
    assert any(p.file == "slides/001.md" and p.line is not None for p in problems)
    assert [s.id for s in window.controller.slides] == ["slide-1", "slide-2", "slide-3"]
    assert window.cycle.card.title.text() == "Slide number 1"
    assert window.screen_name == CYCLE


def test_a_folder_that_disappears_and_comes_back(
    qtbot: QtBot, running: Running, tmp_path: Path
) -> None:
    folder, window, watcher = running
    aside = tmp_path / "unplugged"
    shutil.move(folder, aside)
    with qtbot.assertNotEmitted(watcher.deck_changed, wait=400):
        pass
    assert window.screen_name == CYCLE and len(window.controller.slides) == 3
    shutil.move(aside, folder)
    retitle(folder, 1, "Back again")
    qtbot.waitUntil(lambda: window.cycle.card.title.text() == "Back again", timeout=3000)


def test_the_slide_being_read_is_updated_or_closed_when_its_file_changes(
    qtbot: QtBot, running: Running
) -> None:
    folder, window, _ = running
    window.open_detail("slide-2")
    retitle(folder, 2, "Corrected title")
    qtbot.waitUntil(lambda: window.detail.title.text() == "Corrected title", timeout=3000)
    with qtbot.waitSignal(window.detail_closed, timeout=3000) as closed:
        (folder / "slides" / "002.md").unlink()
    assert closed.args == ["removed"]


def test_an_edit_picked_up_live_is_in_the_start_up_cache_for_the_next_start(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    folder, cache = simple_deck(tmp_path / "deck"), tmp_path / "cache"
    window = make_window(folder, SLOW)
    watcher = ContentWatcher(folder, window.deck, poll_ms=50, parent=window, cache_dir=cache)
    with qtbot.waitSignal(watcher.read_done, timeout=3000):  # its first look at the folder
        watcher.start()
    before = cached_deck(folder, cache)
    assert before is not None and before.deck.slides[1].title == "Slide number 2"
    retitle(folder, 2, "Flu shots are here")
    with qtbot.waitSignal(watcher.deck_changed, timeout=3000):
        pass
    qtbot.waitUntil(lambda: cached_deck(folder, cache) is not None, timeout=3000)
    cached = cached_deck(folder, cache)
    assert cached is not None, "the next start reads the cache, not the YAML"
    assert cached == load_deck(folder)
    assert cached.deck.slides[1].title == "Flu shots are here"


def test_timing_settings_apply_on_reload_without_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    """Staff change "each slide shows for" and "an open slide closes after": the running
    kiosk follows at once, as the editor's "Settings saved" promises."""
    folder = simple_deck(tmp_path / "deck", default_duration=600, idle_timeout=900)
    window = KioskWindow(load_deck(folder).deck)  # its timing comes from the settings
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    watcher = ContentWatcher(folder, window.deck, poll_ms=50, parent=window)
    connect_watcher(window, watcher)
    watcher.start()
    with qtbot.assertNotEmitted(window.controller.current_changed, wait=500):
        pass  # ten minutes a slide
    write_settings(folder, clinic_name="Test Clinic", default_duration=3, idle_timeout=10)
    qtbot.waitUntil(lambda: window.deck.settings.default_duration == 3, timeout=3000)
    assert window.timing.idle_ms == 10_000  # an open slide now closes after 10 s
    with qtbot.waitSignal(window.controller.current_changed, timeout=5000):
        pass  # the next slide comes after 3 s, not 10 minutes
