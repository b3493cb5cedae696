"""A number box that fingers can use: big minus and plus buttons inside it.

The platform's spin arrows are two slivers a few pixels high, fine for a mouse and useless on a
touchscreen with no keyboard. Each button here is as tall as the box and as wide as it is tall,
and repeats while held.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSpinBox, QWidget

from kiosk.ui.widgets import named

MINUS_SIGN = "\u2212"


class TouchSpinBox(QSpinBox):
    """A QSpinBox whose steps are two big buttons (``minus`` and ``plus``) at its right end.

    ``first_value``: with a special value at the minimum ("Default"), the value one step away
    from it, so that a tap goes from "Default" straight to the first value allowed (3 s), never
    to ones that are not.
    """

    def __init__(
        self, parent: QWidget | None = None, *, first_value: int | None = None, **options: object
    ) -> None:
        super().__init__(parent, **options)  # type: ignore[arg-type]
        self._first_value = first_value
        self.minus = named(QPushButton(MINUS_SIGN, self), "SpinStep")
        self.plus = named(QPushButton("+", self), "SpinStep")
        for button, step, name in ((self.minus, -1, "Less"), (self.plus, 1, "More")):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRepeat(True)
            # Qt's 300 ms suits a mouse; a finger resting on the glass a moment too long would
            # step twice, so repeating starts only once the press is clearly a hold.
            button.setAutoRepeatDelay(600)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, step=step: self.stepBy(step))
        self.valueChanged.connect(self._update_buttons)
        self._update_buttons()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        side = self.height()
        self.plus.setGeometry(self.width() - side, 0, side, side)
        self.minus.setGeometry(self.width() - 2 * side, 0, side, side)

    def stepBy(self, steps: int) -> None:
        special, first = self.minimum(), self._first_value
        if first is not None and self.specialValueText():
            if self.value() == special and steps > 0:
                self.setValue(max(first, special + steps))
                return
            if self.value() + steps < first:
                self.setValue(special)
                return
        super().stepBy(steps)

    def setRange(self, minimum: int, maximum: int) -> None:
        super().setRange(minimum, maximum)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.minus.setEnabled(self.value() > self.minimum())
        self.plus.setEnabled(self.value() < self.maximum())
