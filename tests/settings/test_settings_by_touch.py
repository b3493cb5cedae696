"""A receptionist sets the clinic up at the kiosk itself, by touch, on a real folder; the file
is saved with its comments, and the screen follows at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ruamel.yaml import YAML

from kiosk.player.calm import CLOSED
from kiosk.staff.pickers import language_label
from kiosk.staff.pin import PinStore
from tests.decks import simple_deck
from tests.settings.drive import choose, into_view, open_tab, press, type_text
from tests.staff.conftest import PIN, Kiosk
from tests.touch import tap
from tests.waiting import saves_done


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    folder = simple_deck(tmp_path / "deck")
    settings = folder / "settings.yaml"
    settings.write_text("# Our waiting room screen\n" + settings.read_text("utf-8"), "utf-8")
    pins = PinStore(tmp_path / "pin")
    pins.set_pin(PIN)
    running = Kiosk(qtbot, folder, pins)
    running.window.resize(1280, 720)
    yield running
    running.close()


def test_opening_hours_a_closed_day_language_look_and_closed_screen_by_touch(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    editor = kiosk.open_editor()
    page = editor.settings_page
    open_tab(qtbot, editor.tabs, page, touch=True)
    type_text(qtbot, page.clinic_name, "Riverside Physio")  # a keyboard plugged in

    into_view(page, page.languages.others)
    spanish = page.languages.item("es")
    assert spanish is not None
    view = page.languages.others
    view.scrollToItem(spanish)
    tap(view.viewport(), view.visualItemRect(spanish).center())

    hours = page.hours
    into_view(page, hours.enabled)
    tap(hours.enabled)
    monday = hours.days[0].rows[0]
    into_view(page, monday)
    assert (monday.start.text(), monday.end.text()) == ("09:00", "17:00")
    for _ in range(4):
        tap(monday.end.plus)  # a quarter of an hour a tap
    saturday = hours.days[5]
    into_view(page, saturday.add_button)
    tap(saturday.add_button)
    into_view(page, saturday.rows[0])
    for _ in range(20):
        tap(saturday.rows[0].end.minus)

    into_view(page, page.closures.add_button)
    tap(page.closures.add_button)  # today, the date it offers first
    into_view(page, page.when_closed)
    choose(qtbot, page.when_closed, "The closed message, with the clinic's name", touch=True)
    into_view(page, page.theme_choice)
    choose(qtbot, page.theme_choice, "High contrast", touch=True)
    assert page.problems.text() == ""
    tap(page.save_button)
    saves_done(qtbot)
    assert editor.status.text().startswith("Settings saved")

    text = (kiosk.folder / "settings.yaml").read_text("utf-8")
    assert text.startswith("# Our waiting room screen\n")  # staff's own comment kept
    saved = YAML(typ="safe").load(text)
    assert saved["clinic_name"] == "Riverside Physio"
    assert saved["languages"] == ["en", "es"]
    assert saved["opening_hours"] == {
        "mon": ["09:00-18:00"],
        **{day: ["09:00-17:00"] for day in ("tue", "wed", "thu", "fri")},
        "sat": ["09:00-12:00"],
    }
    assert saved["closures"] == [{"from": dt.date.today()}]
    assert (saved["when_closed"], saved["theme"]) == ("closed-slide", "high-contrast")
    assert language_label("es") == "Spanish \u2014 Espa\u00f1ol"

    kiosk.reloaded(lambda: kiosk.window.deck.settings.theme == "high-contrast")
    press(qtbot, editor.back_button, touch=True)
    # Closed today: the closed message with the clinic's name, in the new look.
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is kiosk.window.calm)
    assert kiosk.window.calm.mode == CLOSED
    assert kiosk.window.theme.name == "high-contrast"
    assert "Riverside Physio" in kiosk.window.calm.clinic.text()
