"""The patient screens in the reader's language: Qt's translation tooling, run at any moment.

Strings are marked with ``tr("...")``; ``pyside6-lupdate`` collects them into
``kiosk/resources/i18n/kiosk_<lang>.ts`` (translated there, by people), ``pyside6-lrelease``
compiles those to ``.qm`` files, which ``Languages`` loads when a patient picks a language.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator

from kiosk.paths import I18N

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """``text`` in the current language (lupdate collects every literal passed here)."""
    return QCoreApplication.translate("", text)


def qt_locale(code: str) -> QLocale:
    """A content language code (``en``, ``es``, ``zh-Hans``) as a QLocale."""
    return QLocale(code.replace("-", "_"))


# Languages by their own names, without a country (Qt says "American English", "Español de
# España"): a patient looks for the name of their language, not of a country.
NATIVE_NAMES: Final = {
    "en": "English", "es": "Español", "zh": "中文", "zh-hans": "中文", "zh-hant": "繁體中文",
    "ar": "العربية", "fr": "Français", "de": "Deutsch", "pt": "Português", "it": "Italiano",
    "vi": "Tiếng Việt", "ko": "한국어", "ja": "日本語", "ru": "Русский", "uk": "Українська",
    "pl": "Polski", "tr": "Türkçe", "fa": "فارسی", "ur": "اردو", "he": "עברית", "hi": "हिन्दी",
    "bn": "বাংলা", "pa": "ਪੰਜਾਬੀ", "tl": "Tagalog", "so": "Soomaali", "ro": "Română",
}  # fmt: skip


def native_name(code: str) -> str:
    """The language's name in itself: English, Español, 中文."""
    known = NATIVE_NAMES.get(code.lower()) or NATIVE_NAMES.get(code.split("-")[0].lower())
    if known:
        return known
    name = qt_locale(code).nativeLanguageName() or code
    return name[:1].upper() + name[1:]


def direction(code: str) -> Qt.LayoutDirection:
    return qt_locale(code).textDirection()


def qm_file(code: str, folder: Path | None = None) -> Path:
    return (folder or I18N) / f"kiosk_{code.replace('-', '_')}.qm"


#: The language the kiosk's own words are written in (the source of every ``tr``).
SOURCE_LANGUAGE: Final = "en"


def number(value: int, locale: QLocale) -> str:
    """``value`` in ``locale``'s digits (١٢ in Arabic where the kiosk speaks Arabic)."""
    return locale.toString(value)


_other_translators: dict[Path, QTranslator | None] = {}


def translate_in(code: str, text: str) -> str:
    """``text`` in language ``code``, whatever language is in use (to measure a button's words
    in every language offered); ``text`` itself where that language has no translation."""
    path = qm_file(code)
    if path not in _other_translators:
        translator: QTranslator | None = QTranslator()
        if translator is not None and not (path.exists() and translator.load(str(path))):
            translator = None
        _other_translators[path] = translator
    found = _other_translators[path]
    return (found.translate("", text) if found is not None else "") or text


class Languages:
    """Installs the translator for one language at a time on the application.

    The installed translator belongs to the application, not to one window: it is a class
    attribute, so a new window (or a test's) never inherits a stale language.
    """

    _translator: QTranslator | None = None

    def __init__(self) -> None:
        self.current = ""
        self.words = SOURCE_LANGUAGE

    @property
    def locale(self) -> QLocale:
        """How the kiosk writes dates, times and numbers: in the language its own words are
        shown in, so that one screen never mixes digits ("Last reviewed:" in English, where
        Arabic has no translation of the kiosk's words, with an English date, not ٢٥)."""
        return qt_locale(self.words)

    def use(self, code: str) -> bool:
        """Switch the UI's own strings to ``code``; False (English shown) when none exist."""
        app = QCoreApplication.instance()
        if Languages._translator is not None and app is not None:
            app.removeTranslator(Languages._translator)
            Languages._translator = None
        self.current = code
        self.words = code if code.split("-")[0].lower() == SOURCE_LANGUAGE else SOURCE_LANGUAGE
        path = qm_file(code)
        if not path.exists():
            return False
        translator = QTranslator()
        if not translator.load(str(path)):
            log.warning("Could not load the translation %s", path)
            return False
        if app is not None:
            app.installTranslator(translator)
        Languages._translator = translator
        self.words = code
        return True
