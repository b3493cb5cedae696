"""The detail screen a tap opens: the summary, key points, references with QR codes, and Back."""

from __future__ import annotations

import html
import logging
from typing import Final
from urllib.parse import urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
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
from kiosk.content.qrcodes import QrError
from kiosk.player.aids import ReadingAids
from kiosk.player.fit import FittedLabel
from kiosk.player.i18n import number, tr
from kiosk.player.qr import QrView, qr_image
from kiosk.player.richtext import (
    INTERNAL_SCHEME,
    MARKDOWN_FEATURES,
    SafeTextBrowser,
    collapsed,
)
from kiosk.ui.theme import Theme
from kiosk.ui.widgets import named

#: DOIs up to this long are kept on one line; a longer one may wrap rather than run off.
UNBROKEN_DOI_MAX: Final = 60

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
        self._text_families: list[str] = []
        self._text_direction: Qt.LayoutDirection | None = None
        self._references_reported = False
        # Checked once layout has settled: after opening, scrolling or resizing.
        self._references_check = QTimer(self, singleShot=True, interval=0)
        self._references_check.timeout.connect(self._report_references_in_view)
        self.back_button = named(QPushButton(self), "BackButton")
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back_requested)
        self.title = named(FittedLabel(self), "DetailTitle")
        # Long words break; it shrinks rather than take the text's room, a third line is "…".
        self.title.set_grows(max_lines=2, min_scale=0.7)
        self.body = SafeTextBrowser(self)
        self.body.setObjectName("DetailBody")
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setMinimumHeight(0)  # the text gives way to Back, the aids and the notice
        # Each reference's code must fit the text's height whole: redone when that changes.
        self._codes_px = 0
        self._phone_readable = False
        # The slide's own code, drawn in the text (with the references) where the panel has
        # no room for it whole: smaller, scrolled to, but never left out.
        self._page_code_in_text = False
        self.body.viewport().installEventFilter(self)
        # Kinetic scrolling by finger (touch arrives as a left-button drag on most kiosks).
        QScroller.grabGesture(
            self.body.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.phone_panel = named(QFrame(self), "PhonePanel")
        self.phone_qr = named(QrView(self.phone_panel), "PhoneQr")
        self.phone_caption = named(QLabel(self.phone_panel, wordWrap=True), "PhoneCaption")
        self.phone_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phone_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.footer = named(FittedLabel(self), "Footer")
        # Every line it needs (the advice notice is never cut short), a little smaller on a
        # crowded screen.
        self.footer.set_grows(min_scale=0.8)
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
        panel.addStretch(0)
        panel.addWidget(self.phone_qr, 1)  # it shrinks to the room left, while phones read it
        panel.addWidget(self.phone_caption)
        panel.addStretch(0)
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

    def set_text_language(self, families: list[str], direction: Qt.LayoutDirection) -> None:
        """The slide's text in its own language's fonts and direction (an English slide read
        while Arabic is chosen runs left to right with a Latin font's line spacing)."""
        if (families, direction) == (self._text_families, self._text_direction):
            return
        self._text_families, self._text_direction = families, direction
        self.title.set_text_language(families, direction)
        self.body.setLayoutDirection(direction)
        self._apply_text_language()

    def _apply_text_language(self) -> None:
        document = self.body.document()
        font = self._theme.font("font_body")
        if self._text_families:
            font.setFamilies(self._text_families)
        document.setDefaultFont(font)
        option = document.defaultTextOption()
        # Each paragraph in its own direction: a key point not yet translated stays English.
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        document.setDefaultTextOption(option)

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
        self.title.set_max_height(round(theme.px("button_height") * 1.5))
        self.title.set_font_chooser(theme.families_for_text)
        self.footer.set_font_chooser(theme.families_for_text)
        self.footer.set_max_height(round(theme.px("font_small") * 2.8))
        document = self.body.document()
        document.setDefaultStyleSheet(theme.document_css())
        document.setDocumentMargin(0)
        self._apply_text_language()
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
        self._fit_phone_panel()

    def show_slide(self, slide: Slide, settings: Settings) -> None:
        """Fill the screen for ``slide`` (cheap to call again for the same slide)."""
        self._slide, self._settings = slide, settings
        self.title.setText(slide.title)
        self._fill_phone_panel(slide)  # first: it decides whether the text holds its code
        self._fill_document(slide)
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
        self.body.scroll_to_start()

    def show_countdown(self, seconds: int) -> None:
        message = tr(
            "Going back to the slideshow in {seconds} s. Touch the screen to keep reading."
        )
        self.countdown.setText(message.format(seconds=number(seconds, self.locale())))
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
        if slide.image and slide.picture_description:
            # What the slide's picture shows, in words: read aloud with the rest of the page.
            cursor.insertHtml(f"<p><i>{html.escape(slide.picture_description)}</i></p>")
            cursor.insertBlock()
        if slide.summary:
            self._insert_summary(cursor, slide)
        elif not slide.key_points:  # a new slide: its teaser, never an empty page
            cursor.insertText(slide.teaser)
        if self._page_code_in_text and slide.link is not None:
            self._insert_page_code(cursor, document, slide, slide.link)
        if slide.references:
            self._insert_references(cursor, document, slide)
        self._space_paragraphs(edit, box_first=bool(slide.key_points))
        edit.endEditBlock()
        self.body.rewind_cursor()  # else the first showing scrolls to where filling ended

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

    def _space_paragraphs(self, edit: QTextCursor, *, box_first: bool) -> None:
        """Air between paragraphs and lines: Markdown blocks come with none. Called inside the
        edit block, before any layout, so each block costs the same whatever the document."""
        spacing = self._theme.px("spacing")
        block = edit.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            if block.position() == 0 and block.length() == 1 and box_first:
                # The empty paragraph Qt keeps before the key points' box: it takes no room.
                # (Found by position: asking Qt for the frames here gave Python wrappers of
                # frames the next fill deletes, and the test suite crashed 1 run in 5.)
                fmt = collapsed(fmt)
            else:
                if fmt.bottomMargin() < spacing / 2:
                    fmt.setBottomMargin(spacing * 0.6)
                fmt.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            edit.setPosition(block.position())
            edit.setBlockFormat(fmt)
            block = block.next()

    def _insert_references(
        self, cursor: QTextCursor, document: QTextDocument, slide: Slide
    ) -> None:
        size, smallest = self._code_px(), self._theme.px("qr_module_min")
        self._codes_px = size
        rows = []
        for index, ref in enumerate(slide.references, start=1):
            citation = _unbroken_doi(html.escape(format_reference(ref)), ref.doi_id)
            shown = number(index, self.locale())  # the screen's digits, as its dates
            rows.append(
                f'<tr><td class="citation" valign="middle">{shown}. {citation}</td>'
                f"{self._reference_code(document, slide, index, ref.link, size, smallest)}</tr>"
            )
        gap = self._theme.px("spacing")
        sources = html.escape(tr("SOURCES \u2014 scan a code with your phone to read the research"))
        cursor.insertBlock()
        self._references_at = cursor.position()
        cursor.insertHtml(
            f'<p class="section">{sources}</p>'
            f'<table width="100%" cellspacing="0" cellpadding="{gap // 2}">{"".join(rows)}</table>'
        )

    def _insert_page_code(
        self, cursor: QTextCursor, document: QTextDocument, slide: Slide, link: str
    ) -> None:
        """The slide's own page as a code in the text: the panel beside or under the text had
        no room for it whole (Larger text, a notice, a low screen)."""
        size = self._code_px()
        self._codes_px = size
        try:
            image = qr_image(link, size, self._theme.px("qr_module_min"))
        except QrError:  # not even the text's window holds it: the panel's caption is all
            log.info("Slide %s: no room for its page's code", slide.id)
            return
        url = QUrl(f"{INTERNAL_SCHEME}:qr/{slide.id}/page")
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        words = html.escape(tr("Read this on your phone"))
        gap = self._theme.px("spacing")
        cursor.insertBlock()
        cursor.insertHtml(
            f'<table width="100%" cellspacing="0" cellpadding="{gap // 2}"><tr>'
            f'<td class="citation" valign="middle">{words}</td>'
            f'<td width="{image.width()}" valign="middle" align="center">'
            f'<img src="{url.toString()}" width="{image.width()}" height="{image.height()}">'
            f'<br><span class="qr-label">{html.escape(_host(link))}</span></td></tr></table>'
        )

    def _reference_code(
        self, document: QTextDocument, slide: Slide, index: int, link: str, size: int, least: int
    ) -> str:
        """The table cell with reference ``index``'s code, labelled with its number and where
        it leads; where no readable code can be made, a cell that says so."""
        shown = number(index, self.locale())
        try:
            image = qr_image(link, size, least)
        except QrError:
            words = html.escape(tr("No code for this source"))
            return f'<td width="{size}" valign="middle" class="qr-label">{shown}: {words}</td>'
        url = QUrl(f"{INTERNAL_SCHEME}:qr/{slide.id}/{index}")
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        label = html.escape(f"{shown} \u00b7 {_host(link)}")
        return (
            f'<td width="{image.width()}" valign="middle" align="center">'
            f'<img src="{url.toString()}" width="{image.width()}" height="{image.height()}">'
            f'<br><span class="qr-label">{label}</span></td>'
        )

    def _code_px(self) -> int:
        """A reference's code: the theme's size, or less where the text's window is lower
        (never so low that a code could not be seen whole)."""
        size = self._theme.px("qr_small")
        room = self.body.viewport().height() - self._theme.px("spacing")
        return min(size, room) if room > 0 else size

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_phone_panel()
            slide = self._slide
            has_codes = slide is not None and (slide.references or self._page_code_in_text)
            if slide is not None and has_codes and self._code_px() != self._codes_px:
                position = self.body.verticalScrollBar().value()
                self._fill_document(slide)
                self.body.verticalScrollBar().setValue(position)
        return super().eventFilter(watched, event)

    def _fill_phone_panel(self, slide: Slide) -> None:
        """The slide's own web page as a code, only when it has one (``read_more``), and only
        when a phone can read it at the size it gets; else no panel at all."""
        link = slide.link
        readable = link is not None and self.phone_qr.set_code(
            link, self._theme.px("qr_size"), self._theme.px("qr_module_min")
        )
        self._phone_readable = readable
        self.phone_panel.setVisible(readable)
        if link is not None and readable:
            self.phone_caption.setText(tr("Read this on your phone") + f"\n({_host(link)})")
        self._fit_phone_panel()

    @property
    def reference_code_px(self) -> int:
        """The side of the references' codes as last drawn (0 before any)."""
        return self._codes_px

    @property
    def page_code_in_text(self) -> bool:
        """The slide's own code is in the text (the panel had no room for it whole)."""
        return self._page_code_in_text

    def _fit_phone_panel(self) -> None:
        """The panel beside the text (a wide screen) or under it (a tall one), where it holds
        the code and its caption whole and leaves the text room for a reference's code; where
        it does not, the code goes into the text instead (never a cut one, never none)."""
        fits = self._phone_readable and self._panel_fits()
        self.phone_panel.setVisible(fits)
        self._set_page_code_in_text(self._phone_readable and not fits)

    def _panel_fits(self) -> bool:
        margins = self._panel_layout.contentsMargins()
        if self._middle.direction() != QBoxLayout.Direction.LeftToRight:
            # Under the text: the text keeps room for a reference's code whole. Measured on
            # the panel's own height, whether it shows now or not, so that hiding it (which
            # gives the text more room) never makes it fit again, and back.
            panel = self.phone_panel.sizeHint().height() + self._middle.spacing()
            text = self.body.height() + (panel if self.phone_panel.isVisible() else 0)
            needed = self.phone_qr.minimumSizeHint().height() + margins.top() + margins.bottom()
            panel = max(panel, needed + self._middle.spacing())
            return text - panel >= self._theme.px("qr_small") + self._theme.px("spacing")
        # Beside the text its width is fixed, whether it shows now or not.
        width = self.phone_panel.maximumWidth() - margins.left() - margins.right()
        needed = (
            self.phone_qr.minimumSizeHint().height()
            + self.phone_caption.heightForWidth(max(1, width))
            + margins.top() + margins.bottom() + self._panel_layout.spacing()
        )  # fmt: skip
        # A spacing to spare: the panel's own layout rounds the caption's lines a few pixels
        # shorter than measured here (a caption 3 px short cut its last line).
        return self.body.height() >= needed + self._panel_layout.spacing()

    def _set_page_code_in_text(self, in_text: bool) -> None:
        if in_text == self._page_code_in_text:
            return
        self._page_code_in_text = in_text
        if self._slide is not None:
            position = self.body.verticalScrollBar().value()
            self._fill_document(self._slide)
            self.body.verticalScrollBar().setValue(position)

    def _footer_text(self, slide: Slide, settings: Settings) -> str:
        parts = []
        if slide.reviewed is not None:
            day = slide.reviewed.date
            # The date's layout is translated too: "25 November 2026", "2026年11月25日".
            when = self.locale().toString(QDate(day.year, day.month, day.day), tr("d MMMM yyyy"))
            parts.append(tr("Last reviewed: {date}").format(date=when))
        parts.append(settings.not_advice or tr(NOT_ADVICE))  # the clinic's own wording first
        if settings.contact:
            parts.append(settings.contact)
        return "   \u00b7   ".join(parts)


def _host(link: str) -> str:
    """``doi.org`` for ``https://doi.org/...``; the link itself where it has no host."""
    try:
        host = urlsplit(link).hostname or ""
    except ValueError:  # 'http://[::1' and the like: shown, never a crash
        host = ""
    return host.removeprefix("www.") or link[:40]


def _unbroken_doi(citation: str, doi: str | None) -> str:
    """``citation`` with its DOI joined so that no line break falls inside it (a DOI typed
    from two half lines is a wrong DOI)."""
    if not doi or len(doi) > UNBROKEN_DOI_MAX:
        return citation
    joined = "\u2060".join(doi)  # WORD JOINER: no break between these characters
    return citation.replace(f"doi:{html.escape(doi)}", f"doi:\u2060{html.escape(joined)}")
