"""Staff see a slide's clear-communication findings appear and go as they type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import Slide
from kiosk.staff.slide_form import SlideForm

EASY = (
    "You can ask us about your back. We will talk with you. Tell us where it hurts. "
    "We look at how you move. Then we make a plan with you. You can stop at any time. "
    "Bring your list of pills. Ask at the desk if you have a question."
)
SLIDE = Slide(
    id="visit",
    title="Your visit",
    teaser="What happens when you see us.",
    key_points=["Ask us about your back.", "Bring your list of pills."],
    summary=EASY,
)


def open_form(qtbot: QtBot) -> SlideForm:
    form = SlideForm()
    qtbot.addWidget(form)
    form.resize(900, 1400)
    form.set_languages(["en"])
    form.set_slide(SLIDE)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_typing_a_formal_word_shows_a_finding_and_deleting_it_clears_it(qtbot: QtBot) -> None:
    form = open_form(qtbot)
    panel = form.clarity
    assert panel.rules() == [] and "100%" in panel.score.text()
    form.summary.setFocus()
    form.summary.moveCursor(QTextCursor.MoveOperation.End)
    typed = "Please utilize the desk."
    QTest.keyClick(form.summary, Qt.Key.Key_Return)  # a new line: the finding names line 2
    QTest.keyClicks(form.summary, typed)
    qtbot.waitUntil(lambda: panel.rules() == ["Formal word"])
    finding = panel.findings.item(0).text()
    assert "'utilize': say 'use'" in finding and "summary line 2" in finding
    assert "PEMAT-P item 3" in finding and panel.findings.isVisibleTo(form)
    assert "100%" not in panel.score.text()
    for _ in range(len(typed) + 1):
        QTest.keyClick(form.summary, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: panel.rules() == [])
    assert "100%" in panel.score.text() and not panel.findings.isVisibleTo(form)


def test_a_picture_without_a_description_is_a_finding_until_described(qtbot: QtBot) -> None:
    form = open_form(qtbot)
    form.set_image("images/back.jpg")
    qtbot.waitUntil(lambda: form.clarity.rules() == ["Picture description"])
    QTest.keyClicks(form.picture_description, "A nurse shows a stretch.")
    qtbot.waitUntil(lambda: form.clarity.rules() == [])
    assert form.fields()["picture_description"] == "A nurse shows a stretch."
