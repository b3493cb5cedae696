"""Reading aids on every patient screen: larger text, high contrast, pause, read aloud, language.

Each screen has its own bar (a widget lives in one layout), all showing the one ``AidState`` the
window holds. Buttons carry words and an icon, so they are understood without reading English
well and without guessing what a symbol means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk.player import icons
from kiosk.player.theme import Theme
from kiosk.player.widgets import named

LARGE_TEXT_SCALE = 1.5


@dataclass(frozen=True)
class AidState:
    """What the current patient chose; back to the defaults after the idle timeout."""

    large_text: bool = False
    high_contrast: bool = False
    paused: bool = False
    language: str | None = None  # None: the deck's default language

    def with_(self, **changes: object) -> AidState:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_default(self) -> bool:
        return self == AidState()


class ReadingAids(QWidget):
    """A row of big, labelled toggle buttons."""

    large_text_toggled = Signal(bool)
    contrast_toggled = Signal(bool)
    pause_toggled = Signal(bool)
    read_aloud_clicked = Signal()
    language_clicked = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadingAids")
        self.large_text = self._button("Larger text", checkable=True)
        self.contrast = self._button("High contrast", checkable=True)
        self.pause = self._button("Pause", checkable=True)
        self.read_aloud = self._button("Read aloud")
        self.language = self._button("Language")
        self.large_text.toggled.connect(self.large_text_toggled)
        self.contrast.toggled.connect(self.contrast_toggled)
        self.pause.toggled.connect(self.pause_toggled)
        self.read_aloud.clicked.connect(self.read_aloud_clicked)
        self.language.clicked.connect(self.language_clicked)
        self.read_aloud.hide()  # shown only where a voice engine exists
        self.language.hide()  # shown only when the deck has more than one language
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.large_text, self.contrast, self.pause, self.read_aloud, self.language):
            layout.addWidget(button)
        layout.addStretch(1)
        self._layout = layout
        self.set_theme(theme)

    def _button(self, text: str, *, checkable: bool = False) -> QPushButton:
        button = named(QPushButton(text, self), "AidButton")
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAccessibleName(text)
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return button

    def set_theme(self, theme: Theme) -> None:
        size = theme.px("font_small")
        colour = theme.color("text")
        self.large_text.setIcon(icons.icon(icons.text_size, colour, size * 2))
        self.contrast.setIcon(icons.icon(icons.contrast, colour, size * 2))
        self.read_aloud.setIcon(icons.icon(icons.speaker, colour, size * 2))
        self.language.setIcon(icons.icon(icons.globe, colour, size * 2))
        self._pause_icons = (
            icons.icon(icons.pause, colour, size * 2),
            icons.icon(icons.play, colour, size * 2),
        )
        self.pause.setIcon(self._pause_icons[1 if self.pause.isChecked() else 0])
        for button in self.buttons():
            button.setIconSize(QSize(size, size))
        self._layout.setSpacing(theme.px("spacing") // 2)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.large_text, self.contrast, self.pause, self.read_aloud, self.language)

    def show_state(self, state: AidState, language_name: str = "") -> None:
        """Reflect ``state`` without emitting anything."""
        toggles = (
            (self.large_text, state.large_text),
            (self.contrast, state.high_contrast),
            (self.pause, state.paused),
        )
        for button, on in toggles:
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)
        self.pause.setText("Play" if state.paused else "Pause")
        self.pause.setAccessibleName(
            "Play the slideshow" if state.paused else "Pause the slideshow"
        )
        if hasattr(self, "_pause_icons"):
            self.pause.setIcon(self._pause_icons[1 if state.paused else 0])
        if language_name:
            self.language.setText(language_name)
