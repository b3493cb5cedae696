"""The form that edits one slide: text, timing, picture, references, review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Reference, Slide
from kiosk.content.citation import format_reference
from kiosk.content.model import LOADER_FIELDS
from kiosk.content.validation import validate
from kiosk.player.widgets import named

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
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 600)
        self.duration.setSuffix(" s")
        self.duration.setSpecialValueText("Default")
        self.image = named(QLabel("No picture", self), "ImageName")
        self.choose_image = QPushButton("Choose picture\u2026", self)
        self.remove_image = QPushButton("Remove", self)
        self.key_points = QPlainTextEdit(self)
        self.key_points.setPlaceholderText("One key point per line (up to 6)")
        self.summary = named(QPlainTextEdit(self), "SummaryInput")
        self.summary.setPlaceholderText("The text patients read when they tap the slide (Markdown)")
        self.references = ReferenceEditor(self)
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
        form.addRow("Key points", self.key_points)
        form.addRow("Summary", self.summary)
        form.addRow("References", self.references)
        form.addRow("Last reviewed", review_row)
        self._image: str | None = None
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.changed)
        edits = (
            self.title.textEdited,
            self.teaser.textEdited,
            self.key_points.textChanged,
            self.summary.textChanged,
            self.references.changed,
            self.enabled.toggled,
            self.duration.valueChanged,
            self.reviewed_by.textEdited,
            self.reviewed_on.dateChanged,
        )
        for signal in edits:
            signal.connect(self._debounce.start)

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
        self.enabled.setChecked(slide.enabled)
        self.duration.setValue(slide.duration or 0)
        self.set_image(slide.image)
        self.key_points.setPlainText("\n".join(slide.key_points))
        self.summary.setPlainText(slide.summary)
        from kiosk.storage.slides import slide_fields

        self.references.set_references(slide_fields(slide).get("references", []))
        reviewed = slide.reviewed
        day = reviewed.date if reviewed else dt.date(2000, 1, 1)
        self.reviewed_on.setDate(QDate(day.year, day.month, day.day))
        self.reviewed_by.setText(reviewed.by if reviewed else "")
        self._debounce.stop()

    def set_image(self, relative: str | None) -> None:
        self._image = relative
        self.image.setText(relative or "No picture")
        self.remove_image.setEnabled(relative is not None)
        self._debounce.start()

    def fields(self) -> dict[str, Any]:
        """The slide's front matter as edited (the file's other fields are kept by the saver)."""
        assert self._slide is not None
        from kiosk.storage.slides import slide_fields

        fields = slide_fields(self._slide)
        points = [p.strip() for p in self.key_points.toPlainText().splitlines() if p.strip()]
        fields.update(
            title=self.title.text().strip(),
            teaser=self.teaser.text().strip(),
            enabled=self.enabled.isChecked(),
            duration=self.duration.value() or None,
            image=self._image,
            key_points=points or None,
            references=self.references.references() or None,
        )
        date = self.reviewed_on.date()
        if date.year() > 2000:
            fields["reviewed"] = {"date": dt.date(date.year(), date.month(), date.day()),
                                  "by": self.reviewed_by.text().strip() or "Staff"}  # fmt: skip
        return {k: v for k, v in fields.items() if v is not None}

    def summary_text(self) -> str:
        return self.summary.toPlainText().strip()

    def edited_slide(self) -> tuple[Slide | None, list[str]]:
        """The slide as it would load from disk, or the problems that stop it saving."""
        slide, errors = validate(self.fields(), Slide, exclude=LOADER_FIELDS)
        problems = [f"{'/'.join(map(str, e.path)) or 'slide'}: {e.message}" for e in errors]
        if slide is None:
            return None, problems
        import msgspec

        assert self._slide is not None
        return msgspec.structs.replace(
            slide, summary=self.summary_text(), file_name=self._slide.file_name
        ), []
