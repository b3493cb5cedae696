"""Saving settings.yaml from the editor, keeping staff's comments, merged with changes made
elsewhere since the editor showed them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.content import files
from kiosk.content.files import SETTINGS_FILE
from kiosk.content.model import Settings
from kiosk.content.validation import validate
from kiosk.storage.atomic import write_atomic
from kiosk.storage.fields import same, settings_fields, struct_defaults
from kiosk.storage.folder import backups_dir, read_if_there
from kiosk.storage.merge import EditConflict, FieldConflict
from kiosk.storage.roundtrip import load_map, load_quietly, plain_value, render_map, round_trip_yaml


def render_settings(fields: Mapping[str, Any], original_text: str | None = None) -> str:
    """settings.yaml's text, keeping the comments and order of ``original_text`` as for slides."""
    original = load_map(original_text) if original_text is not None else None
    return render_map(fields, original, struct_defaults(Settings))


def save_settings(
    folder: Path, fields: Mapping[str, Any], *, seen: Mapping[str, Any] | None = None
) -> Path:
    """Write settings.yaml, keeping the comments and order of the file that is there now.

    ``seen``: the settings as the editor showed them (:func:`settings_fields`). A setting changed
    elsewhere since keeps its new value unless ``fields`` changes it too; changed to different
    values on both sides, nothing is written (:class:`EditConflict`).
    """
    path = Path(folder) / SETTINGS_FILE
    original = read_if_there(path, files.MAX_SETTINGS_BYTES)
    if seen is not None and original is not None:
        fields = _merge_settings(path, original, fields, seen)
    text = render_settings(fields, original)
    write_atomic(path, text.encode("utf-8"), backup_dir=backups_dir(folder))
    return path


def _merge_settings(
    path: Path, original: str, fields: Mapping[str, Any], seen: Mapping[str, Any]
) -> dict[str, Any]:
    raw = load_quietly(round_trip_yaml(), original.removeprefix("\ufeff"))
    if not isinstance(raw, Mapping):
        return dict(fields)  # unreadable: rewritten from the form, as before (and backed up)
    settings, _ = validate(raw, Settings)
    disk = settings_fields(settings) if settings is not None else _raw_settings(raw)
    defaults = struct_defaults(Settings)

    def value(view: Mapping[str, Any], name: str) -> Any:
        found = view.get(name)
        return defaults.get(name) if found is None else found

    merged = dict(fields)
    conflicts: list[FieldConflict] = []
    for name in dict.fromkeys([*fields, *disk, *seen]):
        before, mine, theirs = value(seen, name), value(fields, name), value(disk, name)
        if same(before, theirs):
            continue
        if same(before, mine):
            merged[name] = disk.get(name)  # changed elsewhere only: theirs stays
        elif not same(mine, theirs):
            conflicts.append(FieldConflict(name, mine, theirs))
    if conflicts:
        names = ", ".join(c.name for c in conflicts)
        raise EditConflict(
            SETTINGS_FILE,
            conflicts,
            original,
            f"The settings were changed elsewhere (on another computer or at the kiosk) since "
            f"you opened them ({names}), so they were not saved. The new values are shown now: "
            "make your change again.",
            path,
        )
    return merged


def _raw_settings(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): plain_value(v) for k, v in raw.items() if v is not None}
