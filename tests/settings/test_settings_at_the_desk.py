"""A new clinic set up from nothing at the reception PC, by mouse: the starter folder, then
every setting through the desk editor; no file is written by hand. Then what --check says and
what the kiosk shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit
from pytestqt.qtbot import QtBot

from kiosk.app.commands import run_check
from kiosk.app.desk import DeskEditor
from kiosk.content import load_deck
from kiosk.content.loader import check_settings
from kiosk.player.calm import BLANK
from kiosk.player.window import KioskWindow
from kiosk.scheduling import FixedClock
from kiosk.staff.pickers import language_label
from kiosk.storage.starter import create_clinic
from tests.player.conftest import FAST
from tests.settings.drive import choose, into_view, open_tab, press, type_text
from tests.waiting import saves_done

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "Riverside Physio"
    create_clinic(path)  # what --new-clinic writes
    return path


@pytest.fixture
def desk(qtbot: QtBot, folder: Path) -> Iterator[DeskEditor]:
    window = DeskEditor(folder, poll_ms=50)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    open_tab(qtbot, window.editor.tabs, window.editor.settings_page, touch=False)
    yield window
    window.watcher.stop()


def summer_friday() -> dt.date:
    """The first Friday of next July."""
    day = dt.date(dt.date.today().year + 1, 7, 1)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def click(qtbot: QtBot, widget: object) -> None:
    press(qtbot, widget, touch=False)  # type: ignore[arg-type]
    saves_done(qtbot)


def test_a_new_clinic_configured_end_to_end_by_mouse(
    qtbot: QtBot, desk: DeskEditor, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = desk.editor.settings_page
    type_text(qtbot, page.clinic_name, "Riverside Physiotherapy")
    type_text(qtbot, page.contact, "Questions? Ask at reception.")

    welsh = page.languages.item("cy")
    assert welsh is not None and welsh.text() == language_label("cy")
    into_view(page, page.languages.others)
    page.languages.others.scrollToItem(welsh)
    QApplication.processEvents()
    rect = page.languages.others.visualItemRect(welsh)
    press(qtbot, page.languages.others.viewport(), touch=False, point=rect.center())

    into_view(page, page.time_zone)
    type_text(qtbot, page.time_zone.lineEdit(), "london")  # found by any part of its name
    popup = page.time_zone.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    first = popup.model().index(0, 0)
    assert first.data() == "Europe/London"
    press(qtbot, popup.viewport(), touch=False, point=popup.visualRect(first).center())
    qtbot.waitUntil(lambda: page.time_zone.zone() == "Europe/London")

    hours = page.hours
    into_view(page, hours.enabled)
    click(qtbot, hours.enabled)
    friday = hours.days[4].rows[0]
    into_view(page, friday)
    for _ in range(4):
        click(qtbot, friday.end.minus)
    monday = hours.days[0]
    into_view(page, monday.add_button)
    click(qtbot, monday.add_button)  # a second window after lunch
    assert monday.windows() == ["09:00-17:00", "18:00-19:00"]
    click(qtbot, monday.rows[1].remove_button)
    assert monday.windows() == ["09:00-17:00"]

    closures = page.closures
    into_view(page, closures.several)
    click(qtbot, closures.several)
    closures.last_day.setFocus()
    closures.last_day.setCurrentSection(QDateTimeEdit.Section.MonthSection)  # the month's name
    qtbot.keyClick(closures.last_day, Qt.Key.Key_Up)  # a month later
    first_day = closures.first_day.date()
    last_day = first_day.addMonths(1)
    assert closures.last_day.date() == last_day
    type_text(qtbot, closures.note, "Staff training")
    click(qtbot, closures.add_button)
    assert closures.list.count() == 1

    into_view(page, page.when_closed)
    choose(qtbot, page.when_closed, "A dark screen", touch=False)
    into_view(page, page.fallback)
    choose(qtbot, page.fallback, "\u201cWelcome\u201d", touch=False)
    into_view(page, page.default_duration)
    for _ in range(3):
        click(qtbot, page.default_duration.plus)
    into_view(page, page.statistics)
    click(qtbot, page.statistics)
    assert not page.statistics_days.isEnabled()

    click(qtbot, page.save_button)
    assert desk.editor.status.text().startswith("Settings saved")
    assert not page.has_unsaved_edits()

    text = (folder / "settings.yaml").read_text("utf-8")
    assert text.startswith("# Clinic Kiosk settings.")  # the starter's comments are kept
    settings = load_deck(folder).deck.settings
    assert settings.clinic_name == "Riverside Physiotherapy"
    assert settings.contact == "Questions? Ask at reception."
    assert settings.languages == ["en", "cy"]
    assert settings.time_zone == "Europe/London"
    assert settings.opening_hours is not None
    assert [settings.opening_hours.windows(d) for d in range(7)] == [
        ["09:00-17:00"],
        ["09:00-17:00"],
        ["09:00-17:00"],
        ["09:00-17:00"],
        ["09:00-16:00"],
        [],
        [],
    ]
    (closure,) = settings.closures
    assert (closure.from_, closure.last) == (first_day.toPython(), last_day.toPython())
    assert closure.note == "Staff training"
    assert (settings.when_closed, settings.fallback_slide) == ("blank", "welcome")
    assert (settings.default_duration, settings.statistics) == (15, False)

    assert run_check(folder) == 0
    # Only reminders that Welsh is not written yet: the welcome slide has no Welsh, and the
    # kiosk's own words (Back, Tap to read more) have no Welsh translation: both in English.
    out = capsys.readouterr().out
    assert out.endswith("0 errors, 2 warnings: 1 slide loaded, 1 shown.\n")
    assert "have no cy translation" in out

    # The kiosk: on a summer Friday at 15:30 in London (14:30 UTC) the welcome slide and the
    # clinic's name and time; at 16:30 the clinic is closed, and the screen is dark. (Next
    # year's: a clock before the welcome slide's review date would not be trusted.)
    friday = summer_friday()
    open_at = FixedClock(dt.datetime.combine(friday, dt.time(15, 30), LONDON))
    kiosk = KioskWindow(load_deck(folder).deck, FAST, clock=open_at)
    qtbot.addWidget(kiosk)
    kiosk.resize(1280, 720)
    kiosk.show()
    qtbot.waitUntil(lambda: kiosk.current_screen() is kiosk.cycle)
    assert kiosk.cycle.card.title.text() == "Welcome"
    assert kiosk.cycle.header.clinic.text() == "Riverside Physiotherapy"
    assert kiosk.cycle.header.clock.text().endswith("15:30")
    closed_at = FixedClock(dt.datetime.combine(friday, dt.time(16, 30), LONDON))
    night = KioskWindow(load_deck(folder).deck, FAST, clock=closed_at)
    qtbot.addWidget(night)
    night.show()
    qtbot.waitUntil(lambda: night.current_screen() is night.calm)
    assert night.calm.mode == BLANK


def test_a_mistake_reads_as_check_says_and_nothing_is_saved(
    qtbot: QtBot, desk: DeskEditor, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = desk.editor.settings_page
    before = (folder / "settings.yaml").read_text("utf-8")
    type_text(qtbot, page.clinic_name, "")
    expected = check_settings({"clinic_name": ""}, say_fallback=False)[1][0].message
    assert expected.startswith("clinic_name: is empty")
    assert page.problems.isVisible() and page.problems.text() == expected
    click(qtbot, page.save_button)
    assert desk.editor.status.text() == f"Settings not saved: {expected}"
    type_text(qtbot, page.clinic_name, "Riverside Physiotherapy")
    assert page.problems.text() == ""

    hours = page.hours
    into_view(page, hours.enabled)
    click(qtbot, hours.enabled)
    monday = hours.days[0].rows[0]
    into_view(page, monday)
    type_text(qtbot, monday.start.lineEdit(), "17:00")  # opens when it closes
    monday.start.interpretText()
    into_view(page, page.time_zone)
    type_text(qtbot, page.time_zone.lineEdit(), "Mars/Olympus_Mons")
    lines = page.problems.text().splitlines()
    assert len(lines) == 2  # each on its own line
    click(qtbot, page.save_button)
    assert (folder / "settings.yaml").read_text("utf-8") == before

    # The very words --check prints for the same values written in the file.
    (folder / "settings.yaml").write_text(
        "time_zone: Mars/Olympus_Mons\nopening_hours:\n  mon: [17:00-17:00]\n", "utf-8"
    )
    run_check(folder)
    printed = capsys.readouterr().out
    for line in lines:
        assert line in printed


def test_edits_not_yet_saved_survive_a_reload_of_the_folder(
    qtbot: QtBot, desk: DeskEditor, folder: Path
) -> None:
    page = desk.editor.settings_page
    type_text(qtbot, page.clinic_name, "Riverside Physiotherapy")
    desk.watcher.reload_now()  # a slide saved, a sync: the folder is read again
    desk.editor.set_deck(load_deck(folder).deck)
    assert page.clinic_name.text() == "Riverside Physiotherapy"
    assert page.has_unsaved_edits()
    click(qtbot, page.save_button)
    assert not page.has_unsaved_edits()
    (folder / "settings.yaml").write_text("clinic_name: Hillside\n", "utf-8")  # elsewhere
    desk.editor.set_deck(load_deck(folder).deck)
    assert page.clinic_name.text() == "Hillside"  # nothing unsaved here: the new value shows
