"""Slides and notices for some screens only: each kiosk shows what is meant for its own name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.cli import main
from kiosk.content import load_deck
from kiosk.content.announcements import load_announcements
from kiosk.player.window import KioskWindow
from kiosk.scheduling import what_to_show, why_not_map
from kiosk.storage.fields import slide_fields
from kiosk.storage.slides import save_slide
from tests.content.conftest import ContentFolder, make_content, slide_md

NOON = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def clinic(tmp_path: Path) -> ContentFolder:
    """Four slides: one for every screen, one for the hall, one for two rooms (as one line)."""
    folder = make_content(tmp_path / "clinic")
    folder.settings("clinic_name: Riverside\n")
    folder.slide("010-all.md", slide_md("everyone", extra="order: 10\n"))
    folder.slide("020-hall.md", slide_md("hall-only", extra="order: 20\nscreens: [Hall]\n"))
    folder.slide(
        "030-rooms.md",
        slide_md("rooms", extra="order: 30\nscreens: Waiting room 1,  waiting ROOM 2\n"),
    )
    folder.slide("040-empty.md", slide_md("empty-list", extra="order: 40\nscreens: []\n"))
    return folder


@pytest.mark.parametrize(
    ("screen", "shown"),
    [
        (None, ["everyone", "hall-only", "rooms", "empty-list"]),
        ("Hall", ["everyone", "hall-only", "empty-list"]),
        ("hall", ["everyone", "hall-only", "empty-list"]),
        ("Waiting Room 2", ["everyone", "rooms", "empty-list"]),
        ("  waiting   room 1 ", ["everyone", "rooms", "empty-list"]),
        ("Reception", ["everyone", "empty-list"]),
    ],
)
def test_each_screen_shows_the_slides_meant_for_it(
    tmp_path: Path, screen: str | None, shown: list[str]
) -> None:
    result = clinic(tmp_path).load()
    assert not result.problems
    assert list(what_to_show(result.deck, NOON, screen).ids) == shown


def test_the_staff_list_says_why_a_slide_is_not_on_this_screen(tmp_path: Path) -> None:
    deck = clinic(tmp_path).load().deck
    assert why_not_map(deck, NOON, "Hall") == {"rooms": "Not on this screen"}
    assert why_not_map(deck, NOON) == {}


def test_the_welcome_slide_stands_in_only_where_it_is_meant_to_show(tmp_path: Path) -> None:
    folder = make_content(tmp_path / "clinic")
    folder.slide("010-welcome.md", slide_md("welcome", extra="screens: [Hall]\n"))
    folder.slide(
        "020-later.md",
        slide_md("later", extra="screens: [Room 2]\nschedule: {from: 2027-01-01}\n"),
    )
    deck = folder.load().deck
    assert what_to_show(deck, NOON, "Hall").ids == ("welcome",)
    # Nothing is live on Room 2: the welcome slide, being the hall's, does not stand in; the
    # room's own first slide does (a fallback ignores schedules).
    room = what_to_show(deck, NOON, "Room 2")
    assert room.ids == ("later",) and room.fallback
    assert what_to_show(deck, NOON, "Room 3").ids == ()


def test_check_warns_with_file_and_line_about_a_name_no_screen_can_have(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_content(tmp_path / "clinic")
    long_name = "The big waiting room on the second floor, left"
    folder.slide(
        "010-a.md",
        slide_md("a", extra=f"screens:\n  - Hall\n  - Room 1, Room 2\n  - {long_name[:39]}x\n"),
    )
    folder.slide("020-b.md", slide_md("b", extra=f"screens: [{'x' * 41}]\n"))
    code = main(["--content", str(folder.path), "--check"])
    out = capsys.readouterr().out
    assert code == 0, out  # warnings only: the slide still shows where its names match
    assert (
        "slides/010-a.md:7: warning: screens: 'Room 1, Room 2' cannot be a screen's name "
        "(a screen name cannot hold a comma)" in out
    )
    assert "slides/020-b.md:5: warning: screens: 'xxxxxxxx" in out
    assert "at most 40 characters (this one has 41)" in out
    assert "010-a.md:8" not in out  # 40 characters exactly is a name
    deck = load_deck(folder.path).deck
    assert what_to_show(deck, NOON, "Hall").ids == ("a",)


def test_a_save_keeps_the_names_as_staff_wrote_them(tmp_path: Path) -> None:
    folder = clinic(tmp_path)
    deck = folder.load().deck
    rooms = deck.slide("rooms")
    assert rooms is not None
    assert rooms.screens == ["Waiting room 1", "waiting ROOM 2"]
    fields = {**slide_fields(rooms), "title": "New title"}
    save_slide(folder.path, rooms.file_name, fields, rooms.summary)
    text = (folder.slides_dir / rooms.file_name).read_text("utf-8")
    assert "screens: Waiting room 1,  waiting ROOM 2\n" in text  # the line as typed
    assert "title: New title" in text
    # A changed list is written as a list.
    save_slide(folder.path, rooms.file_name, {**fields, "screens": ["Hall"]}, rooms.summary)
    saved = folder.load().deck.slide("rooms")
    assert saved is not None and saved.screens == ["Hall"]
    assert "Waiting room 1" not in (folder.slides_dir / rooms.file_name).read_text("utf-8")


def test_announcements_for_some_screens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = clinic(tmp_path).path
    assert main(["--content", str(folder), "--announce", "The lift is out of order"]) == 0
    posting = ["--announce", "Room 2 is upstairs", "--screen", "Waiting room 2"]
    assert main(["--content", str(folder), *posting, "--screen", "Hall, Reception"]) == 0
    out = capsys.readouterr().out
    assert "only on Waiting room 2, Hall, Reception" in out
    board, problems = load_announcements(folder)
    assert not problems
    assert [a.text for a in board.for_screen("hall").announcements] == [
        "The lift is out of order",
        "Room 2 is upstairs",
    ]
    assert [a.text for a in board.for_screen("Waiting room 1").announcements] == [
        "The lift is out of order"
    ]
    assert len(board.for_screen(None).announcements) == 2
    assert main(["--content", str(folder), "--announcements"]) == 0
    assert "only on Waiting room 2, Hall, Reception: Room 2 is upstairs" in capsys.readouterr().out
    # A name no screen can have is refused before anything is written.
    assert main(["--content", str(folder), "--announce", "x", "--screen", "y" * 41]) == 1
    assert "at most 40 characters" in capsys.readouterr().err
    assert len(load_announcements(folder)[0].announcements) == 2


def test_announcements_file_warns_about_a_bad_name_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "announcements.yaml").write_text(
        "announcements:\n"
        "  - id: a1\n"
        "    text: Hello\n"
        "    screens:\n"
        "      - Hall\n"
        f"      - {'z' * 50}\n",
        "utf-8",
    )
    board, problems = load_announcements(folder)
    assert [str(p) for p in problems] == [
        f"announcements.yaml:6: warning: announcement 1, screens: '{'z' * 50}' cannot be a "
        "screen's name (a screen name has at most 40 characters (this one has 50)), so no "
        "screen shows this announcement for it. Write the names as each screen was named "
        "(python main.py --screen-name), separated by commas."
    ]
    assert [a.id for a in board.for_screen("HALL").announcements] == ["a1"]


def test_the_kiosk_shows_only_its_own_slides_and_notices(qtbot: QtBot, tmp_path: Path) -> None:
    """Through the composition root, as the kiosk starts: its name from this machine's config."""
    from kiosk.app.kiosk import connect_announcements, show_window
    from kiosk.storage.config import remember_screen_name, screen_name
    from kiosk.ui.announcements import AnnouncementWatcher

    folder = clinic(tmp_path)
    (folder.path / "announcements.yaml").write_text(
        "announcements:\n  - {id: a1, text: For the hall, screens: Hall}\n"
        "  - {id: a2, text: For room 1, screens: [Waiting room 1]}\n",
        "utf-8",
    )
    remember_screen_name("waiting room 1")
    window = show_window(
        load_deck(folder.path), windowed=True, size=(1280, 720), this_screen=screen_name()
    )
    qtbot.addWidget(window)
    assert [s.id for s in window.controller.slides] == ["everyone", "rooms", "empty-list"]
    notices = AnnouncementWatcher(folder.path, parent=window)
    connect_announcements(window, notices)
    notices.reload_now()
    qtbot.waitUntil(lambda: window.banner.showing)
    assert [a.text for a in window.banner.live] == ["For room 1"]


def test_screenshot_draws_what_one_screen_shows(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.app.screenshot import ScreenshotOptions, save_screenshot

    folder = clinic(tmp_path)
    seen: list[list[str]] = []

    def note(window: KioskWindow) -> None:
        seen.append([s.id for s in window.controller.slides])

    for screen in ("Hall", None):
        code = save_screenshot(
            load_deck(folder.path),
            tmp_path / "shot.png",
            (1280, 720),
            None,
            False,
            ScreenshotOptions(at=NOON, screen=screen),
            setup=note,
        )
        assert code == 0
    assert seen == [
        ["everyone", "hall-only", "empty-list"],
        ["everyone", "hall-only", "rooms", "empty-list"],
    ]
