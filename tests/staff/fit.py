"""What a person would call a broken screen, measured: cut text, overlapping widgets, widgets
outside the window. ``faults(window)`` lists each one in words (empty: the screen is fine)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QScrollArea,
    QScrollBar,
    QStackedWidget,
    QTabBar,
    QWidget,
)

#: Pixels of rounding forgiven (text metrics and layouts round differently).
SLACK = 2
#: Widgets whose insides are Qt's own business (their parts overlap by design).
_OPAQUE = (QAbstractSpinBox, QComboBox, QScrollBar, QTabBar, QAbstractButton)


def faults(root: QWidget) -> list[str]:
    found: list[str] = []
    for widget in _visible(root):
        found += _clipped_text(widget)
        found += _outside(widget, root)
        if isinstance(widget, QComboBox):
            found += _cut_choices(widget)
    for parent in [root, *_visible(root)]:
        if isinstance(parent, (*_OPAQUE, QStackedWidget)):
            continue
        found += _overlaps(parent)
    return found


def describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text().replace("\n", " ")[:40]
    name = widget.objectName() or type(widget).__name__
    return f"{name} {text!r}" if text else name


def _visible(root: QWidget) -> Iterator[QWidget]:
    for child in root.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isVisible() or child.isWindow():
            continue
        yield child
        if not isinstance(child, _OPAQUE):
            yield from _visible(child)


def _clipped_text(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return _clipped_label(widget)
    if isinstance(widget, QTabBar):
        cut = [
            f"tab {widget.tabText(i)!r} is cut ({widget.tabRect(i).width()} px for "
            f"{widget.tabSizeHint(i).width()})"
            for i in range(widget.count())
            if widget.tabRect(i).width() + SLACK < widget.tabSizeHint(i).width()
        ]
        # With no scroll buttons, tabs that do not fit run off the bar's end.
        return cut + [
            f"tab {widget.tabText(i)!r} runs off the tab bar ({widget.tabRect(i).right()} px "
            f"of {widget.width()})"
            for i in range(widget.count())
            if widget.isTabVisible(i) and widget.tabRect(i).right() > widget.width() + SLACK
        ]
    if isinstance(widget, (QAbstractButton, QComboBox, QAbstractSpinBox)):
        need = widget.minimumSizeHint()
        if isinstance(widget, QAbstractSpinBox):  # its text scrolls; Qt's height hint adds a
            need.setHeight(0)  # frame the stylesheet never draws
        if isinstance(widget, QComboBox):
            need = need.expandedTo(widget.sizeHint())  # the longest choice, not just any
        if widget.width() + SLACK < need.width() or widget.height() + SLACK < need.height():
            return [
                f"{describe(widget)} is squeezed to {widget.width()}x{widget.height()} "
                f"(needs {need.width()}x{need.height()})"
            ]
    return []


def _cut_choices(combo: QComboBox) -> list[str]:
    """Opens the drop-down list: each choice must show whole."""
    combo.showPopup()
    try:
        view = combo.view()
        need = view.sizeHintForColumn(0)
        room = view.viewport().width()
    finally:
        combo.hidePopup()
    if need > room + SLACK:
        return [f"the choices of {describe(combo)} are cut: need {need} px, have {room}"]
    return []


def _clipped_label(label: QLabel) -> list[str]:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    room = label.contentsRect()
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return [f"{describe(label)} needs {need} px of height, has {label.height()}"]
        return []
    hint = label.minimumSizeHint() if label.textFormat() != Qt.TextFormat.PlainText else None
    metrics = label.fontMetrics()
    width = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if hint is not None and hint.isValid():
        width = min(width, hint.width())
    height = metrics.height() * (text.count("\n") + 1)
    if width > room.width() + SLACK or height > room.height() + SLACK:
        return [
            f"{describe(label)} is cut: needs {width}x{height}, has {room.width()}x{room.height()}"
        ]
    return []


def _outside(widget: QWidget, root: QWidget) -> list[str]:
    parent = widget.parentWidget()
    if parent is None:
        return []
    scroll = _scroll_area_of(widget)
    if scroll is not None:
        # Content taller than its scroll area scrolls; wider with no scroll bar is cut off.
        if (
            scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and widget.width() > scroll.viewport().width() + SLACK
        ):
            return [
                f"{describe(widget)} is {widget.width()} px wide in a scroll area of "
                f"{scroll.viewport().width()} px that cannot scroll sideways"
            ]
        return []
    inside = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    if not inside.contains(widget.geometry()):
        return [f"{describe(widget)} at {_box(widget.geometry())} leaves {describe(parent)}"]
    return []


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area whose scrolled content ``widget`` is (not its bars or viewport)."""
    parent = widget.parentWidget()
    grand = parent.parentWidget() if parent is not None else None
    if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
        if isinstance(grand, QScrollArea) and widget is not grand.widget():
            return None
        return grand
    return None


def _overlaps(parent: QWidget) -> list[str]:
    children = [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child.isVisible() and not child.isWindow()
    ]
    if isinstance(parent, QAbstractScrollArea):
        return []  # its viewport, bars and corner are placed by Qt
    found = []
    for i, first in enumerate(children):
        for second in children[i + 1 :]:
            shared = first.geometry().intersected(second.geometry())
            if shared.width() > SLACK and shared.height() > SLACK:
                found.append(
                    f"{describe(first)} {_box(first.geometry())} overlaps "
                    f"{describe(second)} {_box(second.geometry())}"
                )
    return found


def _box(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"
