"""The staff's slide list shows each slide's own picture, so staff recognise it at a glance."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from pytestqt.qtbot import QtBot

from kiosk.content import load_deck
from kiosk.staff.slide_list import THUMBNAIL, SlideListModel
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
