"""Editing a real content folder: hand edits survive, and the loader sees every change."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import msgspec
import pytest

from kiosk.content import Settings, load_deck
from kiosk.content.files import MAX_IMAGE_BYTES
from kiosk.storage.atomic import DISK_FULL, SaveError, backups_of
from kiosk.storage.slides import (
    delete_slide,
    import_image,
    new_slide_file_name,
    render_slide,
    restore_slide,
    save_settings,
    save_slide,
    set_orders,
    settings_fields,
    slide_fields,
)
from tests.decks import ids, simple_deck
from tests.storage.test_atomic import Mount
from tests.storage.test_atomic import mount_tmpfs as mount_tmpfs  # the fixture, shared

#: The smallest valid PNG (1x1, transparent).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)

HAND_WRITTEN = """\
---
# Checked against the guideline by Dr Lee, 2026.
id: guidelines
title: What doctors' guidelines say   # keep it short
order: 20
teaser: "Doctors are advised to try non-drug treatments first."
key_points:
  - The advice dates from February 2017.   # the month matters
  - It covers low back pain.
reviewed:
  date: 2026-11-25
  by: Front desk
---
In February 2017 the **American College of Physicians** advised ...
"""


def top_level_keys(text: str) -> list[str]:
    front = text.split("---\n")[1]
    return [line.split(":")[0] for line in front.splitlines() if line and line[0] not in " #-"]


def test_editing_the_title_keeps_comments_key_order_and_quotes() -> None:
    fields = {
        "id": "guidelines",
        "title": "What the guidelines say",
        "order": 20,
        "teaser": "Doctors are advised to try non-drug treatments first.",
        "key_points": ["The advice dates from February 2017.", "It covers low back pain."],
        "reviewed": {"date": dt.date(2026, 11, 25), "by": "Front desk"},
    }
    text = render_slide(fields, "New summary.", HAND_WRITTEN)
    assert "# Checked against the guideline by Dr Lee, 2026.\n" in text
    # the comment stays on its line, at its column
    assert re.search(r"^title: What the guidelines say +# keep it short$", text, re.MULTILINE)
    assert "  - The advice dates from February 2017.   # the month matters\n" in text
    assert 'teaser: "Doctors are advised' in text  # unchanged values keep their quotes
    assert "date: 2026-11-25\n" in text
    assert top_level_keys(text) == top_level_keys(HAND_WRITTEN)
    assert text.startswith("---\n")
    assert text.endswith("---\nNew summary.\n")
    assert "What doctors' guidelines say" not in text


def test_removed_and_new_keys() -> None:
    fields = {
        "id": "guidelines",
        "title": "What doctors' guidelines say",
        "order": 20,
        "teaser": "Doctors are advised to try non-drug treatments first.",
        "key_points": ["It covers low back pain."],
        "reviewed": None,
        "duration": 15,
    }
    text = render_slide(fields, "Body", HAND_WRITTEN)
    assert "reviewed" not in text and "Front desk" not in text
    assert "February 2017" not in text
    assert top_level_keys(text) == ["id", "title", "order", "teaser", "key_points", "duration"]
    assert "# Checked against the guideline by Dr Lee" in text


def test_a_new_file_uses_the_decks_layout() -> None:
    text = render_slide(
        {"id": "new", "title": "New: a slide", "teaser": "T", "key_points": ["a", "b"]},
        "\nSummary\n\n",
    )
    assert text == (
        "---\nid: new\ntitle: 'New: a slide'\nteaser: T\nkey_points:\n  - a\n  - b\n---\nSummary\n"
    )


def test_slide_fields_are_plain_short_and_keep_dates(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    path = folder / "slides" / "001.md"
    path.write_text(
        path.read_text().replace("---\nSummary", "reviewed:\n  date: 2026-11-25\n---\nSummary"),
        encoding="utf-8",
    )
    (slide,) = load_deck(folder).deck.slides
    fields = slide_fields(slide)
    assert list(fields) == ["id", "title", "teaser", "order", "references", "reviewed"]
    assert fields["reviewed"] == {"date": dt.date(2026, 11, 25)}
    assert type(fields["reviewed"]["date"]) is dt.date
    (ref,) = fields["references"]
    assert "issue" not in ref and "url" not in ref  # None defaults left out
    assert ref["authors"] == ["Doe J", "Roe R"]
    assert type(fields["references"]) is list


def test_save_is_seen_by_the_loader_and_changes_nothing_else(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=3)
    before = load_deck(folder).deck.slide("slide-2")
    assert before is not None
    fields = slide_fields(before)
    fields["title"] = "A brand new title"
    path = save_slide(folder, before.file_name, fields, before.summary)
    result = load_deck(folder)
    assert result.problems == ()
    after = result.deck.slide("slide-2")
    assert after == msgspec.structs.replace(before, title="A brand new title")
    assert path == folder / "slides" / before.file_name
    (backup,) = backups_of(folder / ".backups", before.file_name)
    assert "Slide number 2" in backup.read_text(encoding="utf-8")


def test_saving_keeps_hand_edits_in_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    (folder / "slides").mkdir(parents=True)
    (folder / "slides" / "020-guidelines.md").write_text(HAND_WRITTEN, encoding="utf-8")
    (slide,) = load_deck(folder).deck.slides
    fields = slide_fields(slide)
    fields["title"] = "Edited"
    save_slide(folder, slide.file_name, fields, slide.summary)
    text = (folder / "slides" / "020-guidelines.md").read_text(encoding="utf-8")
    assert "# Checked against the guideline by Dr Lee, 2026." in text
    assert re.search(r"^title: Edited +# keep it short$", text, re.MULTILINE)
    assert top_level_keys(text) == top_level_keys(HAND_WRITTEN)
    assert load_deck(folder).deck.slides[0].title == "Edited"


def test_a_broken_file_is_replaced_by_a_good_one(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "slides" / "001.md").write_text("---\ntitle: [unclosed\n---\nBody\n")
    assert load_deck(folder).errors
    save_slide(folder, "001.md", {"id": "fixed", "title": "Fixed", "teaser": "T"}, "Body")
    result = load_deck(folder)
    assert result.problems == ()
    assert ids(result.deck.slides) == ["fixed"]


def test_new_slide_names_are_unique(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    name = new_slide_file_name(folder, "back-pain", 70)
    assert name == "070-back-pain.md"
    save_slide(folder, name, {"id": "back-pain", "title": "Back", "teaser": "T", "order": 70}, "")
    second = new_slide_file_name(folder, "back-pain", 70)
    assert second == "070-back-pain-2.md"
    assert new_slide_file_name(folder, "Odd ID/../x", 5) == "005-odd-id-x.md"
    assert ids(load_deck(folder).deck.slides) == ["slide-1", "back-pain"]


@pytest.mark.parametrize("name", ["../escape.md", "sub/slide.md", ".hidden.md", "a.txt", ""])
def test_unsafe_file_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a slide file name"):
        save_slide(tmp_path, name, {"id": "x", "title": "X", "teaser": "T"}, "")
    assert not (tmp_path / "escape.md").exists()


def test_delete_then_restore(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=3)
    original = (folder / "slides" / "002.md").read_bytes()
    backup = delete_slide(folder, "002.md")
    assert ids(load_deck(folder).deck.slides) == ["slide-1", "slide-3"]
    assert backup.parent == folder / ".backups"
    assert backup.read_bytes() == original
    restored = restore_slide(folder, backup, "002.md")
    assert restored.read_bytes() == original
    assert not backup.exists()
    result = load_deck(folder)
    assert result.problems == ()
    assert ids(result.deck.slides) == ["slide-1", "slide-2", "slide-3"]


def test_restore_never_overwrites_and_delete_of_a_missing_file_says_so(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=2)
    backup = delete_slide(folder, "002.md")
    (folder / "slides" / "002.md").write_text("someone else's slide")
    with pytest.raises(SaveError, match=r"already a slide file called 002\.md"):
        restore_slide(folder, backup, "002.md")
    assert (folder / "slides" / "002.md").read_text() == "someone else's slide"
    assert backup.exists()
    with pytest.raises(SaveError, match="no longer there"):
        delete_slide(folder, "999.md")


def test_set_orders_reorders_and_keeps_everything_else(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=3)
    (folder / "slides" / "020-guidelines.md").write_text(HAND_WRITTEN, encoding="utf-8")
    assert ids(load_deck(folder).deck.slides) == ["slide-1", "slide-2", "slide-3", "guidelines"]
    set_orders(folder, {"001.md": 40, "002.md": 30, "003.md": 10, "020-guidelines.md": 5})
    result = load_deck(folder)
    assert result.problems == ()
    assert ids(result.deck.slides) == ["guidelines", "slide-3", "slide-2", "slide-1"]
    text = (folder / "slides" / "020-guidelines.md").read_text(encoding="utf-8")
    assert text == HAND_WRITTEN.replace("order: 20", "order: 5")


def test_set_orders_adds_a_missing_order_and_changes_nothing_if_a_file_is_broken(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "deck"
    (folder / "slides").mkdir(parents=True)
    (folder / "slides" / "a.md").write_text("---\nid: a\ntitle: A\nteaser: T\n---\nBody\n")
    (folder / "slides" / "b.md").write_text("no front matter at all\n")
    with pytest.raises(SaveError, match=r"slides/b\.md"):
        set_orders(folder, {"a.md": 7, "b.md": 8})
    assert "order" not in (folder / "slides" / "a.md").read_text()
    set_orders(folder, {"a.md": 7})
    assert (folder / "slides" / "a.md").read_text() == (
        "---\nid: a\ntitle: A\nteaser: T\norder: 7\n---\nBody\n"
    )


def test_imported_image_is_copied_and_the_slide_using_it_loads(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    source = tmp_path / "My Photo (1).PNG"
    source.write_bytes(TINY_PNG)
    relative = import_image(folder, source)
    assert relative == "images/my-photo-1.png"
    assert (folder / relative).read_bytes() == TINY_PNG
    (slide,) = load_deck(folder).deck.slides
    fields = slide_fields(slide) | {"image": relative}
    save_slide(folder, slide.file_name, fields, slide.summary)
    result = load_deck(folder)
    assert result.problems == ()
    assert result.deck.slides[0].image == "images/my-photo-1.png"
    # the same picture again is stored once; a different one with the same name gets a new name
    assert import_image(folder, source) == relative
    other = tmp_path / "elsewhere" / "my photo 1.png"
    other.parent.mkdir()
    other.write_bytes(TINY_PNG + b"\0")
    assert import_image(folder, other) == "images/my-photo-1-2.png"


def test_images_that_cannot_be_shown_are_refused(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(SaveError, match="PNG, JPEG, WebP, GIF or BMP"):
        import_image(folder, text)
    fake = tmp_path / "fake.png"
    fake.write_text("not really a picture")
    with pytest.raises(SaveError, match="is not a picture"):
        import_image(folder, fake)
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as stream:  # sparse: costs no disk space
        stream.write(b"\xff\xd8\xff")
        stream.truncate(MAX_IMAGE_BYTES + 1)
    with pytest.raises(SaveError, match="too big"):
        import_image(folder, huge)
    images = folder / "images"
    assert not images.exists() or list(images.iterdir()) == []


SETTINGS_CONTACT = "Questions? Please ask at the front desk."
SETTINGS = """\
# Clinic Kiosk settings. Staff: see resources/CONTENT-GUIDE.md for what each line does.
clinic_name: Acupuncture Clinic   # PLACEHOLDER: replace with your clinic's real name
contact: "Questions? Please ask at the front desk."   # one line
default_duration: 12   # seconds each slide stays up (3 to 600)
theme: calm            # calm or high-contrast
"""


def test_saved_settings_keep_comments_and_load(tmp_path: Path) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    settings = load_deck(folder).deck.settings
    fields = settings_fields(settings) | {
        "clinic_name": "Riverside Acupuncture",
        "default_duration": 15,
        "idle_timeout": 90,
    }
    save_settings(folder, fields)
    text = (folder / "settings.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Clinic Kiosk settings. Staff: see")
    assert re.search(r"^clinic_name: Riverside Acupuncture +# PLACEHOLDER", text, re.MULTILINE)
    assert 'contact: "Questions? Please ask at the front desk."   # one line' in text
    assert "default_duration: 15   # seconds each slide stays up" in text
    assert "theme: calm            # calm or high-contrast\n" in text
    assert text.endswith("idle_timeout: 90\n")  # new keys at the end; defaults not written
    result = load_deck(folder)
    assert result.problems == ()
    assert result.deck.settings.clinic_name == "Riverside Acupuncture"
    assert result.deck.settings.idle_timeout == 90
    assert backups_of(folder / ".backups", "settings.yaml")[0].read_text() == SETTINGS


def test_settings_fields_leave_out_defaults_but_hand_written_default_lines_stay(
    tmp_path: Path,
) -> None:
    folder = simple_deck(tmp_path / "deck", count=1)
    (folder / "settings.yaml").write_text(SETTINGS, encoding="utf-8")
    fields = settings_fields(load_deck(folder).deck.settings)
    assert fields == {"clinic_name": "Acupuncture Clinic", "contact": SETTINGS_CONTACT}
    save_settings(folder, fields)
    text = (folder / "settings.yaml").read_text(encoding="utf-8")
    # Staff wrote the defaults by hand, with comments: saving keeps those lines.
    assert "theme: calm" in text and "default_duration: 12" in text
    assert text.startswith("# Clinic Kiosk settings.")
    expected = Settings(clinic_name="Acupuncture Clinic", contact=SETTINGS_CONTACT)
    assert load_deck(folder).deck.settings == expected


def test_settings_are_created_when_missing(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    save_settings(folder, {"clinic_name": "New Clinic", "languages": ["en", "es"]})
    assert (folder / "settings.yaml").read_text() == (
        "clinic_name: New Clinic\nlanguages:\n  - en\n  - es\n"
    )
    assert load_deck(folder).deck.settings.languages == ["en", "es"]


def test_a_hand_written_default_and_its_comment_survive_an_edit(tmp_path: Path) -> None:
    from kiosk.content import load_deck
    from kiosk.storage.slides import save_slide, slide_fields

    folder = tmp_path / "deck"
    (folder / "slides").mkdir(parents=True)
    path = folder / "slides" / "a.md"
    path.write_text(
        "---\nid: a\ntitle: Old\nteaser: t\nenabled: true  # staff: keep this visible\n"
        "review_every_months: 12\n---\nBody\n",
        encoding="utf-8",
    )
    slide = load_deck(folder).deck.slides[0]
    fields = slide_fields(slide)
    fields["title"] = "New"
    save_slide(folder, "a.md", fields, slide.summary)
    text = path.read_text(encoding="utf-8")
    assert "title: New" in text
    assert "enabled: true  # staff: keep this visible" in text
    assert "review_every_months: 12" in text


# -- issue 19.7: a reorder is all or nothing, and says so truthfully ------------------------------


def _fill(folder: Path, pages_left: int) -> None:
    """Fill the file system under ``folder`` until only ``pages_left`` pages are free."""
    import os

    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    (folder / "filler.bin").write_bytes(b"\0" * (free - pages_left * info.f_frsize))


def test_a_reorder_on_a_full_disk_changes_no_file_and_says_so(mount_tmpfs: Mount) -> None:
    """Seen: six slides reordered on a full disk, two files rewritten, "Nothing was lost"."""
    folder = simple_deck(mount_tmpfs("content", "1m"), count=6)
    (folder / ".backups").mkdir()
    slides = sorted((folder / "slides").iterdir())
    before = {path.name: path.read_bytes() for path in slides}
    _fill(folder, pages_left=2)  # room for two new versions, not six
    new_order = {name: (7 - n) * 10 for n, name in enumerate(sorted(before), start=1)}
    with pytest.raises(SaveError) as caught:
        set_orders(folder, new_order)
    assert caught.value.message == DISK_FULL  # "Nothing was lost": now true
    assert {path.name: path.read_bytes() for path in slides} == before
    assert sorted(p.name for p in (folder / "slides").iterdir()) == sorted(before)  # no temps
    assert list((folder / ".backups").iterdir()) == []
    (folder / "filler.bin").unlink()
    set_orders(folder, new_order)  # with room again, every file takes its new order
    assert [s.id for s in load_deck(folder).deck.slides] == [f"slide-{n}" for n in range(6, 0, -1)]
