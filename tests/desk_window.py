"""A desk editor window on a real folder, shown as staff open it at the reception PC."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.app.desk import DeskEditor

#: The reception PC the desk editor is built for.
RECEPTION_PC = (1366, 768)


def shown_desk(
    qtbot: QtBot, folder: Path, *, poll_ms: int = 50, size: tuple[int, int] | None = RECEPTION_PC
) -> DeskEditor:
    """The desk editor on ``folder``, shown (at ``size``; None: its own size) and exposed.
    ``poll_ms``: how often it looks for changes (long: a test that wants no reload)."""
    desk = DeskEditor(folder, poll_ms=poll_ms)
    qtbot.addWidget(desk)
    if size is not None:
        desk.resize(*size)
    desk.show()
    qtbot.waitExposed(desk)
    return desk
