"""What a patient would call a broken screen, found in a live window.

``layout_faults`` looks at every visible widget of a screen: text cut (or elided without an
ellipsis), widgets on top of each other or off the screen, a scrollbar on the cycling card.
``qr_faults`` decodes the detail screen's QR codes from the pixels, as a phone would.
"""

from __future__ import annotations

import zxingcpp
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetricsF, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QScrollBar,
    QWidget,
)

from kiosk.player.fit import ELLIPSIS, FittedLabel
from kiosk.player.qr import QrView
from kiosk.player.widgets import ProgressIndicator

#: Widgets that draw something a patient reads or touches (their insides are theirs).
LEAVES = (QLabel, QAbstractButton, QAbstractScrollArea, QrView, ProgressIndicator)


def _visible_leaves(screen: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for widget in screen.findChildren(QWidget):
        if not isinstance(widget, LEAVES) or not widget.isVisibleTo(screen):
            continue
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        if any(isinstance(a, LEAVES) for a in _ancestors(widget, screen)):
            continue  # a scroll area's own parts
        found.append(widget)
    return found


def _ancestors(widget: QWidget, stop: QWidget) -> list[QWidget]:
    chain = []
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        chain.append(parent)
        parent = parent.parentWidget()
    return chain


def _rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _label_fault(label: QLabel) -> str | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if isinstance(label, FittedLabel):
        lines = label.lines(label.width())
        shown = label.shown_lines()
        needed = shown * lines.line_height
        if needed > label.height() + 1:
            return f"{label.objectName()}: {shown} lines need {needed:.0f} px, has {label.height()}"
        if label.elided and not label.shown_text().endswith(ELLIPSIS):
            return f"{label.objectName()}: cut without an ellipsis"
        for line in label.shown_text().split("\n"):
            # A line's trailing space takes no room on screen.
            width = QFontMetricsF(label.text_font()).horizontalAdvance(line.rstrip())
            if width > label.width() + 2:
                return f"{label.objectName()}: a line runs {width - label.width():.0f} px off"
        return None
    rect = label.contentsRect()
    metrics = label.fontMetrics()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"{label.objectName()}: needs {needed} px high, has {label.height()}"
        longest = max(metrics.horizontalAdvance(word) for word in text.split())
        if longest > rect.width() + 1:
            return f"{label.objectName()}: a word runs {longest - rect.width()} px off"
        return None
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if widest > rect.width() + 1 and not text.endswith(ELLIPSIS):
        return f"{label.objectName()} '{text[:30]}': {widest} px wide in {rect.width()}"
    if metrics.height() * (text.count("\n") + 1) > rect.height() + 1:
        return f"{label.objectName()} '{text[:30]}': taller than its {rect.height()} px"
    return None


def _button_fault(button: QAbstractButton) -> str | None:
    text = button.text()
    if not text:
        return None
    metrics = button.fontMetrics()
    icon = button.iconSize().width() if not button.icon().isNull() else 0
    needed = metrics.horizontalAdvance(text) + icon
    if needed > button.width():
        return f"button '{text}': needs {needed} px, has {button.width()}"
    return None


def layout_faults(window: QWidget, screen: QWidget, *, no_scrollbars: bool = False) -> list[str]:
    """Everything wrong with how ``screen`` (a child of ``window``) is laid out."""
    faults: list[str] = []
    bounds = window.rect()
    leaves = _visible_leaves(window)
    rects = {id(w): _rect_in(w, window) for w in leaves}
    for widget in leaves:
        rect = rects[id(widget)]
        name = widget.objectName() or type(widget).__name__
        if not bounds.contains(rect):
            faults.append(f"{name} leaves the screen: {rect.getRect()} in {bounds.getRect()}")
        clip = widget.visibleRegion().boundingRect()
        if clip.size() != widget.size() and not _inside_scroll_area(widget, window):
            faults.append(f"{name} is cut by its parent: shows {clip.getRect()} of {widget.size()}")
        if isinstance(widget, QLabel):
            fault = _label_fault(widget)
        elif isinstance(widget, QAbstractButton):
            fault = _button_fault(widget)
        else:
            fault = None
        if fault:
            faults.append(fault)
    for index, first in enumerate(leaves):
        for second in leaves[index + 1 :]:
            overlap = rects[id(first)].intersected(rects[id(second)])
            if overlap.width() > 1 and overlap.height() > 1:
                faults.append(
                    f"{first.objectName() or type(first).__name__} and "
                    f"{second.objectName() or type(second).__name__} overlap: {overlap.getRect()}"
                )
    if no_scrollbars:
        for bar in screen.findChildren(QScrollBar):
            if bar.isVisibleTo(window) and bar.maximum() > 0:
                faults.append(f"a scrollbar shows in {bar.parentWidget().objectName()}")
    return faults


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    return any(isinstance(a, QAbstractScrollArea) for a in _ancestors(widget, window))


def decode(image: QImage) -> set[str]:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return {result.text for result in zxingcpp.read_barcodes(grey)}
