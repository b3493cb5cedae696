"""Asking before unsaved slide edits would be left behind.

Choosing another slide, leaving staff mode or closing the desk window with a changed form first
shows this strip: save the changes, throw them away, or keep editing. Nothing typed disappears
without staff saying so. It is a strip inside the editor, not a dialog: on the kiosk (cage, no
window manager) a second window would cover the whole screen.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.widgets import named

SAVE: Final = "save"
DISCARD: Final = "discard"
KEEP_EDITING: Final = "keep"


class UnsavedPanel(QFrame):
    """ "<title> has changes that are not saved": ``chosen`` says SAVE, DISCARD or KEEP_EDITING."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UnsavedPanel")
        self.message = named(QLabel(self, wordWrap=True), "UnsavedMessage")
        self.save_button = named(QPushButton("Save changes", self), "StaffPrimary")
        self.discard_button = QPushButton("Discard changes", self)
        self.keep_button = QPushButton("Keep editing", self)
        for button, choice in (
            (self.save_button, SAVE),
            (self.discard_button, DISCARD),
            (self.keep_button, KEEP_EDITING),
        ):
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(c))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.hide()

    def ask(self, title: str, what_next: str) -> None:
        self.message.setText(
            f"\u201c{title}\u201d has changes that are not saved. Save them before you {what_next}?"
        )
        self.show()
