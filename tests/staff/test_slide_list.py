"""The staff's slide list shows each slide's own picture, so staff recognise it at a glance."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.staff.slide_list import THUMBNAIL, SlideListModel, SlideTileDelegate, tile_size
from tests.decks import write_settings, write_slide

RED = QColor("#C0392B")


def deck_with_pictures(folder: Path) -> Path:
    write_settings(folder)
    (folder / "images").mkdir(parents=True)
    picture = QImage(1600, 400, QImage.Format.Format_RGB32)  # much wider than the tile
    picture.fill(RED)
    assert picture.save(str(folder / "images" / "red.png"))
    (folder / "images" / "broken.png").write_bytes(b"\x89PNG not really")
    slides = [
        ("a", "Acupuncture", {"image": "images/red.png"}),
        ("b", "Hidden one", {"image": "images/red.png", "enabled": False}),
        ("c", "Cracked picture", {"image": "images/broken.png"}),
        ("d", "Words only", {}),
    ]
    for order, (slide_id, title, extra) in enumerate(slides, 1):
        fields = {"id": slide_id, "title": title, "teaser": "t", "order": order, **extra}
        write_slide(folder, f"{slide_id}.md", fields)
    return folder


def tile(model: SlideListModel, row: int) -> QImage:
    pixmap = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
    assert isinstance(pixmap, QPixmap)
    assert pixmap.size() == THUMBNAIL
    return pixmap.toImage()


def centre(image: QImage) -> QColor:
    return image.pixelColor(image.width() // 2, image.height() // 2)


def test_each_slide_shows_its_picture_or_its_initial(qtbot: QtBot, tmp_path: Path) -> None:
    deck = load_deck(deck_with_pictures(tmp_path / "deck")).deck
    model = SlideListModel()
    model.set_slides(deck.slides, None, deck.folder)
    assert model.rowCount(QModelIndex()) == 4

    live = tile(model, 0)
    assert centre(live) == RED
    assert live.pixelColor(1, 1) == RED, "the picture fills the tile, cropped, no bars"

    hidden = centre(tile(model, 1))
    assert hidden != RED and hidden.red() > hidden.green(), "greyed, still recognisably red"

    broken = centre(tile(model, 2))
    assert broken.name().upper() == "#DCE6E2", "a broken picture shows the placeholder"

    initial = tile(model, 3)
    assert initial.pixelColor(1, 1).name().upper() == "#23645A", "no picture: the initial tile"


def test_live_or_hidden_shows_on_selected_and_wrapped_rows(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    write_settings(folder)
    long_title = "What the research on acupuncture for long-lasting low back pain found"
    write_slide(folder, "a.md", {"id": "a", "title": long_title, "teaser": "t", "order": 1})
    hidden = {"id": "b", "title": long_title, "teaser": "t", "order": 2, "enabled": False}
    write_slide(folder, "b.md", hidden)
    deck = load_deck(folder).deck
    model = SlideListModel()
    model.set_slides(deck.slides, None, deck.folder)
    view = QListView()
    qtbot.addWidget(view)
    view.setStyleSheet("QListView::item:selected { border: 2px solid #23645A; padding: 6px; }")
    view.setModel(model)
    delegate = SlideTileDelegate(view)
    view.setItemDelegate(delegate)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.resize(300, 600)  # the title wraps
    view.show()
    qtbot.waitExposed(view)
    view.setCurrentIndex(model.index(1, 0))

    for row, state in ((0, "Live"), (1, "Hidden")):
        index = model.index(row, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.widget = view
        rect = view.visualRect(index)
        tile = tile_size(option.font)
        text_width = rect.width() - tile.width() - option.fontMetrics.height()
        lines = delegate.lines(option, index, text_width)
        assert len(lines) >= 3, "the long title wraps"
        assert lines[-1] == state, "the state is never the line that is cut"
        needed = option.fontMetrics.lineSpacing() * len(lines)
        assert rect.height() >= needed, f"row {row} is {rect.height()} px, its lines {needed}"
