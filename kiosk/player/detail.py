"""The detail screen a tap opens: the summary, key points, references with QR codes, and Back."""

from __future__ import annotations

import html
import logging
from urllib.parse import urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QPixmap,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Settings, Slide, markdown
from kiosk.content.citation import format_reference
from kiosk.player.aids import ReadingAids
from kiosk.player.i18n import tr
from kiosk.player.qr import qr_image
from kiosk.player.richtext import INTERNAL_SCHEME, MARKDOWN_FEATURES, SafeTextBrowser
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

log = logging.getLogger(__name__)

# Marked for translation where it is used: tr(NOT_ADVICE) below, listed for lupdate here.
NOT_ADVICE = "This is general information, not medical advice. Please ask us or your doctor."
_ = QT_TRANSLATE_NOOP(
    "", "This is general information, not medical advice. Please ask us or your doctor."
)


class DetailScreen(QWidget):
    """Everything about one slide, readable at arm's length, with one obvious way back."""

    back_requested = Signal()
    #: Slide id, once per reading: the references and their QR codes came into view.
    references_seen = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailScreen")
        self._theme = theme
        self._slide: Slide | None = None
        self._settings = Settings()
        self._references_at = -1  # where the references start in the document (-1: none)
        self._reading = False  # a patient has this screen open (see start_reading)
        self._references_reported = False
        # Checked once layout has settled: after opening, scrolling or resizing.
        self._references_check = QTimer(self, singleShot=True, interval=0)
        self._references_check.timeout.connect(self._report_references_in_view)
        self.back_button = named(QPushButton(self), "BackButton")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back_requested)
        self.title = named(QLabel(self, wordWrap=True), "DetailTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.body = SafeTextBrowser(self)
        self.body.setObjectName("DetailBody")
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Kinetic scrolling by finger (touch arrives as a left-button drag on most kiosks).
        QScroller.grabGesture(
            self.body.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.phone_panel = named(QFrame(self), "PhonePanel")
        self.phone_qr = named(QLabel(self.phone_panel), "PhoneQr")
        self.phone_qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phone_caption = named(QLabel(self.phone_panel, wordWrap=True), "PhoneCaption")
        self.phone_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phone_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.footer = named(QLabel(self, wordWrap=True), "Footer")
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.countdown = named(QLabel(self, wordWrap=True), "Countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.hide()
        self.aids = ReadingAids(theme, self)
        self._build_layout()
        self.set_theme(theme)
        self.retranslate()
        # Not connected straight to start(): valueChanged's number would become the interval.
        self.body.verticalScrollBar().valueChanged.connect(lambda _: self._references_check.start())

    def retranslate(self) -> None:
        """Texts in the current language (the slide itself is localised by the window)."""
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        arrow = "\u2192" if right_to_left else "\u2190"
        back = tr("Back")
        self.back_button.setText(f"{arrow}  {back}")
        self.back_button.setAccessibleName(tr("Back to the slideshow"))
        self.aids.retranslate()
        if self._slide is not None:
            self.show_slide(self._slide, self._settings)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        panel = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.phone_panel)
        panel.addStretch(1)
        panel.addWidget(self.phone_qr)
        panel.addWidget(self.phone_caption)
        panel.addStretch(1)
        self._panel_layout = panel
        self._middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._middle.addWidget(self.body, 1)
        self._middle.addWidget(self.phone_panel, 0)
        self._top = top
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(top)
        self._layout.addLayout(self._middle, 1)
        self._layout.addWidget(self.countdown)
        self._bottom = QBoxLayout(QBoxLayout.Direction.TopToBottom)  # aids, then the notice
        self._bottom.addWidget(self.aids, 0)
        self._bottom.addWidget(self.footer, 1)
        self._layout.addLayout(self._bottom)

    @property
    def slide(self) -> Slide | None:
        return self._slide

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        spacing, margin = theme.px("spacing"), theme.px("margin")
        self._layout.setContentsMargins(margin, spacing, margin, spacing)
        self._layout.setSpacing(spacing)
        self._top.setSpacing(margin)
        self._middle.setSpacing(margin)
        self._panel_layout.setContentsMargins(spacing, spacing, spacing, spacing)
        self._panel_layout.setSpacing(spacing)
        self._bottom.setSpacing(spacing // 2)
        self.aids.set_theme(theme)
        self.phone_panel.setFixedWidth(theme.px("qr_size") + 4 * spacing)
        document = self.body.document()
        document.setDefaultStyleSheet(theme.document_css())
        document.setDefaultFont(theme.font("font_body"))
        document.setDocumentMargin(0)
        if self._slide is not None:
            self.show_slide(self._slide, self._settings)

    def set_portrait(self, portrait: bool) -> None:
        """On a tall screen the phone panel goes under the text instead of beside it, its code
        and caption side by side so that the text keeps the height."""
        down, across = QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.LeftToRight
        self._middle.setDirection(down if portrait else across)
        self._panel_layout.setDirection(across if portrait else down)
        caption_side = Qt.AlignmentFlag.AlignLeft if portrait else Qt.AlignmentFlag.AlignHCenter
        self.phone_caption.setAlignment(caption_side | Qt.AlignmentFlag.AlignVCenter)
        if portrait:
            self.phone_panel.setMinimumWidth(0)
            self.phone_panel.setMaximumWidth(16777215)
        else:
            self.phone_panel.setFixedWidth(
                self._theme.px("qr_size") + 4 * self._theme.px("spacing")
            )

    def show_slide(self, slide: Slide, settings: Settings) -> None:
        """Fill the screen for ``slide`` (cheap to call again for the same slide)."""
        self._slide, self._settings = slide, settings
        self.title.setText(slide.title)
        self._fill_document(slide)
        self._fill_phone_panel(slide)
        self.footer.setText(self._footer_text(slide, settings))
        self.scroll_to_top()
        self.hide_countdown()

    def start_reading(self) -> None:
        """A patient opened this screen: from the top (whoever read it last), and report the
        references once they come into view."""
        self.scroll_to_top()
        self._reading, self._references_reported = True, False
        self._references_check.start()

    def stop_reading(self) -> None:
        self._reading = False

    def references_in_view(self) -> bool:
        """True when the references' heading and first QR code row are on screen."""
        if self._references_at < 0:
            return False
        document = self.body.document()
        block = document.findBlock(self._references_at)
        top = document.documentLayout().blockBoundingRect(block).top()
        bottom = self.body.verticalScrollBar().value() + self.body.viewport().height()
        return top + self._theme.px("qr_small") <= bottom

    def _report_references_in_view(self) -> None:
        if not self._reading or self._references_reported or self._slide is None:
            return
        if self.references_in_view():
            self._references_reported = True
            self.references_seen.emit(self._slide.id)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._references_check.start()

    def scroll_to_top(self) -> None:
        # Filling the document leaves its cursor at the end, which Qt keeps in view.
        self.body.setTextCursor(QTextCursor(self.body.document()))
        self.body.verticalScrollBar().setValue(0)

    def show_countdown(self, seconds: int) -> None:
        message = tr(
            "Going back to the slideshow in {seconds} s. Touch the screen to keep reading."
        )
        self.countdown.setText(message.format(seconds=seconds))
        self.countdown.show()

    def hide_countdown(self) -> None:
        self.countdown.hide()

    def _fill_document(self, slide: Slide) -> None:
        document = self.body.document()
        document.clear()
        self._references_at = -1
        # One edit block: the document is laid out once, at the end. Formatting blocks one by
        # one in a laid-out document lays the whole table out again for each of its cells
        # (a 200-row table took 15 s).
        edit = QTextCursor(document)
        edit.beginEditBlock()
        cursor = QTextCursor(document)
        if slide.key_points:
            self._insert_key_points(cursor, slide.key_points)
            cursor = QTextCursor(document)
            cursor.movePosition(QTextCursor.MoveOperation.End)  # after the box, not in its list
        if slide.summary:
            self._insert_summary(cursor, slide)
        elif not slide.key_points:  # a new slide: its teaser, never an empty page
            cursor.insertText(slide.teaser)
        if slide.references:
            self._insert_references(cursor, document, slide)
        self._space_paragraphs(edit)
        edit.endEditBlock()

    def _insert_summary(self, cursor: QTextCursor, slide: Slide) -> None:
        """The summary as Markdown, or, if it is too big to lay out quickly (the loader refuses
        such slides; an unsaved edit in the preview may still be one), its beginning as text."""
        excess = markdown.too_big(slide.summary)
        if excess is None:
            cursor.insertMarkdown(slide.summary, MARKDOWN_FEATURES)
            return
        log.warning("Slide %s: summary shown as plain text: %s", slide.id, excess.message)
        cursor.insertText(markdown.shortened(slide.summary))

    def _insert_key_points(self, cursor: QTextCursor, points: list[str]) -> None:
        """The key points in a tinted box at the top: what to remember, before the detail."""
        box = QTextFrameFormat()
        box.setBackground(QColor(self._theme.color("surface_alt")))
        box.setPadding(self._theme.px("spacing"))
        box.setBottomMargin(self._theme.px("spacing"))
        cursor.insertFrame(box)
        items = "".join(f"<li>{html.escape(point)}</li>" for point in points)
        heading = html.escape(tr("IN SHORT"))
        cursor.insertHtml(f'<p class="section">{heading}</p><ul>{items}</ul>')

    def _space_paragraphs(self, edit: QTextCursor) -> None:
        """Air between paragraphs and lines: Markdown blocks come with none. Called inside the
        edit block, before any layout, so each block costs the same whatever the document."""
        spacing = self._theme.px("spacing")
        block = edit.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.bottomMargin() < spacing / 2:
                fmt.setBottomMargin(spacing * 0.6)
            fmt.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            edit.setPosition(block.position())
            edit.setBlockFormat(fmt)
            block = block.next()

    def _insert_references(
        self, cursor: QTextCursor, document: QTextDocument, slide: Slide
    ) -> None:
        size = self._theme.px("qr_small")
        rows = []
        for number, ref in enumerate(slide.references, start=1):
            url = QUrl(f"{INTERNAL_SCHEME}:qr/{slide.id}/{number}")
            image = qr_image(ref.link, size)
            document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
            citation = html.escape(format_reference(ref))
            rows.append(
                f'<tr><td class="citation" valign="middle">{number}. {citation}</td>'
                f'<td width="{image.width()}" valign="middle">'
                f'<img src="{url.toString()}" width="{image.width()}" height="{image.height()}">'
                "</td></tr>"
            )
        gap = self._theme.px("spacing")
        sources = html.escape(tr("SOURCES \u2014 scan a code with your phone to read the research"))
        cursor.insertBlock()
        self._references_at = cursor.position()
        cursor.insertHtml(
            f'<p class="section">{sources}</p>'
            f'<table width="100%" cellspacing="0" cellpadding="{gap // 2}">{"".join(rows)}</table>'
        )

    def _fill_phone_panel(self, slide: Slide) -> None:
        link = slide.link
        self.phone_panel.setVisible(link is not None)
        if link is None:
            return
        self.phone_qr.setPixmap(QPixmap.fromImage(qr_image(link, self._theme.px("qr_size"))))
        where = urlsplit(link).netloc.removeprefix("www.")
        self.phone_caption.setText(tr("Read this on your phone") + f"\n({where})")

    def _footer_text(self, slide: Slide, settings: Settings) -> str:
        parts = []
        if slide.reviewed is not None:
            day = slide.reviewed.date
            # The date's layout is translated too: "25 November 2026", "2026年11月25日".
            when = self.locale().toString(QDate(day.year, day.month, day.day), tr("d MMMM yyyy"))
            parts.append(tr("Last reviewed: {date}").format(date=when))
        parts.append(tr(NOT_ADVICE))
        if settings.contact:
            parts.append(settings.contact)
        return "   \u00b7   ".join(parts)
