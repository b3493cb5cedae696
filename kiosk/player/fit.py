"""Text that fits its box: wrapped (inside long words too), shrunk within limits, then ellipsed.

A waiting-room screen must never show a scrollbar or a line cut in half. ``FittedLabel`` draws
its text with ``QTextLayout`` at a size its owner chooses and at most a number of lines; the last
line that fits ends with an ellipsis when text is left over. ``fit_blocks`` chooses the sizes for
a column of such labels (a slide's title over its teaser) so that together they fit a height.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk.ui.fonts import draw_layout

ELLIPSIS: Final = "\u2026"
#: How far a text may shrink before it is cut short with an ellipsis (the theme may say less).
DEFAULT_MIN_SCALE: Final = 0.6
_STEP: Final = 0.05
#: Text is never drawn smaller than this many pixels.
MIN_PX: Final = 10


@dataclass(frozen=True)
class Lines:
    """How a text wraps at a width and size: the lines' (start, length) and their height."""

    spans: tuple[tuple[int, int], ...]
    line_height: float

    @property
    def height(self) -> float:
        return len(self.spans) * self.line_height


def own_direction(text: str, otherwise: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction of ``text``'s first strongly directed character (as Unicode's bidi rules
    start a paragraph); ``otherwise`` when it has none (digits, punctuation)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return otherwise


def sized(font: QFont, px: int) -> QFont:
    copy = QFont(font)
    copy.setPixelSize(max(1, px))
    return copy


def text_option(direction: Qt.LayoutDirection) -> QTextOption:
    option = QTextOption()
    # Long words (a URL, a German compound) break inside rather than run off the card.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(direction)
    option.setAlignment(Qt.AlignmentFlag.AlignLeading)
    return option


def wrap(text: str, font: QFont, width: float, direction: Qt.LayoutDirection) -> Lines:
    """``text`` broken into lines of at most ``width`` pixels in ``font``."""
    layout = QTextLayout(text, font)
    layout.setTextOption(text_option(direction))
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return Lines(tuple(spans), QFontMetricsF(font).lineSpacing())


class FittedLabel(QLabel):
    """A plain-text label drawn at a chosen pixel size, cut to whole lines with an ellipsis.

    ``text()`` is always the whole text; ``shown_text()`` is what the screen shows. Its font in
    the stylesheet is its largest size; ``set_fit`` says the size and lines to draw.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._px = 0
        self._max_lines: int | None = None
        self._families: list[str] = []
        self._chooser: Callable[[str], list[str]] | None = None
        self._direction: Qt.LayoutDirection | None = None
        self._grows = False
        # Layouts ask the same questions many times per pass (a tap that opens the detail asked
        # about sixty): the answers are kept until the text, its font or its limits change.
        self._wrapped: dict[tuple[int, int], Lines] = {}
        self._fonts: dict[int, QFont] = {}
        self._grown: dict[int, int] = {}
        self._painted: tuple[tuple[object, ...], list[QTextLayout]] | None = None
        self._max_height: int | None = None
        self._min_scale = 1.0

    def _forget(self) -> None:
        """The text, its fonts or its limits changed: every kept answer is out of date."""
        self._wrapped.clear()
        self._fonts.clear()
        self._grown.clear()
        self._painted = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _FORGETS:
            self._forget()
        super().changeEvent(event)

    def set_grows(
        self, max_lines: int | None = None, max_height: int | None = None, min_scale: float = 1.0
    ) -> None:
        """Laid out by a layout: as tall as its lines need (up to ``max_lines``, the last one
        ellipsed), shrinking down to ``min_scale`` of its size to stay within ``max_height``."""
        self._grows, self._px, self._max_lines = True, 0, max_lines
        self._max_height, self._min_scale = max_height, min_scale
        self._forget()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.updateGeometry()

    def set_max_height(self, max_height: int | None) -> None:
        if max_height != self._max_height:
            self._max_height = max_height
            self._grown.clear()
            self.updateGeometry()

    def _grow_px(self, width: int) -> int:
        """The largest size (down to the smallest allowed) whose lines fit ``max_height``."""
        largest = self.largest_px()
        if self._max_height is None:
            return largest
        found = self._grown.get(width)
        if found is not None:
            return found
        scale = 1.0
        while True:
            px = max(1, round(largest * scale))
            if self._height_at(width, px) <= self._max_height or scale <= self._min_scale + 1e-6:
                self._grown[width] = px
                return px
            scale = max(self._min_scale, scale - _STEP)

    def _height_at(self, width: int, px: int) -> int:
        lines = self.lines(max(1, width), px)
        count = len(lines.spans)
        if self._max_lines is not None:
            count = min(count, self._max_lines)
        return round(lines.line_height * max(1, count)) + 1

    def hasHeightForWidth(self) -> bool:
        return self._grows

    def heightForWidth(self, width: int) -> int:
        return self._height_at(width, self._grow_px(width))

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        super().setText(text)
        self._forget()
        if self._grows:
            self.updateGeometry()

    # -- what its owner decides -------------------------------------------------------------
    def set_text_language(self, families: Sequence[str], direction: Qt.LayoutDirection) -> None:
        """The fonts and reading direction of the text's own language (not the kiosk's)."""
        self._families, self._direction = list(families), direction
        self._forget()
        self.update()

    def set_font_chooser(self, chooser: Callable[[str], list[str]] | None) -> None:
        """Fonts chosen by the text's own script (``Theme.families_for_text``), for text that
        may be in any language: a notice, the kiosk's own words not yet translated."""
        self._chooser = chooser
        self._forget()
        self.updateGeometry()
        self.update()

    def set_fit(self, px: int, max_lines: int | None) -> None:
        self._px, self._max_lines = px, max_lines
        self._grown.clear()
        self.update()

    # -- measuring ---------------------------------------------------------------------------
    def largest_px(self) -> int:
        self.ensurePolished()
        return self.font().pixelSize() if self.font().pixelSize() > 0 else 16

    def text_font(self, px: int | None = None) -> QFont:
        size = px or self.fitted_px()
        font = self._fonts.get(size)
        if font is None:
            font = sized(self.font(), size)
            if self._families:
                font.setFamilies(self._families)
            elif self._chooser is not None:
                font.setFamilies(self._chooser(self.text()))
            if len(self._fonts) > 64:
                self._fonts.clear()
            self._fonts[size] = font
        return QFont(font)  # a copy: the caller may change it

    @property
    def direction(self) -> Qt.LayoutDirection:
        """As set; else the text's own (English reads left to right among Arabic buttons)."""
        if self._direction is not None:
            return self._direction
        return own_direction(self.text(), self.layoutDirection())

    def lines(self, width: float, px: int | None = None) -> Lines:
        size = px or self.fitted_px()
        key = (size, round(width))
        found = self._wrapped.get(key)
        if found is None:  # fitting asks the same few questions many times over
            if len(self._wrapped) > 64:
                self._wrapped.clear()
            found = wrap(self.text(), self.text_font(size), width, self.direction)
            self._wrapped[key] = found
        return found

    def fitted_px(self) -> int:
        if self._grows:
            return self._grow_px(self.width())
        return self._px or self.largest_px()

    def shown_lines(self) -> int:
        """How many lines are drawn at the current width."""
        count = len(self.lines(self.width()).spans)
        return count if self._max_lines is None else min(count, self._max_lines)

    @property
    def elided(self) -> bool:
        """True when the text is cut short (and so ends with an ellipsis)."""
        count = len(self.lines(self.width()).spans)
        return self._max_lines is not None and count > self._max_lines

    def shown_text(self) -> str:
        """The text as drawn: whole, or cut at a line with an ellipsis."""
        return "\n".join(self._drawn_lines())

    def sizeHint(self) -> QSize:
        if self._grows:
            width = self.fontMetrics().horizontalAdvance(self.text()) + 1
            laid_out = self.width() if self.width() > 1 else width
            return QSize(width, self.heightForWidth(min(width, laid_out)))
        lines = self.lines(max(1, self.width()))
        return QSize(self.width(), round(lines.line_height * max(1, self.shown_lines())))

    def minimumSizeHint(self) -> QSize:
        if self._grows:  # a line of a few letters: it wraps (anywhere if it must) and shrinks
            smallest = max(1, round(self.largest_px() * self._min_scale))
            line = QFontMetricsF(self.text_font(smallest)).lineSpacing()
            return QSize(self.fontMetrics().averageCharWidth() * 4, round(line) + 1)
        return QSize(0, 0)

    # -- drawing -----------------------------------------------------------------------------
    def _drawn_lines(self) -> list[str]:
        text, lines = self.text(), self.lines(self.width())
        spans = list(lines.spans)
        if self._max_lines is not None and len(spans) > self._max_lines:
            spans = spans[: max(0, self._max_lines)]
            if not spans:
                return []
            drawn = [text[start : start + length].rstrip("\n") for start, length in spans]
            metrics = QFontMetricsF(self.text_font())
            drawn[-1] = _with_ellipsis(drawn[-1], metrics, self.width())
            return drawn
        return [text[start : start + length].rstrip("\n") for start, length in spans]

    def _line_layouts(self) -> list[QTextLayout]:
        """The lines as drawn, each laid out once: kept until the text, its font, its size, its
        line limit or its alignment change (a label repaints far more often than any of them)."""
        centred = bool(self.alignment() & Qt.AlignmentFlag.AlignHCenter)
        key = (self.width(), self.fitted_px(), self._max_lines, centred)
        if self._painted is not None and self._painted[0] == key:
            return self._painted[1]
        font = self.text_font()
        option = text_option(self.direction)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        if centred:
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layouts = []
        for line in self._drawn_lines():
            layout = QTextLayout(line, font)
            layout.setTextOption(option)
            layout.beginLayout()
            laid = layout.createLine()
            if laid.isValid():
                laid.setLineWidth(self.width())
                laid.setPosition(QPointF(0, 0))
            layout.endLayout()
            layouts.append(layout)
        self._painted = (key, layouts)
        return layouts

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        font = self.text_font()
        painter.setFont(font)
        line_height = QFontMetricsF(font).lineSpacing()
        y = 0.0
        for layout in self._line_layouts():
            # Through a layout, not drawText: a title's bold stays bold in a font without a
            # bold face (Chinese on most machines) at any size (kiosk.ui.fonts.draw_layout).
            draw_layout(painter, layout, QPointF(0, y))
            y += line_height
        painter.end()


#: What changes a label's fonts or reading direction behind its back (a theme, Larger text).
_FORGETS: Final = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.LayoutDirectionChange,
        QEvent.Type.ApplicationFontChange,
    }
)


def _with_ellipsis(line: str, metrics: QFontMetricsF, width: float) -> str:
    """``line`` cut (at a word where it can) so that it and a closing "…" fit ``width``."""
    text = line.rstrip()
    while text:
        candidate = text + ELLIPSIS
        if metrics.horizontalAdvance(candidate) <= width:
            return candidate
        space = text.rfind(" ")
        text = text[:space].rstrip() if space > 0 else text[:-1]
    return ELLIPSIS


@dataclass(frozen=True)
class Fit:
    """Sizes chosen for a column of labels: a pixel size and a line limit for each."""

    px: tuple[int, ...]
    max_lines: tuple[int | None, ...]
    heights: tuple[int, ...]
    scale: float


def fit_blocks(
    labels: Sequence[FittedLabel], width: int, height: int, gap: int, min_scale: float
) -> Fit:
    """The largest common scale (down to ``min_scale``) at which every label fits whole in
    ``height``; where none does, the smallest size with the later labels cut to whole lines
    (the first one, a title, keeps at least one line)."""
    largest = [label.largest_px() for label in labels]
    present = [bool(label.text()) for label in labels]
    scale = 1.0
    while True:
        px = [max(1, round(size * scale)) for size in largest]
        wraps = [label.lines(width, p) for label, p in zip(labels, px, strict=True)]
        needed = _total(wraps, present, gap)
        if needed <= height or scale <= min_scale + 1e-6:
            break
        scale = max(min_scale, scale - _STEP)
    heights = [round(w.height) if shown else 0 for w, shown in zip(wraps, present, strict=True)]
    if needed <= height:
        return Fit(tuple(px), (None,) * len(labels), tuple(heights), scale)
    # Still too tall at the smallest size: whole lines only, each label in turn.
    left = float(height)
    limits: list[int | None] = []
    cut_heights: list[int] = []
    for index, (lines, shown) in enumerate(zip(wraps, present, strict=True)):
        if not shown:
            limits.append(0)
            cut_heights.append(0)
            continue
        if index > 0 and cut_heights and any(cut_heights):
            left -= gap
        # Leave the later labels one line each where there is room for it.
        later = sum(
            w.line_height + gap
            for w, s in zip(wraps[index + 1 :], present[index + 1 :], strict=True)
            if s
        )
        room = left - later if left - later >= lines.line_height else left
        count = min(len(lines.spans), max(0, int(room // lines.line_height)))
        if index == 0 and count == 0:
            # Not even one line of the title at the smallest size: smaller still, on one line
            # with an ellipsis, rather than a line cut in half (or nothing where none fits).
            ratio = lines.line_height / px[0]
            px[0] = int(left // ratio)
            if px[0] >= MIN_PX:
                lines = labels[0].lines(width, px[0])
                count = 1
            else:
                px[0] = max(1, px[0])
        limits.append(count)
        cut_heights.append(round(count * lines.line_height))
        left -= count * lines.line_height
    return Fit(tuple(px), tuple(limits), tuple(cut_heights), scale)


def _total(wraps: Sequence[Lines], present: Sequence[bool], gap: int) -> float:
    shown = [w.height for w, p in zip(wraps, present, strict=True) if p]
    return sum(shown) + gap * max(0, len(shown) - 1)
