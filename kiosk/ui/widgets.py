"""Widget helpers every screen uses, whatever feature it belongs to."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QComboBox, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with its objectName set: the stylesheet styles widgets by name."""
    widget.setObjectName(name)
    return widget


class ChoiceBox(QComboBox):
    """A drop-down whose open list is as wide as its longest choice (Qt makes it as wide as the
    box, and cut "Last 365 days" to "Last ... days")."""

    def showPopup(self) -> None:
        view = self.view()
        bar = view.verticalScrollBar().sizeHint().width() if self.count() > 10 else 0
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + bar)
        super().showPopup()
