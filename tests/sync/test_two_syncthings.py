"""Two real Syncthing instances on 127.0.0.1, paired with the documented commands: a slide saved
in the desk editor on one machine shows on the other machine's kiosk screen."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from kiosk.app.kiosk import connect_watcher
from kiosk.content import load_deck
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from kiosk.storage.fields import slide_fields
from kiosk.storage.slides import read_base, read_slide, save_slide
from kiosk.sync.local import SYNCTHING, Machine, pair, start_machine, wait_for
from kiosk.sync.syncthing import FOLDER_ID, Syncthing
from kiosk.ui.live_reload import ContentWatcher
from tests.decks import simple_deck, write_slide
from tests.waiting import saves_done

if SYNCTHING is None and not os.environ.get("CI"):
    pytest.skip("syncthing is not installed (apt-get install syncthing)", allow_module_level=True)


@pytest.fixture
def two_machines(tmp_path: Path) -> Iterator[tuple[Machine, Machine]]:
    machines: list[Machine] = []
    try:
        machines.append(start_machine(tmp_path, "desk"))
        machines.append(start_machine(tmp_path, "screen"))
        yield machines[0], machines[1]
    finally:
        for machine in machines:
            machine.stop()


def test_a_slide_saved_on_one_machine_arrives_and_a_deleted_one_can_be_put_back(
    two_machines: tuple[Machine, Machine],
) -> None:
    desk, screen = two_machines
    simple_deck(desk.content)
    pair(desk, [screen])  # --sync-setup on both, then --sync-add-device with the other's id

    st = Syncthing.from_home(desk.home)
    options = st.call("GET", "/rest/config/options")
    assert not options["globalAnnounceEnabled"] and not options["relaysEnabled"]
    assert not options["natEnabled"] and options["urAccepted"] == -1
    folder = st.call("GET", f"/rest/config/folders/{FOLDER_ID}")
    assert folder["type"] == "sendreceive" and folder["versioning"]["type"] == "staggered"
    assert ".backups" in st.call("GET", f"/rest/db/ignores?folder={FOLDER_ID}")["ignore"]

    wait_for(
        lambda: len(load_deck(screen.content).deck.slides) == 3, 120, "the first deck arriving"
    )
    write_slide(desk.content, "050-flu.md", {"id": "flu", "title": "Flu shots", "teaser": "t"})
    took = wait_for(
        lambda: "flu" in {s.id for s in load_deck(screen.content).deck.slides},
        60,
        "the new slide arriving",
    )
    print(f"a new slide reached the other machine in {took:.1f} s")
    assert load_deck(screen.content).problems == ()

    # Deleted on the desk: gone from the screen, and the screen keeps the version to put back.
    (desk.content / "slides" / "050-flu.md").unlink()
    versions = screen.content / ".stversions" / "slides"
    wait_for(lambda: any(versions.glob("050-flu~*.md")), 60, "the deleted slide's version")
    assert "flu" not in {s.id for s in load_deck(screen.content).deck.slides}
    (kept,) = versions.glob("050-flu~*.md")
    kept.replace(screen.content / "slides" / "050-flu.md")  # as README says: copy it back
    wait_for(
        lambda: "flu" in {s.id for s in load_deck(desk.content).deck.slides},
        60,
        "the restored slide reaching the desk again",
    )


def test_a_slide_saved_in_the_desk_editor_shows_on_the_other_machines_kiosk(
    qtbot: QtBot, two_machines: tuple[Machine, Machine]
) -> None:
    desk, screen = two_machines
    simple_deck(desk.content)
    pair(desk, [screen])
    wait_for(lambda: len(load_deck(screen.content).deck.slides) == 3, 120, "the deck arriving")

    # The screen's kiosk, as the app builds it: its window and its content watcher.
    still = Timing(default_slide_ms=600_000, idle_timeout_ms=600_000)
    kiosk = KioskWindow(load_deck(screen.content).deck, still)
    watcher = ContentWatcher(screen.content, kiosk.deck, poll_ms=100, parent=kiosk)
    connect_watcher(kiosk, watcher)
    watcher.start()
    kiosk.resize(1280, 720)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    assert kiosk.cycle.card.title.text() == "Slide number 1"

    # At the reception PC, staff retitle the first slide and press Save.
    desk_window = DeskEditor(desk.content, poll_ms=60_000)
    qtbot.addWidget(desk_window)
    desk_window.show()
    try:
        editor = desk_window.editor
        editor.select_slide("slide-1")
        editor.form.title.selectAll()
        QTest.keyClicks(editor.form.title, "Flu shots this week")
        saved_at = time.monotonic()
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        saves_done(qtbot)
        qtbot.waitUntil(
            lambda: kiosk.cycle.card.title.text() == "Flu shots this week", timeout=60_000
        )
        print(f"saved at the desk -> on the kiosk's screen in {time.monotonic() - saved_at:.1f} s")
    finally:
        desk_window.watcher.stop()
        desk_window.close()
        watcher.stop()
        kiosk._may_close = True
        kiosk.close()


def connected(machine: Machine, other_id: str) -> bool:
    connections = machine.api.call("GET", "/rest/system/connections")["connections"]
    return bool(connections.get(other_id, {}).get("connected"))


def edit_slide(machine: Machine, title: str, teaser: str) -> None:
    """A save as the desk editor makes it: the slide's fields merged over the file read."""
    slide = read_slide(machine.content, "001.md")
    assert slide is not None
    fields = {**slide_fields(slide), "title": title, "teaser": teaser}
    base = read_base(machine.content, slide)
    save_slide(machine.content, "001.md", fields, slide.summary, base_text=base)
    machine.api.call("POST", f"/rest/db/scan?folder={FOLDER_ID}")  # seen before reconnecting


def words_kept(*places: Path) -> str:
    """Every version of slide 001 kept anywhere in these folders, as one text."""
    texts = []
    for place in places:
        texts += [p.read_text(encoding="utf-8") for p in place.rglob("001*") if p.is_file()]
    return "\n".join(texts)


def test_a_slide_edited_on_both_sides_while_apart_is_settled_without_losing_either(
    qtbot: QtBot, two_machines: tuple[Machine, Machine]
) -> None:
    desk, screen = two_machines
    simple_deck(desk.content)
    ids = pair(desk, [screen])
    wait_for(lambda: len(load_deck(screen.content).deck.slides) == 3, 120, "the deck arriving")
    wait_for(lambda: connected(desk, ids["screen"]), 60, "the two connected")

    # The network goes down: each side pauses the other, and both edit slide 001.
    for machine, other in ((desk, "screen"), (screen, "desk")):
        machine.api.call("POST", f"/rest/system/pause?device={ids[other]}")
    wait_for(lambda: not connected(desk, ids["screen"]), 60, "the two apart")
    edit_slide(screen, "Edited at the screen", "Teaser from the screen")
    edit_slide(desk, "Edited at the desk", "Teaser from the desk")
    for machine, other in ((desk, "screen"), (screen, "desk")):
        machine.api.call("POST", f"/rest/system/resume?device={ids[other]}")

    def conflict_on(machine: Machine) -> list[Path]:
        return list((machine.content / "slides").glob("001.sync-conflict-*.md"))

    def kept_twice() -> bool:
        """One version as the slide, the other as the copy, alike on both sides."""
        try:
            slides = {(m.content / "slides" / "001.md").read_text("utf-8") for m in (desk, screen)}
            copies = {c.read_text("utf-8") for m in (desk, screen) for c in conflict_on(m)}
        except OSError:  # Syncthing is moving a file into place this moment
            return False
        both = "\n".join(slides | copies)
        return (
            len(slides) == len(copies) == 1
            and slides != copies
            and "Edited at the desk" in both
            and "Edited at the screen" in both
        )

    took = wait_for(kept_twice, 120, "the conflict copy on both machines")
    print(f"the conflict copy was on both machines {took:.1f} s after they reconnected")

    # Staff settle it at the desk: the screen's title, the desk's teaser.
    window = DeskEditor(desk.content, poll_ms=50)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.editor.sync_conflict is not None, timeout=10_000)
        panel = window.editor.conflict
        screen_side = 0 if "at the screen" in panel.rows()[0][1] else 1
        desk_side = 1 - screen_side
        for field, side in (("title", screen_side), ("teaser", desk_side)):
            qtbot.mouseClick(panel.pick_buttons[field][side], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.use_picks_button, Qt.MouseButton.LeftButton)
        saves_done(qtbot)
    finally:
        window.watcher.stop()
        window.close()
    settled = (desk.content / "slides" / "001.md").read_text(encoding="utf-8")
    assert "title: Edited at the screen" in settled and "teaser: Teaser from the desk" in settled
    assert not conflict_on(desk)

    # The settled slide reaches the screen and the copy leaves it; nothing is lost anywhere.
    def arrived() -> bool:
        there = (screen.content / "slides" / "001.md").read_text(encoding="utf-8")
        return there == settled and not conflict_on(screen)

    wait_for(arrived, 60, "the settled slide reaching the screen")
    assert load_deck(screen.content).problems == ()
    for words in ("Edited at the desk", "Edited at the screen", "Teaser from the screen"):
        assert words in words_kept(desk.content / ".backups"), words
        assert words in words_kept(screen.content / ".stversions"), words
