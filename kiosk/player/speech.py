"""Read aloud: the slide's text spoken by the system's voice, where the machine has one.

QtTextToSpeech is loaded after the first slide is on screen (it pulls in the multimedia stack,
which start-up does not need). With no working voice engine the button stays hidden: a kiosk
never shows a control that does nothing. ``KIOSK_SPEECH_ENGINE`` picks an engine by name
(tests use Qt's ``mock`` engine; ``none`` switches speech off).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Final

from PySide6.QtCore import QLocale, QObject, Signal

log = logging.getLogger(__name__)

ENGINE_VARIABLE: Final = "KIOSK_SPEECH_ENGINE"
#: Engines that speak out loud, best first. Qt's "mock" engine is silent: for tests only.
PREFERRED: Final = ("speechd", "flite", "sapi", "winrt", "darwin", "android")


class ReadAloud(QObject):
    """Speaks text in a language; ``available`` tells whether there is a voice to do it."""

    availability_changed = Signal(bool)
    speaking_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine: Any = None
        self.available = False
        self.speaking = False

    def start(self) -> None:
        """Look for a working voice engine (call once the screen is up)."""
        wanted = os.environ.get(ENGINE_VARIABLE, "")
        if wanted == "none":
            return
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # Addons missing, or libpulse0 (Linux) not installed
            log.info("Read aloud unavailable: %s", exc)
            return
        engines = QTextToSpeech.availableEngines()
        choices = [wanted] if wanted else [e for e in PREFERRED if e in engines]
        for name in choices:
            engine = QTextToSpeech(name, self)
            if engine.state() != QTextToSpeech.State.Error:
                self._engine = engine
                engine.stateChanged.connect(self._on_state)
                log.info("Read aloud with the %s voice engine", name)
                break
            engine.deleteLater()
        self.available = self._engine is not None
        if not self.available:
            log.info(
                "Read aloud hidden: no voice engine works here (tried: %s); "
                "install speech-dispatcher for a voice",
                ", ".join(choices) or "none found",
            )
        self.availability_changed.emit(self.available)

    def say(self, text: str, language: str) -> bool:
        """Speak ``text`` (in ``language``, if the engine has a voice for it)."""
        if self._engine is None or not text.strip():
            return False
        locale = QLocale(language.replace("-", "_"))
        matching = [
            loc for loc in self._engine.availableLocales() if loc.language() == locale.language()
        ]
        if matching:
            self._engine.setLocale(matching[0])
        self._engine.say(text)
        return True

    def stop(self) -> None:
        if self._engine is not None and self.speaking:
            self._engine.stop()

    def _on_state(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speaking = state == QTextToSpeech.State.Speaking
        if speaking != self.speaking:
            self.speaking = speaking
            self.speaking_changed.emit(speaking)
