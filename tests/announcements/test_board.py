"""announcements.yaml on real folders: posting, expiry, clearing, problems with lines, comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.content.announcements import (
    ANNOUNCEMENTS_FILE,
    DEFAULT_READY_MADE,
    AnnouncementError,
    Board,
    load_announcements,
    parse_until,
)
from kiosk.content.problems import Severity
from kiosk.storage.announcements import clear, keep_phrase, post, prune_expired
from kiosk.storage.atomic import SaveError, backups_of
from tests.announcements import MORNING, ZONE, FakeClock

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "clinic"
    path.mkdir()
    return path


def load(folder: Path) -> Board:
    board, problems = load_announcements(folder, ZONE)
    assert problems == []
    return board


def text_of(folder: Path) -> str:
    return (folder / ANNOUNCEMENTS_FILE).read_text(encoding="utf-8")


# -- reading ------------------------------------------------------------------------------------


def test_a_folder_without_the_file_has_no_notices_and_the_usual_phrases(folder: Path) -> None:
    board, problems = load_announcements(folder, ZONE)
    assert board.announcements == ()
    assert board.ready_made == DEFAULT_READY_MADE
    assert len(DEFAULT_READY_MADE) == 3
    assert problems == []


def test_a_hand_written_file_loads_with_local_times_and_dates(folder: Path) -> None:
    (folder / ANNOUNCEMENTS_FILE).write_text(
        "announcements:\n"
        "  - id: car-park\n"
        "    text: The car park is closed today.\n"
        "    style: important\n"
        "    until: 2026-12-24 18:00\n"  # no offset: the kiosk's zone
        "  - id: flu\n"
        "    text: Flu vaccines are available.\n"
        "    until: 2026-12-31\n"  # a date alone: the end of that day
        "  - id: phones\n"
        "    text: Please switch your phone to silent.\n"
        "    until: 2026-12-24T12:00:00+00:00\n"
        "ready_made: []\n",
        encoding="utf-8",
    )
    board = load(folder)
    car_park, flu, phones = board.announcements
    assert car_park.important and car_park.until == dt.datetime(2026, 12, 24, 18, tzinfo=ZONE)
    assert flu.style == "info"
    assert flu.until == dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=ZONE)
    assert phones.until == dt.datetime(2026, 12, 24, 13, 0, tzinfo=ZONE)
    assert board.ready_made == ()


def test_bad_entries_are_reported_with_their_line_and_left_out(folder: Path) -> None:
    (folder / ANNOUNCEMENTS_FILE).write_text(
        "announcements:\n"  # 1
        "  - id: good\n"  # 2
        "    text: Dr. Li is running about 20 minutes late.\n"  # 3
        "  - id: loud\n"  # 4
        "    text: Hello\n"  # 5
        "    style: urgent\n"  # 6
        "  - id: when\n"  # 7
        "    text: Hi\n"  # 8
        "    until: tomorrow\n"  # 9
        "  - text: no id here\n"  # 10
        f"  - id: long\n    text: {'x' * 141}\n"  # 11, 12
        "  - id: good\n"  # 13
        "    text: the same id again\n"  # 14
        "  - just a sentence\n"  # 15
        "  - id: also-good\n"  # 16
        "    text: The car park is closed today.\n"  # 17
        "ready_mades: [x]\n"  # 18
        "ready_made:\n"  # 19
        "  - ''\n"  # 20
        "  - Fine phrase\n",  # 21
        encoding="utf-8",
    )
    board, problems = load_announcements(folder, ZONE)
    assert [a.id for a in board.announcements] == ["good", "also-good"]
    assert board.ready_made == ("Fine phrase",)
    by_line = {p.line: p for p in problems}
    assert sorted(by_line) == [6, 9, 10, 12, 13, 15, 18, 20]
    assert all(p.file == ANNOUNCEMENTS_FILE for p in problems)
    assert "'urgent' is not one of the choices" in by_line[6].message
    assert "info" in by_line[6].message and "important" in by_line[6].message
    assert by_line[6].field == "style"
    assert "tomorrow" in by_line[9].message
    assert "'id' is missing" in by_line[10].message
    assert "140" in by_line[12].message
    assert "line 2" in by_line[13].message
    assert "Did you mean 'ready_made'?" in by_line[18].message
    assert by_line[18].severity is Severity.WARNING
    assert str(by_line[6]).startswith("announcements.yaml:6: ")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"announcements:\n  - id: a\n    text: [unclosed\n", 3),
        (b"\x89PNG\r\n\x1a\n\x00\x00", 1),
        (b"- a list\n- not a mapping\n", 1),
        (b"announcements: all of them\n", 1),
    ],
)
def test_an_unusable_file_never_raises(folder: Path, content: bytes, line: int) -> None:
    (folder / ANNOUNCEMENTS_FILE).write_bytes(content)
    board, problems = load_announcements(folder, ZONE)
    assert board.announcements == ()
    assert [p.line for p in problems] == [line]


# -- posting, expiring, clearing ----------------------------------------------------------------


def test_post_then_live_until_the_end_and_gone_at_it(folder: Path) -> None:
    clock = FakeClock()
    until = MORNING + HOUR
    posted = post(folder, "  Dr. Li is running\nabout 20 minutes late. ", "info", until, clock())
    assert posted.text == "Dr. Li is running about 20 minutes late."
    assert posted.id == "a-20261224-091500"
    board = load(folder)
    assert board.announcements == (posted,)
    assert board.live(clock.now) == (posted,)
    assert board.next_expiry(clock.now) == until
    assert board.live(until - dt.timedelta(seconds=1)) == (posted,)
    assert board.live(until) == ()  # shown while now < until
    assert board.live(until + dt.timedelta(minutes=5)) == ()
    assert "until: '2026-12-24T10:15:00+01:00'" in text_of(folder)


def test_several_posts_keep_their_order_and_ids_stay_unique(folder: Path) -> None:
    first = post(folder, "First", "info", None, MORNING)
    second = post(folder, "Second", "important", MORNING + HOUR, MORNING)
    third = post(folder, "Third", "info", None, MORNING)
    assert len({first.id, second.id, third.id}) == 3
    assert [a.text for a in load(folder).live(MORNING)] == ["First", "Second", "Third"]
    assert load(folder).find(second.id) == second
    assert second.important


def test_a_new_file_offers_the_usual_phrases_and_keeps_a_backup_of_each_change(
    folder: Path,
) -> None:
    post(folder, "First", "info", None, MORNING)
    assert load(folder).ready_made == DEFAULT_READY_MADE
    assert "ready_made:" in text_of(folder)
    post(folder, "Second", "info", None, MORNING)
    assert len(backups_of(folder / ".backups", ANNOUNCEMENTS_FILE)) == 1


def test_clear_removes_one_and_says_when_there_is_none(folder: Path) -> None:
    assert clear(folder, "a-nothing") is False
    assert not (folder / ANNOUNCEMENTS_FILE).exists()
    keep = post(folder, "Keep me", "info", None, MORNING)
    gone = post(folder, "Remove me", "info", None, MORNING)
    assert clear(folder, gone.id) is True
    assert [a.id for a in load(folder).announcements] == [keep.id]
    assert clear(folder, gone.id) is False


def test_prune_expired_removes_only_the_ended_ones(folder: Path) -> None:
    clock = FakeClock()
    short = post(folder, "Half an hour", "info", parse_until("30m", clock.now, ZONE), clock.now)
    long = post(folder, "All day", "info", parse_until("eod", clock.now, ZONE), clock.now)
    forever = post(folder, "No end", "info", None, clock.now)
    assert prune_expired(folder, clock.now, ZONE) == 0
    clock.advance(minutes=30)
    assert load(folder).live(clock.now) == (long, forever)
    assert prune_expired(folder, clock.now, ZONE) == 1
    assert load(folder).announcements == (long, forever)
    assert short.until is not None and short.until == clock.now


@pytest.mark.parametrize(
    ("text", "style", "until", "words"),
    [
        ("", "info", None, "Type the text"),
        ("   \n ", "info", None, "Type the text"),
        ("x" * 141, "info", None, "141 characters"),
        ("Fine", "info", MORNING - HOUR, "already passed"),
        ("Fine", "info", MORNING, "already passed"),
        ("Fine", "urgent", None, "info or important"),
    ],
)
def test_post_refuses_what_cannot_be_shown(
    folder: Path, text: str, style: str, until: dt.datetime | None, words: str
) -> None:
    with pytest.raises(AnnouncementError) as caught:
        post(folder, text, style, until, MORNING)
    assert words in caught.value.message
    assert not (folder / ANNOUNCEMENTS_FILE).exists()


def test_a_missing_folder_or_broken_file_is_a_plain_save_error(folder: Path) -> None:
    with pytest.raises(SaveError, match="does not exist"):
        post(folder / "nowhere", "Hello", "info", None, MORNING)
    broken = "announcements:\n  - id: a\n    text: [unclosed\n"
    (folder / ANNOUNCEMENTS_FILE).write_text(broken, encoding="utf-8")
    with pytest.raises(SaveError, match=r"line 3.*Nothing was changed"):
        post(folder, "Hello", "info", None, MORNING)
    assert text_of(folder) == broken


# -- comments and ready-made phrases ------------------------------------------------------------

HAND_WRITTEN = """\
# Front desk notices. Keep them short!
announcements:
  # The car park notice goes up every Tuesday.
  - id: car-park
    text: The car park is closed today.   # council works
    style: important

# Phrases we use a lot.
ready_made:
  - Please switch your phone to silent.  # the usual one
  - Flu vaccines are available today.
"""


def test_comments_are_kept_when_posting_and_clearing(folder: Path) -> None:
    (folder / ANNOUNCEMENTS_FILE).write_text(HAND_WRITTEN, encoding="utf-8")
    posted = post(folder, "Dr. Li is running late.", "info", None, MORNING)
    after_post = text_of(folder)
    for comment in (
        "# Front desk notices. Keep them short!\n",
        "# The car park notice goes up every Tuesday.\n",
        "text: The car park is closed today.   # council works\n",
        "- Please switch your phone to silent.  # the usual one\n",
    ):
        assert comment in after_post
    # The comment above ready_made stays above it, after the new entry.
    assert after_post.index(posted.id) < after_post.index("# Phrases we use a lot.")
    assert after_post.index("# Phrases we use a lot.") < after_post.index("ready_made:")
    assert clear(folder, "car-park") and clear(folder, posted.id)
    emptied = text_of(folder)
    assert "# Front desk notices. Keep them short!" in emptied
    assert emptied.index("# Phrases we use a lot.") < emptied.index("ready_made:")
    assert "# the usual one" in emptied
    board = load(folder)
    assert board.announcements == ()
    assert board.ready_made == (
        "Please switch your phone to silent.",
        "Flu vaccines are available today.",
    )
    again = post(folder, "Back again", "info", None, MORNING)  # "announcements: []" grows
    assert [a.id for a in load(folder).announcements] == [again.id]
    assert "# Phrases we use a lot." in text_of(folder)


def test_phrases_are_kept_once(folder: Path) -> None:
    (folder / ANNOUNCEMENTS_FILE).write_text(HAND_WRITTEN, encoding="utf-8")
    assert keep_phrase(folder, "Dr. Li is  running late.") is True
    assert keep_phrase(folder, "dr. li is running late.") is False
    assert load(folder).ready_made[-1] == "Dr. Li is running late."
    assert "# the usual one" in text_of(folder)
    assert load(folder).ready_made == (
        "Please switch your phone to silent.",
        "Flu vaccines are available today.",
        "Dr. Li is running late.",
    )
    with pytest.raises(AnnouncementError):
        keep_phrase(folder, "  ")


def test_keeping_a_phrase_in_a_new_folder_starts_from_the_usual_ones(folder: Path) -> None:
    assert keep_phrase(folder, "Back in five minutes.")
    assert load(folder).ready_made == (*DEFAULT_READY_MADE, "Back in five minutes.")


# -- when an announcement ends ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17:00", dt.datetime(2026, 12, 24, 17, 0, tzinfo=ZONE)),
        ("9:30", dt.datetime(2026, 12, 24, 9, 30, tzinfo=ZONE)),
        ("30m", MORNING + dt.timedelta(minutes=30)),
        ("1h", MORNING + HOUR),
        ("2h", MORNING + 2 * HOUR),
        ("90 min", MORNING + dt.timedelta(minutes=90)),
        ("end of day", dt.datetime(2026, 12, 24, 23, 59, 59, tzinfo=ZONE)),
        ("EOD", dt.datetime(2026, 12, 24, 23, 59, 59, tzinfo=ZONE)),
        ("2026-12-24 12:00", dt.datetime(2026, 12, 24, 12, 0, tzinfo=ZONE)),
        ("2026-12-27T08:00:00+00:00", dt.datetime(2026, 12, 27, 9, 0, tzinfo=ZONE)),
        ("2026-12-31", dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=ZONE)),
    ],
)
def test_parse_until(text: str, expected: dt.datetime) -> None:
    assert parse_until(text, MORNING, ZONE) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("08:00", "08:00 has already passed today"),
        ("09:15", "already passed"),
        ("2026-12-24 09:00", "already passed"),
        ("25:00", "not a time of day"),
        ("0m", "between 1 minute and a year"),
        ("soon", "not a time the kiosk understands"),
        ("", "Say when"),
    ],
)
def test_parse_until_explains_what_it_cannot_use(text: str, words: str) -> None:
    with pytest.raises(AnnouncementError) as caught:
        parse_until(text, MORNING, ZONE)
    assert words in caught.value.message
    message = caught.value.message
    assert any(hint in message for hint in ("like", "such as", "later")), message


def test_parse_until_in_the_computers_own_zone() -> None:
    now = dt.datetime.now().astimezone()
    until = parse_until("2h", now)
    assert until.tzinfo is not None
    assert dt.timedelta(hours=2) - dt.timedelta(seconds=1) <= until - now <= dt.timedelta(hours=2)


def test_the_content_guide_example_loads_without_problems(folder: Path) -> None:
    guide = (Path(__file__).resolve().parents[2] / "resources" / "CONTENT-GUIDE.md").read_text(
        encoding="utf-8"
    )
    section = guide.split("## Announcements", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (folder / ANNOUNCEMENTS_FILE).write_text(example, encoding="utf-8")
    board = load(folder)
    assert [a.id for a in board.announcements] == ["a-20261224-091500", "car-park"]
    assert board.ready_made == DEFAULT_READY_MADE
