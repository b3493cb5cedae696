"""The calm screen, shown when there is nothing to show: never a blank or broken window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.player.theme import Theme
from kiosk.player.widgets import Header, named

CALM_MESSAGE = "Information will be back shortly"


class CalmScreen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CalmScreen")
        self.header = Header(self)
        self.message = named(QLabel(CALM_MESSAGE, self, wordWrap=True), "CalmMessage")
        self.clinic = named(QLabel(self, wordWrap=True), "CalmClinic")
        for label in (self.message, self.clinic):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.header)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.clinic)
        layout.addStretch(1)

    def set_theme(self, theme: Theme) -> None:
        spacing = theme.px("spacing")
        self._layout.setContentsMargins(spacing * 2, spacing, spacing * 2, spacing)
        self._layout.setSpacing(spacing)

    def set_clinic_name(self, name: str) -> None:
        self.clinic.setText(name)
        self.header.set_clinic_name("")
