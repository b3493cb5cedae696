"""A layout that lines its widgets up like words: as many to a row as fit, then the next row.

Rows of buttons (ready-made notices, durations) stay one row on a wide screen and wrap on a
narrow one (a portrait kiosk) instead of pushing the page wider than the screen. ``stretch``
widens each full row's buttons to the row's width, so the rows end flush.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, stretch: bool = True) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch = stretch
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = max(0, self.spacing())
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = item.sizeHint().width()
            if rows[-1] and used + gap + width > area.width():
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append(item)
        y = area.top()
        for row in rows:
            if not row:
                continue
            height = max(item.sizeHint().height() for item in row)
            if move:
                self._place(row, QPoint(area.left(), y), area.width(), height, gap)
            y += height + gap
        return y - gap - rect.top() + margins.bottom() if y > area.top() else 0

    def _place(self, row: list[QLayoutItem], at: QPoint, width: int, height: int, gap: int) -> None:
        natural = sum(item.sizeHint().width() for item in row) + gap * (len(row) - 1)
        extra = max(0, width - natural) if self._stretch else 0
        x = at.x()
        for index, item in enumerate(row):
            share = extra // len(row) + (1 if index < extra % len(row) else 0)
            item_width = min(width, item.sizeHint().width() + share)
            item.setGeometry(QRect(x, at.y(), item_width, height))
            x += item_width + gap
