"""The PIN pad: big keys for a finger, the digits never shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.widgets import named

MAX_DIGITS = 12


class PinPad(QWidget):
    """Emits ``submitted`` with the digits typed, or ``cancelled``."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinScreen")
        self._digits = ""
        self.heading = named(QLabel("Staff mode: enter your PIN", self), "PinHeading")
        self.display = named(QLabel(self), "PinDisplay")
        self.message = named(QLabel(self, wordWrap=True), "PinMessage")
        for label in (self.heading, self.display, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "\u232b", "0", "OK"]
        for index, text in enumerate(labels):
            button = named(QPushButton(text, self), "PinKey" if text.isdigit() else "PinAction")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, key=text: self.press(key))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[text] = button
        self.keys["\u232b"].setAccessibleName("Delete the last digit")
        self.cancel_button = named(QPushButton("Cancel", self), "PinCancel")
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self._cancel)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.heading)
        column.addWidget(self.display)
        column.addLayout(grid)
        column.addWidget(self.message)
        column.addWidget(self.cancel_button)
        column.addStretch(1)
        row = QHBoxLayout(self)
        row.addStretch(1)
        row.addLayout(column, 2)
        row.addStretch(1)
        self.clear()

    def press(self, key: str) -> None:
        if not self.keys[key].isEnabled():  # locked out: a keyboard may not type past the lock
            return
        if key.isdigit() and len(self._digits) < MAX_DIGITS:
            self._digits += key
        elif key == "\u232b":
            self._digits = self._digits[:-1]
        elif key == "OK" and self._digits:
            digits, self._digits = self._digits, ""
            self._show_dots()
            self.submitted.emit(digits)
            return
        self._show_dots()

    def clear(self, message: str = "") -> None:
        self._digits = ""
        self._show_dots()
        self.message.setText(message)

    def set_enabled_keys(self, enabled: bool) -> None:
        """Keys off while locked out after wrong PINs."""
        for button in self.keys.values():
            button.setEnabled(enabled)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text in self.keys:
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("\u232b")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("OK")
        else:
            super().keyPressEvent(event)

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()

    def _show_dots(self) -> None:
        self.display.setText("\u25cf " * len(self._digits) if self._digits else "\u2013")
