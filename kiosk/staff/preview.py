"""The slide form's preview: a picture of the detail screen exactly as patients will see it.

The detail screen is laid out at the kiosk's own size and drawn into a picture that is scaled
to fit the editor. Laying it out in the editor's narrow column instead broke its words one
syllable a line, which is not what patients see.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.content import Settings, Slide
from kiosk.player.detail import DetailScreen
from kiosk.ui.theme import Theme, scale_for

#: The screen the picture is laid out on (the kiosk's; portrait swaps it).
SCREEN: Final = QSize(1920, 1080)


class SlidePreview(QWidget):
    """Shows ``show_slide``'s detail screen as a picture that keeps the screen's shape."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SlidePreview")
        self.setAccessibleName("What patients see when they tap the slide")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._border = QColor(theme.color("border"))
        self._screen_size = QSize(SCREEN)
        theme = theme.scaled(scale_for(SCREEN.width(), SCREEN.height())).with_text_scale(1.0)
        self.detail = DetailScreen(theme)  # a window of its own, never on screen
        self.detail.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.detail.back_button.hide()  # a picture of the patient's view, not a control
        self.detail.aids.hide()
        self.detail.setStyleSheet(theme.stylesheet())
        self.detail.resize(SCREEN)
        self.destroyed.connect(self.detail.deleteLater)
        self._picture = QPixmap()
        # Typing fires many changes; one picture is drawn once they pause (layout is costly).
        self._redraw = QTimer(self, singleShot=True, interval=0)
        self._redraw.timeout.connect(self._draw)

    def set_portrait(self, portrait: bool) -> None:
        """Draw the screen as a portrait kiosk shows it."""
        size = SCREEN.transposed() if portrait else QSize(SCREEN)
        if size != self._screen_size:
            self._screen_size = size
            self.detail.resize(size)
            self.detail.set_portrait(portrait)
            self.updateGeometry()
            self._redraw.start()

    def show_slide(self, slide: Slide, settings: Settings) -> None:
        self.detail.show_slide(slide, settings)
        self._redraw.start()

    def picture(self) -> QPixmap:
        """The last picture drawn (for tests: what the preview shows)."""
        if self._redraw.isActive():
            self._redraw.stop()
            self._draw()
        return self._picture

    def _draw(self) -> None:
        if not self.detail.isVisible():
            self.detail.show()  # not on screen (WA_DontShowOnScreen): only laid out
        self._picture = self.detail.grab()
        self.update()

    def sizeHint(self) -> QSize:
        return self._screen_size.scaled(480, 480, Qt.AspectRatioMode.KeepAspectRatio)

    def minimumSizeHint(self) -> QSize:
        return self._screen_size.scaled(160, 160, Qt.AspectRatioMode.KeepAspectRatio)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        size = self._screen_size.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(self.rect().center())
        target.moveTop(0)
        if not self._picture.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, self._picture)
        painter.setPen(self._border)
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        painter.end()
