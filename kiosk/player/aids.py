"""Reading aids on every patient screen: larger text, high contrast, pause, read aloud, language.

Each screen has its own bar (a widget lives in one layout), all showing the one ``AidState`` the
window holds. Buttons carry words and an icon, so they are understood without reading English
well and without guessing what a symbol means.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.player import icons
from kiosk.player.fit import own_direction
from kiosk.player.i18n import tr, translate_in
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

LARGE_TEXT_SCALE = 1.5
#: For :meth:`ReadingAids.arrange` before the screen's width is known: one row per group.
ANY_WIDTH = 1 << 24


#: Between an aid's icon and its word (Qt leaves the icon touching the text otherwise); on the
#: word's leading side, so it sits between them in either reading direction.
ICON_GAP: Final = "\u2002"


#: The aids' words (translated where they are shown, listed for lupdate here): each button is as
#: wide as its widest word in any language offered.
LARGE_TEXT: Final = "Larger text"
HIGH_CONTRAST: Final = "High contrast"
READ_ALOUD: Final = "Read aloud"
PAUSE: Final = "Pause"
PLAY: Final = "Play"
_ = (
    QT_TRANSLATE_NOOP("", "Larger text"),
    QT_TRANSLATE_NOOP("", "High contrast"),
    QT_TRANSLATE_NOOP("", "Read aloud"),
    QT_TRANSLATE_NOOP("", "Pause"),
    QT_TRANSLATE_NOOP("", "Play"),
)


#: The aid buttons' weight in the stylesheet ({{semibold}}) where the theme does not change it.
SEMIBOLD: Final = 600
#: Text widths are measured in whole pixels, a word and a button's hint round apart.
ROUNDING_PX: Final = 2


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
    """Big, labelled toggle buttons: the aids, then one per language, in as few rows as fit.

    :meth:`arrange` packs them for the width the screen gives: the languages beside the aids
    where there is room, on rows of their own where there is not, and a row wraps before a
    button would be cut (larger text in Spanish on a portrait screen needs three rows).
    """

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
        self._codes: list[str] = []
        self._reserved_for: tuple[object, ...] = ()
        self._theme = theme
        self.large_text.toggled.connect(self.large_text_toggled)
        self.contrast.toggled.connect(self.contrast_toggled)
        self.pause.toggled.connect(self.pause_toggled)
        self.read_aloud.clicked.connect(self.read_aloud_clicked)
        self.read_aloud.hide()  # shown only where a voice engine exists
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._row_layouts: list[QHBoxLayout] = []  # reused; the unused ones stay empty
        self._button_gap = 0  # between buttons of a group; set by the theme
        self._group_gap = 0  # between the aids and the languages on one row
        self._paused = False
        self.set_theme(theme)
        self.retranslate()
        self.arrange(ANY_WIDTH, languages_apart=True)

    def _button(self, text: str = "", *, checkable: bool = False) -> QPushButton:
        button = named(QPushButton(text, self), "AidButton")
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return button

    def set_languages(self, codes: list[str], names: dict[str, str]) -> None:
        """One button per language, each named in its own language (English, Español, 中文).

        Call :meth:`arrange` afterwards: new buttons have no place until then."""
        for button in self.language_buttons.values():
            button.hide()
            button.deleteLater()
        self.language_buttons = {}
        self._codes = list(codes)
        if len(codes) < 2:
            self._reserve_widths()
            return
        for code in codes:
            button = self._button(names.get(code, code), checkable=True)
            button.setAccessibleName(names.get(code, code))
            button.clicked.connect(lambda _=False, chosen=code: self.language_chosen.emit(chosen))
            self.language_buttons[code] = button
        self._reserve_widths()

    def arrange(self, width: int, *, languages_apart: bool) -> int:
        """Pack the buttons into rows no wider than ``width``; returns how many rows.

        ``languages_apart``: the languages start a row of their own (a tall screen)."""
        aids = [b for b in (self.large_text, self.contrast, self.pause, self.read_aloud)
                if not b.isHidden()]  # fmt: skip
        languages = list(self.language_buttons.values())
        rows = self._pack(aids, width)
        if languages:
            last = rows[-1] if rows else []
            together = last + languages
            if last and not languages_apart and self._row_width(together, last) <= width:
                rows[-1] = together
            else:
                rows += self._pack(languages, width)
        self._fill_rows(rows, first_language=languages[0] if languages else None)
        return len(rows)

    def _pack(self, buttons: list[QPushButton], width: int) -> list[list[QPushButton]]:
        rows: list[list[QPushButton]] = []
        for button in buttons:
            if rows and self._row_width([*rows[-1], button]) <= width:
                rows[-1].append(button)
            else:
                rows.append([button])  # a button wider than the screen still gets a row
        return rows

    def _row_width(self, buttons: list[QPushButton], aids: list[QPushButton] | None = None) -> int:
        widths = [self._hint_width(b) for b in buttons]
        gaps = self._button_gap * (len(buttons) - 1)
        if aids:  # the aids and the languages share the row: a wider gap between the groups
            gaps += self._group_gap - self._button_gap
        return sum(widths) + gaps

    @staticmethod
    def _hint_width(button: QPushButton) -> int:
        button.ensurePolished()  # the stylesheet's font and padding, not the defaults
        return max(button.sizeHint().width(), button.minimumWidth())

    def _fill_rows(self, rows: list[list[QPushButton]], first_language: QPushButton | None) -> None:
        while len(self._row_layouts) < len(rows):
            row = QHBoxLayout()
            self._rows.addLayout(row)
            self._row_layouts.append(row)
        for row in self._row_layouts:
            while row.count():
                row.takeAt(0)
        for row, buttons in zip(self._row_layouts, rows, strict=False):
            row.setSpacing(self._button_gap)
            for button in buttons:
                if button is first_language and button is not buttons[0]:
                    row.addSpacing(self._group_gap - self._button_gap)
                row.addWidget(button)
                button.show()
            row.addStretch(1)  # buttons stay together at the start of the row

    def retranslate(self) -> None:
        labels = (
            (self.large_text, tr(LARGE_TEXT)),
            (self.contrast, tr(HIGH_CONTRAST)),
            (self.read_aloud, tr(READ_ALOUD)),
        )
        for button, text in labels:
            button.setText(self._beside_icon(text))
            button.setAccessibleName(text)
        self.pause.setText(self._beside_icon(tr(PLAY) if self._paused else tr(PAUSE)))
        self.pause.setAccessibleName(
            tr("Play the slideshow") if self._paused else tr("Pause the slideshow")
        )

    def _beside_icon(self, words: str) -> str:
        """``words`` with the gap on the icon's side: their start, or their end where they run
        against the screen's direction (English words, not yet translated, while Arabic lays
        the buttons out right to left: the icon is at their right, their end)."""
        screen = self.layoutDirection()
        return words + ICON_GAP if own_direction(words, screen) != screen else ICON_GAP + words

    def _reserve_widths(self) -> None:
        """Each button as wide as its widest words in any language offered, in that language's
        fonts (Play or Pause for that one): choosing a language or Pause moves no button
        sideways, and the rows break in the same places in every language."""
        words = {
            self.large_text: (LARGE_TEXT,),
            self.contrast: (HIGH_CONTRAST,),
            self.read_aloud: (READ_ALOUD,),
            self.pause: (PAUSE, PLAY),
        }
        codes = self._codes or [""]
        self.large_text.ensurePolished()
        px = self.large_text.font().pixelSize()
        if px <= 0:
            return  # not yet in the stylesheet's font: measured once it is
        # Measured once per size and set of languages, never again for a language change
        # (measured in another language's fonts, a pixel of rounding would move them).
        key = (px, tuple(codes), tuple(b.isHidden() for b in self.buttons()))
        if key == self._reserved_for:
            return
        self._reserved_for = key
        for button in self.buttons():
            button.ensurePolished()
            font = QFont()
            font.setPixelSize(px)
            # What the button adds to its words: icon, padding, border.
            chrome = button.sizeHint().width() - button.fontMetrics().horizontalAdvance(
                button.text()
            )
            widest = 0
            for code in codes:
                # In the fonts and weight that language draws them in (the stylesheet's
                # semibold, bold for Chinese: see Theme.for_language).
                language = self._theme.for_language(code)
                font.setFamilies(language.families)
                font.setWeight(QFont.Weight(int(language.fonts.get("semibold", SEMIBOLD))))
                metrics = QFontMetrics(font)
                for source in words.get(button, (button.text(),)):
                    shown = ICON_GAP + translate_in(code, source) if button in words else source
                    widest = max(widest, metrics.horizontalAdvance(shown))
            button.setMinimumWidth(chrome + widest + ROUNDING_PX)

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
        self._theme = theme
        self._reserve_widths()
        self._button_gap = theme.px("spacing") // 2
        self._group_gap = theme.px("spacing")
        self._rows.setSpacing(theme.px("spacing") // 2)

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
