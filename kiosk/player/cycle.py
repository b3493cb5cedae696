"""The cycling screen: one slide at a time, its teaser, and the cue to tap for more.

``CycleController`` decides which slide is current and when to move on (no widgets);
``CycleScreen`` shows it and turns touches into taps and swipes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Slide
from kiosk.content.files import resolve_inside
from kiosk.player.aids import ReadingAids
from kiosk.player.i18n import tr
from kiosk.player.timing import Timing
from kiosk.player.widgets import Header, ProgressIndicator
from kiosk.ui.fonts import log_undrawable
from kiosk.ui.images import ImageLoadError, load_scaled, placeholder
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)


class CycleController(QObject):
    """Which slide is showing, and the monotonic timer that moves to the next one."""

    # (index, by_hand): a new slide is current; by_hand when a person asked for it.
    current_changed = Signal(int, bool)

    def __init__(self, timing: Timing, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timing = timing
        self._slides: tuple[Slide, ...] = ()
        self._index = 0
        self._paused = False
        self._held = False  # a patient pressed Pause (WCAG 2.2.2); separate from reading
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._advance)
        self._elapsed = QElapsedTimer()  # monotonic: wall-clock jumps do not disturb it

    @property
    def slides(self) -> tuple[Slide, ...]:
        return self._slides

    @property
    def index(self) -> int:
        return self._index

    @property
    def current(self) -> Slide | None:
        return self._slides[self._index] if self._slides else None

    @property
    def paused(self) -> bool:
        return self._paused

    def set_timing(self, timing: Timing) -> None:
        self._timing = timing

    def set_slides(self, slides: Sequence[Slide]) -> None:
        """Show ``slides``, staying on the current slide if it is still there."""
        current_id = self.current.id if self.current else None
        self._slides = tuple(slides)
        ids = [s.id for s in self._slides]
        self._index = ids.index(current_id) if current_id in ids else 0
        self.current_changed.emit(self._index, False)
        self.restart_timer()

    def fraction_elapsed(self) -> float:
        """How much of the current slide's time has passed (0 to 1), for the progress dots."""
        if self._paused or self._held or not self._timer.isActive() or not self._elapsed.isValid():
            return 0.0
        return min(1.0, self._elapsed.elapsed() / max(1, self._timer.interval()))

    def go_next(self) -> None:
        self._move(+1, by_hand=True)

    def go_previous(self) -> None:
        self._move(-1, by_hand=True)

    def go_to(self, index: int) -> None:
        if self._slides and 0 <= index < len(self._slides) and index != self._index:
            self._index = index
            self.current_changed.emit(index, True)
        self.restart_timer()

    @property
    def held(self) -> bool:
        return self._held

    def set_held(self, held: bool) -> None:
        """Stop (or restart) the automatic advance at a patient's request."""
        self._held = held
        self.restart_timer()

    def pause(self) -> None:
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self.restart_timer()

    def restart_timer(self) -> None:
        """Give the current slide its full time again (after a touch, say)."""
        self._timer.stop()
        slide = self.current
        if slide is None or self._paused or self._held or len(self._slides) < 2:
            return
        self._timer.start(self._timing.slide_ms(slide))
        self._elapsed.start()

    def _advance(self) -> None:
        self._move(+1, by_hand=False)

    def _move(self, step: int, *, by_hand: bool) -> None:
        if len(self._slides) < 2:
            return
        self._index = (self._index + step) % len(self._slides)
        self.current_changed.emit(self._index, by_hand)
        self.restart_timer()


class SlideCard(QFrame):
    """One slide as the cycle shows it: picture, title, teaser and the "tap" cue."""

    image_failed = Signal(str, str)  # slide id, reason

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlideCard")
        self._theme = theme
        self._slide: Slide | None = None
        self._folder: Path | None = None
        self.image = named(QLabel(self), "SlideImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.title = named(QLabel(self, wordWrap=True), "SlideTitle")
        self.teaser = named(QLabel(self, wordWrap=True), "SlideTeaser")
        self.cue = named(QLabel(self), "TapCue")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.title, self.teaser):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Title and teaser scroll if they outgrow the card (larger text on a small screen).
        words = named(QWidget(), "CardWords")
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addStretch(2)
        words_layout.addWidget(self.title)
        words_layout.addWidget(self.teaser)
        words_layout.addStretch(3)
        self._words_layout = words_layout
        self.words = named(QScrollArea(self), "CardText")
        self.words.setWidget(words)
        self.words.setWidgetResizable(True)
        self.words.setFrameShape(QFrame.Shape.NoFrame)
        self.words.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.words.viewport().setAutoFillBackground(False)
        words.setAutoFillBackground(False)
        text = QVBoxLayout()
        text.addWidget(self.words, 1)
        cue_row = QHBoxLayout()
        cue_row.addWidget(self.cue)
        cue_row.addStretch(1)
        text.addLayout(cue_row)
        self._text = text
        self._layout = QHBoxLayout(self)
        self._layout.addWidget(self.image, 5)
        self._layout.addLayout(text, 6)
        self.set_theme(theme)
        self.retranslate()

    def retranslate(self) -> None:
        arrow = "\u2190" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else "\u2192"
        cue = tr("Tap to read more")
        self.cue.setText(f"{cue}  {arrow}")

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        # With larger text, narrower margins give the words the room they need.
        margin = round(theme.px("margin") / theme.text_scale)
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._layout.setSpacing(margin)
        self._text.setSpacing(theme.px("spacing"))
        self._words_layout.setSpacing(theme.px("spacing"))
        self._refresh_image()

    def show_slide(self, slide: Slide, folder: Path) -> None:
        self._slide, self._folder = slide, folder
        self.title.setText(slide.title)
        self.teaser.setText(slide.teaser)
        for label in (self.title, self.teaser):
            log_undrawable(f"Slide {slide.id}", label.text(), label.font())
        self.image.setVisible(slide.image is not None)
        self._refresh_image()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh_image()

    def _refresh_image(self) -> None:
        slide, folder = self._slide, self._folder
        if slide is None or slide.image is None or folder is None:
            return
        bounds = self.image.size()
        if bounds.width() < 16 or bounds.height() < 16:
            return
        self.image.setPixmap(self._picture(slide, folder, bounds))

    def _picture(self, slide: Slide, folder: Path, bounds: QSize) -> QPixmap:
        assert slide.image is not None
        path = resolve_inside(folder, slide.image)
        try:
            if path is None:
                raise ImageLoadError(f"{slide.image} is outside the content folder")
            return QPixmap.fromImage(load_scaled(path, bounds, folder))
        except ImageLoadError as exc:
            log.warning("Slide %s: picture not shown: %s", slide.id, exc)
            self.image_failed.emit(slide.id, str(exc))
            return placeholder(
                bounds, self._theme.color("placeholder"), self._theme.color("placeholder_mark")
            )


class CycleScreen(QWidget):
    """The screen patients see most: the current slide, progress, clock and arrows."""

    tapped = Signal(str)  # slide id
    SWIPE_FRACTION = 0.08  # of the screen width
    TAP_SLOP_FRACTION = 0.02

    def __init__(self, theme: Theme, controller: CycleController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CycleScreen")
        self._controller = controller
        self._folder = Path()
        self._press: QPoint | None = None
        self.header = Header(self)
        self.card = SlideCard(theme, self)
        self.previous_button = named(QPushButton(self), "PreviousButton")
        self.next_button = named(QPushButton(self), "NextButton")
        for button in (self.previous_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.progress = ProgressIndicator(theme, self)
        self.aids = ReadingAids(theme, self)
        self.previous_button.clicked.connect(controller.go_previous)
        self.next_button.clicked.connect(controller.go_next)
        self._build_layout()
        self._progress_timer = QTimer(self, interval=50)
        self._progress_timer.timeout.connect(self._update_progress)
        self.set_theme(theme)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language; arrows point the way the language reads."""
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.previous_button.setText("\u203a" if right_to_left else "\u2039")
        self.next_button.setText("\u2039" if right_to_left else "\u203a")
        self.previous_button.setAccessibleName(tr("Previous slide"))
        self.next_button.setAccessibleName(tr("Next slide"))
        self.card.retranslate()
        self.aids.retranslate()
        self.header.retranslate()

    def _build_layout(self) -> None:
        self._middle = QHBoxLayout()
        self._dots_row = QHBoxLayout()
        self._bottom = QHBoxLayout()
        self._aids_row = QHBoxLayout()
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.header)
        self._layout.addLayout(self._middle, 1)
        self._layout.addLayout(self._dots_row)
        self._layout.addLayout(self._aids_row)
        self._layout.addLayout(self._bottom)
        self.set_portrait(False)

    def set_portrait(self, portrait: bool) -> None:
        """Arrows beside the slide on a wide screen, the dots centred under it; on a tall one,
        arrows and dots together under the slide, within reach of a thumb."""
        for layout in (self._middle, self._dots_row, self._bottom, self._aids_row):
            while layout.count():
                layout.takeAt(0)
        centre = Qt.AlignmentFlag.AlignVCenter
        if portrait:
            self._middle.addWidget(self.card, 1)
            self._aids_row.addWidget(self.aids)
            self._bottom.addWidget(self.previous_button, 0, centre)
            self._bottom.addWidget(self.progress, 1, centre)
            self._bottom.addWidget(self.next_button, 0, centre)
        else:
            self._middle.addWidget(self.previous_button, 0, centre)
            self._middle.addWidget(self.card, 1)
            self._middle.addWidget(self.next_button, 0, centre)
            self._dots_row.addWidget(self.progress, 1)  # it centres its dots itself
            self._bottom.addWidget(self.aids, 0, centre)
            self._bottom.addStretch(1)

    def set_theme(self, theme: Theme) -> None:
        margin, spacing = theme.px("margin"), theme.px("spacing")
        self._layout.setContentsMargins(spacing * 2, spacing, spacing * 2, spacing)
        self._layout.setSpacing(spacing)
        self._middle.setSpacing(spacing)
        self.card.set_theme(theme)
        self.progress.set_theme(theme)
        self.aids.set_theme(theme)
        del margin

    def set_folder(self, folder: Path) -> None:
        self._folder = folder

    def show_slide(self, slide: Slide, index: int, count: int) -> None:
        self.card.show_slide(slide, self._folder)
        self.progress.set_position(index, count)
        several = count > 1
        self.previous_button.setVisible(several)
        self.next_button.setVisible(several)

    def showEvent(self, event: object) -> None:
        self._progress_timer.start()

    def hideEvent(self, event: object) -> None:
        self._progress_timer.stop()

    def _update_progress(self) -> None:
        self.progress.set_fraction(self._controller.fraction_elapsed())

    # Touch arrives as synthesised mouse events, so one path serves touch and mouse.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        delta = event.position().toPoint() - self._press
        self._press = None
        if abs(delta.x()) >= self.width() * self.SWIPE_FRACTION and abs(delta.x()) > abs(delta.y()):
            # Swiping left brings the next slide, as on a phone.
            (self._controller.go_next if delta.x() < 0 else self._controller.go_previous)()
        elif delta.manhattanLength() <= max(12, self.width() * self.TAP_SLOP_FRACTION):
            slide = self._controller.current
            if slide is not None:
                self.tapped.emit(slide.id)
        event.accept()
