"""What staff mode needs from the screen it opens over: the kiosk window, seen from staff mode.

Staff mode never sees the whole patient window, only this: lend it the screen stack, pause and
resume the slideshow, say what the content and the theme are now, and quit when staff ask.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.content import Deck
    from kiosk.ui.theme import Theme


class ScreenHost(Protocol):
    """The screen staff mode shows its PIN pad and editor on."""

    @property
    def deck(self) -> Deck:
        """The content on screen now."""
        ...

    @property
    def theme(self) -> Theme:
        """The theme the screen is drawn in now (staff screens match it)."""
        ...

    def now(self) -> dt.datetime:
        """The time the schedule goes by."""
        ...

    @property
    def this_screen(self) -> str | None:
        """This screen's name (slides may be meant for some screens only), or None."""
        ...

    def add_screen(self, screen: QWidget) -> None: ...

    def show_screen(self, screen: QWidget) -> None: ...

    def current_screen(self) -> QWidget | None: ...

    def pause_for_staff(self) -> None:
        """Hold the slideshow while staff work."""
        ...

    def resume_from_staff(self) -> None:
        """Back to the patient screens, the slideshow running."""
        ...

    def quit_for_staff(self) -> None:
        """Close the kiosk (the only way out of a locked one)."""
        ...
