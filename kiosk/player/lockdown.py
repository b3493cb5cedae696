"""Patient mode lockdown: the keys and requests that would leave the kiosk do nothing."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

_BLOCKED_KEYS: Final = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_F11, Qt.Key.Key_F4})
_BLOCKED_WITH_CTRL: Final = frozenset({Qt.Key.Key_Q, Qt.Key.Key_W})


def is_escape_key(event: QKeyEvent) -> bool:
    """Escape, F11, Alt+F4, Ctrl+Q and Ctrl+W: the ways out of a full-screen program."""
    key = Qt.Key(event.key())
    ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return key in _BLOCKED_KEYS or (ctrl and key in _BLOCKED_WITH_CTRL)


class LockdownFilter(QObject):
    """An application-wide filter that swallows ways out while ``locked`` is True."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locked = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked:
            return False
        if not isinstance(event, QKeyEvent) or not is_escape_key(event):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # Accepting the override tells Qt a widget wants the key, so no shortcut fires.
            event.accept()
            return True
        return event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
