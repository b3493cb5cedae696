"""Two editors on one folder, at the storage level: merges, conflicts, and nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.storage.atomic import SaveError, backups_of
from kiosk.storage.fields import settings_fields, slide_fields
from kiosk.storage.merge import SUMMARY, EditConflict, FieldConflict
from kiosk.storage.settings import save_settings
from kiosk.storage.slides import (
    delete_slide,
    read_base,
    read_slide,
    resolve,
    save_slide,
    set_orders,
)
from tests.decks import simple_deck

NAME = "001.md"
HAND_WRITTEN = """\
---
# Checked by Dr Lee.
id: guidelines
title: What doctors' guidelines say   # keep it short
teaser: "Doctors are advised to try non-drug treatments first."
order: 20
key_points:
  - The advice dates from February 2017.
---
In February 2017 the **American College of Physicians** advised ...
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return simple_deck(tmp_path / "deck")


def slide_file(folder: Path, name: str = NAME) -> Path:
    return folder / "slides" / name


def text_of(folder: Path, name: str = NAME) -> str:
    return slide_file(folder, name).read_text(encoding="utf-8")


def loads_cleanly(folder: Path) -> None:
    result = load_deck(folder)
    assert result.errors == (), result.errors


class Editor:
    """What an editor holds after opening slide 001: the slide's fields and the base text."""

    def __init__(self, folder: Path, name: str = NAME) -> None:
        self.folder, self.name = folder, name
        slide = read_slide(folder, name)
        assert slide is not None
        self.slide = slide
        self.fields = slide_fields(slide)
        self.summary = slide.summary
        self.base = read_base(folder, slide)

    def save(self) -> Path:
        return save_slide(self.folder, self.name, self.fields, self.summary, base_text=self.base)


def test_the_base_of_an_unchanged_file_is_the_file_itself(folder: Path) -> None:
    editor = Editor(folder)
    assert editor.base == text_of(folder)


def test_changes_to_different_fields_are_merged(folder: Path) -> None:
    a, b = Editor(folder), Editor(folder)
    a.fields["title"] = "Title from the kiosk"
    a.save()
    b.fields["teaser"] = "Teaser from the desk"
    b.summary = "A new summary from the desk."
    b.save()
    slide = read_slide(folder, NAME)
    assert slide is not None
    assert slide.title == "Title from the kiosk"
    assert slide.teaser == "Teaser from the desk"
    assert slide.summary == "A new summary from the desk."
    assert load_deck(folder).deck.slides[0].title == "Title from the kiosk"
    loads_cleanly(folder)
    # The version before each write is in the backups: the kiosk's save, then the merge.
    assert len(backups_of(folder / ".backups", NAME)) == 2


def test_the_same_field_changed_twice_is_a_conflict_and_the_file_is_untouched(
    folder: Path,
) -> None:
    a, b = Editor(folder), Editor(folder)
    a.fields["title"] = "Title A"
    a.save()
    after_a = text_of(folder)
    b.fields["title"] = "Title B"
    b.fields["teaser"] = "Teaser B"  # no conflict on its own
    with pytest.raises(EditConflict) as caught:
        b.save()
    conflict = caught.value
    assert isinstance(conflict, SaveError)  # callers that only know SaveError still say why
    assert conflict.conflicts == [FieldConflict("title", "Title B", "Title A")]
    assert conflict.disk_text == after_a and not conflict.deleted
    assert "title" in conflict.message
    assert text_of(folder) == after_a
    loads_cleanly(folder)


def test_both_sides_making_the_same_change_is_no_conflict(folder: Path) -> None:
    a, b = Editor(folder), Editor(folder)
    a.fields["title"] = "Same words"
    a.save()
    b.fields["title"] = "Same words"
    b.fields["enabled"] = False
    b.save()
    slide = read_slide(folder, NAME)
    assert slide is not None and slide.title == "Same words" and not slide.enabled


def test_summaries_changed_on_both_sides_conflict(folder: Path) -> None:
    a, b = Editor(folder), Editor(folder)
    a.summary = "Summary A."
    a.save()
    b.summary = "Summary B."
    with pytest.raises(EditConflict) as caught:
        b.save()
    assert caught.value.conflicts == [FieldConflict(SUMMARY, "Summary B.", "Summary A.")]


def test_keep_mine_writes_mine_and_backs_up_theirs(folder: Path) -> None:
    a, b = Editor(folder), Editor(folder)
    a.fields["title"] = "Their title"
    a.fields["teaser"] = "Their teaser"
    a.save()
    b.fields["title"] = "My title"
    with pytest.raises(EditConflict):
        b.save()
    backup = resolve(folder, NAME, "mine", b.fields, b.summary, base_text=b.base)
    slide = read_slide(folder, NAME)
    assert slide is not None
    assert slide.title == "My title"
    assert slide.teaser == "Their teaser"  # not in conflict: their change stays
    assert backup is not None and backup.parent == folder / ".backups"
    assert "title: Their title" in backup.read_text(encoding="utf-8")
    loads_cleanly(folder)


def test_keep_theirs_keeps_the_file_and_backs_up_mine(folder: Path) -> None:
    a, b = Editor(folder), Editor(folder)
    a.fields["title"] = "Their title"
    a.save()
    b.fields["title"] = "My title"
    b.fields["teaser"] = "My teaser"
    with pytest.raises(EditConflict):
        b.save()
    backup = resolve(folder, NAME, "theirs", b.fields, b.summary, base_text=b.base)
    slide = read_slide(folder, NAME)
    assert slide is not None
    assert slide.title == "Their title"
    assert slide.teaser == "My teaser"  # not in conflict: my change is merged in
    assert backup is not None and "title: My title" in backup.read_text(encoding="utf-8")
    loads_cleanly(folder)


def test_without_a_base_keep_mine_writes_my_whole_version(folder: Path) -> None:
    a = Editor(folder)
    a.fields["title"] = "Mine entirely"
    before = text_of(folder)
    backup = resolve(folder, NAME, "mine", a.fields, a.summary)
    assert "title: Mine entirely" in text_of(folder)
    assert backup is not None and backup.read_text(encoding="utf-8") == before


def test_a_slide_deleted_elsewhere_is_a_conflict_and_can_be_put_back(folder: Path) -> None:
    editor = Editor(folder)
    delete_slide(folder, NAME)
    editor.fields["title"] = "Edited while it was deleted"
    with pytest.raises(EditConflict) as caught:
        editor.save()
    assert caught.value.deleted and "deleted" in caught.value.message
    assert not slide_file(folder).exists()
    # Leaving it deleted keeps my version in the backups ...
    kept = resolve(folder, NAME, "theirs", editor.fields, editor.summary, base_text=editor.base)
    assert kept is not None and "Edited while it was deleted" in kept.read_text(encoding="utf-8")
    assert not slide_file(folder).exists()
    # ... and keeping mine puts it back.
    assert (
        resolve(folder, NAME, "mine", editor.fields, editor.summary, base_text=editor.base) is None
    )
    slide = read_slide(folder, NAME)
    assert slide is not None and slide.title == "Edited while it was deleted"
    loads_cleanly(folder)


def test_a_file_broken_elsewhere_is_a_whole_file_conflict(folder: Path) -> None:
    editor = Editor(folder)
    broken = "---\ntitle: [unclosed\n---\nBody\n"
    slide_file(folder).write_text(broken, encoding="utf-8")
    editor.fields["title"] = "Fixed here"
    with pytest.raises(EditConflict) as caught:
        editor.save()
    assert [c.name for c in caught.value.conflicts] == ["file"]
    assert text_of(folder) == broken
    resolve(folder, NAME, "mine", editor.fields, editor.summary, base_text=editor.base)
    assert "title: Fixed here" in text_of(folder)
    assert any(
        b.read_text(encoding="utf-8") == broken for b in backups_of(folder / ".backups", NAME)
    )
    loads_cleanly(folder)


def test_a_merge_keeps_comments_and_quotes_written_by_hand(folder: Path) -> None:
    slide_file(folder, "020.md").write_text(HAND_WRITTEN, encoding="utf-8")
    a, b = Editor(folder, "020.md"), Editor(folder, "020.md")
    a.fields["teaser"] = "Changed at the kiosk."
    a.save()
    b.fields["title"] = "Changed at the desk"
    b.save()
    text = text_of(folder, "020.md")
    assert "# Checked by Dr Lee." in text
    assert re.search(r"^title: Changed at the desk +# keep it short$", text, re.MULTILINE)
    assert "teaser: Changed at the kiosk." in text or 'teaser: "Changed at the kiosk."' in text
    loads_cleanly(folder)


def test_a_stale_view_is_merged_not_overwritten(folder: Path) -> None:
    """The editor's slide came from a load before the latest change: its base is the slide as
    it saw it, so the change on disk is kept."""
    editor = Editor(folder)  # as loaded
    other = Editor(folder)
    other.fields["teaser"] = "Changed before the editor saw it"
    other.save()
    base = read_base(folder, editor.slide)  # read after the change, for the old slide
    assert base != text_of(folder)
    editor.fields["title"] = "Title from the stale editor"
    save_slide(folder, NAME, editor.fields, editor.summary, base_text=base)
    slide = read_slide(folder, NAME)
    assert slide is not None
    assert (slide.title, slide.teaser) == (
        "Title from the stale editor",
        "Changed before the editor saw it",
    )


def test_delete_of_a_slide_changed_elsewhere_is_refused(folder: Path) -> None:
    deleter, other = Editor(folder), Editor(folder)
    other.fields["title"] = "Still wanted"
    other.save()
    with pytest.raises(EditConflict) as caught:
        delete_slide(folder, NAME, base_text=deleter.base)
    assert "not deleted" in caught.value.message
    assert [c.name for c in caught.value.conflicts] == ["title"]
    assert slide_file(folder).exists()
    # Once the editor has seen the change, it may delete.
    delete_slide(folder, NAME, base_text=Editor(folder).base)
    assert not slide_file(folder).exists()


def test_delete_with_only_a_different_layout_on_disk_goes_ahead(folder: Path) -> None:
    editor = Editor(folder)
    path = slide_file(folder)
    path.write_text(text_of(folder).replace("---\n", "---\n# a comment\n", 1), encoding="utf-8")
    delete_slide(folder, NAME, base_text=editor.base)
    assert not path.exists()


def test_moving_slides_reordered_elsewhere_is_refused(folder: Path) -> None:
    seen = {f"00{n}.md": n for n in (1, 2, 3)}
    other = Editor(folder, "002.md")
    other.fields["order"] = 50
    other.save()
    before = {name: text_of(folder, name) for name in seen}
    with pytest.raises(EditConflict) as caught:
        set_orders(folder, {"001.md": 20, "002.md": 10, "003.md": 30}, expected=seen)
    assert "nothing was moved" in caught.value.message
    assert {name: text_of(folder, name) for name in seen} == before
    set_orders(folder, {"001.md": 20, "002.md": 10}, expected={"001.md": 1, "002.md": 50})
    assert [s.id for s in load_deck(folder).deck.slides] == ["slide-3", "slide-2", "slide-1"]


def test_saves_without_a_base_still_overwrite(folder: Path) -> None:
    editor = Editor(folder)
    Editor(folder).fields["title"] = "ignored"
    editor.fields["title"] = "Plain save"
    save_slide(folder, NAME, editor.fields, editor.summary)
    assert "title: Plain save" in text_of(folder)


def test_settings_changed_in_different_places_are_merged(folder: Path) -> None:
    seen = settings_fields(load_deck(folder).deck.settings)
    save_settings(folder, {**seen, "clinic_name": "Riverside Clinic"})  # elsewhere
    save_settings(folder, {**seen, "idle_timeout": 90}, seen=seen)
    settings = load_deck(folder).deck.settings
    assert (settings.clinic_name, settings.idle_timeout) == ("Riverside Clinic", 90)


def test_a_setting_changed_on_both_sides_is_a_conflict(folder: Path) -> None:
    seen = settings_fields(load_deck(folder).deck.settings)
    save_settings(folder, {**seen, "clinic_name": "Riverside Clinic"})
    before = (folder / "settings.yaml").read_text(encoding="utf-8")
    with pytest.raises(EditConflict) as caught:
        save_settings(folder, {**seen, "clinic_name": "Hillside Clinic"}, seen=seen)
    assert caught.value.conflicts == [
        FieldConflict("clinic_name", "Hillside Clinic", "Riverside Clinic")
    ]
    assert (folder / "settings.yaml").read_text(encoding="utf-8") == before
