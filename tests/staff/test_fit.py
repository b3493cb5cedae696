"""Every staff screen at every screen size the kiosk and the desk meet: nothing cut, nothing
overlapping, nothing outside the window (measured by tests/staff/fit.py).

To look at the pages yourself: ``python -m tests.staff.pages OUT_DIR`` draws them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor
from tests.staff import pages
from tests.staff.fit import faults

#: Opening a drop-down list offscreen: the platform cannot raise it or grab the keyboard.
POPUP_NOISE = ("This plugin does not support raise", "This plugin does not support grabbing")


def _sizes(sizes: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    return list(sizes)


@pytest.mark.qt_log_ignore(*POPUP_NOISE)
@pytest.mark.parametrize("size", _sizes(pages.KIOSK_SIZES), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_staff_page_fits_the_kiosk_screen(
    qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = pages.make_folder(tmp_path / "deck")
    found: list[str] = []
    with pages.kiosk_staff(folder, size, tmp_path) as staff:
        for page in pages.KIOSK_PAGES:
            window = pages.open_kiosk_page(staff, page)
            assert window.size().width() == size[0] and window.size().height() == size[1]
            found += [f"{page}: {fault}" for fault in faults(window)]
    assert found == []


@pytest.mark.qt_log_ignore(*POPUP_NOISE)
@pytest.mark.parametrize("size", _sizes(pages.DESK_SIZES), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_desk_page_fits_and_save_stays_in_view(
    qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = pages.make_folder(tmp_path / "deck")
    found: list[str] = []
    with pages.desk_window(folder, size) as desk:
        for page in pages.DESK_PAGES:
            pages.show_editor_page(desk.editor, page)
            found += [f"{page}: {fault}" for fault in faults(desk)]
            if page == "slides":
                assert _seen_whole(desk.editor.save_button, desk)
    assert found == []


def test_the_desk_window_opens_at_the_screens_free_size(qtbot: QtBot, tmp_path: Path) -> None:
    desk = DeskEditor(pages.make_folder(tmp_path / "deck"), poll_ms=60_000)
    qtbot.addWidget(desk)
    assert desk.geometry() == desk.screen().availableGeometry()
    desk.watcher.stop()


def _seen_whole(widget: QWidget, window: QWidget) -> bool:
    """On screen in ``window`` and not scrolled away inside a scroll area."""
    if not widget.isVisible():
        return False
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return False
        parent = parent.parentWidget()
    return window.rect().contains(rect)


# -- the measuring itself can fail ------------------------------------------------------------
def test_the_fit_check_finds_cut_overlapping_and_escaping_widgets(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setFixedSize(300, 200)
    cut = QLabel("A label far too long for the forty pixels it was given", window)
    cut.setGeometry(0, 0, 40, 30)
    first, second = QPushButton("One", window), QPushButton("Two", window)
    first.setGeometry(0, 50, 120, 40)
    second.setGeometry(60, 60, 120, 40)
    escaping = QPushButton("Out", window)
    escaping.setGeometry(250, 150, 120, 40)
    wrapped = QLabel("Many words that wrap onto more lines than the label is tall " * 3, window)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 110, 100, 20)
    window.show()
    qtbot.waitExposed(window)

    found = "\n".join(faults(window))
    assert "A label far too long" in found and "is cut" in found
    assert "'One'" in found and "overlaps" in found and "'Two'" in found
    assert "'Out'" in found and "leaves" in found
    assert "Many words" in found and "needs" in found

    for widget in (cut, second, escaping, wrapped):
        widget.hide()
    assert faults(window) == []


def test_a_long_teaser_shows_its_beginning(qtbot: QtBot, tmp_path: Path) -> None:
    folder = pages.make_folder(tmp_path / "deck")
    with pages.desk_window(folder, (1366, 768)) as desk:
        form = desk.editor.form
        for slide in desk.editor.deck.slides:
            desk.editor.select_slide(slide.id)
            assert form.teaser.text() == slide.teaser
            assert form.teaser.cursorPosition() == 0, "the start shows, not the end"
            assert form.title.cursorPosition() == 0
