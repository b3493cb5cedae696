"""What would go wrong on the screen itself: the warnings ``--check`` adds for the patient's view.

QR codes that cannot be made, or whose squares would be too small for a phone to read from a
chair at the size the detail screen draws them; and languages offered to patients for which the
kiosk's own words (Back, Tap to read more, ...) have no translation, so they would show in
English. Warnings: the slide still shows (without the code, or with English buttons).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from kiosk.content import files, frontmatter
from kiosk.content.files import SETTINGS_FILE, SLIDES_DIR, UnreadableFileError
from kiosk.content.model import Deck, Slide
from kiosk.content.problems import Problem, Severity
from kiosk.content.qrcodes import QR_MODULE_MIN_PX, QR_SMALL_PX, qr_problem
from kiosk.paths import RESOURCES

#: The kiosk's own words, compiled per language (kiosk_<code>.qm; see README, Languages).
I18N: Final = RESOURCES / "i18n"
#: The language the kiosk's own words are written in.
SOURCE_LANGUAGE: Final = "en"
#: The slide's own code ("Read this on your phone") is drawn larger: 240 px at 1080p.
QR_PAGE_PX: Final = 240


def screen_problems(deck: Deck, i18n: Path = I18N) -> list[Problem]:
    """Warnings about the shown slides' QR codes and the kiosk's words in each language."""
    problems = [*_words_problems(deck, i18n)]
    for slide in deck.enabled_slides:
        problems.extend(_code_problems(deck.folder, slide))
    return problems


def _words_problems(deck: Deck, i18n: Path) -> list[Problem]:
    found = []
    for code in deck.settings.languages:
        if code.split("-")[0].lower() == SOURCE_LANGUAGE:
            continue
        if not (i18n / f"kiosk_{code.replace('-', '_')}.qm").exists():
            message = (
                f"The kiosk's own words (Back, Tap to read more, Larger text, ...) have no {code} "
                f"translation: patients who choose {code} see them in English. Ask for a "
                f"kiosk_{code.replace('-', '_')}.ts translation (README, Languages)."
            )
            found.append(Problem(SETTINGS_FILE, message, None, "languages", Severity.WARNING))
    return found


def _code_problems(folder: Path, slide: Slide) -> list[Problem]:
    name = f"{SLIDES_DIR}/{slide.file_name}"
    document = _document(folder / SLIDES_DIR / slide.file_name)
    found = []
    for index, ref in enumerate(slide.references):
        problem = qr_problem(ref.link, QR_SMALL_PX, QR_MODULE_MIN_PX)
        if problem:
            line = document.line_of(("references", index)) if document else None
            message = f"Reference {index + 1} gets no QR code on the screen: {problem}"
            found.append(Problem(name, message, line, "references", Severity.WARNING, slide.id))
    if slide.read_more:
        problem = qr_problem(slide.read_more, QR_PAGE_PX, QR_MODULE_MIN_PX)
        if problem:
            line = document.line_of(("read_more",)) if document else None
            message = f"The slide's page gets no QR code on the screen: {problem}"
            found.append(Problem(name, message, line, "read_more", Severity.WARNING, slide.id))
    return found


def _document(path: Path) -> frontmatter.Document | None:
    try:
        return frontmatter.split(files.read_text(path, files.MAX_SLIDE_BYTES))
    except UnreadableFileError:
        return None
    except Exception:  # read a moment ago by the loader; a line number is not worth a crash
        return None
