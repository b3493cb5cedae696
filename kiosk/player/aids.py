"""Reading aids on every patient screen: larger text, high contrast, pause, read aloud, language.

Each screen has its own bar (a widget lives in one layout), all showing the one ``AidState`` the
window holds. Buttons carry words and an icon, so they are understood without reading English
well and without guessing what a symbol means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk.player import icons
from kiosk.player.i18n import tr
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
    language_chosen = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadingAids")
        self.large_text = self._button(checkable=True)
        self.contrast = self._button(checkable=True)
        self.pause = self._button(checkable=True)
        self.read_aloud = self._button()
        self.language_buttons: dict[str, QPushButton] = {}
        self.large_text.toggled.connect(self.large_text_toggled)
        self.contrast.toggled.connect(self.contrast_toggled)
        self.pause.toggled.connect(self.pause_toggled)
        self.read_aloud.clicked.connect(self.read_aloud_clicked)
        self.read_aloud.hide()  # shown only where a voice engine exists
        # Aids, then languages: side by side on a wide screen, one above the other on a tall one.
        self._outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        for button in (self.large_text, self.contrast, self.pause, self.read_aloud):
            layout.addWidget(button)
        layout.addStretch(1)  # buttons stay together at the start of the row
        self._languages_row = QHBoxLayout()
        self._languages_row.addStretch(1)
        self._outer.addLayout(layout)
        self._outer.addLayout(self._languages_row)
        self._outer.addStretch(1)
        self._layout = layout
        self._paused = False
        self.set_theme(theme)
        self.retranslate()

    def _button(self, text: str = "", *, checkable: bool = False) -> QPushButton:
        button = named(QPushButton(text, self), "AidButton")
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return button

    def set_languages(self, codes: list[str], names: dict[str, str]) -> None:
        """One button per language, each named in its own language (English, Español, 中文)."""
        for button in self.language_buttons.values():
            button.deleteLater()
        self.language_buttons = {}
        if len(codes) < 2:
            return
        for code in codes:
            button = self._button(names.get(code, code), checkable=True)
            button.setAccessibleName(names.get(code, code))
            button.clicked.connect(lambda _=False, chosen=code: self.language_chosen.emit(chosen))
            self._languages_row.insertWidget(self._languages_row.count() - 1, button)
            self.language_buttons[code] = button

    def set_stacked(self, stacked: bool) -> None:
        """Languages under the aids (a portrait screen) or beside them."""
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        self._outer.setDirection(direction)

    def retranslate(self) -> None:
        labels = (
            (self.large_text, tr("Larger text")),
            (self.contrast, tr("High contrast")),
            (self.read_aloud, tr("Read aloud")),
        )
        for button, text in labels:
            button.setText(text)
            button.setAccessibleName(text)
        self.pause.setText(tr("Play") if self._paused else tr("Pause"))
        self.pause.setAccessibleName(
            tr("Play the slideshow") if self._paused else tr("Pause the slideshow")
        )

    def set_theme(self, theme: Theme) -> None:
        size = theme.px("font_small")
        colour = theme.color("text")
        self.large_text.setIcon(icons.icon(icons.text_size, colour, size * 2))
        self.contrast.setIcon(icons.icon(icons.contrast, colour, size * 2))
        self.read_aloud.setIcon(icons.icon(icons.speaker, colour, size * 2))
        self._pause_icons = (
            icons.icon(icons.pause, colour, size * 2),
            icons.icon(icons.play, colour, size * 2),
        )
        self.pause.setIcon(self._pause_icons[1 if self.pause.isChecked() else 0])
        for button in self.buttons():
            button.setIconSize(QSize(size, size))
        self._layout.setSpacing(theme.px("spacing") // 2)
        self._languages_row.setSpacing(theme.px("spacing") // 2)
        self._outer.setSpacing(theme.px("spacing"))

    def buttons(self) -> tuple[QPushButton, ...]:
        aids = (self.large_text, self.contrast, self.pause, self.read_aloud)
        return aids + tuple(self.language_buttons.values())

    def show_state(self, state: AidState, language: str = "") -> None:
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
        self._paused = state.paused
        self.retranslate()
        self.pause.setIcon(self._pause_icons[1 if state.paused else 0])
        chosen = state.language or language
        for code, button in self.language_buttons.items():
            button.blockSignals(True)
            button.setChecked(code == chosen)
            button.blockSignals(False)
