"""The cycling screen: one slide at a time, its teaser, and the cue to tap for more.

``CycleController`` decides which slide is current and when to move on (no widgets);
``CycleScreen`` shows it and turns touches into taps and swipes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Slide
from kiosk.content.files import resolve_inside
from kiosk.player.aids import ReadingAids
from kiosk.player.fit import FittedLabel, fit_blocks
from kiosk.player.i18n import tr
from kiosk.player.timing import Timing
from kiosk.player.widgets import Header, ProgressIndicator
from kiosk.scheduling.lockstep import Slot, lockstep_slot
from kiosk.ui.fonts import log_undrawable
from kiosk.ui.images import ImageLoadError, load_scaled, placeholder
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)

#: The progress fill's update interval: never more than 4 a second, never less than 1.
MIN_PROGRESS_MS: Final = 250
MAX_PROGRESS_MS: Final = 1000


class CycleController(QObject):
    """Which slide is showing, and the monotonic timer that moves to the next one."""

    # (index, by_hand): a new slide is current; by_hand when a person asked for it.
    current_changed = Signal(int, bool)
    # The automatic advance started, restarted or stopped (the progress fill follows it).
    timer_changed = Signal()

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
        # Lockstep (settings.yaml): the clinic's wall clock decides which slide shows.
        self._lockstep_now: Callable[[], dt.datetime] | None = None
        self._off_step = False  # a patient moved by hand: back in step when that slide is done
        self._head_start_ms = 0  # of the slide's span already gone when its timer started

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

    def set_lockstep(self, local_now: Callable[[], dt.datetime] | None) -> None:
        """Follow the shared cycle worked out from ``local_now`` (the clinic's wall clock), so
        every screen with the same slides shows the same one (None: each screen at its own
        pace). See :mod:`kiosk.scheduling.lockstep`."""
        was = self._lockstep_now is not None
        self._lockstep_now = local_now
        self._off_step = False
        # Coarse timers may fire 5% early: a change must land on the shared second.
        self._timer.setTimerType(
            Qt.TimerType.PreciseTimer if local_now is not None else Qt.TimerType.CoarseTimer
        )
        if was != (local_now is not None):
            self.restart_timer()

    @property
    def lockstep(self) -> bool:
        return self._lockstep_now is not None

    def set_slides(self, slides: Sequence[Slide]) -> None:
        """Show ``slides``, staying on the current slide if it is still there (in lockstep:
        on the shared position)."""
        current_id = self.current.id if self.current else None
        self._slides = tuple(slides)
        ids = [s.id for s in self._slides]
        self._index = ids.index(current_id) if current_id in ids else 0
        if self._lockstep_now is not None and self._slides:
            self._off_step = False
            self._index = self._shared_slot().index
        self.current_changed.emit(self._index, False)
        self.restart_timer()

    def fraction_elapsed(self) -> float:
        """How much of the current slide's time has passed (0 to 1), for the progress dots."""
        if self._paused or self._held or not self._timer.isActive() or not self._elapsed.isValid():
            return 0.0
        span = self._head_start_ms + self._timer.interval()
        return min(1.0, (self._head_start_ms + self._elapsed.elapsed()) / max(1, span))

    def go_next(self) -> None:
        self._move(+1, by_hand=True)

    def go_previous(self) -> None:
        self._move(-1, by_hand=True)

    def go_to(self, index: int) -> None:
        if self._slides and 0 <= index < len(self._slides) and index != self._index:
            self._index = index
            self._off_step = self._lockstep_now is not None
            self.current_changed.emit(index, True)
        self.restart_timer()

    @property
    def held(self) -> bool:
        return self._held

    def set_held(self, held: bool) -> None:
        """Stop (or restart) the automatic advance at a patient's request."""
        self._held = held
        self._off_step = self._off_step and held  # Play: back in step (in lockstep)
        self.restart_timer()

    @property
    def running(self) -> bool:
        """Whether the current slide's time is running out (not paused, held or alone)."""
        return self._timer.isActive()

    @property
    def slide_ms(self) -> int:
        """The current slide's whole time."""
        return self._timer.interval()

    def pause(self) -> None:
        self._paused = True
        self._timer.stop()
        self.timer_changed.emit()

    def resume(self) -> None:
        self._paused = False
        self._off_step = False  # in lockstep: back to the shared slide (a reader is done)
        self.restart_timer()

    def restart_timer(self) -> None:
        """Give the current slide its full time again (after a touch, say). In lockstep the
        slide keeps to the shared cycle instead (a touch does not stretch it), and a screen
        that fell out of step (paused, read, swiped) rejoins it here."""
        self._timer.stop()
        self._head_start_ms = 0
        slide = self.current
        if not (slide is None or self._paused or self._held or len(self._slides) < 2):
            if self._lockstep_now is not None and not self._off_step:
                self._follow_shared_cycle()
            else:
                self._timer.start(self._timing.slide_ms(slide))
            self._elapsed.start()
        self.timer_changed.emit()

    def _follow_shared_cycle(self) -> None:
        """Onto the shared slide, its timer set to the end of its shared span."""
        slot = self._shared_slot()
        if slot.index != self._index:
            self._index = slot.index
            self.current_changed.emit(slot.index, False)
        self._head_start_ms = self._timing.real_ms(slot.done_ms)
        # Just past the span's end, so the next look finds the next slide.
        self._timer.start(self._timing.real_ms(slot.left_ms) + 1)

    def _shared_slot(self) -> Slot:
        assert self._lockstep_now is not None
        durations = [self._timing.content_slide_ms(s) for s in self._slides]
        return lockstep_slot(durations, self._lockstep_now())

    def _advance(self) -> None:
        if self._lockstep_now is not None:  # the shared cycle decides, not one step on
            self._off_step = False
            self.restart_timer()
            return
        self._move(+1, by_hand=False)

    def _move(self, step: int, *, by_hand: bool) -> None:
        if len(self._slides) < 2:
            return
        self._index = (self._index + step) % len(self._slides)
        self._off_step = by_hand and self._lockstep_now is not None
        self.current_changed.emit(self._index, by_hand)
        self.restart_timer()


class SlideCard(QFrame):
    """One slide as the cycle shows it: picture, title, teaser and the "tap" cue.

    Title and teaser are fitted to the card (see kiosk/player/fit.py): they shrink together down
    to the theme's limit, then the teaser, and last the title, end with an ellipsis on a whole
    line. Never a scrollbar, never a line cut in half. The picture sits beside the words on a
    wide screen and above them on a tall one.
    """

    image_failed = Signal(str, str)  # slide id, reason

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlideCard")
        self._theme = theme
        self._slide: Slide | None = None
        self._folder: Path | None = None
        self._portrait = False
        self.image = named(QLabel(self), "SlideImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.words = _Words(self)
        self.words.setObjectName("CardWords")
        self.title = named(FittedLabel(self.words), "SlideTitle")
        self.teaser = named(FittedLabel(self.words), "SlideTeaser")
        self.words.resized.connect(self._fit_words)
        self.cue = named(QLabel(self), "TapCue")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QVBoxLayout()
        text.addWidget(self.words, 1)
        cue_row = QHBoxLayout()
        cue_row.addWidget(self.cue)
        cue_row.addStretch(1)
        text.addLayout(cue_row)
        self._text = text
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.addWidget(self.image, 5)
        self._layout.addLayout(text, 6)
        self.set_theme(theme)
        self.retranslate()

    @property
    def text_fits_whole(self) -> bool:
        """False when the title or teaser is cut short with an ellipsis."""
        return not (self.title.elided or self.teaser.elided)

    def set_portrait(self, portrait: bool) -> None:
        """The picture above the words on a tall screen, beside them on a wide one."""
        self._portrait = portrait
        self._layout.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._apply_stretch()

    def set_text_language(self, families: list[str], direction: Qt.LayoutDirection) -> None:
        """The slide's own language's fonts and direction (it may differ from the kiosk's)."""
        for label in (self.title, self.teaser):
            label.set_text_language(families, direction)
        self._fit_words()

    def _apply_stretch(self) -> None:
        # Larger text needs more of the card: the picture gives some of its share.
        large = self._theme.text_scale > 1.0
        if self._portrait:
            image, text = (2, 3) if not large else (1, 2)
        else:
            image, text = (5, 6) if not large else (2, 3)
        self._layout.setStretch(0, image)
        self._layout.setStretch(1, text)

    def _fit_words(self) -> None:
        width, height = self.words.width(), self.words.height()
        if width < 8 or height < 8:
            return
        gap = self._theme.px("spacing")
        min_scale = self._theme.sizes.get("text_fit_min_percent", 60) / 100
        fit = fit_blocks([self.title, self.teaser], width, height, gap, min_scale)
        total = sum(fit.heights) + (gap if all(fit.heights) else 0)
        y = max(0, (height - total) * 2 // 5)  # a little above the middle, as a page reads
        for label, px, lines, tall in zip(
            (self.title, self.teaser), fit.px, fit.max_lines, fit.heights, strict=True
        ):
            label.set_fit(px, lines)
            label.setGeometry(0, y, width, tall)
            label.setVisible(tall > 0)
            if tall:
                y += tall + gap

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
        self._apply_stretch()
        self._refresh_image()
        self._fit_words()

    def show_slide(self, slide: Slide, folder: Path) -> None:
        self._slide, self._folder = slide, folder
        self.title.setText(slide.title)
        self.teaser.setText(slide.teaser)
        for label in (self.title, self.teaser):
            log_undrawable(f"Slide {slide.id}", label.text(), label.font())
        self.image.setVisible(slide.image is not None)
        self._refresh_image()
        self._fit_words()

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


class _Words(QWidget):
    """The card's room for its title and teaser, which it places by hand (fitted, not laid out)."""

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.resized.emit()  # a new stylesheet: new largest sizes


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
        # The fill grows at the pace the eye needs: a pixel at a time, a few times a second at
        # most; it stops while the slide stands still (paused, held) or the screen is hidden.
        self._progress_timer = QTimer(self)
        self._progress_timer.timeout.connect(self._update_progress)
        controller.timer_changed.connect(self._follow_controller)
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
        self.card.set_portrait(portrait)
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

    def set_text_language(self, families: list[str], direction: Qt.LayoutDirection) -> None:
        self.card.set_text_language(families, direction)

    def showEvent(self, event: object) -> None:
        self._follow_controller()

    def hideEvent(self, event: object) -> None:
        self._progress_timer.stop()

    def _follow_controller(self) -> None:
        """Run the progress timer only while the slide's time runs and the screen shows."""
        self._update_progress()
        if not (self.isVisible() and self._controller.running):
            self._progress_timer.stop()
            return
        per_pixel = self._controller.slide_ms / self.progress.fill_pixels()
        self._progress_timer.start(round(min(MAX_PROGRESS_MS, max(MIN_PROGRESS_MS, per_pixel))))

    def _update_progress(self) -> None:
        self.progress.set_fraction(self._controller.fraction_elapsed())

    # Touch arrives as synthesised mouse events, so one path serves touch and mouse.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        press = event.position().toPoint()
        # The header (clinic name, clock) is not the slide: a tap there, or a staff hold on
        # the clock let go too soon, never opens it.
        self._press = None if self.header.geometry().contains(press) else press
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
