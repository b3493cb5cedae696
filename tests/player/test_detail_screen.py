"""What a patient reads and scans on the detail screen."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.content.citation import format_reference
from kiosk.paths import SHIPPED_DECK
from kiosk.player.detail import NOT_ADVICE
from kiosk.player.qr import QUIET_ZONE_MODULES, qr_image, qr_matrix
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from tests.decks import reference, write_settings, write_slide
from tests.player.conftest import WindowFactory
from tests.touch import tap

SLOW = Timing(default_slide_ms=60_000, idle_timeout_ms=60_000)


def decode_qr_codes(image: QImage) -> set[str]:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return {result.text for result in zxingcpp.read_barcodes(grey)}


def test_every_qr_code_on_the_detail_screen_reads_as_its_doi_link(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    folder = tmp_path / "deck"
    write_settings(folder)
    refs = [
        reference("10.1001/archinternmed.2009.65", pmid="19433697"),
        reference("https://doi.org/10.1002/14651858.CD001351.pub2"),
    ]
    write_slide(
        folder, "a.md", {"id": "a", "title": "Trials", "teaser": "t", "references": refs}, "Text."
    )
    window = make_window(folder, SLOW, (1920, 1080))
    window.open_detail("a")
    shot = tmp_path / "detail.png"
    assert window.grab().save(str(shot))
    assert decode_qr_codes(QImage(str(shot))) == {
        "https://doi.org/10.1001/archinternmed.2009.65",
        "https://doi.org/10.1002/14651858.CD001351.pub2",
    }


def test_the_shipped_research_slide_codes_read_as_the_exact_doi_urls(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    window = make_window(SHIPPED_DECK, SLOW, (1920, 1080))
    window.open_detail("research")
    slide = window.detail.slide
    assert slide is not None
    expected = {ref.link for ref in slide.references}
    found: set[str] = set()
    bar = window.detail.body.verticalScrollBar()
    # The references are further down: scroll as a reader would, a screen at a time.
    for _ in range(40):
        found |= decode_qr_codes(window.grab().toImage())
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep() // 2)  # overlap: no code cut in two
    assert expected <= found
    assert "https://doi.org/10.1001/archinternmed.2009.65" in found


def test_the_detail_shows_citations_review_date_and_the_advice_notice(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(SHIPPED_DECK, SLOW)
    window.open_detail("guidelines")
    slide = window.detail.slide
    assert slide is not None and slide.reviewed is not None
    # A DOI is held together by word joiners (U+2060), invisible and never a line break.
    text = window.detail.body.toPlainText().replace("\u2060", "")
    assert format_reference(slide.references[0]) in text
    assert "Qaseem A, Wilt TJ, McLean RM, Forciea MA." in text
    assert "2017;166(7):514-530. doi:10.7326/M16-2367. PMID: 28192789." in text
    assert "Last reviewed: 25 November 2026" in window.detail.footer.text()
    assert NOT_ADVICE in window.detail.footer.text()


def test_qr_codes_keep_a_quiet_zone_and_medium_error_correction() -> None:
    link = "https://doi.org/10.1001/archinternmed.2009.65"
    image = qr_image(link, 240)
    modules = len(qr_matrix(link)) + 2 * QUIET_ZONE_MODULES
    module_px = image.width() // modules
    assert module_px >= 2  # crisp whole-pixel modules
    quiet = QUIET_ZONE_MODULES * module_px
    corner = image.copy(0, 0, quiet, quiet)
    assert all(
        corner.pixelColor(x, y).lightness() == 255 for x in range(quiet) for y in range(quiet)
    )
    import segno

    assert segno.make_qr(link, error="m", boost_error=True).error in {"M", "Q", "H"}


def test_slide_text_cannot_load_files_or_follow_links(
    tmp_path: Path, qtbot: QtBot, make_window: WindowFactory
) -> None:
    secret = tmp_path / "secret.png"
    pixel = QImage(8, 8, QImage.Format.Format_RGB32)
    pixel.fill(0xFF0000)
    assert pixel.save(str(secret))
    folder = tmp_path / "deck"
    write_settings(folder)
    body = (
        f"![picture](file://{secret})\n\n"
        f"![relative](../secret.png)\n\n"
        f'<img src="file://{secret}"> raw html\n\n'
        "[a link](https://example.com/)\n"
    )
    write_slide(folder, "a.md", {"id": "a", "title": "Unsafe", "teaser": "t"}, body)
    window = make_window(folder, SLOW)
    window.open_detail("a")
    browser = window.detail.body
    document = browser.document()
    image = QTextDocument.ResourceType.ImageResource.value
    for name in (f"file://{secret}", "../secret.png", str(secret)):
        loaded = document.resource(image, QUrl(name))
        assert loaded is None or loaded.size() != pixel.size()
    shot = window.grab().toImage()
    reds = [
        (x, y)
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
        if shot.pixelColor(x, y) == QColor("#ff0000")
    ]
    assert reds == []  # the secret picture is drawn nowhere
    assert '<img src="file://' in browser.toPlainText()  # raw HTML is shown as text
    assert not browser.openLinks() and not browser.openExternalLinks()
    with qtbot.assertNotEmitted(browser.sourceChanged):
        browser.setSource(QUrl("https://example.com/"))
    assert "a link" in browser.toPlainText()


def test_the_detail_text_is_in_the_themes_body_size_however_late_it_is_built(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(SHIPPED_DECK, Timing(default_slide_ms=60_000), (1920, 1080))
    tap(window.cycle.card)  # the detail screen is built after the first slide is up
    qtbot.waitUntil(lambda: window.screen_name == "detail")
    body = window.detail.body
    assert body.document().defaultFont().pixelSize() == window.theme.px("font_body") >= 32
    assert body.font().pixelSize() == window.theme.px("font_body")


def test_a_slide_whose_codes_cannot_be_made_shows_its_own_details_and_says_so(
    tmp_path: Path, make_window: WindowFactory
) -> None:
    """Opening a normal slide, then one with a 3,000-character DOI and a broken address: the
    second shows its own title, review date and references, no code of the first, and says
    which source has no code; a 2,000-character page address makes no unreadable code."""
    folder = tmp_path / "deck"
    write_settings(folder)
    good = {
        "id": "good",
        "title": "Good",
        "teaser": "t",
        "references": [reference("10.1000/ok")],
        "reviewed": {"date": "2026-01-05"},
        "read_more": "https://clinic.example/p",
    }
    bad_refs = [
        reference("10.1001/" + "x" * 3000),
        {**reference("10.1000/y"), "doi": None, "url": "http://[::1"},
    ]
    bad = {
        "id": "bad",
        "title": "Bad codes",
        "teaser": "t",
        "references": bad_refs,
        "reviewed": {"date": "2026-03-07"},
        "read_more": "https://e.org/" + "a" * 1900,
    }
    write_slide(folder, "a.md", good, "Good text.")
    write_slide(folder, "b.md", bad, "Bad text.")  # fmt: skip
    window = make_window(folder, SLOW, (1920, 1080))
    window.open_detail("good")
    assert window.detail.phone_panel.isVisible()
    detail = window.detail
    assert decode_qr_codes(detail.phone_qr.grab().toImage()) == {"https://clinic.example/p"}
    assert decode_qr_codes(detail.body.viewport().grab().toImage()) == {
        "https://doi.org/10.1000/ok"
    }
    window.close_detail()
    window.open_detail("bad")
    assert detail.title.text() == "Bad codes"
    assert "7 March 2026" in detail.footer.text() and "5 January" not in detail.footer.text()
    assert "Bad text." in detail.body.toPlainText()
    assert detail.body.toPlainText().count("No code for this source") == 2
    assert not detail.phone_panel.isVisible()  # its squares would be too small to read
    assert decode_qr_codes(window.grab().toImage()) == set()  # nothing of the previous slide
    assert decode_qr_codes(detail.body.viewport().grab().toImage()) == set()


def test_a_doi_never_breaks_across_lines(tmp_path: Path, make_window: WindowFactory) -> None:
    folder = tmp_path / "deck"
    write_settings(folder)
    doi = "10.1002/14651858.CD001351.pub2"
    write_slide(folder, "a.md", {"id": "a", "title": "T", "teaser": "t",
                                 "references": [reference(doi, "A " * 40)]}, "x")  # fmt: skip
    for size in ((1280, 720), (720, 1280), (1920, 1080)):
        window = make_window(folder, SLOW, size)
        window.open_detail("a")
        document = window.detail.body.document()
        block = document.begin()
        while block.isValid():
            text, layout = block.text(), block.layout()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                shown = text[line.textStart() : line.textStart() + line.textLength()]
                plain = shown.replace("\u2060", "")
                assert not (plain.rstrip().endswith(doi[:12]) and doi not in plain), shown
            if "doi:" in text:
                lines = [
                    text[layout.lineAt(i).textStart() :][: layout.lineAt(i).textLength()]
                    for i in range(layout.lineCount())
                ]
                assert any(doi in line.replace("\u2060", "") for line in lines), (size, lines)
            block = block.next()
        window.close()


def test_a_pictures_description_is_on_the_detail_screen(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    write_settings(tmp_path)
    (tmp_path / "images").mkdir()
    QImage(8, 8, QImage.Format.Format_RGB32).save(str(tmp_path / "images" / "stretch.png"))
    fields = {
        "id": "stretch",
        "title": "A stretch",
        "teaser": "One stretch for your back.",
        "image": "images/stretch.png",
        "picture_description": "A nurse shows a stretch.",
    }
    write_slide(tmp_path, "010-stretch.md", fields, "Ask us to show you.")
    window = make_window(tmp_path, SLOW)
    window.open_detail("stretch")
    text = window.detail.body.toPlainText()
    assert "A nurse shows a stretch." in text  # read aloud with the page
    assert text.index("A nurse shows") < text.index("Ask us to show you.")


def test_the_slides_own_code_is_never_dropped_for_room(
    qtbot: QtBot, tmp_path: Path, make_window: WindowFactory
) -> None:
    """1280x720, Larger text, Arabic and a long notice leave the panel beside the text no room
    for the slide's page code and its caption: the code goes into the text, and reads."""
    import datetime as dt

    from kiosk.content.announcements import Announcement, Board
    from tests.decks import LONG_NOTICE, stress_deck
    from tests.fitcheck import decode

    window = make_window(stress_deck(tmp_path / "deck"), SLOW, (1280, 720))
    window.set_aids(window.aids.with_(large_text=True, language="ar"))
    now = dt.datetime.now().astimezone()
    notice = Announcement(id="n", text=LONG_NOTICE, style="important", posted=now)
    window.banner.set_board(Board(announcements=(notice,)))
    window.open_detail("page")
    detail = window.detail
    qtbot.waitUntil(lambda: detail.page_code_in_text or detail.phone_panel.isVisible())
    assert detail.phone_panel.isHidden(), "the crowded screen this test is about"
    body, bar = detail.body, detail.body.verticalScrollBar()
    found: set[str] = set()
    while "https://clinic.example/back-pain" not in found and bar.value() < bar.maximum():
        found |= decode(body.viewport().grab().toImage())
        bar.setValue(bar.value() + max(8, bar.pageStep() // 6))  # a finger's small scroll
    found |= decode(body.viewport().grab().toImage())
    assert "https://clinic.example/back-pain" in found
    assert "Read this on your phone" in body.toPlainText()
    # Back on a roomy screen the code is in its panel again, not twice.
    window.set_aids(window.aids.with_(large_text=False))
    window.banner.set_board(Board())
    window.resize(1920, 1080)
    qtbot.waitUntil(detail.phone_panel.isVisible)
    assert not detail.page_code_in_text
    assert "Read this on your phone" not in body.toPlainText()


def _in_short_on_screen(window: KioskWindow) -> QRect:
    """Where the key points' "IN SHORT" heading is in the text's window (as it scrolls)."""
    body = window.detail.body
    document = body.document()
    block = document.begin()
    while block.isValid() and block.text() != "IN SHORT":
        block = block.next()
    assert block.isValid(), "the slide has key points"
    rect = document.documentLayout().blockBoundingRect(block).toAlignedRect()
    return rect.translated(0, -body.verticalScrollBar().value())


def test_the_key_points_box_starts_at_the_top_of_the_text(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    """No blank line above the tinted box (Qt keeps an empty paragraph in front of it, which
    took 60 px at 1280x720 with Larger text): the text's first row is the box's tint."""
    window = make_window(SHIPPED_DECK, SLOW, (1280, 720))
    window.set_aids(window.aids.with_(large_text=True))
    window.open_detail("guidelines")
    body = window.detail.body
    qtbot.waitUntil(lambda: body.verticalScrollBar().value() == 0)
    padding = window.theme.px("spacing")
    assert 0 <= _in_short_on_screen(window).top() <= padding + 2
    tint = QColor(window.theme.color("surface_alt"))
    first_row = body.viewport().grab().toImage()
    assert first_row.pixelColor(body.viewport().width() // 2, 1) == tint


@pytest.mark.parametrize("shown_first", [True, False], ids=["kiosk", "screenshot"])
def test_a_detail_opens_at_its_top_with_larger_text(qtbot: QtBot, shown_first: bool) -> None:
    """At 1280x720 with Larger text the key points' heading is on screen when a detail opens,
    on the kiosk (a tap on a card) and in --screenshot (filled before the window shows): the
    text view once scrolled to where filling the text had left its cursor."""
    window = KioskWindow(load_deck(SHIPPED_DECK).deck, SLOW)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.set_aids(window.aids.with_(large_text=True))
    window.controller.go_to([s.id for s in window.controller.slides].index("guidelines"))
    if shown_first:
        window.show()
        qtbot.waitExposed(window)
        tap(window.cycle.card)
        qtbot.waitUntil(lambda: window.screen_name == "detail")
    else:
        window.open_detail("guidelines")
        window.show()
        qtbot.waitExposed(window)
    body = window.detail.body
    qtbot.waitUntil(lambda: body.viewport().height() > 200)  # laid out: the text has its room
    assert body.verticalScrollBar().value() == 0
    assert body.viewport().rect().contains(_in_short_on_screen(window))
    assert not body.textCursor().hasSelection()  # no text shown highlighted either
