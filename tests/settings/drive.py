"""Driving the settings page as a person does: a finger at the kiosk, a mouse at the desk."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from kiosk.staff.settings_page import SettingsPage
from tests.touch import tap


def into_view(page: SettingsPage, widget: QWidget) -> None:
    """Scroll the page until ``widget`` shows, as staff scroll before they tap."""
    page.scroll_area.ensureWidgetVisible(widget, 10, 10)
    QApplication.processEvents()


def press(qtbot: QtBot, widget: QWidget, *, touch: bool, point: QPoint | None = None) -> None:
    if touch:
        tap(widget, point)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point or widget.rect().center())


def choose(qtbot: QtBot, combo: QComboBox, text: str, *, touch: bool) -> None:
    """Open ``combo``'s list and pick the entry reading ``text``."""
    index = combo.findText(text)
    assert index >= 0, (
        f"{text!r} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    )
    press(qtbot, combo, touch=touch)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    # A click released within a double-click time of the list opening is taken as the end of
    # the click that opened it, and ignored (QComboBox's own rule): a person is never that fast.
    opened = time.monotonic()
    interval = QApplication.doubleClickInterval() / 1000 + 0.05
    qtbot.waitUntil(lambda: time.monotonic() - opened > interval)
    model_index = view.model().index(index, 0)
    view.scrollTo(model_index)
    QApplication.processEvents()
    press(qtbot, view.viewport(), touch=touch, point=view.visualRect(model_index).center())
    qtbot.waitUntil(lambda: combo.currentText() == text)


def open_tab(qtbot: QtBot, tabs: QTabWidget, page: QWidget, *, touch: bool) -> None:
    bar = tabs.tabBar()
    press(qtbot, bar, touch=touch, point=bar.tabRect(tabs.indexOf(page)).center())
    qtbot.waitUntil(lambda: tabs.currentWidget() is page)


def type_text(qtbot: QtBot, field: QWidget, text: str) -> None:
    """A keyboard plugged in (kiosk) or the desk's own: select all, type over it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
