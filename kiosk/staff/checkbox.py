"""A tick box that a finger can hit: anywhere on its row, not only on the box or its words."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QCheckBox


class TouchCheckBox(QCheckBox):
    """QCheckBox reacts only to the box and its text; stretched across a form row, a tap on
    the empty rest of the row did nothing, which looks broken to staff at the kiosk."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)
