"""Staff mode's editor: the slides, the clinic's settings, the content's problems, the PIN.

Everything is saved straight to the content folder (atomically, with a backup of the previous
version); the live reload then shows it on the screen. The same widget serves the kiosk's staff
mode and the desk editor.

Saves run off the GUI thread (:mod:`kiosk.ui.tasks`): a slow network share never freezes the
screen. While one runs, the status line says so and the buttons that save wait for it.

Another editor may change the same folder at the same time. Each save says what the slide looked
like when this editor loaded it (its "base"), so a change made elsewhere since is merged, never
overwritten; where both changed the same field the conflict panel shows both versions and staff
choose one (the other goes to the backup folder). A slide Syncthing kept twice (changed on two
computers at once) opens in the same panel, field by field, until staff settle it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QLocale, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.checks import clarity
from kiosk.content import Deck, Problem, Slide
from kiosk.content.files import sync_conflict_original
from kiosk.content.screens import known_names, reported_names
from kiosk.insight.store import EventStore
from kiosk.insight.view import StatsView
from kiosk.scheduling import clinic_zone
from kiosk.staff.announce import AnnouncePanel
from kiosk.staff.conflict import ConflictPanel
from kiosk.staff.preview import SlidePreview
from kiosk.staff.screens_page import ScreensPage
from kiosk.staff.settings_page import SAVING, SettingsPage
from kiosk.staff.slide_form import SlideForm
from kiosk.staff.slide_list import SlideListModel, SlideTileDelegate
from kiosk.staff.unsaved import DISCARD, SAVE, UnsavedPanel
from kiosk.storage import slides as store
from kiosk.storage import sync_conflicts
from kiosk.storage.atomic import SaveError
from kiosk.storage.fields import slide_fields
from kiosk.storage.merge import EditConflict, Keep
from kiosk.storage.pictures import import_image
from kiosk.storage.sync_conflicts import Side, SyncConflict
from kiosk.sync.status import ForgetError, Report, forget_screen
from kiosk.ui.status_watcher import StatusWatcher
from kiosk.ui.tasks import Task, runner
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)

ORDER_STEP = 10
NOT_READY = "Not ready to save: "
#: Under the preview of a slide with nothing but a title and a teaser (a new slide).
EMPTY_SLIDE_HINT = (
    "Patients who tap this slide see only its title and teaser. Add key points or a summary "
    "(and the references they come from) in the form."
)


class _PendingSave:
    """A save stopped by a conflict: what staff wanted to write, and what it was based on."""

    def __init__(
        self, file_name: str, fields: dict[str, Any], summary: str, base_text: str | None
    ) -> None:
        self.file_name = file_name
        self.fields = fields
        self.summary = summary
        self.base_text = base_text


class StaffScreen(QWidget):
    """The editor. Emits ``saved`` after each change written to disk."""

    back_requested = Signal()
    quit_requested = Signal()
    saved = Signal()
    pin_change_requested = Signal(str)  # the new PIN

    def __init__(
        self,
        folder: Path,
        theme: Theme,
        parent: QWidget | None = None,
        *,
        stats: EventStore | None = None,
        title: str = "Staff mode",
    ) -> None:
        """``title``: the heading's first words ("Staff mode" on the kiosk)."""
        super().__init__(parent)
        self.setObjectName("StaffScreen")
        self._folder = folder
        self._title = title
        self._deck = Deck(folder=folder)
        #: The slide file's text when the form's slide was loaded (what a save is based on);
        #: None while it is still being read off the GUI thread (``_base_read``).
        self._base_text: str | None = None
        self._base_read: Task | None = None
        self._pending: _PendingSave | None = None  # a save waiting for staff to settle a conflict
        self._sync: SyncConflict | None = None  # Syncthing's copy of the slide, shown to settle
        self._sync_copies: dict[str, str] = {}  # slide file -> its conflict copy (from Problems)
        self._sync_read: Task | None = None  # the conflict copy being read off the GUI thread
        #: The screens that report in (``status/``), read off the GUI thread at each reload.
        self._reported: list[str] = []
        self._reports_read: Task | None = None
        self._words_read: Task | None = None
        self._undo: tuple[Path, str] | None = None
        self._pending_select: str | None = None  # the slide to select once a save is loaded
        self._reload_form = True
        self._this_screen: str | None = None
        self._saving: Task | None = None  # the save running now, if any
        # Wraps rather than cuts a long clinic name on a narrow (portrait) screen.
        self.heading = named(QLabel(title, self, wordWrap=True), "StaffHeading")
        self.back_button = named(QPushButton("Back to the slideshow", self), "StaffPrimary")
        self.quit_button = QPushButton("Quit to desktop", self)
        self._after_unsaved: Callable[[], object] | None = None  # what waits on the unsaved panel
        self.back_button.clicked.connect(
            lambda: self.ask_before(self.back_requested.emit, "go back to the slideshow")
        )
        self.quit_button.clicked.connect(lambda: self.ask_before(self.quit_requested.emit, "quit"))
        self.status = named(QLabel(self, wordWrap=True), "StaffStatus")
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo_delete)
        # At the top, under the status line: seen at once, whatever is scrolled where.
        self.unsaved = UnsavedPanel(self)
        self.unsaved.chosen.connect(self._settle_unsaved)
        self.tabs = QTabWidget(self)
        self.tabs.setUsesScrollButtons(False)  # four tabs always fit; no tiny arrows
        self._slides_tab: _Page = self._build_slides_tab(theme)
        self.tabs.addTab(self._slides_tab, "Slides")
        self.settings_page = SettingsPage(folder, self)  # every setting (settings_page.py)
        self.settings_page.saved.connect(self.saved)
        self.settings_page.message.connect(self.status_message)
        self.tabs.addTab(self.settings_page, "Settings")
        self._problems_tab = self._build_problems_tab()
        self.tabs.addTab(self._problems_tab, "Problems")
        # Every screen sharing the folder, from the reports in status/ (followed while shown).
        self.screens = ScreensPage(StatusWatcher(folder, parent=self), self, colors=theme.colors)
        self.screens.forget_requested.connect(self._forget_screen)
        self.tabs.addTab(self.screens, "Screens")
        self.pin_tab = self._build_pin_tab()
        self.tabs.addTab(self.pin_tab, "PIN")
        self.stats_view = StatsView(stats, theme, self) if stats is not None else None
        if self.stats_view is not None:
            self.tabs.addTab(_scrolling(self.stats_view), "Statistics")
        self.announce = AnnouncePanel(folder, parent=self)
        self.announce.changed.connect(self.saved)  # staff mode reloads what was written
        self.tabs.insertTab(0, _scrolling(self.announce), "Announcements")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.quit_button)
        top.addWidget(self.back_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(status_row)
        layout.addWidget(self.unsaved)
        layout.addWidget(self.tabs, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Seven tabs at touch size are wider than a portrait screen: they close up there.
        tight = self.height() > self.width()
        bar = self.tabs.tabBar()
        if bar.property("tight") != tight:
            bar.setProperty("tight", tight)
            bar.style().unpolish(bar)
            bar.style().polish(bar)
            bar.updateGeometry()

    # -- building --------------------------------------------------------------------------------
    def _build_slides_tab(self, theme: Theme) -> _Page:
        tab = self._slides_page = _Page(self)
        self.model = SlideListModel(theme.colors)
        self.list = named(QListView(tab), "SlideList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(SlideTileDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap to a new width
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(4)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.buttons: dict[str, QPushButton] = {}
        actions = [
            ("up", "Move up", self.move_up),
            ("down", "Move down", self.move_down),
            ("toggle", "Hide", self.toggle_enabled),
            ("add", "Add slide", self.add_slide),
            ("duplicate", "Duplicate", self.duplicate_slide),
            ("delete", "Delete", self.delete_slide),
        ]
        grid = QHBoxLayout()
        column = QVBoxLayout()
        for index, (key, text, handler) in enumerate(actions):
            button = QPushButton(text, tab)
            button.clicked.connect(handler)
            self.buttons[key] = button
            if index % 3 == 0:
                grid = QHBoxLayout()
                column.addLayout(grid)
            grid.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(column)
        self.form = SlideForm(tab)
        self.form.changed.connect(self._update_preview)
        self.form.choose_image.clicked.connect(self._choose_image)
        scroll = _UpDownScroll(tab)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.form_scroll = scroll  # the form scrolls: tests and staff bring a field into view
        self.save_button = named(QPushButton("Save slide", tab), "StaffPrimary")
        self.revert_button = QPushButton("Undo changes", tab)
        self.save_button.clicked.connect(lambda: self.save_current())
        self.revert_button.clicked.connect(lambda: self._settle_unsaved(DISCARD))
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        self.conflict = ConflictPanel(tab)
        self.conflict.chosen.connect(self.resolve_conflict)
        self.conflict.picked.connect(self.settle_sync_picks)
        self._form_stack = QStackedWidget(tab)
        self._form_stack.addWidget(self.form_scroll)
        self._form_stack.addWidget(self.conflict)
        middle = QVBoxLayout()
        middle.addWidget(self._form_stack, 1)
        middle.addLayout(save_row)
        self.preview = SlidePreview(theme, tab)
        self.preview_label = named(
            QLabel("What patients see when they tap it", tab, wordWrap=True), "PreviewLabel"
        )
        self.preview_hint = named(QLabel(tab, wordWrap=True), "PreviewHint")
        self.preview_hint.hide()
        right = QVBoxLayout()
        right.addWidget(self.preview_label)
        right.addWidget(self.preview, 1)
        right.addWidget(self.preview_hint)
        self._slides_columns = (left, middle, right)
        self._slides_grid = QGridLayout(tab)
        tab.resized.connect(self._arrange_slides_tab)
        self._slides_portrait: bool | None = None
        self._arrange_slides_tab()
        return tab

    def _arrange_slides_tab(self) -> None:
        """Side by side on a wide screen (list, form, preview); on a tall one the list and the
        preview share the top and the form takes the whole width under them."""
        tab = self._slides_page
        portrait = tab.height() > tab.width()
        if portrait == self._slides_portrait:
            return
        self._slides_portrait = portrait
        grid = self._slides_grid
        left, middle, right = self._slides_columns
        for layout in (left, middle, right):
            grid.removeItem(layout)
        for row in range(3):
            grid.setRowStretch(row, 0)
        for column in range(3):
            grid.setColumnStretch(column, 0)
        if portrait:
            grid.addLayout(left, 0, 0)
            grid.addLayout(right, 0, 1)
            grid.addLayout(middle, 1, 0, 1, 2)
            grid.setRowStretch(0, 2)
            grid.setRowStretch(1, 3)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
        else:
            for column, (layout, stretch) in enumerate(((left, 3), (middle, 6), (right, 4))):
                grid.addLayout(layout, 0, column)
                grid.setColumnStretch(column, stretch)
            grid.setRowStretch(0, 1)
        self.preview.set_portrait(portrait)

    def _build_problems_tab(self) -> QWidget:
        tab = QWidget(self)
        self.problem_list = named(QListWidget(tab), "ProblemList")
        self.problem_list.setWordWrap(True)
        self.problem_list.itemClicked.connect(self._open_problem)
        layout = QVBoxLayout(tab)
        layout.addWidget(
            QLabel("Files the kiosk could not use, and why. Tap one to open its slide.", tab)
        )
        layout.addWidget(self.problem_list, 1)
        self._problems: tuple[Problem, ...] = ()
        return tab

    def _build_pin_tab(self) -> QWidget:
        tab = QWidget(self)
        self.new_pin = QLineEdit(tab, echoMode=QLineEdit.EchoMode.Password)
        self.repeat_pin = QLineEdit(tab, echoMode=QLineEdit.EchoMode.Password)
        for field in (self.new_pin, self.repeat_pin):
            field.setMaxLength(12)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin_button = named(QPushButton("Change PIN", tab), "StaffPrimary")
        self.pin_button.clicked.connect(self._change_pin)
        form = QFormLayout(tab)
        form.addRow("New PIN (4 to 12 digits)", self.new_pin)
        form.addRow("The same PIN again", self.repeat_pin)
        form.addRow("", self.pin_button)
        hint = QLabel(
            "Avoid PINs that are easy to guess, like 0000, 1234 or 1212: they are refused.", tab
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        return tab

    # -- content ---------------------------------------------------------------------------------
    @property
    def deck(self) -> Deck:
        return self._deck

    def set_deck(
        self, deck: Deck, problems: tuple[Problem, ...] = (), why_not: dict[str, str] | None = None
    ) -> None:
        """Show ``deck``, keeping the selected slide (unsaved edits to it are kept too)."""
        current = self.form.slide.id if self.form.slide else None
        editing = self.has_unsaved_edits()
        self._deck = deck
        self.form.set_languages(deck.settings.languages)
        self._offer_known_screens()
        self._read_word_list()
        self.heading.setText(f"{self._title} \u2014 {deck.settings.clinic_name}")
        self.model.set_slides(deck.slides, why_not, deck.folder)
        self.settings_page.set_settings(deck.settings, deck.slides)
        zone = clinic_zone(deck.settings)  # one clock: the clinic's, whatever this computer's
        self.announce.set_zone(zone)
        if self.stats_view is not None:
            self.stats_view.set_zone(zone)
            self.stats_view.set_titles({s.id: s.title for s in deck.slides})
            self.stats_view.set_statistics_enabled(deck.settings.statistics)
        self.set_problems(problems)
        row = self.model.row_of(current) if current else -1
        said = self.status.text()
        self._select_row(row if row >= 0 else 0, reload_form=not editing)
        if not self.status.text():  # the reload a save brings never wipes what the save said
            self.status.setText(said)

    def set_this_screen(self, name: str | None) -> None:
        """The name of the screen this editor runs on (staff mode), offered in "Shown on"."""
        self._this_screen = name

    def known_screens(self, deck: Deck) -> list[str]:
        """The screens "Shown on" offers: those named by a slide or a notice, this screen, and
        the screens that report in (``status/`` in the content folder, as last read)."""
        named_here = [name for slide in deck.slides for name in slide.screens]
        noticed = [name for notice in self.announce.board.announcements for name in notice.screens]
        this = [self._this_screen] if self._this_screen else []
        return known_names(named_here, noticed, this, self._reported)

    def _offer_known_screens(self) -> None:
        """Offer the screens known now at once, then again once the reports are read: they
        sit in the shared folder, maybe on a slow share, so they are read off the GUI thread."""
        self._show_known_screens()
        if self._reports_read is not None:
            self._reports_read.cancel()  # an older folder listing: this one is newer
        folder = self._deck.folder

        def arrived(names: list[str]) -> None:
            self._reports_read = None
            if names != self._reported:
                self._reported = names
                self._show_known_screens()

        def failed(error: Exception) -> None:  # reported_names skips what it cannot read
            self._reports_read = None
            log.error("Could not list the screens' reports", exc_info=error)

        self._reports_read = runner().run(
            lambda: reported_names(folder), arrived, receiver=self, on_error=failed
        )

    def _forget_screen(self, report: Report) -> None:
        """Staff asked to forget a screen that stopped reporting: its files in ``status/`` are
        removed off the GUI thread (the folder may be a slow share), then the Screens page and
        "Shown on" no longer offer it."""
        folder, page = self._folder, self.screens

        def done(_removed: list[str]) -> None:
            page.forgotten(report)
            self._offer_known_screens()

        def failed(error: Exception) -> None:
            if isinstance(error, ForgetError):
                page.not_forgotten(error.message)
                return
            log.error("Could not forget a screen", exc_info=error)
            page.not_forgotten(f"{report.name} was not forgotten: {error}")

        runner().run(
            lambda: forget_screen(folder, report),
            done,
            receiver=page,
            on_error=failed,
            write=True,
        )

    def _read_word_list(self) -> None:
        """The plain-word swaps with the clinic's own (``plain-words.csv``), read off the GUI
        thread: the folder may be a slow share. Until they arrive the form checks with the
        shipped list."""
        folder = self._folder
        if self._words_read is not None:
            self._words_read.cancel()  # an older read: this one sees the newer file

        def arrived(swaps: list[clarity.Swap]) -> None:
            self._words_read = None
            self.form.set_word_list(swaps)

        self._words_read = runner().run(lambda: clarity.word_list(folder), arrived, receiver=self)

    def _show_known_screens(self) -> None:
        names = self.known_screens(self._deck)
        self.form.set_known_screens(names)
        self.announce.set_known_screens(names)

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        self._problems = problems
        copies = (Path(p.file).name for p in problems)
        self._sync_copies = {
            original: copy
            for copy in sorted(copies, reverse=True)  # the oldest copy first
            if (original := sync_conflict_original(copy)) is not None
        }
        self._offer_sync_conflict()
        self.settings_page.set_file_problems(problems)
        self.problem_list.clear()
        for problem in problems:
            self.problem_list.addItem(str(problem))
        if not problems:
            self.problem_list.addItem("No problems: every file is in order.")
        index = self.tabs.indexOf(self._problems_tab)
        self.tabs.setTabText(index, f"Problems ({len(problems)})" if problems else "Problems")

    def selected_slide(self) -> Slide | None:
        return self.model.slide_at(self.list.currentIndex().row())

    def select_slide(self, slide_id: str) -> None:
        """Open ``slide_id`` in the form; with unsaved edits to another slide, ask first."""
        if self._leaving_edits(slide_id):
            self.ask_before(lambda: self.select_slide(slide_id), "open another slide")
            return
        self._select_row(self.model.row_of(slide_id), reload_form=True)

    def _leaving_edits(self, slide_id: str) -> bool:
        editing = self.form.slide
        return editing is not None and editing.id != slide_id and self.has_unsaved_edits()

    def ask_before(self, action: Callable[[], object], what_next: str) -> None:
        """Run ``action`` now, or, with unsaved slide edits, once staff have chosen to save or
        discard them ("Keep editing" drops it). ``what_next`` ends the question: "quit"."""
        slide = self.form.slide
        if slide is None or not self.has_unsaved_edits():
            action()
            return
        self._after_unsaved = action
        edited, _ = self.form.edited_slide()
        self.unsaved.ask((edited or slide).title, what_next)
        self.tabs.setCurrentWidget(self._slides_tab)

    def hideEvent(self, event: QHideEvent) -> None:
        # Staff mode locked itself while the question was open: the question goes (the edits
        # stay in the form), so a later "Save changes" never also does what was asked back then.
        self.unsaved.hide()
        self._after_unsaved = None
        super().hideEvent(event)

    def _settle_unsaved(self, choice: str) -> None:
        action, self._after_unsaved = self._after_unsaved, None
        self.unsaved.hide()
        if choice == SAVE:
            # Once saved; if not, the status line or the conflict panel says why, edits stay.
            self.save_current(then=action)
            return
        if choice == DISCARD:
            self._load_form(self.form.slide)
            self._update_preview()
        else:
            return
        if action is not None:
            action()

    def _select_row(self, row: int, *, reload_form: bool) -> None:
        index = self.model.index(row, 0)
        self._reload_form = reload_form
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._reload_form = True
        if reload_form:
            self._load_form(self.model.slide_at(row))
        self._update_buttons()
        self._update_preview()

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        target = self.model.slide_at(current.row())
        editing = self.form.slide
        leaving = target is not None and editing is not None and self._leaving_edits(target.id)
        if self._reload_form and leaving:
            assert target is not None and editing is not None
            # Stay on the slide being edited until staff say what happens to its changes.
            self._select_row(self.model.row_of(editing.id), reload_form=False)
            self.select_slide(target.id)
            return
        if self._reload_form:
            self._load_form(self.model.slide_at(current.row()))
            self._update_buttons()
            self._update_preview()

    def _load_form(self, slide: Slide | None, base_text: str | None = None) -> None:
        """Show ``slide`` in the form at once and remember the file it came from as the base of
        edits: ``base_text`` when the caller has just read it off the GUI thread, else read now
        through the runner (a slow share never holds the screen)."""
        self.form.set_slide(slide)
        self._base_text = base_text
        if self._base_read is not None:
            self._base_read.cancel()  # another slide's file: its text is no base for this one
            self._base_read = None
        if base_text is None and slide is not None and slide.file_name:
            self._base_read = self._read_base(slide)
        self._offer_sync_conflict()

    def _offer_sync_conflict(self) -> None:
        """Open the form's slide in the conflict panel if Syncthing kept a second version of it
        (unless staff are editing it: their edits come first, the panel opens once saved).
        Both versions are read off the GUI thread: the folder may be on a slow share."""
        if self._pending is not None or self._saving is not None:
            return
        if self._sync_read is not None:
            self._sync_read.cancel()  # read for another slide, or before the last reload
            self._sync_read = None
        slide = self.form.slide
        copy = self._sync_copies.get(slide.file_name) if slide is not None else None
        if copy is None or self.has_unsaved_edits():
            self._show_sync_conflict(None)
            return
        folder = self._folder

        def read() -> SyncConflict | None:
            # A copy no longer there was settled a moment ago; Problems has not caught up yet.
            if not (folder / "slides" / copy).exists():
                return None
            return sync_conflicts.read_conflict(folder, copy)

        def arrived(conflict: SyncConflict | None) -> None:
            self._sync_read = None
            if self._pending is None and self._saving is None and not self.has_unsaved_edits():
                self._show_sync_conflict(conflict)  # else offered again once the edit is saved

        def failed(error: Exception) -> None:
            self._sync_read = None
            log.error("Could not read %s", copy, exc_info=error)
            self._show_sync_conflict(None)

        self._sync_read = runner().run(read, arrived, receiver=self, on_error=failed)

    def _show_sync_conflict(self, conflict: SyncConflict | None) -> None:
        if conflict == self._sync:
            return  # already shown: the versions staff picked so far stay picked
        self._sync = conflict
        if conflict is not None:
            self.conflict.show_sync_conflict(conflict)
            self._form_stack.setCurrentWidget(self.conflict)
        else:
            self._form_stack.setCurrentIndex(0)
        self._update_buttons()

    def _read_base(self, slide: Slide) -> Task:
        folder = self._folder

        def arrived(text: str) -> None:
            self._base_read = None
            self._base_text = text

        def failed(error: Exception) -> None:
            # A save reads the base again itself (see save_current); say nothing yet.
            self._base_read = None
            log.error("Could not read %s", slide.file_name, exc_info=error)

        return runner().run(
            lambda: store.read_base(folder, slide), arrived, receiver=self, on_error=failed
        )

    @property
    def base_text(self) -> str | None:
        """What the slide being edited looked like on disk when it was loaded."""
        return self._base_text

    def has_unsaved_edits(self) -> bool:
        slide = self.form.slide
        if slide is None:
            return False
        edited, _ = self.form.edited_slide()
        return edited is not None and edited != slide

    @property
    def saving(self) -> bool:
        """A save is running (off the GUI thread); the buttons that save wait for it."""
        return self._saving is not None

    def _update_buttons(self) -> None:
        slide = self.selected_slide()
        row = self.list.currentIndex().row()
        # While a conflict waits, only its two buttons act; while a save runs, nothing saves.
        free = self._pending is None and self._sync is None and self._saving is None
        self.save_button.setEnabled(self._saving is None)
        self.conflict.setEnabled(self._saving is None)
        for key in ("toggle", "duplicate", "delete"):
            self.buttons[key].setEnabled(free and slide is not None)
        self.buttons["up"].setEnabled(free and slide is not None and row > 0)
        self.buttons["down"].setEnabled(
            free and slide is not None and row < self.model.rowCount() - 1
        )
        self.buttons["add"].setEnabled(free)
        self.list.setEnabled(self._pending is None and self._saving is None)
        self.save_button.setVisible(self._pending is None and self._sync is None)
        self.revert_button.setVisible(self._pending is None and self._sync is None)
        self.revert_button.setEnabled(free)
        self.buttons["toggle"].setText(
            "Show" if slide is not None and not slide.enabled else "Hide"
        )

    def _preview_form(self) -> None:
        """Show the form's slide in the preview, leaving the status line as it is."""
        edited, _ = self.form.edited_slide() if self.form.slide else (None, [])
        if edited is not None:
            self._show_in_preview(edited)

    def _update_preview(self) -> None:
        edited, problems = self.form.edited_slide() if self.form.slide else (None, [])
        if edited is not None:
            self._show_in_preview(edited)
            if self.status.text().startswith(NOT_READY):  # fixed now; other news stays
                self.status_message("")
        elif problems:
            self.status_message(NOT_READY + "; ".join(problems))

    def _show_in_preview(self, slide: Slide) -> None:
        self.preview.show_slide(slide, self._deck.settings)
        empty = not slide.key_points and not slide.summary.strip() and not slide.references
        self.preview_hint.setText(EMPTY_SLIDE_HINT if empty else "")
        self.preview_hint.setVisible(empty)

    # -- actions ---------------------------------------------------------------------------------
    def save_current(self, then: Callable[[], object] | None = None) -> bool:
        """Start saving the form's slide; ``then`` runs once it is saved. False: not started."""
        slide = self.form.slide
        if self._pending is not None or self._saving is not None:
            return False  # a conflict is waiting for staff's choice, or a save is running
        edited, problems = self.form.edited_slide()
        if slide is None or edited is None:
            self.status_message("Not saved: " + "; ".join(problems))
            return False
        stale = (
            self.form.translations.mark_out_of_date(dt.date.today())
            if self.form.own_text_changed()
            else []
        )
        fields, summary = self.form.fields(), self.form.summary_text()
        pending = _PendingSave(slide.file_name, fields, summary, self._base_text)
        folder, name = self._folder, slide.file_name

        def save() -> tuple[Slide | None, str | None]:
            if pending.base_text is None:  # saved before the slide's file was read: read it now
                pending.base_text = store.read_base(folder, slide)
            store.save_slide(folder, name, fields, summary, base_text=pending.base_text)
            return _read_back(folder, name)

        def saved(on_disk: tuple[Slide | None, str | None]) -> None:
            # The form shows what is on disk now (merged changes included); that becomes the
            # base of the next save.
            slide_now, base = on_disk
            self._load_form(slide_now or edited, base if slide_now else None)
            self._preview_form()
            self.unsaved.hide()  # saved by hand: the question no longer applies
            self._after_unsaved = None
            if then is not None:
                then()

        return self._write(
            save,
            _saved_words(edited) + _stale_words(stale),
            on_conflict=lambda conflict: self._show_conflict(conflict, pending),
            on_saved=saved,
        )

    def _show_conflict(self, conflict: EditConflict, pending: _PendingSave) -> None:
        self._pending = pending
        self.conflict.show_conflict(conflict)
        self._form_stack.setCurrentWidget(self.conflict)
        self.tabs.setCurrentWidget(self._slides_tab)
        self._update_buttons()
        self.status_message("Not saved yet: this slide was changed elsewhere. Choose a version.")

    def resolve_conflict(self, keep: str) -> bool:
        """Settle the waiting conflict: ``"mine"`` or ``"theirs"``; the other is backed up.
        For Syncthing's copy "theirs" is the copy and "mine" the slide as it is."""
        if self._sync is not None and keep in ("mine", "theirs"):
            return self._settle_sync("slide" if keep == "mine" else "copy", None)
        pending = self._pending
        if pending is None or keep not in ("mine", "theirs"):
            return False
        choice: Keep = "mine" if keep == "mine" else "theirs"
        done = (
            "Kept your version. The other version is in the backup folder."
            if choice == "mine"
            else "Kept the version saved elsewhere. Yours is in the backup folder."
        )
        if self._saving is not None:
            return False
        folder = self._folder

        def save() -> tuple[Slide | None, str | None]:
            store.resolve(
                folder,
                pending.file_name,
                choice,
                pending.fields,
                pending.summary,
                base_text=pending.base_text,
            )
            return _read_back(folder, pending.file_name)

        def saved(on_disk: tuple[Slide | None, str | None]) -> None:
            slide_now, base = on_disk  # None: left deleted; the next reload selects another
            self._load_form(slide_now, base)
            self._preview_form()

        self._pending = None
        self._form_stack.setCurrentIndex(0)
        started = self._write(save, done, on_saved=saved)
        self._update_buttons()
        self._preview_form()
        return started

    def settle_sync_picks(self, picks: dict[str, str]) -> bool:
        """Settle Syncthing's copy field by field: {field: "theirs" (the copy) or "mine"}."""
        sides: dict[str, Side] = {
            name: "copy" if side == "theirs" else "slide" for name, side in picks.items()
        }
        return self._settle_sync(None, sides)

    def _settle_sync(self, keep: Side | None, picks: dict[str, Side] | None) -> bool:
        conflict = self.sync_conflict
        if conflict is None or self._saving is not None:
            return False
        folder = self._folder
        from_copy = keep == "copy" or any(side == "copy" for side in (picks or {}).values())
        done = (
            "Saved. The slide's old version and the other computer's copy are in the backup folder."
            if from_copy
            else "Kept the slide as it is. The other computer's version is in the backup folder."
        )

        def settle() -> tuple[Slide | None, str | None]:
            sync_conflicts.settle(folder, conflict, keep, picks=picks)
            return _read_back(folder, conflict.file_name)

        def settled(on_disk: tuple[Slide | None, str | None]) -> None:
            slide_now, base = on_disk
            self._load_form(slide_now, base)
            self._preview_form()

        self._sync = None
        self._form_stack.setCurrentIndex(0)
        started = self._write(settle, done, on_saved=settled)
        self._update_buttons()
        return started

    @property
    def conflict_open(self) -> bool:
        return self._pending is not None

    @property
    def sync_conflict(self) -> SyncConflict | None:
        """Syncthing's copy of the form's slide, while the panel shows it."""
        return self._sync

    def toggle_enabled(self) -> None:
        slide = self.selected_slide()
        if slide is None:
            return
        fields = slide_fields(slide)
        fields["enabled"] = not slide.enabled
        state = "shown" if fields["enabled"] else "hidden"
        folder = self._folder
        self._write(
            lambda: store.save_slide(
                folder,
                slide.file_name,
                fields,
                slide.summary,
                base_text=store.read_base(folder, slide),
            ),
            f"\u201c{slide.title}\u201d is now {state}.",
        )

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        slides = list(self._deck.slides)
        row = self.list.currentIndex().row()
        target = row + step
        if not (0 <= row < len(slides) and 0 <= target < len(slides)):
            return
        slides[row], slides[target] = slides[target], slides[row]
        orders = {s.file_name: (i + 1) * ORDER_STEP for i, s in enumerate(slides)}
        moved = slides[target]
        seen = {s.file_name: s.order for s in self._deck.slides}
        folder = self._folder
        self._write(
            lambda: store.set_orders(folder, orders, expected=seen),
            f"Moved \u201c{moved.title}\u201d.",
            on_saved=lambda _: self._select_after_reload(moved.id),
        )

    def _select_after_reload(self, slide_id: str) -> None:
        self._pending_select = slide_id

    def add_slide(self) -> None:
        loaded = {s.id for s in self._deck.slides}
        order = (
            max((s.order for s in self._deck.slides), default=0) // ORDER_STEP + 1
        ) * ORDER_STEP
        folder = self._folder

        def add() -> str:
            # Ids in use: loaded here, or on disk already (saved by another editor just now).
            taken = loaded | store.ids_on_disk(folder)
            number = 1
            while f"new-slide-{number}" in taken:
                number += 1
            slide_id = f"new-slide-{number}"
            fields: dict[str, Any] = {
                "id": slide_id,
                "title": "New slide",
                "teaser": "Write one sentence here.",
                "order": order,
                "enabled": False,  # nothing half-written reaches patients
            }
            store.save_slide(folder, store.new_slide_file_name(folder, slide_id, order), fields, "")
            return slide_id

        done = "Added a slide, hidden until you tick \u201cShow this slide\u201d and save."
        self._write(add, done, on_saved=self._select_after_reload)

    def duplicate_slide(self) -> None:
        slide = self.selected_slide()
        if slide is None:
            return
        loaded = {s.id for s in self._deck.slides}
        folder = self._folder

        def duplicate() -> str:
            taken = loaded | store.ids_on_disk(folder)
            slide_id = f"{slide.id}-copy"[:60]
            number = 2
            while slide_id in taken:
                slide_id = f"{slide.id}-copy-{number}"[:60]
                number += 1
            fields = slide_fields(slide)
            fields.update(
                id=slide_id,
                title=f"{slide.title} (copy)"[:80],
                enabled=False,
                order=slide.order + 1,
            )
            name = store.new_slide_file_name(folder, slide_id, slide.order + 1)
            store.save_slide(folder, name, fields, slide.summary)
            return slide_id

        done = f"Copied \u201c{slide.title}\u201d (hidden until you show it)."
        self._write(duplicate, done, on_saved=self._select_after_reload)

    def delete_slide(self) -> None:
        slide = self.selected_slide()
        if slide is None:
            return
        folder = self._folder

        def delete() -> Path:  # EditConflict when changed elsewhere: then not deleted
            return store.delete_slide(
                folder, slide.file_name, base_text=store.read_base(folder, slide)
            )

        def deleted(backup: Path) -> None:
            self._undo = (backup, slide.file_name)
            self.undo_button.show()

        self._write(delete, f"Deleted \u201c{slide.title}\u201d.", on_saved=deleted)

    def undo_delete(self) -> None:
        if self._undo is None:
            return
        backup, name = self._undo
        self._undo = None
        self.undo_button.hide()
        folder = self._folder
        self._write(lambda: store.restore_slide(folder, backup, name), "The slide is back.")

    def _choose_image(self) -> None:
        kinds = "Pictures (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"
        source, _ = QFileDialog.getOpenFileName(self, "Choose a picture", str(Path.home()), kinds)
        if source:
            self.use_image(Path(source))

    def use_image(self, source: Path) -> None:
        """Copy ``source`` into the content folder and put it on the slide being edited."""
        folder = self._folder

        def copied(relative: str) -> None:
            self.form.set_image(relative)
            self.status_message(f"Picture copied to {relative}. Save the slide to use it.")

        self._write(lambda: import_image(folder, source), "", on_saved=copied, quiet=True)

    def _change_pin(self) -> None:
        pin, again = self.new_pin.text(), self.repeat_pin.text()
        self.new_pin.clear()
        self.repeat_pin.clear()
        if pin != again:
            self.status_message("The two PINs are not the same. Nothing was changed.")
            return
        self.pin_change_requested.emit(pin)

    def _open_problem(self) -> None:
        row = self.problem_list.currentRow()
        if not 0 <= row < len(self._problems):
            return
        problem = self._problems[row]
        name = Path(problem.file).name
        name = sync_conflict_original(name) or name  # Syncthing's copy opens its slide
        slide = next(
            (s for s in self._deck.slides if s.file_name == name or s.id == problem.slide_id), None
        )
        self.tabs.setCurrentWidget(self._slides_tab if slide else self._problems_tab)
        if slide is not None:
            self.select_slide(slide.id)
        self.status_message(str(problem))

    def _write(
        self,
        action: Callable[[], Any],
        done: str,
        *,
        on_conflict: Callable[[EditConflict], None] | None = None,
        on_saved: Callable[[Any], None] | None = None,
        quiet: bool = False,
    ) -> bool:
        """Start ``action`` (a save) off the GUI thread; False if another is still running.

        ``action`` runs on a pool thread: it uses values captured here, never widgets. Once it
        is done, ``done`` shows, ``on_saved(its result)`` runs and ``saved`` is emitted (not when
        ``quiet``: nothing the kiosk shows was written).
        """
        if self._saving is not None:
            return False  # tapped twice: the first save is still running
        self._saving = runner().run(
            action,
            lambda result: self._written(result, done, on_saved, quiet=quiet),
            receiver=self,
            on_error=lambda error: self._not_written(error, on_conflict),
            write=True,
        )
        self.status_message(SAVING)
        self._update_buttons()
        return True

    def _written(
        self, result: object, done: str, on_saved: Callable[[Any], None] | None, *, quiet: bool
    ) -> None:
        self._saving = None
        self.status_message(done)
        if on_saved is not None:
            on_saved(result)
        self._update_buttons()
        if not quiet:
            self.saved.emit()

    def _not_written(
        self, error: Exception, on_conflict: Callable[[EditConflict], None] | None
    ) -> None:
        self._saving = None
        self.status_message("")
        if isinstance(error, EditConflict) and on_conflict is not None:
            on_conflict(error)
        elif isinstance(error, SaveError):  # EditConflict too: changed elsewhere, not saved
            self.status_message(error.message)
        else:
            log.error("Saving failed", exc_info=error)
            self.status_message(
                "Not saved: something unexpected went wrong (see the log). Nothing was lost."
            )
        self._update_buttons()

    def after_reload(self) -> None:
        """Called once the saved change has been loaded back: select what the action meant."""
        pending = self._pending_select
        if pending:
            self._pending_select = None
            self.select_slide(pending)

    def status_message(self, text: str) -> None:
        self.status.setText(text)
        if not text.startswith("Deleted"):
            self.undo_button.setVisible(self._undo is not None and self.undo_button.isVisible())


def _saved_words(slide: Slide) -> str:
    """The confirmation after a save, and whether patients can see the slide at all."""
    if slide.enabled:
        return f"Saved \u201c{slide.title}\u201d."
    return (
        f"Saved \u201c{slide.title}\u201d. It is hidden: tick \u201cShow this slide on the "
        "screen\u201d and save to put it on the screen."
    )


def _stale_words(codes: list[str]) -> str:
    """What saving new words did to the translations that still say the old ones."""
    if not codes:
        return ""
    names = [QLocale.languageToString(QLocale(code).language()) for code in codes]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    plural = "s" if len(names) > 1 else ""
    return (
        f" The {listed} translation{plural} still say{'' if plural else 's'} the old words: "
        "marked out of date until updated (python main.py --check lists it)."
    )


class _Page(QWidget):
    """A tab page that says when its size changes (to rearrange itself)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class _UpDownScroll(QScrollArea):
    """Scrolls up and down only, so it is never narrower than what it holds (a narrower one
    cut the form's right edge off: the number boxes' plus buttons, "Remove")."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        frame = 2 * self.frameWidth()
        return QSize(
            max(hint.width(), content.minimumSizeHint().width() + bar + frame), hint.height()
        )


def _read_back(folder: Path, file_name: str) -> tuple[Slide | None, str | None]:
    """After a save, on the pool thread: the slide as it is on disk now, and its text (the base
    of the next save)."""
    slide = store.read_slide(folder, file_name)
    return slide, store.read_base(folder, slide) if slide is not None else None


def _scrolling(page: QWidget) -> QScrollArea:
    """A tab page that scrolls when the screen is shorter than it (1280x720, portrait)."""
    area = _UpDownScroll()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
