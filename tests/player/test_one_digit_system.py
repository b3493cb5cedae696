"""One screen, one set of digits: the clock, the dates, the countdown and the kiosk's other
numbers follow the language the kiosk's own words are shown in.

Where the chosen language has the kiosk's words (here a small Arabic translation made for the
test), its digits everywhere (Arabic-Indic: the date "25 November 2026" in them too); where it
has none, the kiosk's words show in English and so do its dates and digits ("Last reviewed:
25 November 2026"), never an English label with an Arabic date beside it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.content.announcements import Announcement, Board
from kiosk.player import i18n
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from kiosk.scheduling import FixedClock
from tests.decks import reference, write_settings, write_slide
from tests.touch import tap

SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)
NOW = dt.datetime(2026, 11, 30, 10, 30, tzinfo=dt.UTC)
#: A few of the kiosk's words in Arabic, enough for a screen with a date and a countdown.
ARABIC_WORDS = {
    "Back": "رجوع",
    "Last reviewed: {date}": "آخر مراجعة: {date}",
    "d MMMM yyyy": "d MMMM yyyy",
    "dddd d MMMM": "dddd d MMMM",
    "Going back to the slideshow in {seconds} s. Touch the screen to keep reading.": (
        "العودة إلى العرض بعد {seconds} ث. المس الشاشة لمواصلة القراءة."
    ),
    "Important": "مهم",
}


def digit_systems(text: str) -> set[str]:
    """The digit systems ``text`` uses: "DIGIT" (0-9), "ARABIC-INDIC DIGIT", ..."""
    return {unicodedata.name(char).rsplit(" ", 1)[0] for char in text if char.isdigit()}


def arabic_qm(folder: Path) -> Path:
    """kiosk_ar.qm with ``ARABIC_WORDS``, compiled by Qt's own lrelease."""
    scripts = Path(sys.executable).parent
    lrelease = shutil.which("pyside6-lrelease", path=str(scripts)) or shutil.which(
        "pyside6-lrelease"
    )
    if lrelease is None:
        pytest.fail("pyside6-lrelease is part of PySide6; reinstall it")
    messages = "".join(
        f"<message><source>{source}</source><translation>{words}</translation></message>"
        for source, words in ARABIC_WORDS.items()
    )
    ts = folder / "kiosk_ar.ts"
    folder.mkdir(parents=True, exist_ok=True)
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="ar">'
        f"<context><name></name>{messages}</context></TS>",
        encoding="utf-8",
    )
    subprocess.run([lrelease, str(ts)], check=True, capture_output=True)
    return folder


def window_in_arabic(qtbot: QtBot, folder: Path) -> KioskWindow:
    write_settings(folder, clinic_name="Clinic", languages=["en", "ar"], time_zone="UTC")
    arabic = {"title": "مرحبا بكم", "teaser": "اضغط لقراءة المزيد"}
    write_slide(folder, "a.md", {"id": "a", "title": "Welcome", "teaser": "Tap", "order": 1,
                                 "reviewed": {"date": "2026-11-25", "by": "Test"},
                                 "references": [reference("10.1000/test.1")],
                                 "translations": {"ar": arabic}})  # fmt: skip
    window = KioskWindow(load_deck(folder).deck, SLOW, clock=FixedClock(NOW))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    now = dt.datetime.now().astimezone()
    notices = tuple(
        Announcement(id=f"n{n}", text=f"Notice {n}", style="important", posted=now) for n in (1, 2)
    )
    window.banner.set_board(Board(announcements=notices))
    tap(window.cycle.aids.language_buttons["ar"])
    window.open_detail("a")
    window._start_countdown()  # the idle time is up: what a reader who stopped sees
    qtbot.waitUntil(window.detail.countdown.isVisible)
    return window


def kiosk_numbers(window: KioskWindow) -> dict[str, str]:
    """Every number the kiosk itself writes on the cycle and detail screens, by where."""
    footer = window.detail.footer.text()
    return {
        "clock": window.cycle.header.clock.text(),
        "reviewed": footer.split("\u00b7")[0],
        "countdown": window.detail.countdown.text(),
        "notice count": window.banner.position.text(),
        "reference number": reference_number(window.detail.body.toPlainText()),
    }


def reference_number(text: str) -> str:
    """The number before the first reference (its citation is as published: 2020;1:1-10)."""
    lines = [line for line in text.splitlines() if line.strip()]
    heading = next(n for n, line in enumerate(lines) if "SOURCES" in line)
    return lines[heading + 1].split(".")[0]


def test_arabic_with_the_kiosks_words_in_arabic_uses_arabic_digits_everywhere(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "I18N", arabic_qm(tmp_path / "i18n"))
    window = window_in_arabic(qtbot, tmp_path / "deck")
    numbers = kiosk_numbers(window)
    assert "آخر مراجعة" in numbers["reviewed"]
    for where, text in numbers.items():
        assert digit_systems(text) == {"ARABIC-INDIC DIGIT"}, f"{where}: {text!r}"
    assert "\u0661\u0660:\u0663\u0660" in numbers["clock"]  # 10:30
    assert "\u0662\u0665" in numbers["reviewed"]  # 25
    assert window.banner.marker.text() == "مهم"
    # Back to English: the same places in 0-9 at once.
    tap(window.detail.aids.language_buttons["en"])
    window._start_countdown()
    for where, text in kiosk_numbers(window).items():
        assert digit_systems(text) == {"DIGIT"}, f"{where}: {text!r}"
    assert window.banner.marker.text() == "Important"


def test_arabic_without_the_kiosks_words_keeps_their_english_dates_and_digits(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "I18N", tmp_path / "no-translations")
    window = window_in_arabic(qtbot, tmp_path / "deck")
    numbers = kiosk_numbers(window)
    assert numbers["reviewed"].strip() == "Last reviewed: 25 November 2026"
    for where, text in numbers.items():
        assert digit_systems(text) == {"DIGIT"}, f"{where}: {text!r}"
    assert window.cycle.card.title.text() == "مرحبا بكم", "the slide itself is in Arabic"
