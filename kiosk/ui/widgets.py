"""Widget helpers every screen uses, whatever feature it belongs to."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with its objectName set: the stylesheet styles widgets by name."""
    widget.setObjectName(name)
    return widget
