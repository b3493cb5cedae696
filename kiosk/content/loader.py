"""Loading a content folder into a deck, with every problem found along the way.

The loader never raises for anything in the folder: a bad slide is left out and reported, a bad
setting falls back to its default and is reported, and the rest of the deck still loads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import msgspec

from kiosk.content import characters, files, frontmatter, markdown, yaml_advice
from kiosk.content.files import SETTINGS_FILE, SLIDE_SUFFIX, SLIDES_DIR, UnreadableFileError
from kiosk.content.model import (
    IMAGE_SUFFIXES,
    LOADER_FIELDS,
    WEEKDAY_KEYS,
    WEEKDAY_NAMES,
    Deck,
    Settings,
    Slide,
)
from kiosk.content.pictures import HEAD_BYTES, PictureError, read_header
from kiosk.content.problems import LoadResult, Problem, Severity
from kiosk.content.screens import SCREENS_FIELD, screen_problems, with_split_screens
from kiosk.content.validation import FieldError, YamlPath, validate

log = logging.getLogger(__name__)

#: A waiting room needs dozens; thousands means a wrong folder was chosen.
MAX_SLIDES: Final = 2000
#: What a day of opening hours that cannot be read counts as: open, so patients still see slides.
ALL_DAY: Final = "00:00-24:00"


def load_deck(folder: Path) -> LoadResult:
    """Load ``folder`` (settings.yaml, slides/*.md, images/...)."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        message = f"The content folder {what}. Choose the folder that holds settings.yaml."
        return LoadResult(Deck(folder=folder), (Problem(str(folder), message),))
    problems: list[Problem] = []
    settings = _load_settings(folder, problems)
    problems.extend(_folder_conflicts(folder))
    slides = _load_slides(folder, problems)
    deck = Deck(folder=folder, settings=settings, slides=tuple(slides))
    return LoadResult(deck, tuple(problems))


def _load_settings(folder: Path, problems: list[Problem]) -> Settings:
    path = folder / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        text = files.read_text(path, files.MAX_SETTINGS_BYTES, inside=folder)
        raw = frontmatter.parse_yaml(text)
    except UnreadableFileError as exc:
        problems.append(
            Problem(SETTINGS_FILE, f"{exc.message} Default settings are used.", exc.line)
        )
        return Settings()
    problems.extend(lost_word_problems(SETTINGS_FILE, text))
    if raw is None:
        return Settings()
    settings, found = check_settings(raw, lambda p: frontmatter.yaml_line(raw, p) + 1)
    problems.extend(found)
    return settings


def check_settings(
    raw: Any,
    line_of: Callable[[YamlPath], int | None] = lambda _: None,
    *,
    say_fallback: bool = True,
) -> tuple[Settings, list[Problem]]:
    """Settings from ``raw`` (settings.yaml as read, or the editor's form), keeping every good
    value, and a problem for each bad one, saying what is used instead.

    ``--check``, the loader and the settings page all call this, so staff read the same words
    wherever they meet a mistake. One bad day of opening hours costs that day only (it counts
    as open all day), one bad closure that closure only; any other bad value falls back to its
    default. ``say_fallback``: end each message with what is used instead (the editor, which
    saves nothing while a problem remains, leaves that out).
    """
    problems: list[Problem] = []
    kept = raw
    while True:
        settings, errors = validate(kept, Settings)
        if settings is not None:
            return settings, problems
        found = _field_problems(SETTINGS_FILE, errors, line_of)
        problems.extend(
            Problem(
                p.file,
                f"{p.message} {_settings_fallback(e)}" if say_fallback else p.message,
                p.line,
                p.field,
            )
            for p, e in zip(found, errors, strict=True)
        )
        # Keep every good setting: drop only what is at fault and try again. Checks across a
        # whole field (an unknown time zone) only run once every field has the right type, so
        # a second round can find more.
        repaired = _without_faults(kept, errors)
        if repaired is None:
            return Settings(), problems
        kept = repaired


def _without_faults(kept: Any, errors: Iterable[FieldError]) -> dict[str, Any] | None:
    """``kept`` less what ``errors`` point at, or None when nothing could be taken away."""
    if not isinstance(kept, Mapping):
        return None
    result = {str(k): v for k, v in kept.items()}
    changed = False
    bad_closures: set[int] = set()
    for error in errors:
        if not error.path or error.path[0] not in result:
            continue
        name, rest = str(error.path[0]), error.path[1:]
        value = result[name]
        if (
            name == "opening_hours"
            and rest
            and rest[0] in WEEKDAY_KEYS
            and isinstance(value, Mapping)
        ):
            day = {str(k): v for k, v in value.items()}
            if day.get(str(rest[0])) != [ALL_DAY]:
                day[str(rest[0])] = [ALL_DAY]
                result[name] = day
                changed = True
            continue
        if name == "closures" and rest and isinstance(rest[0], int) and isinstance(value, list):
            bad_closures.add(rest[0])
            continue
        del result[name]
        changed = True
    if bad_closures and isinstance(result.get("closures"), list):
        closures = result["closures"]
        result["closures"] = [c for i, c in enumerate(closures) if i not in bad_closures]
        changed = True
    return result if changed else None


def _settings_fallback(error: FieldError) -> str:
    path = error.path
    if len(path) >= 2 and path[0] == "opening_hours" and path[1] in WEEKDAY_KEYS:
        day = WEEKDAY_NAMES[WEEKDAY_KEYS.index(str(path[1]))]
        return f"{day} counts as open all day until this is fixed; the other days are kept."
    if len(path) >= 2 and path[0] == "closures" and isinstance(path[1], int):
        return "This closure is left out until it is fixed; the other closures are kept."
    known = bool(path) and path[0] in {f.encode_name for f in msgspec.structs.fields(Settings)}
    return "The default is used instead." if known else "This line is ignored."


#: The folder's own files Syncthing may keep twice, and where staff change each one.
_FOLDER_FILES: Final = {
    SETTINGS_FILE: "the clinic's settings (the editor's Settings tab)",
    "announcements.yaml": "the announcements (the editor's Announcements tab)",
}


def _folder_conflicts(folder: Path) -> Iterator[Problem]:
    """Syncthing's copies of settings.yaml or announcements.yaml: never read, named for staff."""
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError:
        return
    for name in names:
        original = files.sync_conflict_original(name)
        if original not in _FOLDER_FILES:
            continue
        yield Problem(
            name,
            f"This is a copy of {original} kept by Syncthing because {_FOLDER_FILES[original]} "
            f"were changed on two computers at the same time. The kiosk uses {original} and "
            f"ignores this copy. Open both files, put anything from the copy that should stay "
            f"into {original} (or set it again in the editor), then delete this copy.",
            severity=Severity.WARNING,
        )


def _load_slides(folder: Path, problems: list[Problem]) -> list[Slide]:
    slides_dir = folder / SLIDES_DIR
    if not slides_dir.is_dir():
        problems.append(
            Problem(SLIDES_DIR, "There is no 'slides' folder here, so there is nothing to show.")
        )
        return []
    paths = sorted(_slide_files(slides_dir))
    conflicts = [p for p in paths if files.sync_conflict_original(p.name) is not None]
    problems.extend(_sync_conflict_problem(path) for path in conflicts)
    paths = [p for p in paths if p not in conflicts]
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
        # Not only regular files: a named pipe or a dangling link is reported, not skipped.
        slide = path.suffix.lower() == SLIDE_SUFFIX and not files.is_temporary(path)
        if slide and not path.is_dir():
            yield path


def _sync_conflict_problem(path: Path) -> Problem:
    """A conflict copy is never a slide: staff choose what the slide should say, then delete it."""
    original = files.sync_conflict_original(path.name)
    return Problem(
        f"{SLIDES_DIR}/{path.name}",
        f"This is a copy of {SLIDES_DIR}/{original} kept by Syncthing because the slide was "
        "changed on two computers at the same time. It is not shown. Compare the two files, "
        f"put what should stay into {SLIDES_DIR}/{original}, then delete this copy.",
        severity=Severity.WARNING,
    )


def _load_slide(
    folder: Path, path: Path, problems: list[Problem], id_lines: dict[str, int]
) -> Slide | None:
    name = f"{SLIDES_DIR}/{path.name}"
    try:
        text = files.read_text(path, files.MAX_SLIDE_BYTES, inside=folder)
        document = frontmatter.split(text)
    except UnreadableFileError as exc:
        problems.append(Problem(name, f"{exc.message} This slide is not shown.", exc.line))
        return None
    except Exception:  # a parser bug must cost one slide, never the deck
        log.exception("Unexpected failure reading %s", path)
        problems.append(Problem(name, "This file could not be read. This slide is not shown.", 1))
        return None
    slide, errors = validate(with_split_screens(document.fields), Slide, exclude=LOADER_FIELDS)
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
    problems.extend(
        screen_problems(
            name,
            slide.screens,
            lambda at: document.line_of((SCREENS_FIELD, *at)),
            slide_id=slide.id,
        )
    )
    id_lines[path.name] = document.line_of(("id",))
    if not _summaries_fit(name, slide, document, problems):
        return None
    slide = _without_invisible_characters(name, slide, document, problems)
    return _check_image(folder, name, slide, document, problems)


def _without_invisible_characters(
    name: str, slide: Slide, document: frontmatter.Document, problems: list[Problem]
) -> Slide:
    """``slide`` with its short texts cleaned of invisible characters, each place reported."""

    def clean(text: str, path: tuple[str | int, ...]) -> str:
        found = characters.unsafe_in(text)
        if not found:
            return text
        problems.append(
            Problem(
                name,
                f"{_label_path(path)}holds {', '.join(found)}: invisible, and able to reverse or "
                "hide the text. It is left out on screen; type this text again to remove it.",
                document.line_of(path),
                str(path[0]),
                Severity.WARNING,
                slide.id,
            )
        )
        return characters.neutralised(text)

    def clean_all(fields: Any, prefix: tuple[str | int, ...]) -> dict[str, Any]:
        return {
            "title": clean(fields.title, (*prefix, "title")),
            "teaser": clean(fields.teaser, (*prefix, "teaser")),
            "key_points": [
                clean(point, (*prefix, "key_points", index))
                for index, point in enumerate(fields.key_points)
            ],
        }

    translations = {
        language: msgspec.structs.replace(
            translation, **clean_all(translation, ("translations", language))
        )
        for language, translation in slide.translations.items()
    }
    return msgspec.structs.replace(slide, **clean_all(slide, ()), translations=translations)


def _summaries_fit(
    name: str, slide: Slide, document: frontmatter.Document, problems: list[Problem]
) -> bool:
    """False (and the problems said) if a summary is too big to lay out quickly on screen."""
    found: list[Problem] = []
    summaries: list[tuple[str, str, int, str | None]] = [
        ("The text below the fields", slide.summary, document.body_line, None)
    ]
    for language, translation in slide.translations.items():
        line = document.line_of(("translations", language, "summary"))
        summaries.append((f"The {language} summary", translation.summary, line, "translations"))
    for what, text, line, field in summaries:
        excess = markdown.too_big(text)
        if excess is not None:
            at = line + excess.line if field is None else line
            found.append(Problem(name, f"{what}: {excess.message}.", at, field, slide_id=slide.id))
    if found:
        problems.extend(found)
        problems.append(
            Problem(name, "This slide is not shown until it is shorter.", 1, slide_id=slide.id)
        )
    return not found


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
    if not target.exists():
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
    why = picture_problem(folder, target)
    if why is not None:
        problems.append(
            Problem(
                name,
                f"image: '{slide.image}' is not shown: {why}. A plain background is shown instead.",
                line,
                "image",
                slide_id=slide.id,
            )
        )
    return slide


def picture_problem(folder: Path, path: Path) -> str | None:
    """Why the picture at ``path`` cannot be shown (from its header alone), or None."""
    try:
        head = files.read_bytes(path, files.MAX_IMAGE_BYTES, inside=folder, head=HEAD_BYTES)
        read_header(head)
    except UnreadableFileError as exc:
        message = exc.message.rstrip(".")
        return message[:1].lower() + message[1:]
    except PictureError as exc:
        return exc.message
    return None


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
    return _label_path(error.path)


def _label_path(path: tuple[str | int, ...]) -> str:
    if not path:
        return ""
    parts: list[str] = []
    for step in path:
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
