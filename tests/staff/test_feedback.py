"""Every staff action says what it did: saves confirm, the lock counts down, translations left
behind by a change are flagged, and a new slide shows patients its teaser, not a blank page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.cli import main as cli_main
from kiosk.content import load_deck
from kiosk.player.window import CYCLE, DETAIL
from kiosk.staff.editor import EMPTY_SLIDE_HINT
from kiosk.staff.pin import PinStore
from tests.decks import simple_deck, write_settings, write_slide
from tests.staff.conftest import Kiosk
from tests.touch import tap


def retitle(kiosk: Kiosk, field: object, text: str) -> None:
    field.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(field, text)  # type: ignore[arg-type]


def test_save_slide_confirms_and_the_confirmation_outlives_the_reload(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-2")
    retitle(kiosk, editor.form.title, "Flu jabs this week")
    kiosk.click(editor.save_button)
    kiosk.reloaded(
        lambda: "Flu jabs this week" in [s.title for s in kiosk.window.controller.slides]
    )
    kiosk.reloaded(lambda: editor.deck.slide("slide-2").title == "Flu jabs this week")  # type: ignore[union-attr]
    assert editor.status.text() == "Saved \u201cFlu jabs this week\u201d."


def test_saving_a_hidden_slide_says_it_is_not_on_the_screen(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    editor.select_slide("slide-1")
    kiosk.click(editor.form.enabled)
    kiosk.click(editor.save_button)
    assert "It is hidden" in editor.status.text()
    assert "Show this slide on the screen" in editor.status.text()


def test_the_closing_warning_counts_down_and_a_touch_starts_it_again(
    qtbot: QtBot, tmp_path: Path, pins: PinStore
) -> None:
    running = Kiosk(qtbot, simple_deck(tmp_path / "deck"), pins, idle_ms=6_000)
    try:
        editor = running.open_editor()
        status = editor.status.text
        qtbot.waitUntil(lambda: status().startswith("Staff mode closes in"), timeout=3000)
        qtbot.waitUntil(lambda: seconds_left(status()) <= 5, timeout=4000)
        tap(editor.list.viewport())  # a touch: the count starts again from the top
        assert seconds_left(status()) == 6

        seen: list[int] = []

        def closed() -> bool:
            left = seconds_left(status())
            if left > 0 and (not seen or seen[-1] != left):
                seen.append(left)
            return running.window.screen_name == CYCLE

        qtbot.waitUntil(closed, timeout=9000)
        assert len(seen) >= 3 and seen == sorted(seen, reverse=True), seen
    finally:
        running.close()


def seconds_left(text: str) -> int:
    match = re.search(r"closes in (\d+) seconds?", text)
    return int(match[1]) if match else -1


def test_changing_a_slides_words_marks_its_translations_out_of_date(
    qtbot: QtBot, tmp_path: Path, pins: PinStore, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "deck"
    write_settings(folder, clinic_name="Test Clinic", languages=["en", "es"])
    spanish = {
        "title": "Gripe",
        "teaser": "Vacunas",
        "reviewed": {"date": "2026-01-05", "by": "Ana"},
    }
    write_slide(
        folder,
        "001.md",
        {
            "id": "flu",
            "title": "Flu",
            "teaser": "Jabs",
            "order": 1,
            "translations": {"es": spanish},
        },
    )
    assert cli_main(["--check", "--content", str(folder)]) == 0
    assert "out of date" not in capsys.readouterr().out
    running = Kiosk(qtbot, folder, pins)
    try:
        editor = running.open_editor()
        editor.select_slide("flu")
        retitle(running, editor.form.title, "Flu jabs this week")
        running.click(editor.save_button)
        assert "The Spanish translation still says the old words" in editor.status.text()
        assert "out of date" in editor.status.text()
        slide = load_deck(folder).deck.slide("flu")
        assert slide is not None and slide.translations["es"].out_of_date is not None

        cli_main(["--check", "--content", str(folder)])
        report = capsys.readouterr().out
        assert "The es translation is out of date" in report and "001.md" in report

        # The translator updates the Spanish words: the mark goes.
        running.reloaded(lambda: editor.deck.slide("flu").title == "Flu jabs this week")  # type: ignore[union-attr]
        retitle(running, editor.form.translations.title, "Gripe: vacunas esta semana")
        running.click(editor.save_button)
        slide = load_deck(folder).deck.slide("flu")
        assert slide is not None and slide.translations["es"].out_of_date is None
        assert slide.translations["es"].title == "Gripe: vacunas esta semana"
        assert "translation" not in editor.status.text()
    finally:
        running.close()


def test_a_new_slide_shows_its_teaser_and_staff_are_told_what_to_add(kiosk: Kiosk) -> None:
    editor = kiosk.open_editor()
    kiosk.click(editor.buttons["add"])
    kiosk.reloaded(lambda: len(editor.deck.slides) == 4)
    assert editor.preview_hint.isVisible() and editor.preview_hint.text() == EMPTY_SLIDE_HINT
    picture = editor.preview.picture()
    assert not picture.isNull()
    assert "Write one sentence here." in editor.preview.detail.body.toPlainText()

    kiosk.click(editor.form.enabled)  # show it to patients
    kiosk.click(editor.save_button)
    kiosk.reloaded(lambda: len(kiosk.window.controller.slides) == 4)
    kiosk.click(editor.back_button)
    kiosk.window.controller.go_to(3)
    qtbot = kiosk.qtbot
    with qtbot.waitSignal(kiosk.window.detail_opened, timeout=2000):
        kiosk.click(kiosk.window.cycle.card.teaser)
    assert kiosk.window.screen_name == DETAIL
    assert kiosk.window.detail.body.toPlainText().strip() == "Write one sentence here."

    kiosk.window.close_detail("back")
    editor.select_slide("slide-1")  # a slide with a summary: no hint
    assert not editor.preview_hint.isVisible()
