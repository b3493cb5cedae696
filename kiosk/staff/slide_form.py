"""The form that edits one slide: text, timing, picture, references, review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.checks import clarity
from kiosk.content import Reference, Slide
from kiosk.content.citation import format_reference
from kiosk.content.model import (
    LOADER_FIELDS,
    MAX_SECONDS,
    MIN_SECONDS,
    WEEKDAY_KEYS,
    WEEKDAY_LABELS,
)
from kiosk.content.validation import validate
from kiosk.staff.clarity_panel import ClarityPanel
from kiosk.staff.screens_picker import ScreensPicker
from kiosk.staff.spinbox import TouchSpinBox
from kiosk.ui.widgets import named

REFERENCE_FIELDS = (
    "title",
    "source",
    "year",
    "volume",
    "issue",
    "pages",
    "article",
    "doi",
    "pmid",
    "url",
)


class ReferenceEditor(QWidget):
    """A list of references and a structured form for the selected one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refs: list[dict[str, Any]] = []
        self.list = named(QListWidget(self), "ReferenceList")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_row)
        self.authors = QPlainTextEdit(self)
        self.authors.setPlaceholderText("One author per line, surname then initials: Cherkin DC")
        self.inputs = {name: QLineEdit(self) for name in REFERENCE_FIELDS}
        self.inputs["doi"].setPlaceholderText("10.1001/archinternmed.2009.65")
        self.inputs["pmid"].setPlaceholderText("digits only")
        self.problem = named(QLabel(self, wordWrap=True), "FormProblem")
        self.add_button = QPushButton("Add reference", self)
        self.remove_button = QPushButton("Remove reference", self)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        form = QFormLayout()
        form.addRow("Authors", self.authors)
        for name, field in self.inputs.items():
            form.addRow(
                name.upper() if name in {"doi", "pmid", "url"} else name.capitalize(), field
            )
            field.textEdited.connect(self._store)
        self.authors.textChanged.connect(self._store)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        self._loading = False

    def set_references(self, refs: list[dict[str, Any]]) -> None:
        self._refs = [dict(r) for r in refs]
        self._refresh_list()
        self.list.setCurrentRow(0 if self._refs else -1)
        self._show_row(self.list.currentRow())

    def references(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._refs]

    def add(self) -> None:
        self._refs.append({"authors": [], "title": "", "source": "", "year": dt.date.today().year})
        self._refresh_list()
        self.list.setCurrentRow(len(self._refs) - 1)
        self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._refs):
            del self._refs[row]
            self._refresh_list()
            self.list.setCurrentRow(min(row, len(self._refs) - 1))
            self.changed.emit()

    def _show_row(self, row: int) -> None:
        self._loading = True
        ref = self._refs[row] if 0 <= row < len(self._refs) else {}
        self.authors.setPlainText("\n".join(ref.get("authors", [])))
        for name, field in self.inputs.items():
            value = ref.get(name)
            field.setText("" if value is None else str(value))
            field.setEnabled(bool(ref))
        self.authors.setEnabled(bool(ref))
        self._loading = False
        self._check(ref)

    def _store(self) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._refs):
            return
        ref: dict[str, Any] = {
            "authors": [a.strip() for a in self.authors.toPlainText().splitlines() if a.strip()]
        }
        for name, field in self.inputs.items():
            text = field.text().strip()
            if text:
                ref[name] = int(text) if name == "year" and text.isdigit() else text
        self._refs[row] = ref
        self._check(ref)
        item = self.list.item(row)
        if item is not None:
            item.setText(self._label(ref))
        self.changed.emit()

    def _check(self, ref: dict[str, Any]) -> None:
        """Tell at once what is wrong (a DOI typo, a missing link), in the form's words."""
        if not ref:
            self.problem.setText("")
            return
        _, errors = validate(ref, Reference)
        self.problem.setText(
            "\n".join(f"{'/'.join(map(str, e.path)) or 'reference'}: {e.message}" for e in errors)
        )

    def _refresh_list(self) -> None:
        self.list.clear()
        for ref in self._refs:
            self.list.addItem(self._label(ref))

    @staticmethod
    def _label(ref: dict[str, Any]) -> str:
        parsed, _ = validate(ref, Reference)
        if parsed is None:
            return f"(incomplete) {ref.get('title', '')}"
        return format_reference(parsed)


class ScheduleEditor(QWidget):
    """When the slide shows: from, until (inclusive), which days, which times. All optional."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.use_from = QCheckBox("From", self)
        self.use_until = QCheckBox("Until", self)
        self.from_date, self.until_date = QDateEdit(self), QDateEdit(self)
        for edit in (self.from_date, self.until_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setDate(QDate.currentDate())
        self.days = {
            day: QCheckBox(label, self)
            for day, label in zip(WEEKDAY_KEYS, WEEKDAY_LABELS, strict=True)
        }
        self.times = QLineEdit(self)
        self.times.setPlaceholderText("Times, like 09:00-12:00, 14:00-17:30 (empty: all day)")
        dates = QHBoxLayout()
        for widget in (self.use_from, self.from_date, self.use_until, self.until_date):
            dates.addWidget(widget)
        dates.addStretch(1)
        days = QHBoxLayout()
        for box in self.days.values():
            days.addWidget(box)
        days.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(dates)
        layout.addLayout(days)
        layout.addWidget(self.times)
        for signal in (self.use_from.toggled, self.use_until.toggled, self.from_date.dateChanged,
                       self.until_date.dateChanged, self.times.textEdited):  # fmt: skip
            signal.connect(self.changed)
        for box in self.days.values():
            box.toggled.connect(self.changed)

    def set_schedule(self, schedule: dict[str, Any] | None) -> None:
        schedule = schedule or {}
        for check, edit, key in ((self.use_from, self.from_date, "from"),
                                 (self.use_until, self.until_date, "until")):  # fmt: skip
            day = schedule.get(key)
            check.setChecked(day is not None)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        for name, box in self.days.items():
            box.setChecked(name in schedule.get("days", []))
        self.times.setText(", ".join(schedule.get("times", [])))

    def schedule(self) -> dict[str, Any] | None:
        """The schedule as front matter, or None for "always"."""
        found: dict[str, Any] = {}
        for check, edit, key in ((self.use_from, self.from_date, "from"),
                                 (self.use_until, self.until_date, "until")):  # fmt: skip
            if check.isChecked():
                day = edit.date()
                found[key] = dt.date(day.year(), day.month(), day.day())
        days = [name for name, box in self.days.items() if box.isChecked()]
        if days and len(days) < len(WEEKDAY_KEYS):
            found["days"] = days
        times = [t.strip().replace(" ", "") for t in self.times.text().split(",") if t.strip()]
        if times:
            found["times"] = times
        return found or None


class TranslationEditor(QWidget):
    """The slide's texts in the other languages of the deck, one language at a time."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: dict[str, dict[str, Any]] = {}
        self._loaded: dict[str, dict[str, Any]] = {}  # as the file had them
        self._shown = ""
        self.language = QComboBox(self)
        self.title, self.teaser = QLineEdit(self), QLineEdit(self)
        self.title.setMaxLength(80)
        self.teaser.setMaxLength(160)
        self.key_points, self.summary = QPlainTextEdit(self), QPlainTextEdit(self)
        self.reviewed_by = QLineEdit(self)
        self.reviewed_by.setPlaceholderText(
            "The qualified translator who checked it (empty: not yet)"
        )
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Language", self.language)
        form.addRow("Title", self.title)
        form.addRow("Teaser", self.teaser)
        form.addRow("Key points", self.key_points)
        form.addRow("Summary", self.summary)
        form.addRow("Checked by", self.reviewed_by)
        self.language.currentTextChanged.connect(self._switch)
        for signal in (self.title.textEdited, self.teaser.textEdited, self.key_points.textChanged,
                       self.summary.textChanged, self.reviewed_by.textEdited):  # fmt: skip
            signal.connect(self.changed)

    def set_translations(self, languages: list[str], translations: dict[str, Any]) -> None:
        # Every translation the file has is kept, even in a language no longer offered.
        self._texts = {code: dict(text) for code, text in translations.items()}
        self._loaded = {code: dict(text) for code, text in translations.items()}
        for code in languages:
            self._texts.setdefault(code, {})
        self._shown = ""
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItems(languages)
        self.language.blockSignals(False)
        self.setVisible(bool(languages))
        if languages:
            self._switch(languages[0])

    def translations(self) -> dict[str, Any] | None:
        self._store()
        done = {code: t for code, t in self._texts.items() if t.get("title") and t.get("teaser")}
        return done or None

    def _switch(self, code: str) -> None:
        self._store()
        self._shown = code
        text = self._texts.get(code, {})
        self.title.setText(text.get("title", ""))
        self.teaser.setText(text.get("teaser", ""))
        for line in (self.title, self.teaser):
            line.setCursorPosition(0)  # a long text shows its start, not its end
        self.key_points.setPlainText("\n".join(text.get("key_points", [])))
        self.summary.setPlainText(text.get("summary", ""))
        reviewed = text.get("reviewed") or {}
        self.reviewed_by.setText(reviewed.get("by", ""))

    def _store(self) -> None:
        if not self._shown:
            return
        old = self._texts.get(self._shown, {})
        points = [p.strip() for p in self.key_points.toPlainText().splitlines() if p.strip()]
        text: dict[str, Any] = {"title": self.title.text().strip(),
                                "teaser": self.teaser.text().strip()}  # fmt: skip
        if points:
            text["key_points"] = points
        if self.summary.toPlainText().strip():
            text["summary"] = self.summary.toPlainText().strip()
        by = self.reviewed_by.text().strip()
        if by:
            previous = old.get("reviewed") or {}
            text["reviewed"] = {"date": previous.get("date") or dt.date.today(), "by": by}
        if old.get("out_of_date") and _words(old) == _words(text):
            text["out_of_date"] = old["out_of_date"]  # not updated yet: still out of date
        self._texts[self._shown] = text

    def mark_out_of_date(self, when: dt.date) -> list[str]:
        """The slide's own text changed: mark each translation not edited since it was loaded
        (``set_translations``); returns their language codes."""
        self._store()
        marked = []
        for code, text in self._texts.items():
            loaded = self._loaded.get(code)
            if loaded is not None and _words(loaded) == _words(text) and text.get("title"):
                text["out_of_date"] = text.get("out_of_date") or when
                marked.append(code)
        return marked


def _words(text: Any) -> tuple[Any, ...]:
    """What a slide or a translation says (not who checked it or when), spaces trimmed."""
    keys = ("title", "teaser", "key_points", "summary")
    if isinstance(text, dict):
        return tuple(_trimmed(text.get(key)) for key in keys)
    return tuple(_trimmed(getattr(text, key, None)) for key in keys)


def _trimmed(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return [_trimmed(item) for item in value] or None
    return value or None


class SlideForm(QWidget):
    """Edits the fields of one slide; ``changed`` fires on every edit (for the live preview)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._slide: Slide | None = None
        self.title = named(QLineEdit(self), "TitleInput")
        self.title.setMaxLength(80)
        self.teaser = named(QLineEdit(self), "TeaserInput")
        self.teaser.setMaxLength(160)
        self.enabled = QCheckBox("Show this slide on the screen", self)
        self.duration = TouchSpinBox(self, first_value=MIN_SECONDS)
        self.duration.setRange(0, MAX_SECONDS)  # 0 shows as "Default"
        self.duration.setSuffix(" s")
        self.duration.setSpecialValueText("Default")
        self.image = named(QLabel("No picture", self), "ImageName")
        self.choose_image = QPushButton("Choose picture\u2026", self)
        self.remove_image = QPushButton("Remove", self)
        self.picture_description = named(QLineEdit(self), "PictureDescriptionInput")
        self.picture_description.setMaxLength(200)
        self.picture_description.setPlaceholderText(
            "What the picture shows, in a few words (read aloud to patients)"
        )
        self.key_points = QPlainTextEdit(self)
        self.key_points.setPlaceholderText("One key point per line (up to 6)")
        self.summary = named(QPlainTextEdit(self), "SummaryInput")
        self.summary.setPlaceholderText("The text patients read when they tap the slide (Markdown)")
        self.clarity = ClarityPanel(self)
        self._swaps: list[clarity.Swap] = clarity.shipped_word_list()
        # Checked a moment after typing stops, not on every key: grading takes a few ms.
        self._clarity_timer = QTimer(self, singleShot=True, interval=300)
        self._clarity_timer.timeout.connect(self.check_clarity)
        self.references = ReferenceEditor(self)
        self.schedule = ScheduleEditor(self)
        self.screens = ScreensPicker(self)
        self.translations = TranslationEditor(self)
        self._languages: list[str] = []
        self.reviewed_on = QDateEdit(self)
        self.reviewed_on.setCalendarPopup(True)
        self.reviewed_on.setDisplayFormat("d MMMM yyyy")
        self.reviewed_by = QLineEdit(self)
        self.reviewed_by.setPlaceholderText("Who checked the text against its sources")
        self.mark_reviewed = QPushButton("Reviewed today", self)
        self.mark_reviewed.clicked.connect(lambda: self.reviewed_on.setDate(QDate.currentDate()))
        self.remove_image.clicked.connect(lambda: self.set_image(None))
        image_row = QHBoxLayout()
        image_row.addWidget(self.image, 1)
        image_row.addWidget(self.choose_image)
        image_row.addWidget(self.remove_image)
        review_row = QHBoxLayout()
        review_row.addWidget(self.reviewed_on)
        review_row.addWidget(self.reviewed_by, 1)
        review_row.addWidget(self.mark_reviewed)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: full width
        form.addRow("Title", self.title)
        form.addRow("Teaser", self.teaser)
        form.addRow("", self.enabled)
        form.addRow("Time on screen", self.duration)
        form.addRow("Picture", image_row)
        form.addRow("Picture description", self.picture_description)
        form.addRow("Key points", self.key_points)
        form.addRow("Summary", self.summary)
        form.addRow("Clear for patients", self.clarity)
        form.addRow("References", self.references)
        form.addRow("Last reviewed", review_row)
        form.addRow("When it shows", self.schedule)
        form.addRow("Shown on", self.screens)
        form.addRow("Translations", self.translations)
        self._image: str | None = None
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.changed)
        edits = (
            self.title.textEdited,
            self.teaser.textEdited,
            self.picture_description.textEdited,
            self.key_points.textChanged,
            self.summary.textChanged,
            self.references.changed,
            self.enabled.toggled,
            self.duration.valueChanged,
            self.reviewed_by.textEdited,
            self.reviewed_on.dateChanged,
            self.schedule.changed,
            self.screens.changed,
            self.translations.changed,
        )
        for signal in edits:
            # Not start itself: a signal's value (a duration, a tick) would become the interval.
            signal.connect(lambda *_: self._debounce.start())
        for signal in (self.title.textEdited, self.teaser.textEdited,
                       self.picture_description.textEdited, self.key_points.textChanged,
                       self.summary.textChanged):  # fmt: skip
            signal.connect(lambda *_: self._clarity_timer.start())

    @property
    def slide(self) -> Slide | None:
        return self._slide

    def set_slide(self, slide: Slide | None) -> None:
        self._slide = slide
        self.setEnabled(slide is not None)
        if slide is None:
            return
        self.title.setText(slide.title)
        self.teaser.setText(slide.teaser)
        for line in (self.title, self.teaser):
            line.setCursorPosition(0)  # a long text shows its start, not its end
        self.enabled.setChecked(slide.enabled)
        self.duration.setValue(slide.duration or 0)
        self.set_image(slide.image)
        self.picture_description.setText(slide.picture_description or "")
        self.key_points.setPlainText("\n".join(slide.key_points))
        self.summary.setPlainText(slide.summary)
        from kiosk.storage.fields import slide_fields

        fields = slide_fields(slide)
        self.references.set_references(fields.get("references", []))
        self.schedule.set_schedule(fields.get("schedule"))
        self.screens.set_screens(slide.screens)
        self.translations.set_translations(self._languages[1:], fields.get("translations", {}))
        reviewed = slide.reviewed
        day = reviewed.date if reviewed else dt.date(2000, 1, 1)
        self.reviewed_on.setDate(QDate(day.year, day.month, day.day))
        self.reviewed_by.setText(reviewed.by if reviewed else "")
        self._debounce.stop()
        self.check_clarity()

    def set_word_list(self, swaps: list[clarity.Swap]) -> None:
        """The shipped plain-words list with the clinic's own additions."""
        self._swaps = list(swaps)

    def clarity_text(self) -> clarity.Text:
        """The slide's text as patients read it in the slide's own language, as typed."""
        points = [p.strip() for p in self.key_points.toPlainText().splitlines() if p.strip()]
        return clarity.Text(
            language=self._languages[0] if self._languages else "en",
            title=self.title.text().strip(),
            teaser=self.teaser.text().strip(),
            key_points=tuple(points),
            summary=self.summary_text(),
            image=self._image,
            picture_description=self.picture_description.text().strip(),
        )

    def check_clarity(self) -> None:
        self._clarity_timer.stop()
        if self._slide is not None:
            self.clarity.show_report(clarity.check(self.clarity_text(), self._swaps))

    def set_known_screens(self, names: list[str]) -> None:
        """The screens "Shown on" offers: named in the content, this one, those reporting in."""
        self.screens.set_known(names)

    def set_languages(self, languages: list[str]) -> None:
        """The deck's languages: the first is the slide's own, the others are translations."""
        self._languages = list(languages)

    def set_image(self, relative: str | None) -> None:
        self._image = relative
        self.image.setText(relative or "No picture")
        self.remove_image.setEnabled(relative is not None)
        self._debounce.start()
        self._clarity_timer.start()

    def fields(self) -> dict[str, Any]:
        """The slide's front matter as edited (the file's other fields are kept by the saver)."""
        assert self._slide is not None
        from kiosk.storage.fields import slide_fields

        fields = slide_fields(self._slide)
        points = [p.strip() for p in self.key_points.toPlainText().splitlines() if p.strip()]
        fields.update(
            title=self.title.text().strip(),
            teaser=self.teaser.text().strip(),
            enabled=self.enabled.isChecked(),
            duration=self.duration.value() or None,
            image=self._image,
            picture_description=self.picture_description.text().strip() or None,
            key_points=points or None,
            references=self.references.references() or None,
            schedule=self.schedule.schedule(),
            screens=self.screens.screens() or None,
            translations=self.translations.translations(),
        )
        date = self.reviewed_on.date()
        if date.year() > 2000:
            fields["reviewed"] = {"date": dt.date(date.year(), date.month(), date.day()),
                                  "by": self.reviewed_by.text().strip() or "Staff"}  # fmt: skip
        return {k: v for k, v in fields.items() if v is not None}

    def own_text_changed(self) -> bool:
        """The slide's words (title, teaser, key points, summary) differ from the file's."""
        if self._slide is None:
            return False
        points = [p.strip() for p in self.key_points.toPlainText().splitlines() if p.strip()]
        edited = {"title": self.title.text(), "teaser": self.teaser.text(),
                  "key_points": points, "summary": self.summary_text()}  # fmt: skip
        return _words(edited) != _words(self._slide)

    def summary_text(self) -> str:
        return self.summary.toPlainText().strip()

    def edited_slide(self) -> tuple[Slide | None, list[str]]:
        """The slide as it would load from disk, or the problems that stop it saving."""
        slide, errors = validate(self.fields(), Slide, exclude=LOADER_FIELDS)
        problems = [f"{'/'.join(map(str, e.path)) or 'slide'}: {e.message}" for e in errors]
        problems += self.screens.problems()
        if slide is None or problems:
            return None, problems
        import msgspec

        assert self._slide is not None
        return msgspec.structs.replace(
            slide, summary=self.summary_text(), file_name=self._slide.file_name
        ), []
