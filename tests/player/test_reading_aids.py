"""Every patient can read it: larger text, high contrast, pause, reset for the next patient."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import enable_staff_mode
from kiosk.paths import SHIPPED_DECK, STYLES
from kiosk.player.aids import AidState
from kiosk.player.fit import FittedLabel
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from kiosk.staff.pin import PinStore
from kiosk.ui.theme import load_theme
from tests.player.conftest import WindowFactory
from tests.touch import tap

SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)


@pytest.fixture
def shipped(make_window: WindowFactory) -> KioskWindow:
    return make_window(SHIPPED_DECK, SLOW, (1920, 1080))


def fits(label: FittedLabel) -> bool:
    """Whole (no ellipsis), every line inside the label."""
    lines = label.lines(label.width())
    return not label.elided and label.height() >= len(lines.spans) * lines.line_height - 1


def test_larger_text_makes_every_text_at_least_half_as_big_again(
    qtbot: QtBot, shipped: KioskWindow
) -> None:
    card = shipped.cycle.card
    title, teaser = card.title.font().pixelSize(), card.teaser.font().pixelSize()
    body = shipped.detail.body.document().defaultFont().pixelSize()
    tap(shipped.cycle.aids.large_text)
    assert shipped.aids.large_text and shipped.cycle.aids.large_text.isChecked()
    assert card.title.font().pixelSize() >= 1.5 * title
    assert card.teaser.font().pixelSize() >= 1.5 * teaser
    assert shipped.detail.body.document().defaultFont().pixelSize() >= 1.5 * body
    assert shipped.detail.aids.large_text.isChecked()  # the detail screen's bar agrees


def test_larger_text_still_fits_on_every_shipped_slide(qtbot: QtBot, shipped: KioskWindow) -> None:
    tap(shipped.cycle.aids.large_text)
    for index, slide in enumerate(shipped.controller.slides):
        shipped.controller.go_to(index)
        qtbot.waitUntil(lambda: not shipped.transition.running, timeout=3000)
        card = shipped.cycle.card
        assert fits(card.title) and fits(card.teaser), slide.id
        assert card.cue.geometry().bottom() <= card.rect().bottom(), slide.id


def test_high_contrast_turns_the_screen_white_on_black(qtbot: QtBot, shipped: KioskWindow) -> None:
    tap(shipped.cycle.aids.contrast)
    frame = shipped.grab().toImage()
    assert frame.pixelColor(5, 5) == QColor(load_theme("high-contrast").color("background"))
    assert shipped.theme.name == "high-contrast"


def test_pause_stops_the_cycle_and_play_starts_it(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    from tests.decks import simple_deck

    window = make_window(
        simple_deck(tmp_path / "deck"), Timing(default_slide_ms=150, idle_timeout_ms=60_000)
    )
    tap(window.cycle.aids.pause)
    assert window.cycle.aids.pause.text().strip() == "Play"
    with qtbot.assertNotEmitted(window.controller.current_changed, wait=600):
        pass
    window.open_detail("slide-1")
    window.close_detail()  # reading and coming back does not undo the patient's pause
    with qtbot.assertNotEmitted(window.controller.current_changed, wait=400):
        pass
    tap(window.cycle.aids.pause)
    qtbot.waitSignal(window.controller.current_changed, timeout=2000).wait()


def test_the_aids_reset_for_the_next_patient_after_the_idle_time(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(SHIPPED_DECK, Timing(default_slide_ms=60_000, idle_timeout_ms=300))
    tap(window.cycle.aids.large_text)
    tap(window.cycle.aids.contrast)
    assert window.theme.name == "high-contrast"
    qtbot.waitUntil(lambda: window.aids == AidState(), timeout=3000)
    assert window.theme.name == "calm" and window.theme.text_scale == 1.0
    assert not window.cycle.aids.large_text.isChecked()


def clickable(widget: QWidget) -> list[QAbstractButton]:
    return [b for b in widget.findChildren(QAbstractButton) if b.isVisible()]


def test_every_touch_target_is_at_least_44_pixels_at_1080p(
    qtbot: QtBot, shipped: KioskWindow, tmp_path: Path
) -> None:
    screens: dict[str, list[QAbstractButton]] = {"cycle": clickable(shipped.cycle)}
    shipped.open_detail("research")
    screens["detail"] = clickable(shipped.detail)
    pins = PinStore(tmp_path / "pin")
    pins.set_pin("2468")
    staff = enable_staff_mode(shipped, SHIPPED_DECK, pins)
    staff.ask_for_pin()
    screens["pin pad"] = clickable(staff.pin_pad)
    for key in "2468":
        staff.pin_pad.press(key)
    staff.pin_pad.press("OK")
    assert staff.editor is not None
    for index in range(staff.editor.tabs.count()):
        staff.editor.tabs.setCurrentIndex(index)
        screens[f"staff tab {index}"] = clickable(staff.editor)
    small = [
        f"{screen}: {button.text() or button.accessibleName()} {button.width()}x{button.height()}"
        for screen, buttons in screens.items()
        for button in buttons
        if button.width() < 44 or button.height() < 44
    ]
    assert all(screens.values())
    assert small == [], "\n".join(small)


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(QColor(a)), relative_luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: Every (text, background) pair the stylesheets and painted widgets use.
TEXT_ON = [
    ("text", "background"), ("text", "surface"), ("text", "surface_alt"),
    ("text_muted", "background"), ("text_muted", "surface"), ("text_muted", "surface_alt"),
    ("on_accent", "accent"), ("on_accent", "accent_pressed"), ("on_countdown", "countdown_bg"),
    ("accent", "background"), ("accent", "surface"), ("on_night", "night"),
]  # fmt: skip


@pytest.mark.parametrize("theme", sorted(p.stem for p in STYLES.glob("*.yaml")))
@pytest.mark.parametrize(("text", "background"), TEXT_ON)
def test_every_text_colour_has_4_5_to_1_contrast(theme: str, text: str, background: str) -> None:
    colours = load_theme(theme).colors
    ratio = contrast_ratio(colours[text], colours[background])
    assert ratio >= 4.5, f"{theme}: {text} on {background} is {ratio:.2f}:1"


def test_the_contrast_formula_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_aids_state_is_shown_on_both_bars(shipped: KioskWindow) -> None:
    shipped.set_aids(AidState(paused=True))
    assert shipped.detail.aids.pause.isChecked() and shipped.cycle.aids.pause.isChecked()
    assert shipped.detail.aids.pause.text().strip() == "Play"
    qt_checked = Qt.CheckState.Checked
    assert qt_checked is not None


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1080, 1920)])
@pytest.mark.parametrize(
    "aids",
    [
        AidState(),
        AidState(large_text=True, language="es"),
        AidState(large_text=True, language="zh-Hans"),
    ],
    ids=["default", "large-spanish", "large-chinese"],
)
def test_aid_and_language_buttons_stay_on_screen_and_apart(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], aids: AidState
) -> None:
    window = make_window(SHIPPED_DECK, Timing(default_slide_ms=60_000), size)
    window.set_aids(aids)
    window.open_detail(window.controller.slides[0].id)
    for bar in (window.cycle.aids, window.detail.aids):
        window.show_screen(bar.parentWidget())
        qtbot.waitUntil(lambda bar=bar: bar.isVisible())
        buttons = [b for b in bar.buttons() if b.isVisible()]
        for button in buttons:
            assert button.width() >= button.sizeHint().width(), f"{button.text()!r} is cut"
        rects = [b.rect().translated(b.mapTo(window, b.rect().topLeft())) for b in buttons]
        assert len(rects) >= 6  # three aids, three languages
        for rect in rects:
            assert window.rect().contains(rect), f"{rect} leaves the {size} screen"
        for i, rect in enumerate(rects):
            assert not any(rect.intersects(other) for other in rects[i + 1 :])


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1080, 1920)])
@pytest.mark.parametrize("language", ["en", "es", "zh-Hans"])
def test_the_header_never_overlaps_and_always_shows_the_time(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], language: str
) -> None:
    window = make_window(SHIPPED_DECK, Timing(default_slide_ms=60_000), size)
    window.set_aids(AidState(large_text=True, language=language))
    header = window.cycle.header
    for label in (header.clinic, header.clock):
        qtbot.waitUntil(
            lambda label=label: label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
        )
    assert header.clinic.geometry().right() < header.clock.geometry().left()
    assert re.search(r"\d\d:\d\d$", header.clock.text())
    assert header.clinic.text()  # the name, whole or shortened with an ellipsis
    if size == (1920, 1080):
        assert len(header.clock.text()) > len("00:00"), "with room, the date shows too"


def test_on_a_wide_screen_the_languages_share_the_aids_row(
    qtbot: QtBot, shipped: KioskWindow
) -> None:
    def rows() -> int:
        buttons = [b for b in shipped.cycle.aids.buttons() if b.isVisible()]
        return len({b.mapTo(shipped, b.rect().topLeft()).y() for b in buttons})

    assert rows() == 1  # one row instead of two leaves the slide the room
    shipped.set_aids(AidState(language="es"))
    shipped.resize(1080, 1920)  # a tall screen: languages on a row of their own
    qtbot.waitUntil(lambda: rows() == 2)


def test_pause_also_holds_the_notice_at_the_bottom(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    import datetime as dt

    from kiosk.content.announcements import Announcement, Board
    from tests.decks import simple_deck

    window = make_window(
        simple_deck(tmp_path / "deck"), Timing(default_slide_ms=60_000, notice_ms=40)
    )
    now = dt.datetime.now().astimezone()
    late = Announcement(id="late", text="Dr. Li is running late.", posted=now)
    phones = Announcement(id="phones", text="Please silence your phone.", posted=now)
    window.banner.set_board(Board(announcements=(late, phones)))
    qtbot.waitUntil(lambda: window.banner.current == phones, timeout=2000)  # turning by itself
    tap(window.cycle.aids.pause)
    assert not window.banner.rotating
    held = window.banner.current
    assert held is not None
    turned: list[object] = []
    window.banner.changed.connect(lambda: turned.append(window.banner.current))
    with qtbot.assertNotEmitted(window.controller.current_changed, wait=400):
        pass  # ten turns' worth of time
    assert window.banner.text.text() == held.text  # still the one the patient was reading
    assert all(current == held for current in turned)
    tap(window.cycle.aids.pause)
    qtbot.waitUntil(lambda: window.banner.current != held, timeout=2000)


def button_places(window: KioskWindow) -> dict[str, tuple[int, int]]:
    """Where each aid and language button of the open screen is across: x and width."""
    bar = window.detail.aids if window.screen_name == "detail" else window.cycle.aids
    named = {"large": bar.large_text, "contrast": bar.contrast, "pause": bar.pause}
    named.update(bar.language_buttons)
    return {name: (b.mapTo(window, b.rect().topLeft()).x(), b.width()) for name, b in named.items()}


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_no_button_moves_sideways_when_a_language_or_pause_is_chosen(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int]
) -> None:
    """English, Spanish and Chinese label the aids with words of different lengths, each
    language button is drawn in the chosen language's font, and Pause turns to Play: the
    buttons stay where the patient's finger found them."""
    window = make_window(SHIPPED_DECK, SLOW, size)
    for screen in ("cycle", "detail"):
        if screen == "detail":
            window.open_detail(window.controller.slides[0].id)
        bar = window.detail.aids if screen == "detail" else window.cycle.aids
        QApplication.processEvents()
        before = button_places(window)
        for press in ("es", "zh-Hans", "pause", "pause", "en", "pause"):
            tap(bar.pause if press == "pause" else bar.language_buttons[press])
            QApplication.processEvents()
            assert button_places(window) == before, f"{screen}: after {press}"
        tap(bar.pause)
