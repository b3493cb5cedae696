"""Clear for patients, as staff type: the slide's score and findings under the form."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from kiosk.checks import clarity
from kiosk.ui.widgets import named


class ClarityPanel(QWidget):
    """Shows one slide's clear-communication report: a score line, then one line per finding
    (rule, what to change, where, and the PEMAT-P item or CDC index area it comes from)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = named(QLabel(self, wordWrap=True), "ClarityScore")
        self.findings = named(QListWidget(self), "ClarityFindings")
        self.findings.setWordWrap(True)
        # Advice to read, not to pick: no selection, and a touch scrolls it.
        self.findings.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.score)
        layout.addWidget(self.findings)
        self.report: clarity.Report | None = None

    def show_report(self, report: clarity.Report) -> None:
        self.report = report
        grades = report.grades
        grade = f", reading grade {grades.stricter:.1f}" if grades.stricter is not None else ""
        self.score.setText(
            f"Clear for patients: {report.score}% of the checks software can make"
            f" (aim for {clarity.PASSING_SCORE}% or more){grade}."
        )
        self.findings.clear()
        for finding in report.findings:
            self.findings.addItem(str(finding))
        self.findings.setVisible(bool(report.findings))

    def rules(self) -> list[str]:
        """The rules of the findings shown (for tests and the accessible description)."""
        return [self.findings.item(i).text().split(":", 1)[0] for i in range(self.findings.count())]
