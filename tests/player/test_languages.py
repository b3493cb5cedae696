"""Patients who read another language: switching, fallback, right-to-left, glyphs, UI strings."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import kiosk
from kiosk.content import load_deck
from kiosk.content.announcements import Announcement, Board
from kiosk.paths import I18N, SHIPPED_DECK
from kiosk.player.aids import AidState
from kiosk.player.i18n import native_name
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from tests.decks import write_settings, write_slide
from tests.player.conftest import WindowFactory
from tests.touch import tap

SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)


@pytest.fixture
def shipped(make_window: WindowFactory) -> KioskWindow:
    return make_window(SHIPPED_DECK, SLOW, (1920, 1080))


def test_each_language_is_offered_in_its_own_name(shipped: KioskWindow) -> None:
    names = [b.text() for b in shipped.cycle.aids.language_buttons.values()]
    assert names == ["English", "Español", "中文"]
    chosen = [b.text() for b in shipped.cycle.aids.language_buttons.values() if b.isChecked()]
    assert chosen == ["English"], "the language in use shows as chosen from the start"
    assert native_name("ar") == "العربية"


def test_tapping_espanol_shows_the_slides_and_the_buttons_in_spanish(
    qtbot: QtBot, shipped: KioskWindow
) -> None:
    shipped.controller.go_to(1)
    tap(shipped.cycle.aids.language_buttons["es"])
    slide = shipped.controller.current
    assert slide is not None
    assert shipped.cycle.card.title.text() == slide.translations["es"].title
    assert shipped.cycle.card.cue.text().startswith("Toque para leer más")
    assert shipped.cycle.aids.large_text.text().strip() == "Letra más grande"
    shipped.open_detail(slide.id)
    assert "Volver" in shipped.detail.back_button.text()
    assert "Última revisión: 25 de noviembre de 2026" in shipped.detail.footer.text()
    assert slide.translations["es"].summary.split("\n")[0][:20] in shipped.detail.body.toPlainText()
    assert shipped.detail.aids.language_buttons["es"].isChecked()
    # The banner's own word too (the notice itself is staff's text, as written).
    now = dt.datetime.now().astimezone()
    notice = Announcement(id="n", text="Closing at 3 pm", style="important", posted=now)
    shipped.banner.set_board(Board(announcements=(notice,)))
    assert shipped.banner.marker.text() == "Importante"
    tap(shipped.detail.aids.language_buttons["zh-Hans"])
    assert shipped.banner.marker.text() == "重要"


def test_chinese_switches_instantly_and_the_idle_time_brings_english_back(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    # An idle time long enough that a busy machine's re-layout after the tap cannot outlast it
    # before the first assert, short enough to wait for.
    window = make_window(SHIPPED_DECK, Timing(default_slide_ms=60_000, idle_timeout_ms=1500))
    qtbot.waitUntil(lambda: window.detail.slide is not None)  # prepared ahead, as on a kiosk
    tap(window.cycle.aids.language_buttons["zh-Hans"])
    assert window.cycle.card.cue.text().startswith("点击阅读更多")
    qtbot.waitUntil(lambda: window.aids == AidState(), timeout=10_000)
    assert window.cycle.card.cue.text().startswith("Tap to read more")


def test_a_slide_without_a_translation_falls_back_to_the_default_language(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    folder = tmp_path / "deck"
    write_settings(folder, languages=["en", "es"])
    write_slide(folder, "a.md", {"id": "a", "title": "Only English", "teaser": "t", "order": 1})
    es = {"title": "Hola", "teaser": "Diga"}
    write_slide(folder, "b.md", {"id": "b", "title": "Hello", "teaser": "t", "order": 2,
                                 "translations": {"es": es}})  # fmt: skip
    window = make_window(folder, SLOW)
    window.set_aids(AidState(language="es"))
    assert window.cycle.card.title.text() == "Only English"
    window.controller.go_to(1)
    assert window.cycle.card.title.text() == "Hola"


def arabic_deck(folder: Path) -> Path:
    write_settings(folder, languages=["en", "ar"])
    arabic = {"title": "مرحبا بكم في غرفة الانتظار", "teaser": "اضغط على أي شريحة لقراءة المزيد"}
    write_slide(folder, "a.md", {"id": "a", "title": "Welcome", "teaser": "Tap", "order": 1,
                                 "translations": {"ar": arabic}})  # fmt: skip
    write_slide(folder, "b.md", {"id": "b", "title": "Two", "teaser": "t", "order": 2})
    return folder


def test_right_to_left_languages_lay_out_right_to_left(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(arabic_deck(tmp_path / "deck"), SLOW)
    tap(window.cycle.aids.language_buttons["ar"])
    assert window.layoutDirection().name == "RightToLeft"
    previous, following = window.cycle.previous_button, window.cycle.next_button
    assert previous.geometry().x() > following.geometry().x()  # "previous" is on the right
    tap(window.cycle.aids.language_buttons["en"])
    assert window.layoutDirection().name == "LeftToRight"


def families_for(label: QLabel) -> list[str]:
    return [f for f in label.font().families() if QFontDatabase.hasFamily(f)]


def glyph(font: QFont, text: str) -> QImage:
    size = font.pixelSize() * 2
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def tofu_characters(label: QLabel) -> list[str]:
    """Characters of ``label`` drawn as the missing-glyph box, as a private-use one is."""
    font = label.font()
    tofu = glyph(font, "\U0010fffd")
    return [ch for ch in set(label.text()) if not ch.isspace() and glyph(font, ch) == tofu]


@pytest.mark.parametrize("code", ["zh-Hans", "ar"])
def test_cjk_and_arabic_slides_render_every_glyph(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory, code: str
) -> None:
    window = make_window(SHIPPED_DECK if code == "zh-Hans" else arabic_deck(tmp_path / "d"), SLOW)
    tap(window.cycle.aids.language_buttons[code])
    card = window.cycle.card
    assert families_for(card.title), "no font of the theme's list is installed"
    assert tofu_characters(card.title) == [] and tofu_characters(card.teaser) == []
    # The check can fail: a character no installed font has is caught.
    probe = QLabel("\U0010fffe")
    probe.setFont(card.title.font())
    assert tofu_characters(probe) == ["\U0010fffe"]
    shot = tmp_path / f"{code}.png"
    assert window.grab().save(str(shot))


def test_the_translations_are_complete_and_compiled(tmp_path: Path) -> None:
    """lupdate finds no string without a translation; the shipped .qm match their .ts."""
    scripts = Path(sys.executable).parent
    lupdate = shutil.which("pyside6-lupdate", path=str(scripts)) or shutil.which("pyside6-lupdate")
    lrelease = shutil.which("pyside6-lrelease", path=str(scripts)) or shutil.which(
        "pyside6-lrelease"
    )
    if lupdate is None or lrelease is None:
        pytest.fail("pyside6-lupdate/lrelease are part of PySide6; reinstall it")
    sources = sorted(str(p) for p in (Path(kiosk.__file__).parent / "player").glob("*.py"))
    for ts in sorted(I18N.glob("*.ts")):
        copy = tmp_path / ts.name
        shutil.copy(ts, copy)
        subprocess.run([lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
                       check=True, capture_output=True)  # fmt: skip
        text = copy.read_text(encoding="utf-8")
        assert 'type="unfinished"' not in text, f"{ts.name}: untranslated strings"
        qm = tmp_path / f"{ts.stem}.qm"
        subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True)
        assert qm.read_bytes() == ts.with_suffix(".qm").read_bytes(), f"run lrelease on {ts.name}"
        assert re.search(r"<translation>[^<]+</translation>", text)


def test_choices_made_before_the_first_detail_carry_over_to_it(qtbot: QtBot) -> None:
    # The detail screen is built after start-up; a patient may choose aids before that.
    window = KioskWindow(load_deck(SHIPPED_DECK).deck, SLOW)
    qtbot.addWidget(window)
    window.set_aids(AidState(language="es", large_text=True, high_contrast=True))
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    slide = window.controller.current
    assert slide is not None
    tap(window.cycle.card)
    qtbot.waitUntil(lambda: window.screen_name == "detail")
    detail = window.detail
    assert "Volver" in detail.back_button.text()
    assert detail.title.text() == slide.translations["es"].title
    bar = detail.aids
    assert bar.language_buttons["es"].isChecked()
    assert bar.large_text.isChecked() and bar.contrast.isChecked()
    assert window.theme.name == "high-contrast"
    title_px = detail.title.font().pixelSize()
    assert (
        title_px
        == window.theme.px("font_detail_title")
        > window.theme.with_text_scale(1).px("font_detail_title")
    )
    css = detail.body.document().defaultStyleSheet().lower()
    assert window.theme.color("text").lower() in css
    # The text itself in the theme's (larger) body size, not the toolkit's default 9 pt.
    body_px = detail.body.document().defaultFont().pixelSize()
    assert body_px == window.theme.px("font_body") > window.theme.with_text_scale(1).px("font_body")


def test_bold_stays_bold_in_chinese_and_after_a_language_change(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """Chinese fonts have no semibold face: Qt would draw the buttons' 600 weight as regular."""
    from PySide6.QtGui import QFont

    window = make_window(SHIPPED_DECK, Timing(default_slide_ms=60_000, idle_timeout_ms=60_000))
    cue = window.cycle.card.cue
    english = cue.font().weight()
    tap(window.cycle.aids.language_buttons["zh-Hans"])
    assert cue.font().weight() >= QFont.Weight.Bold
    tap(window.cycle.aids.language_buttons["en"])
    assert cue.font().weight() == english >= QFont.Weight.DemiBold


def test_the_clinics_own_words_follow_the_chosen_language(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    """Clinic name, contact line, "not medical advice" and the closed message, as staff
    translated them in settings.yaml; as written where they did not."""
    from tests.decks import simple_deck

    folder = simple_deck(
        tmp_path / "deck",
        languages=["en", "es"],
        contact="Ask at the desk.",
        not_advice="General information only.",
        translations={"es": {"clinic_name": "Clínica de prueba", "contact": "Pregunte.",
                             "not_advice": "Solo información general."}},
    )  # fmt: skip
    window = make_window(folder, Timing(default_slide_ms=60_000, idle_timeout_ms=60_000))
    window.open_detail("slide-1")
    assert "General information only." in window.detail.footer.text()
    assert "Ask at the desk." in window.detail.footer.text()
    tap(window.detail.aids.language_buttons["es"])
    footer = window.detail.footer.text()
    assert "Solo información general." in footer and "Pregunte." in footer
    assert "General information" not in footer
    window.close_detail()
    assert window.cycle.header.clinic.text() == "Clínica de prueba"
    tap(window.cycle.aids.language_buttons["en"])
    assert window.cycle.header.clinic.text() == "Test Clinic"


def ink(image: QImage) -> int:
    """How many pixels are dark (text on the light card)."""
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).lightness() < 100
    )


def test_a_big_chinese_title_is_drawn_bold(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The CJK font many machines have (WenQuanYi Micro Hei) has no bold face; Qt fakes bold
    only up to 64 px, so the cycle's 76 px title came out regular."""
    window = make_window(SHIPPED_DECK, SLOW, (1920, 1080))
    tap(window.cycle.aids.language_buttons["zh-Hans"])
    title = window.cycle.card.title
    assert title.fitted_px() > 64, "the size Qt draws as outlines"
    bold = ink(title.grab().toImage())
    title.setStyleSheet("font-weight: 400")  # the same title, regular
    qtbot.waitUntil(lambda: title.font().weight() == QFont.Weight.Normal)
    regular = ink(title.grab().toImage())
    assert bold > 1.25 * regular > 0
