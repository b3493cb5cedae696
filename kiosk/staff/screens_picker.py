"""The "Shown on" choice, for a slide or a notice: every screen, or the screens ticked.

One widget for the slide form and the announcements panel, so staff choose screens the same
way (and read the same words when a name cannot be used) wherever they meet the choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.screens import (
    MAX_SCREEN_NAME,
    bad_name_message,
    screen_key,
    screen_name_problem,
    tidy,
)
from kiosk.staff.checkbox import TouchCheckBox
from kiosk.staff.flow import FlowLayout
from kiosk.ui.widgets import named

EVERY_SCREEN = "Every screen"
NONE_CHOSEN = "Tick at least one screen, or choose \u201cEvery screen\u201d."


class ScreensPicker(QWidget):
    """ "Every screen" ticked: the slide (or notice) shows on all of them (no ``screens:`` in
    its file). Unticked: only on the screens ticked in the list beside it, which holds the names
    known (from the content and the screens' reports) and any name staff add.

    ``what`` names the thing for screen readers ("slide", "notice"). ``compact``: the names
    line up like words after "Every screen", wrapping as needed, instead of one a row: the
    announcements panel has a page's height for all its steps."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, what: str = "slide", compact: bool = False
    ) -> None:
        super().__init__(parent)
        self.every = named(TouchCheckBox(EVERY_SCREEN, self), "EveryScreen")
        # One tick box a name (a finger hits the whole box), rebuilt when the names change.
        self.names = named(QWidget(self), "ScreenNames")
        self.names.setAccessibleName(f"Screens this {what} shows on")
        self._rows: QVBoxLayout | FlowLayout = (
            FlowLayout(self.names, stretch=False) if compact else QVBoxLayout(self.names)
        )
        self._rows.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[TouchCheckBox] = []
        self.new_name = named(QLineEdit(self), "NewScreenName")
        self.new_name.setMaxLength(MAX_SCREEN_NAME + 20)  # longer is refused with the reason
        self.new_name.setPlaceholderText("Another screen, like Hall")
        self.add_button = named(QPushButton("Add screen", self), "AddScreen")
        self.problem = named(QLabel(self, wordWrap=True), "FormProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if compact:  # Every screen and the names (wrapping) on one row, a name to add below
            self._rows.setSpacing(16)
            choice_row = QHBoxLayout()
            choice_row.addWidget(self.every, 0, Qt.AlignmentFlag.AlignTop)
            choice_row.addSpacing(24)
            choice_row.addWidget(self.names, 1)
            layout.addLayout(choice_row)
        else:
            layout.addWidget(self.every)
            layout.addWidget(self.names)
        layout.addLayout(add_row)
        layout.addWidget(self.problem)
        self._filling = False
        self._typed_problem = ""
        self.every.setChecked(True)  # every screen until told otherwise, as a file without it
        self.every.toggled.connect(self._on_every)
        self.add_button.clicked.connect(self.add_typed)
        self.new_name.returnPressed.connect(self.add_typed)
        self.new_name.textEdited.connect(lambda _: self._set_typed_problem(""))
        self._on_every(True)

    # -- what the form reads and writes ------------------------------------------------------
    def set_known(self, names: Iterable[str]) -> None:
        """The screens to offer (ticks are kept)."""
        chosen = self._checked()
        self._fill([*names, *chosen], chosen)

    def set_screens(self, screens: Sequence[str]) -> None:
        """Show a slide's ``screens`` (empty: every screen)."""
        known = [box.text() for box in self.boxes]
        self._typed_problem = ""
        self.new_name.clear()
        self._fill([*known, *screens], list(screens))
        self._filling = True
        self.every.setChecked(not screens)
        self._filling = False
        self._on_every(not screens, emit=False)

    def screens(self) -> list[str]:
        """The screens chosen, as the file will list them (empty: every screen)."""
        return [] if self.every.isChecked() else self._checked()

    def problems(self) -> list[str]:
        """What stops the choice being saved, in ``--check``'s words (empty: none)."""
        if self.every.isChecked():
            return []
        chosen = self._checked()
        if not chosen:
            return [NONE_CHOSEN]
        return [
            bad_name_message(name, why)
            for name in chosen
            if (why := screen_name_problem(name)) is not None
        ]

    # -- staff's actions -----------------------------------------------------------------------
    def add_typed(self) -> None:
        """Add the typed name to the list, ticked (and "Every screen" unticked)."""
        typed = self.new_name.text()
        why = screen_name_problem(typed)
        if why is not None:
            self._set_typed_problem(bad_name_message(tidy(typed), why))
            return
        chosen = [*self._checked(), tidy(typed)]
        known = [box.text() for box in self.boxes]
        self._fill([*known, tidy(typed)], chosen)
        self.new_name.clear()
        self._set_typed_problem("")
        if self.every.isChecked():
            self.every.setChecked(False)  # emits changed
        else:
            self._show_problems()
            self.changed.emit()

    # -- inside ----------------------------------------------------------------------------------
    def _fill(self, names: Iterable[str], chosen: Sequence[str]) -> None:
        """The list: each name once (whatever its case), ticked when in ``chosen``."""
        ticked = {screen_key(name) for name in chosen}
        seen: dict[str, str] = {}
        for name in names:
            seen.setdefault(screen_key(name), tidy(name))
        wanted = sorted(seen.items(), key=lambda pair: pair[0])
        if [box.text() for box in self.boxes] != [name for _, name in wanted]:
            for box in self.boxes:
                self._rows.removeWidget(box)
                box.hide()  # not drawn till deleteLater runs
                box.deleteLater()
            self.boxes = []
            for _, name in wanted:
                box = TouchCheckBox(name, self.names)
                box.setObjectName("ScreenName")
                box.toggled.connect(self._on_item)
                self._rows.addWidget(box)
                self.boxes.append(box)
        self._filling = True
        for (key, _), box in zip(wanted, self.boxes, strict=True):
            box.setChecked(key in ticked)
        self._filling = False
        self._show_problems()

    def box(self, name: str) -> TouchCheckBox | None:
        """The tick box of the screen ``name`` (any case), if it is offered."""
        return next((b for b in self.boxes if screen_key(b.text()) == screen_key(name)), None)

    def _checked(self) -> list[str]:
        return [box.text() for box in self.boxes if box.isChecked()]

    def _on_every(self, every: bool, *, emit: bool = True) -> None:
        self.names.setEnabled(not every)
        self._show_problems()
        if emit and not self._filling:
            self.changed.emit()

    def _on_item(self, _checked: bool) -> None:
        if self._filling:
            return
        self._show_problems()
        self.changed.emit()

    def _set_typed_problem(self, text: str) -> None:
        self._typed_problem = text
        self._show_problems()

    def _show_problems(self) -> None:
        lines = [self._typed_problem] if self._typed_problem else []
        lines += self.problems()
        self.problem.setText("\n".join(lines))
        self.problem.setVisible(bool(lines))
