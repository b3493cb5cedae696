"""Two editors at once: a three-way merge of a slide's fields, and the conflicts it finds.

The kiosk's staff mode and a desk editor on another computer may change one file at once. Each
save says what the file looked like when the editor read it (the base); a file changed elsewhere
since is merged field by field, and a field changed on both sides to different values stops the
save with :class:`EditConflict` until staff choose a version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, Final, Literal

from kiosk.content import frontmatter
from kiosk.content.files import SLIDES_DIR, UnreadableFileError
from kiosk.content.model import LOADER_FIELDS, Slide
from kiosk.content.validation import validate
from kiosk.storage.atomic import SaveError
from kiosk.storage.fields import same, slide_fields, struct_defaults
from kiosk.storage.roundtrip import plain_value

#: The name a conflict over the text below the fields (the summary) goes by.
SUMMARY: Final = "summary"
#: The name of the one conflict reported when the file on disk can no longer be read at all.
WHOLE_FILE: Final = "file"
#: Which version staff keep when settling a conflict.
Keep = Literal["mine", "theirs"]


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field changed here and elsewhere since the editor read the file, to different values.

    ``name`` is a front-matter field, :data:`SUMMARY`, or :data:`WHOLE_FILE`; ``mine`` and
    ``theirs`` are plain values (None: the field is not set).
    """

    name: str
    mine: Any
    theirs: Any


class EditConflict(SaveError):  # noqa: N818 (a conflict, not an error of the program)
    """The slide's file changed elsewhere since the editor read it, in a way that cannot be
    merged by itself. Nothing was written.

    ``disk_text`` is the file as it is now, or None when it was deleted elsewhere.
    """

    def __init__(
        self,
        file_name: str,
        conflicts: Sequence[FieldConflict],
        disk_text: str | None,
        message: str | None = None,
        path: Path | None = None,
    ) -> None:
        self.file_name = file_name
        self.conflicts = list(conflicts)
        self.disk_text = disk_text
        super().__init__(message or _conflict_message(file_name, self.conflicts, disk_text), path)

    @property
    def deleted(self) -> bool:
        return self.disk_text is None


def _conflict_message(file_name: str, conflicts: list[FieldConflict], disk_text: str | None) -> str:
    where = f"{SLIDES_DIR}/{file_name}"
    if disk_text is None:
        return (
            f"{where} was deleted elsewhere (on another computer or at the kiosk) since you "
            "opened it. Nothing was saved yet: choose whether to keep your version or leave it "
            "deleted."
        )
    names = ", ".join(c.name for c in conflicts)
    return (
        f"{where} was changed elsewhere (on another computer or at the kiosk) since you opened "
        f"it, and the same fields were changed both times ({names}). Nothing was saved yet: "
        "choose which version to keep."
    )


@dataclass(slots=True)
class Merge:
    """Ours and theirs merged; conflicting fields hold theirs."""

    fields: dict[str, Any]
    summary: str
    conflicts: list[FieldConflict] = dataclass_field(default_factory=list)
    #: Changed on disk since the base: (name, base value, value on disk).
    changed_elsewhere: list[FieldConflict] = dataclass_field(default_factory=list)
    taken_from_mine: list[str] = dataclass_field(default_factory=list)


def three_way(
    base_text: str, disk_text: str, fields: Mapping[str, Any], summary: str
) -> Merge | None:
    """Merge our ``fields``/``summary`` (edited from ``base_text``) into ``disk_text``.

    None when the file on disk has no readable fields.
    """
    disk = parse_slide(disk_text)
    if disk is None:
        return None
    base = parse_slide(base_text) or ({}, "")  # an unreadable base: every difference is a conflict
    base_fields, base_body = base
    disk_fields, disk_body = disk
    views = _Views(base_fields, disk_fields, fields)
    merged = {str(k): plain_value(v) for k, v in disk_fields.items()}
    result = Merge(merged, disk_body)
    names = list(
        dict.fromkeys([*merged, *(str(k) for k in fields), *(str(k) for k in base_fields)])
    )
    for name in names:
        theirs_changed = not views.same("base", "disk", name)
        mine_changed = not views.same("base", "mine", name)
        if theirs_changed:
            before = views.raw("base", name)
            result.changed_elsewhere.append(FieldConflict(name, before, merged.get(name)))
        if not mine_changed:
            continue
        if not theirs_changed:
            merged[name] = plain_value(fields.get(name))
            result.taken_from_mine.append(name)
        elif not views.same("mine", "disk", name):
            result.conflicts.append(
                FieldConflict(name, plain_value(fields.get(name)), merged.get(name))
            )
    mine_body = summary.strip()
    if disk_body != base_body:
        result.changed_elsewhere.append(FieldConflict(SUMMARY, base_body, disk_body))
    if mine_body != base_body:
        if disk_body == base_body:
            result.summary = mine_body
            result.taken_from_mine.append(SUMMARY)
        elif mine_body != disk_body:
            result.conflicts.append(FieldConflict(SUMMARY, mine_body, disk_body))
    return result


class _Views:
    """The three versions' fields, compared as the loader reads them where all parts are valid
    (so ``enabled: true`` written out equals it left out), else as written."""

    def __init__(self, base: Mapping[str, Any], disk: Mapping[str, Any], mine: Mapping[str, Any]):
        self._raw = {"base": base, "disk": disk, "mine": mine}
        self._valid = {key: _valid_view(value) for key, value in self._raw.items()}
        self._plain = {key: _raw_view(value) for key, value in self._raw.items()}

    def raw(self, which: str, name: str) -> Any:
        return self._plain[which].get(name)

    def same(self, a: str, b: str, name: str) -> bool:
        valid_a, valid_b = self._valid[a], self._valid[b]
        if valid_a is not None and valid_b is not None:
            return same(valid_a.get(name), valid_b.get(name))
        return same(self._plain[a].get(name), self._plain[b].get(name))


def parse_slide(text: str) -> tuple[Mapping[str, Any], str] | None:
    """A slide file's fields (as YAML gives them) and its summary, or None if unreadable."""
    try:
        document = frontmatter.split(text.removeprefix("\ufeff"))
    except UnreadableFileError:
        return None
    except Exception:  # a parser bug: treat the file as unreadable, never crash a save
        return None
    if document.fields is None:
        return {}, document.body
    if not isinstance(document.fields, Mapping):
        return None
    return document.fields, document.body


def _valid_view(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    slide, _ = validate(raw, Slide, exclude=LOADER_FIELDS)
    return slide_fields(slide) if slide is not None else None


def _raw_view(raw: Mapping[str, Any]) -> dict[str, Any]:
    defaults = struct_defaults(Slide)
    view: dict[str, Any] = {}
    for key, value in raw.items():
        plain = plain_value(value)
        name = str(key)
        if plain is None or (name in defaults and same(defaults[name], plain)):
            continue
        view[name] = plain
    return view
