"""Rich text that cannot reach outside the kiosk.

Slide text is Markdown written by staff, and maybe pasted from anywhere. It is shown with raw HTML
off, links shown but never followed, and no resource loaded except the QR images the kiosk puts
in the document itself: no ``file://`` image, no remote fetch.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

MARKDOWN_FEATURES = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | (
    QTextDocument.MarkdownFeature.MarkdownNoHTML
)
#: The scheme of the images the kiosk adds to its own documents (QR codes).
INTERNAL_SCHEME = "kiosk"


def collapsed(fmt: QTextBlockFormat) -> QTextBlockFormat:
    """``fmt`` taking no room at all: no margins, no line height (for a frame's placeholder,
    which else shows as a blank line above the frame: 60 px with Larger text)."""
    fmt.setTopMargin(0)
    fmt.setBottomMargin(0)
    fmt.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    return fmt


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


class SafeDocument(QTextDocument):
    """A text document that loads nothing but what the kiosk added with ``addResource``."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        # Resources added with addResource() are served from the document's cache before Qt
        # calls this. Anything else (file://, http://, a relative path) gets nothing; an image
        # gets a blank pixel, because for a *null* image Qt's image handler would go on to load
        # the file itself, bypassing this method.
        if type == QTextDocument.ResourceType.ImageResource.value:
            return _blank_image()
        return None


class SafeTextBrowser(QTextBrowser):
    """A read-only text view that never follows links or loads files."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def scroll_to_start(self) -> None:
        """The view at the top of the text, its (hidden) cursor there too."""
        self.setTextCursor(QTextCursor(self.document()))
        self.verticalScrollBar().setValue(0)

    def rewind_cursor(self) -> None:
        """Its (hidden) cursor back at the start of the text, the view left where it was.

        Call it after filling the document with cursors of your own: each insertion at the
        view's cursor carries that cursor along to the end of what was inserted, and Qt keeps a
        text view's cursor in view (whenever the view is first shown, for one): a detail filled
        before its screen showed opened scrolled to the end of its key points, not at the top.
        """
        bar = self.verticalScrollBar()
        position = bar.value()
        self.setTextCursor(QTextCursor(self.document()))
        bar.setValue(position)

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return self.document().loadResource(type, name)

    def setSource(self, name: QUrl | str, type: Any = None) -> None:
        """Navigation is refused: a slide is one page."""
