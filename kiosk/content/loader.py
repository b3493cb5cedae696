"""Loading a content folder into a deck, with every problem found along the way.

The loader never raises for anything in the folder: a bad slide is left out and reported, a bad
setting falls back to its default and is reported, and the rest of the deck still loads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

import msgspec

from kiosk.content import files, frontmatter, yaml_advice
from kiosk.content.files import SETTINGS_FILE, SLIDE_SUFFIX, SLIDES_DIR, UnreadableFileError
from kiosk.content.model import IMAGE_SUFFIXES, LOADER_FIELDS, Deck, Settings, Slide
from kiosk.content.problems import LoadResult, Problem, Severity
from kiosk.content.validation import FieldError, validate

log = logging.getLogger(__name__)

#: A waiting room needs dozens; thousands means a wrong folder was chosen.
MAX_SLIDES: Final = 2000


def load_deck(folder: Path) -> LoadResult:
    """Load ``folder`` (settings.yaml, slides/*.md, images/...)."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        message = f"The content folder {what}. Choose the folder that holds settings.yaml."
        return LoadResult(Deck(folder=folder), (Problem(str(folder), message),))
    problems: list[Problem] = []
    settings = _load_settings(folder, problems)
    slides = _load_slides(folder, problems)
    deck = Deck(folder=folder, settings=settings, slides=tuple(slides))
    return LoadResult(deck, tuple(problems))


def _load_settings(folder: Path, problems: list[Problem]) -> Settings:
    path = folder / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        text = files.read_text(path, files.MAX_SETTINGS_BYTES)
        raw = frontmatter.parse_yaml(text)
    except UnreadableFileError as exc:
        problems.append(
            Problem(SETTINGS_FILE, f"{exc.message} Default settings are used.", exc.line)
        )
        return Settings()
    problems.extend(lost_word_problems(SETTINGS_FILE, text))
    if raw is None:
        return Settings()
    kept = raw
    while True:
        settings, errors = validate(kept, Settings)
        if settings is not None:
            return settings
        found = _field_problems(SETTINGS_FILE, errors, lambda p: frontmatter.yaml_line(raw, p) + 1)
        problems.extend(
            Problem(p.file, f"{p.message} {_settings_fallback(p)}", p.line, p.field) for p in found
        )
        # Keep every good setting: drop only the fields at fault and try again. Checks across
        # a whole field (an unknown time zone) only run once every field has the right type, so
        # a second round can find more.
        bad_keys = {str(error.path[0]) for error in errors if error.path}
        if not isinstance(kept, dict) or not bad_keys & {str(k) for k in kept}:
            return Settings()
        kept = {k: v for k, v in kept.items() if str(k) not in bad_keys}


def _settings_fallback(problem: Problem) -> str:
    known = problem.field in {f.encode_name for f in msgspec.structs.fields(Settings)}
    return "The default is used instead." if known else "This line is ignored."


def _load_slides(folder: Path, problems: list[Problem]) -> list[Slide]:
    slides_dir = folder / SLIDES_DIR
    if not slides_dir.is_dir():
        problems.append(
            Problem(SLIDES_DIR, "There is no 'slides' folder here, so there is nothing to show.")
        )
        return []
    paths = sorted(_slide_files(slides_dir))
    if not paths:
        problems.append(Problem(SLIDES_DIR, "The slides folder has no slide files (.md)."))
        return []
    if len(paths) > MAX_SLIDES:
        problems.append(
            Problem(
                SLIDES_DIR,
                f"There are {len(paths)} slide files; only the first {MAX_SLIDES} are used.",
            )
        )
        paths = paths[:MAX_SLIDES]
    id_lines: dict[str, int] = {}
    loaded = (_load_slide(folder, path, problems, id_lines) for path in paths)
    slides = [s for s in loaded if s is not None]
    unique = list(_without_duplicate_ids(slides, problems, id_lines))
    return sorted(unique, key=lambda s: (s.order, s.file_name))


def _slide_files(slides_dir: Path) -> Iterator[Path]:
    try:
        entries = list(slides_dir.iterdir())
    except OSError:
        return
    for path in entries:
        if path.suffix.lower() == SLIDE_SUFFIX and not files.is_temporary(path) and path.is_file():
            yield path


def _load_slide(
    folder: Path, path: Path, problems: list[Problem], id_lines: dict[str, int]
) -> Slide | None:
    name = f"{SLIDES_DIR}/{path.name}"
    try:
        text = files.read_text(path, files.MAX_SLIDE_BYTES)
        document = frontmatter.split(text)
    except UnreadableFileError as exc:
        problems.append(Problem(name, f"{exc.message} This slide is not shown.", exc.line))
        return None
    except Exception:  # a parser bug must cost one slide, never the deck
        log.exception("Unexpected failure reading %s", path)
        problems.append(Problem(name, "This file could not be read. This slide is not shown.", 1))
        return None
    slide, errors = validate(document.fields, Slide, exclude=LOADER_FIELDS)
    if slide is None:
        slide_id = _raw_id(document.fields)
        found = _field_problems(name, errors, document.line_of, slide_id)
        problems.extend(found)
        problems.append(
            Problem(
                name,
                "This slide is not shown until the problems above are fixed.",
                1,
                slide_id=slide_id,
            )
        )
        return None
    slide = msgspec.structs.replace(slide, summary=document.body, file_name=path.name)
    problems.extend(lost_word_problems(name, text, slide.id))
    id_lines[path.name] = document.line_of(("id",))
    return _check_image(folder, name, slide, document, problems)


def _check_image(
    folder: Path, name: str, slide: Slide, document: frontmatter.Document, problems: list[Problem]
) -> Slide | None:
    if slide.image is None:
        return slide
    line = document.line_of(("image",))
    target = files.resolve_inside(folder, slide.image)
    if target is None:
        problems.append(
            Problem(
                name,
                f"image: '{slide.image}' is outside the content folder. Put the picture in the "
                "images folder and write images/<name>. This slide is not shown.",
                line,
                "image",
                slide_id=slide.id,
            )
        )
        return None
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        kinds = ", ".join(sorted(s.lstrip(".") for s in IMAGE_SUFFIXES))
        problems.append(
            Problem(
                name,
                f"image: '{slide.image}' is not a picture the kiosk can show ({kinds}). "
                "This slide is not shown.",
                line,
                "image",
                slide_id=slide.id,
            )
        )
        return None
    if not target.is_file():
        problems.append(
            Problem(
                name,
                f"image: '{slide.image}' was not found; a plain background is shown "
                "instead. Check the file name.",
                line,
                "image",
                Severity.WARNING,
                slide.id,
            )
        )
    return slide


def _without_duplicate_ids(
    slides: Iterable[Slide], problems: list[Problem], id_lines: dict[str, int]
) -> Iterator[Slide]:
    seen: dict[str, Slide] = {}
    for slide in slides:
        first = seen.get(slide.id)
        if first is None:
            seen[slide.id] = slide
            yield slide
            continue
        problems.append(
            Problem(
                f"{SLIDES_DIR}/{slide.file_name}",
                f"id: '{slide.id}' is already used by {SLIDES_DIR}/{first.file_name}. Give this "
                "slide another id. This slide is not shown.",
                id_lines.get(slide.file_name, 2),
                "id",
                slide_id=slide.id,
            )
        )


def _field_problems(
    file: str, errors: Iterable[FieldError], line_of: Any, slide_id: str | None = None
) -> list[Problem]:
    return [
        Problem(
            file,
            _label(error) + error.message,
            line_of(error.path),
            str(error.path[0]) if error.path else None,
            slide_id=slide_id,
        )
        for error in errors
    ]


def _label(error: FieldError) -> str:
    """``references, 2nd entry, doi: `` from ``("references", 1, "doi")``."""
    if not error.path:
        return ""
    parts: list[str] = []
    for step in error.path:
        parts.append(f"entry {step + 1}" if isinstance(step, int) else step)
    return ", ".join(parts) + ": "


def lost_word_problems(file: str, text: str, slide_id: str | None = None) -> list[Problem]:
    """Warnings for words YAML drops as a note (``title: Back pain #1 reason``), each naming
    them. Only the fields at the top of a slide file are looked at, never its Markdown."""
    lines = yaml_advice.LINE_BREAK.split(text)
    end = len(lines)
    if file != SETTINGS_FILE:
        end = next((i for i in range(1, end) if lines[i].rstrip() == frontmatter.FENCE), end)
    return [
        Problem(file, lost.message, lost.line + 1, None, Severity.WARNING, slide_id)
        for lost in yaml_advice.lost_words("\n".join(lines[:end]))
    ]


def _raw_id(fields: Any) -> str | None:
    value = fields.get("id") if isinstance(fields, dict) else None
    return value if isinstance(value, str) else None
