"""The kiosk window: the coordinator that owns the screens and the moves between them.

Screens never reach into each other; they emit signals (tapped, back_requested) and this window
decides what happens: open a detail, return to the cycle, show the calm screen.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLayout,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Deck, Settings, Slide
from kiosk.content.model import HIGH_CONTRAST
from kiosk.paths import DISPLAY_NAME
from kiosk.player.activity import ActivityFilter
from kiosk.player.aids import LARGE_TEXT_SCALE, AidState
from kiosk.player.banner import AnnouncementBanner
from kiosk.player.calm import BLANK, CLOCK, CLOSED, WAITING, CalmScreen
from kiosk.player.cycle import CycleController, CycleScreen
from kiosk.player.i18n import Languages, direction, native_name
from kiosk.player.lockdown import LockdownFilter
from kiosk.player.schedule import ScheduleRunner
from kiosk.player.speech import ReadAloud
from kiosk.player.timing import Timing
from kiosk.player.widgets import SlideTransition, opaque_picture
from kiosk.scheduling import Clock, Showing, SystemClock, clinic_zone
from kiosk.ui.theme import Theme, load_theme, scale_for

if TYPE_CHECKING:
    import datetime as dt

    from kiosk.player.aids import ReadingAids
    from kiosk.player.detail import DetailScreen

log = logging.getLogger(__name__)

CYCLE: Final = "cycle"
DETAIL: Final = "detail"
CALM: Final = "calm"
STAFF: Final = "staff"  # the PIN pad or the editor
SPEECH_DELAY_MS: Final = 2000
#: The detail screen is prepared this long after a transition ends (two frames at 60 Hz).
PREPARE_AFTER_TRANSITION_MS: Final = 50
#: The most of the window's height a notice's lines may take (then its text gets smaller).
BANNER_TEXT_SHARE: Final = 0.14
BANNER_TEXT_SHARE_PORTRAIT: Final = 0.16


class KioskWindow(QWidget):
    """Holds the cycle, detail and calm screens and the rules for moving between them.

    Other parts (staff mode, statistics, the watchers) are connected to its signals and slots by
    :mod:`kiosk.app.kiosk`; the window knows none of them. Staff mode sees it as a
    :class:`kiosk.staff.host.ScreenHost`.
    """

    screen_changed = Signal(str)  # CYCLE, DETAIL or CALM
    slide_shown = Signal(str)  # slide id: a slide came onto the cycle screen (once per change)
    detail_opened = Signal(str)  # slide id
    detail_closed = Signal(str)  # "back", "idle" or "removed"
    countdown_started = Signal()
    references_seen = Signal(str)  # slide id: its references' QR codes came into view
    aid_used = Signal(str)  # "large-text", "high-contrast", "pause", "read-aloud": switched on
    language_chosen = Signal(str)  # a patient chose this language
    first_painted = Signal()  # once, when the first screen is on the display
    deck_shown = Signal(object)  # Deck: new content is on screen
    clock_wrong_changed = Signal(bool)  # the schedule found the clock implausible (or no longer)
    user_active = Signal()  # any touch, click or key anywhere
    closed = Signal()  # the window closed (staff quit)

    def __init__(
        self,
        deck: Deck,
        timing: Timing | None = None,
        parent: QWidget | None = None,
        *,
        locked: bool = False,
        clock: Clock | None = None,
        this_screen: str | None = None,
    ) -> None:
        """``locked``: patient mode on the kiosk: no key or close request leaves it.
        ``clock``: the wall clock the schedule reads (tests and ``--at`` set any instant).
        ``this_screen``: this screen's name: slides meant for other screens are not shown here
        (None: every slide)."""
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setWindowTitle(DISPLAY_NAME)
        self._deck = deck
        # Timing from the settings follows them on every reload; a timing given (tests, the
        # benchmark) stays as given.
        self._timing_from_settings = timing is None
        self._timing = timing or Timing.from_settings(deck.settings)
        self._base_theme = load_theme(deck.settings.theme)
        self._theme = self._base_theme
        self.controller = CycleController(self._timing, self)
        self.cycle = CycleScreen(self._theme, self.controller, self)
        # Built once the first slide is on screen (or on first use): start-up draws without it.
        self._detail: DetailScreen | None = None
        self.calm = CalmScreen(self)
        # The screens sit in a widget of their own, not straight in the window's layout: a
        # stacked layout turns updates off and on in its parent at each switch, and done to the
        # window itself that painted the whole screen twice (two 1080p paints for every tap).
        screens = QWidget(self)
        screens.setObjectName("Screens")
        self._stack = QStackedLayout(screens)
        for screen in (self.cycle, self.calm):
            self._stack.addWidget(screen)
        # Announcements take their own strip at the bottom: they never cover Back or the aids.
        self.banner = AnnouncementBanner(self._theme, self, rotate_ms=self._timing.notice_turn_ms)
        self.banner.shown_changed.connect(lambda _: self._fit_banner_row())
        self._banner_row = QHBoxLayout()
        self._banner_row.addWidget(self.banner)
        outer = QVBoxLayout(self)
        # The window is the screen: its contents fit it, never the other way round (a layout
        # asking for more room must not grow a full-screen window past the display).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(screens, 1)
        outer.addLayout(self._banner_row)
        self.transition = SlideTransition(self.cycle)
        self.transition.finished.connect(self._prepare_timer_start)
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._start_countdown)
        self._countdown = QTimer(self, interval=1000)
        self._countdown.timeout.connect(self._tick_countdown)
        self._countdown_left = 0
        self._painted_once = False
        self._shown_slide_id: str | None = None
        self._clock_wrong = False
        self.aids = AidState()
        self._aids_idle = QTimer(self, singleShot=True)
        self._aids_idle.timeout.connect(self._aids_idle_elapsed)
        self._connect_aids(self.cycle.aids)
        # Owned timers (not QTimer.singleShot with a bare callable), so that nothing fires on a
        # window that is gone.
        self._prepare_timer = QTimer(self, singleShot=True, interval=0)
        self._prepare_timer.timeout.connect(self._prepare_detail)
        self.first_painted.connect(self._prepare_timer.start)
        self._first_paint_timer = QTimer(self, singleShot=True, interval=0)
        self._first_paint_timer.timeout.connect(self.first_painted)
        self._languages = Languages()
        self._theme_language = ""
        self.speech = ReadAloud(self)
        self.speech.availability_changed.connect(self._show_read_aloud)
        # The voice engine (and the multimedia stack behind it) loads once the screen is up.
        self._speech_timer = QTimer(self, singleShot=True, interval=SPEECH_DELAY_MS)
        self._speech_timer.timeout.connect(self.speech.start)
        self.first_painted.connect(self._speech_timer.start)
        self.cycle.aids.read_aloud_clicked.connect(self.read_aloud)
        self.schedule = ScheduleRunner(deck, clock or SystemClock(), self, screen=this_screen)
        self.schedule.showing_changed.connect(self._apply_showing)
        # One clock for every time patients see: the schedule's, in the clinic's time zone.
        self.calm.set_now(self.clinic_now)
        self.calm.header.set_now(self.clinic_now)
        self.cycle.header.set_now(self.clinic_now)
        self._closed = False
        self._offered_languages: list[str] = []
        self._detail_key: tuple[Slide, str] | None = None
        self._last_index = 0
        self._activity = ActivityFilter(self)
        self._activity.activity.connect(self._on_activity)
        self._lockdown = LockdownFilter(self)
        self._lockdown.locked = locked
        self._may_close = not locked
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)
            app.installEventFilter(self._lockdown)
        self.controller.current_changed.connect(self._on_current_changed)
        self.cycle.tapped.connect(self.open_detail)
        self.set_deck(deck)
        self.schedule.start()

    # -- state ---------------------------------------------------------------------------------
    @property
    def screen_name(self) -> str:
        current = self._stack.currentWidget()
        if current is self.cycle:
            return CYCLE
        if current is None or current is self.calm:
            return CALM
        return DETAIL if current is self._detail else STAFF

    @property
    def detail(self) -> DetailScreen:
        """The detail screen, built on first use."""
        return self._detail if self._detail is not None else self._build_detail()

    def _build_detail(self) -> DetailScreen:
        """Make the detail screen (kept in ``_detail``) and bring it up to date: theme,
        language, reading aids."""
        from kiosk.player.detail import DetailScreen

        detail = DetailScreen(self._theme, self)
        self._stack.addWidget(detail)
        detail.back_requested.connect(lambda: self.close_detail("back"))
        detail.references_seen.connect(self.references_seen)
        self._connect_aids(detail.aids)
        detail.aids.read_aloud_clicked.connect(self.read_aloud)
        detail.aids.set_languages(self._offered_languages, self._language_names())
        detail.aids.read_aloud.setVisible(self.speech.available)
        detail.aids.show_state(self.aids, self.language)
        detail.retranslate()
        if self.styleSheet():  # already themed: the new screen takes the theme as it is now
            self._theme_screen(detail, self._theme)
        self._detail = detail
        self._arrange_aid_bars()
        return detail

    def _connect_aids(self, bar: ReadingAids) -> None:
        bar.large_text_toggled.connect(lambda on: self.set_aids(self.aids.with_(large_text=on)))
        bar.contrast_toggled.connect(lambda on: self.set_aids(self.aids.with_(high_contrast=on)))
        bar.pause_toggled.connect(lambda on: self.set_aids(self.aids.with_(paused=on)))
        bar.language_chosen.connect(lambda code: self.set_aids(self.aids.with_(language=code)))

    def _aid_bars(self) -> list[ReadingAids]:
        """The reading-aid bars of the screens built so far."""
        bars = [self.cycle.aids]
        if self._detail is not None:
            bars.append(self._detail.aids)
        return bars

    @property
    def theme(self) -> Theme:
        return self._theme

    # -- the screen host staff mode uses (kiosk.staff.host.ScreenHost) ---------------------------
    def add_screen(self, screen: QWidget) -> None:
        self._stack.addWidget(screen)

    def show_screen(self, screen: QWidget) -> None:
        self._show(screen)

    def clinic_now(self) -> dt.datetime:
        """The time now on the clinic's wall clock: the schedule's clock (the computer's, or a
        test's) in the clinic's time zone (settings.time_zone, else the computer's zone)."""
        return self.schedule.clock.now().astimezone(clinic_zone(self._deck.settings))

    def current_screen(self) -> QWidget | None:
        return self._stack.currentWidget()

    @property
    def this_screen(self) -> str | None:
        """This screen's name: slides meant for other screens do not show here."""
        return self.schedule.screen

    def pause_for_staff(self) -> None:
        self._stop_idle()
        self.controller.pause()

    def resume_from_staff(self) -> None:
        self._show(self.cycle if self.controller.slides and not self._closed else self.calm)
        self.controller.resume()

    def now(self) -> dt.datetime:
        """The time the schedule goes by (tests and ``--at`` may set any instant)."""
        return self.schedule.clock.now()

    @property
    def clock_wrong(self) -> bool:
        """The clock looks wrong (before the content was written): only unscheduled slides show."""
        return self._clock_wrong

    @property
    def shown_slide_id(self) -> str | None:
        """The slide on the cycle screen, if the cycle screen is what shows."""
        return self._shown_slide_id if self.screen_name == CYCLE else None

    @property
    def deck(self) -> Deck:
        return self._deck

    @property
    def timing(self) -> Timing:
        return self._timing

    def set_timing(self, timing: Timing) -> None:
        self._timing = timing
        self.controller.set_timing(timing)
        self.banner.set_rotate_interval(timing.notice_turn_ms)
        self.controller.restart_timer()

    def set_deck(self, deck: Deck) -> None:
        """Show ``deck``; the current slide stays if it is still in it."""
        self._deck = deck
        if self._timing_from_settings:  # "each slide shows for", "an open slide closes after"
            timing = Timing.from_settings(deck.settings, self._timing.speed)
            if timing != self._timing:
                self.set_timing(timing)
        if self.styleSheet():  # already sized once: the deck may have changed its theme
            self._apply_theme()
        self._offer_languages(deck)
        self.cycle.set_folder(deck.folder)
        self._show_clinic_name()
        # Lockstep: the shared cycle is worked out from the clinic's wall clock.
        self.controller.set_lockstep(self.clinic_now if deck.settings.lockstep else None)
        self.schedule.set_deck(deck)
        self._apply_showing(self.schedule.showing(), force=True)
        if self.screen_name == DETAIL:
            self._refresh_open_detail(deck)
        self.deck_shown.emit(deck)

    def _apply_showing(self, showing: Showing, *, force: bool = False) -> None:
        """The schedule says what is live now (or that the clinic is closed): show that."""
        if showing.slides != self.controller.slides or force:
            self.controller.set_slides(showing.slides)
        self._closed = showing.closed
        if showing.implausible_clock != self._clock_wrong:
            self._clock_wrong = showing.implausible_clock
            self.clock_wrong_changed.emit(self._clock_wrong)
        settings = self._clinic_words
        if showing.closed:
            mode = {"clock": CLOCK, "closed-slide": CLOSED, "blank": BLANK}[settings.when_closed]
            self.calm.set_mode(mode, settings.closed_message)
        elif self.calm.mode != WAITING:
            self.calm.set_mode(WAITING)
        self._update_banner()
        if self.screen_name in (STAFF, DETAIL):
            return  # staff keep working; a reader finishes, then sees the new set
        self._show(self.calm if showing.closed or not showing.slides else self.cycle)

    def _refresh_open_detail(self, deck: Deck) -> None:
        """A patient is reading while the content changes: update, or close if it is gone."""
        reading = self.detail.slide
        fresh = deck.slide(reading.id) if reading is not None else None
        if fresh is None or not fresh.enabled:
            self.close_detail("removed")
        else:
            self._show_detail_of(fresh)

    # -- language -------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.aids.language or self._deck.settings.default_language

    def _show_detail_of(self, slide: Slide) -> None:
        """Fill the detail screen for ``slide`` in the reader's language, unless it already is."""
        key = (slide, self.language)
        if self._detail_key != key:
            self._detail_key = key
            self.detail.show_slide(slide.in_language(self.language), self._clinic_words)
            self.detail.set_text_language(*self._text_language(slide))

    @property
    def _clinic_words(self) -> Settings:
        """The settings with the clinic's own words (name, contact line, closed message, "not
        medical advice") in the reader's language where staff translated them."""
        return self._deck.settings.in_language(self.language)

    def _show_clinic_name(self) -> None:
        name = self._clinic_words.clinic_name
        self.cycle.header.set_clinic_name(name)
        self.calm.set_clinic_name(name)

    def _text_language(self, slide: Slide) -> tuple[list[str], Qt.LayoutDirection]:
        """The fonts and direction of the language ``slide``'s text is shown in: the reader's
        where it is translated, else the language it was written in (the deck's first), so an
        English slide reads left to right in its own font while Arabic is chosen."""
        code = self.language if self.language in slide.translations else None
        code = code or self._deck.settings.default_language
        return self._theme.text_families(code), direction(code)

    def _show_on_cycle(self, slide: Slide, index: int, count: int) -> None:
        self.cycle.show_slide(slide.in_language(self.language), index, count)
        self.cycle.set_text_language(*self._text_language(slide))

    def _offer_languages(self, deck: Deck) -> None:
        codes = list(deck.settings.languages)
        if codes != self._offered_languages:
            self._offered_languages = codes
            for bar in self._aid_bars():
                bar.set_languages(codes, self._language_names())
                bar.show_state(self.aids, self.language)  # the language in use shows as chosen
            self._apply_language()

    def _language_names(self) -> dict[str, str]:
        return {code: native_name(code) for code in self._offered_languages}

    def _apply_language(self) -> None:
        """Everything in the chosen language at once: slides, buttons, dates, reading direction."""
        code = self.language
        self._languages.use(code)
        self.setLayoutDirection(direction(code))
        if self.styleSheet():
            self._apply_theme()  # fonts for the script
        # Dates, times and numbers in the language of the kiosk's words on screen (one digit
        # system per screen); the detail, calm screen and banner read the window's locale.
        locale = self._languages.locale
        self.setLocale(locale)
        self.cycle.header.set_locale(locale)
        self.calm.header.set_locale(locale)
        self.banner.retranslate()
        self._show_clinic_name()
        if self.calm.mode == CLOSED:
            self.calm.set_mode(CLOSED, self._clinic_words.closed_message)
        self.cycle.retranslate()
        self.calm.retranslate()
        if self._detail is not None:
            self._detail_key = None  # the footer's contact line may be translated too
            self._detail.retranslate()
        self._arrange_aid_bars()  # the buttons' words changed length
        slide = self.controller.current
        if slide is not None:
            count = len(self.controller.slides)
            self._show_on_cycle(slide, self.controller.index, count)
        reading = self._detail.slide if self._detail is not None else None
        fresh = self._deck.slide(reading.id) if reading is not None else None
        if fresh is not None:
            self._show_detail_of(fresh)

    # -- moving between screens ----------------------------------------------------------------
    def open_detail(self, slide_id: str) -> None:
        slide = self._deck.slide(slide_id)
        if slide is None:
            return
        self._show_detail_of(slide)
        self.controller.pause()
        self._show(self.detail)
        self.detail.start_reading()
        self._idle.start(self._timing.idle_ms)
        self.detail_opened.emit(slide_id)

    def close_detail(self, reason: str = "back") -> None:
        if self.screen_name != DETAIL:
            return
        self._stop_idle()
        self.speech.stop()
        self.detail.stop_reading()
        self._show(self.cycle if self.controller.slides and not self._closed else self.calm)
        self.controller.resume()
        if reason == "idle":  # the reader has gone: the next patient starts fresh
            self.reset_aids()
        self.detail_closed.emit(reason)

    def _show(self, screen: QWidget) -> None:
        if self._stack.currentWidget() is screen:
            return
        self._stack.setCurrentWidget(screen)
        self._update_banner()
        self.screen_changed.emit(self.screen_name)

    def _update_banner(self) -> None:
        """Notices show with the slides and the daytime calm screens; never over staff mode,
        and never at night (the dim clock and the dark screen stay dark)."""
        name = self.screen_name
        daytime_calm = name == CALM and self.calm.mode in (WAITING, CLOSED)
        self.banner.set_active(name in (CYCLE, DETAIL) or daytime_calm)

    def _on_current_changed(self, index: int, by_hand: bool) -> None:
        slide = self.controller.current
        if slide is None:
            return
        card = self.cycle.card
        background = QColor(self._theme.color("background"))  # around the card's corners
        moving = self.isVisible() and self.screen_name == CYCLE
        old = opaque_picture(card, background) if moving else None
        self._show_on_cycle(slide, index, len(self.controller.slides))
        if old is not None:
            forward = not (by_hand and self._moved_backwards(index))
            self.transition.start(
                card,
                old,
                forward=forward,
                duration_ms=self._timing.slide_change_ms,
                radius=self._theme.px("radius"),
                background=background,
            )
        self._last_index = index
        # A content reload re-announces the same slide: it was not shown again.
        if self.screen_name == CYCLE and slide.id != self._shown_slide_id:
            self._shown_slide_id = slide.id
            self.slide_shown.emit(slide.id)
        # Prepare the detail now, so a tap only has to switch screens; during a transition,
        # once it ends (building the detail takes longer than a frame: the slide would stall).
        if not self.transition.running:
            self._prepare_timer.start(0)

    def _prepare_timer_start(self) -> None:
        # After the transition's last frame (the live card's own repaint, a frame later), not
        # before it: preparing the detail takes longer than a frame, and the slide would stop
        # short of its place for that long.
        self._prepare_timer.start(PREPARE_AFTER_TRANSITION_MS)

    def _moved_backwards(self, index: int) -> bool:
        count = len(self.controller.slides)
        return (self._last_index - index) % count == 1 if count > 2 else index < self._last_index

    def _prepare_detail(self) -> None:
        if not self._painted_once:
            return  # the first slide comes first; first_painted starts this again
        slide = self.controller.current
        if slide is not None and self.screen_name != DETAIL:
            self._show_detail_of(slide)

    # -- read aloud ------------------------------------------------------------------------------
    def _show_read_aloud(self, available: bool) -> None:
        for bar in self._aid_bars():
            bar.read_aloud.setVisible(available)
        self._arrange_aid_bars()  # one more button: the row may no longer hold the languages

    def read_aloud(self) -> None:
        """Speak what is on screen: the open slide's summary, or the cycling slide's teaser."""
        if self.speech.speaking:
            self.speech.stop()
            return
        language = self.language
        if self.screen_name == DETAIL and self.detail.slide is not None:
            slide = self.detail.slide
            text = "\n".join([slide.title, *slide.key_points, self.detail.body.toPlainText()])
        elif self.controller.current is not None:
            slide = self.controller.current.in_language(language)
            text = f"{slide.title}.\n{slide.teaser}"
        else:
            return
        if self.speech.say(text, language):
            self.aid_used.emit("read-aloud")

    # -- reading aids -----------------------------------------------------------------------------
    aids_changed = Signal(object)  # AidState

    def set_aids(self, state: AidState) -> None:
        """Apply a patient's reading aids: text size, contrast, pause."""
        previous, self.aids = self.aids, state
        if (state.large_text, state.high_contrast) != (previous.large_text, previous.high_contrast):
            self._apply_theme(force=True)
        if state.paused != previous.paused:  # everything that moves by itself holds still
            self.controller.set_held(state.paused)
            self.banner.set_paused(state.paused)
        if state.language != previous.language:
            self._apply_language()
        for bar in self._aid_bars():
            bar.show_state(state, self.language)
        for on, was, aid in (
            (state.large_text, previous.large_text, "large-text"),
            (state.high_contrast, previous.high_contrast, "high-contrast"),
            (state.paused, previous.paused, "pause"),
        ):
            if on and not was:  # switching off, and the reset after idle, count nothing
                self.aid_used.emit(aid)
        if state.language is not None and state.language != previous.language:
            self.language_chosen.emit(state.language)
        if state.is_default:
            self._aids_idle.stop()
        else:
            self._aids_idle.start(self._timing.idle_ms)
        self.aids_changed.emit(state)

    def _aids_idle_elapsed(self) -> None:
        """No touch for the idle time: the next patient starts fresh, unless a patient is still
        reading, where the aids last until the detail closes by idle (a touch during its
        countdown keeps them)."""
        if self.screen_name != DETAIL:
            self.reset_aids()

    def reset_aids(self) -> None:
        """The next patient starts fresh: back to the defaults."""
        if not self.aids.is_default:
            log.info("Reading aids reset after idle")
            self.set_aids(AidState())

    # -- idle return ----------------------------------------------------------------------------
    def _on_activity(self) -> None:
        if not self.aids.is_default:
            self._aids_idle.start(self._timing.idle_ms)
        self.user_active.emit()
        if self.screen_name == DETAIL:
            self._stop_idle()
            self._idle.start(self._timing.idle_ms)
        elif self.screen_name == CYCLE:
            self.controller.restart_timer()

    def _start_countdown(self) -> None:
        self._countdown_left = max(1, round(self._timing.countdown_total_ms / 1000))
        self._countdown.setInterval(max(1, self._timing.countdown_total_ms // self._countdown_left))
        self.detail.show_countdown(self._countdown_left)
        self._countdown.start()
        self.countdown_started.emit()

    def _tick_countdown(self) -> None:
        self._countdown_left -= 1
        if self._countdown_left <= 0:
            self.close_detail("idle")
        else:
            self.detail.show_countdown(self._countdown_left)

    def _stop_idle(self) -> None:
        self._idle.stop()
        self._countdown.stop()
        if self._detail is not None:
            self._detail.hide_countdown()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted_once:
            self._painted_once = True
            # After this paint returns, the frame reaches the screen.
            self._first_paint_timer.start()

    # -- size and theme -------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_theme()
        self._fit_banner_row()

    def _apply_theme(self, *, force: bool = False) -> None:
        """Fit the theme to the window's size and the patient's reading aids."""
        name = HIGH_CONTRAST if self.aids.high_contrast else self._deck.settings.theme
        if name != self._base_theme.name:
            self._base_theme = load_theme(name)
            force = True
        scale = scale_for(self.width(), self.height())
        text_scale = LARGE_TEXT_SCALE if self.aids.large_text else 1.0
        same_size = abs(scale - self._theme.scale) < 0.01 and self._theme.text_scale == text_scale
        same_size = same_size and self._theme_language == self.language
        if same_size and not force and self.styleSheet():
            return
        themed = self._base_theme.scaled(scale).with_text_scale(text_scale)
        self._theme = themed.for_language(self.language)
        self._theme_language = self.language
        self.setStyleSheet(self._theme.stylesheet())
        self.calm.set_theme(self._theme)
        self._fit_banner_row()
        self.banner.set_theme(self._theme)
        self._theme_screen(self.cycle, self._theme)
        if self._detail is not None:
            self._theme_screen(self._detail, self._theme)
        self._arrange_aid_bars()

    def _fit_banner_row(self) -> None:
        """Room around the banner while it shows; none otherwise, so the screen above reaches
        the bottom edge (a night screen must not keep a strip of daylight colour under it)."""
        spacing = self._theme.px("spacing") if not self.banner.isHidden() else 0
        self._banner_row.setContentsMargins(2 * spacing, 0, 2 * spacing, spacing)
        # A notice takes at most this share of the screen: a 140-character one in Larger text
        # on a 720p screen is four lines otherwise, and the slide above would have no room.
        portrait = self.height() > self.width()
        self.banner.set_portrait(portrait)
        share = BANNER_TEXT_SHARE_PORTRAIT if portrait else BANNER_TEXT_SHARE
        self.banner.set_text_room(round(self.height() * share))

    def _theme_screen(self, screen: CycleScreen | DetailScreen, theme: Theme) -> None:
        """A screen's theme and orientation for this window."""
        screen.set_theme(theme)
        screen.set_portrait(self.height() > self.width())

    def _arrange_aid_bars(self) -> None:
        """Languages beside the aids where the row has room for both (more room for the slide),
        on a row of their own where it has not, and always on a tall screen."""
        portrait = self.height() > self.width()
        # The screens' side margins: the cycle's (two spacings a side), the detail's (a margin).
        margins = max(4 * self._theme.px("spacing"), 2 * self._theme.px("margin"))
        room = self.width() - margins
        for bar in self._aid_bars():
            bar.arrange(room, languages_apart=portrait)

    # -- lockdown and recovery -------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._lockdown.locked

    def quit_for_staff(self) -> None:
        """The only way out of a locked kiosk (staff mode calls it)."""
        self._may_close = True
        self._lockdown.locked = False
        self.close()
        QApplication.quit()

    def recover(self) -> None:
        """After an unexpected error: back to the safest screen, the cycle running."""
        log.warning("Recovering: returning to the slideshow")
        self._stop_idle()
        self.transition.hide()
        self.schedule.evaluate()
        self._show(self.cycle if self.controller.slides and not self._closed else self.calm)
        if self.controller.paused:
            self.controller.resume()
        else:
            self.controller.restart_timer()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:  # Alt+F4, the window manager, a stray close request
            log.info("Close request ignored: the kiosk is locked")
            event.ignore()
            return
        app = QApplication.instance()
        if isinstance(app, QObject):
            app.removeEventFilter(self._activity)
            app.removeEventFilter(self._lockdown)
        super().closeEvent(event)
        self.closed.emit()
