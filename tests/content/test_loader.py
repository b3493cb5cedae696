"""load_deck on real folders in tmp_path: every rejection names the file, the line and the fix."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from kiosk.content import Problem, Reference, Settings, Severity, Slide, load_deck
from kiosk.content.files import MAX_SLIDE_BYTES
from kiosk.content.markdown import MAX_CHARACTERS, MAX_LINES

from .conftest import (
    EXTRA_LINE,
    ContentFolder,
    assert_slide_left_out,
    field_problem,
    ids,
    problems_in,
    reference_yaml,
    slide_md,
)

FILE = "slides/010-sample.md"

# --------------------------------------------------------------------------------------------
# A good slide, and the fields the loader fills in
# --------------------------------------------------------------------------------------------


def test_complete_slide_loads_with_every_field(content: ContentFolder) -> None:
    content.image("needles.png")
    content.slide(
        "020-guidelines.md",
        slide_md(
            "guidelines",
            title="What doctors' guidelines say",
            extra=(
                "order: 20\n"
                "enabled: true\n"
                "duration: 15\n"
                "image: images/needles.png\n"
                "key_points:\n"
                "  - The American College of Physicians issued this advice in 2017.\n"
                "references:\n"
                + reference_yaml(doi="10.7326/M16-2367", pmid='"28192789"', volume='"166"')
                + "reviewed:\n"
                "  date: 2026-11-25\n"
                "  by: Front desk\n"
                "review_every_months: 6\n"
            ),
            body="\n\nIn February 2017 the **American College of Physicians** advised ...\n\n",
        ),
    )
    result = content.load()
    assert result.problems == ()
    (slide,) = result.deck.slides
    assert isinstance(slide, Slide)
    assert slide.id == "guidelines"
    assert slide.title == "What doctors' guidelines say"
    assert slide.order == 20
    assert slide.duration == 15
    assert slide.image == "images/needles.png"
    assert slide.key_points == ["The American College of Physicians issued this advice in 2017."]
    assert slide.references[0].doi == "10.7326/M16-2367"
    assert slide.references[0].pmid == "28192789"
    assert slide.references[0].volume == "166"
    assert slide.reviewed is not None
    assert slide.reviewed.date == dt.date(2026, 11, 25)
    assert slide.reviewed.by == "Front desk"
    assert slide.review_every_months == 6
    # The loader's own fields: the body (trimmed) and the file's name.
    assert slide.summary == "In February 2017 the **American College of Physicians** advised ..."
    assert slide.file_name == "020-guidelines.md"


def test_defaults_of_optional_fields(content: ContentFolder) -> None:
    content.slide("a.md", slide_md("a"))
    result = content.load()
    assert result.problems == ()
    (slide,) = result.deck.slides
    assert (slide.order, slide.enabled, slide.duration, slide.image) == (100, True, None, None)
    assert (slide.key_points, slide.references, slide.reviewed) == ([], [], None)
    assert slide.review_every_months == 12
    assert slide.link is None
    assert slide.duration_or(result.deck.settings) == 12
    assert slide.duration_or(Settings(default_duration=30)) == 30


def test_summary_and_file_name_cannot_be_written_in_the_file(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="summary: sneaky\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "summary")
    assert "'summary' is not a field the kiosk knows" in problem.message
    assert_slide_left_out(result, FILE)


def test_windows_line_endings_and_a_byte_order_mark_are_fine(content: ContentFolder) -> None:
    content.slide("a.md", "\ufeff" + slide_md("a", extra="order: 5\n", newline="\r\n"))
    content.slide("b.md", slide_md("b", extra="durration: 5\n", newline="\r\n"))
    result = content.load()
    assert ids(result.deck.slides) == ["a"]
    problem = field_problem(result, "slides/b.md")
    assert (problem.line, problem.field) == (EXTRA_LINE, "durration")


# --------------------------------------------------------------------------------------------
# Unknown fields, with a "did you mean"
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("durration", "duration"),
        ("titel", "title"),
        ("key_point", "key_points"),
        ("refrences", "references"),
        ("enable", "enabled"),
        ("reviewd", "reviewed"),
        ("readmore", "read_more"),
    ],
)
def test_unknown_field_suggests_the_known_one(
    content: ContentFolder, written: str, meant: str
) -> None:
    content.slide("010-sample.md", slide_md(extra=f"order: 3\n{written}: 15\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert problem.line == EXTRA_LINE + 1
    assert problem.field == written
    assert f"'{written}' is not a field the kiosk knows" in problem.message
    assert f"Did you mean '{meant}'?" in problem.message
    assert problem.severity is Severity.ERROR
    assert problem.slide_id == "sample"
    assert_slide_left_out(result, FILE)


def test_unknown_field_far_from_any_known_one_lists_the_fields(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="colour: blue\n"))
    problem = field_problem(content.load(), FILE)
    assert problem.line == EXTRA_LINE
    assert "Did you mean" not in problem.message
    assert "Fields: id, title, teaser, order, enabled, duration" in problem.message


def test_unknown_field_inside_a_reference(content: ContentFolder) -> None:
    # The entry runs from line 6 (authors) to line 10, where "yeer" comes last.
    extra = "references:\n" + reference_yaml(year="", yeer="2009")
    content.slide("010-sample.md", slide_md(extra=extra))
    result = content.load()
    unknown, missing = (p for p in problems_in(result, FILE) if p.line != 1)
    assert unknown.line == EXTRA_LINE + 5
    assert unknown.field == "references"
    assert unknown.message.startswith("references, entry 1, yeer: ")
    assert "Did you mean 'year'?" in unknown.message
    assert missing.line == EXTRA_LINE + 1
    assert "'year' is missing" in missing.message
    assert_slide_left_out(result, FILE)


def test_unknown_field_inside_reviewed(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="reviewed:\n  date: 2026-01-02\n  bye: Me\n"))
    problem = field_problem(content.load(), FILE)
    assert problem.line == EXTRA_LINE + 2
    assert problem.message.startswith("reviewed, bye: ")
    assert "Did you mean 'by'?" in problem.message


# --------------------------------------------------------------------------------------------
# Wrong types
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("duration: five", "duration", ["should be a whole number, not text", "'five'"]),
        ("duration: 12.5", "duration", ["should be a whole number, not a number", "12.5"]),
        ("duration: true", "duration", ["should be a whole number, not true or false"]),
        ("duration: [12]", "duration", ["should be a whole number, not a list"]),
        ("order: first", "order", ["should be a whole number, not text", "Give a whole number"]),
        ("enabled: yes", "enabled", ["should be true or false, not text", "Write true or false"]),
        ("enabled: 1", "enabled", ["should be true or false, not a whole number"]),
        ("enabled:", "enabled", ["should be true or false, not empty"]),
        ("key_points: one point", "key_points", ["should be a list, not text"]),
        ("key_points: [[nested]]", "key_points", ["entry 1", "should be text, not a list"]),
        ("key_points: {a: b}", "key_points", ["should be a list, not a group of fields"]),
        ("references: see below", "references", ["should be a group of 'name: value' lines"]),
        ("references: [hello]", "references", ["entry 1", "not a single value"]),
        ("reviewed: yesterday", "reviewed", ["should be a group of 'name: value' lines"]),
        ("reviewed: {date: soon}", "reviewed", ["reviewed, date:", "year-month-day"]),
        ("reviewed: {by: Me}", "reviewed", ["'date' is missing", "year-month-day"]),
        ("review_every_months: often", "review_every_months", ["should be a whole number"]),
        ("image: [a.png]", "image", ["should be text, not a list"]),
        ("read_more: www.example.com", "read_more", ["starting with https://"]),
    ],
)
def test_wrong_type_names_the_line_field_and_fix(
    content: ContentFolder, line: str, field: str, words: list[str]
) -> None:
    content.slide("010-sample.md", slide_md(extra=f"{line}\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, field)
    assert problem.message.startswith(field)
    for word in words:
        assert word in problem.message
    assert "Expected `" not in problem.message, "msgspec's wording leaked to staff"
    assert_slide_left_out(result, FILE)


@pytest.mark.parametrize(
    ("fields", "field", "line", "words"),
    [
        ({"slide_id": "Back Pain"}, "id", 2, "is not written the right way"),
        ({"slide_id": "back_pain"}, "id", 2, "lowercase letters, digits and hyphens"),
        ({"slide_id": "[a]"}, "id", 2, "should be text, not a list"),
        ({"title": "[a, b]"}, "title", 3, "should be text, not a list"),
        ({"title": "{a: b}"}, "title", 3, "should be text, not a group of fields"),
        ({"teaser": "2026-11-25"}, "teaser", 4, "should be text, not a date"),
        ({"teaser": "true"}, "teaser", 4, "should be text, not true or false"),
    ],
)
def test_wrong_type_of_a_required_field(
    content: ContentFolder, fields: dict[str, str], field: str, line: int, words: str
) -> None:
    content.slide("010-sample.md", slide_md(**fields))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message
    assert_slide_left_out(result, FILE)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("reviewed:\n  by: Me\n  date: 2026-02-30\n", "February 2026 has 28 days"),
        ("reviewed:\n  by: Me\n  date: 2026-13-01\n", "there is no month 13"),
        ("order: 1\nduration: 5\nreview_every_months: " + "9" * 5000 + "\n", "4300 digits"),
    ],
)
def test_a_value_yaml_cannot_build_names_its_line(
    content: ContentFolder, line: str, words: str
) -> None:
    content.slide("010-sample.md", slide_md(extra=line))
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == (FILE, EXTRA_LINE + 2)
    assert words in problem.message
    assert "not a real date" in problem.message or "The fields cannot be read" in problem.message
    assert result.deck.slides == ()


def test_a_date_with_a_time_is_not_a_review_date(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="reviewed:\n  date: 2026-11-25 10:00:00\n"))
    problem = field_problem(content.load(), FILE)
    assert problem.line == EXTRA_LINE + 1
    assert "should be a date, not a date and time" in problem.message


def test_every_problem_of_one_file_is_reported_at_once(content: ContentFolder) -> None:
    content.slide(
        "010-sample.md",
        slide_md(
            extra="duration: 1\nenabled: maybe\ncolor: red\nkey_points: [a, b, c, d, e, f, g]\n"
        ),
    )
    result = content.load()
    lines = {p.field: p.line for p in problems_in(result, FILE)}
    assert lines == {
        "duration": EXTRA_LINE,
        "enabled": EXTRA_LINE + 1,
        "color": EXTRA_LINE + 2,
        "key_points": EXTRA_LINE + 3,
        None: 1,  # "This slide is not shown until the problems above are fixed."
    }
    (summary,) = (p for p in problems_in(result, FILE) if p.field is None)
    assert summary.message == "This slide is not shown until the problems above are fixed."
    assert summary.slide_id == "sample"


# --------------------------------------------------------------------------------------------
# Numbers out of range
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-5", "is too small: the smallest allowed is 3 (it is -5)"),
        ("0", "is too small: the smallest allowed is 3 (it is 0)"),
        ("2", "is too small: the smallest allowed is 3 (it is 2)"),
        ("601", "is too big: the largest allowed is 600 (it is 601)"),
        ("86400", "is too big: the largest allowed is 600"),
        ("99999999999999999999999999999999", "is too big: the largest allowed is 600"),
        ("-99999999999999999999999999999999", "is too small: the smallest allowed is 3"),
        ("1e400", "should be a whole number"),
        (".inf", "should be a whole number"),
        (".nan", "should be a whole number"),
        # More than Python's 4300-digit limit for printing an integer: still a plain problem.
        ("0x" + "f" * 4000, "is too big: the largest allowed is 600"),
    ],
)
def test_duration_out_of_range(content: ContentFolder, value: str, words: str) -> None:
    content.slide("010-sample.md", slide_md(extra=f"duration: {value}\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "duration")
    assert words in problem.message
    assert "Give a number of seconds from 3 to 600" in problem.message
    assert len(problem.message) < 400, "a huge value must not be printed in full"
    assert_slide_left_out(result, FILE)


@pytest.mark.parametrize("value", ["3", "600"])
def test_duration_limits_are_allowed(content: ContentFolder, value: str) -> None:
    content.slide("010-sample.md", slide_md(extra=f"duration: {value}\n"))
    result = content.load()
    assert result.problems == ()
    assert result.deck.slides[0].duration == int(value)


@pytest.mark.parametrize(
    ("fields", "field", "line", "words"),
    [
        ({"extra": "order: 1000001\n"}, "order", 5, "is too big: the largest allowed is 1000000"),
        ({"extra": "order: -1000001\n"}, "order", 5, "the smallest allowed is -1000000"),
        ({"extra": "review_every_months: 0\n"}, "review_every_months", 5, "smallest allowed is 1"),
        ({"extra": "review_every_months: 61\n"}, "review_every_months", 5, "largest allowed is 60"),
        ({"title": "''"}, "title", 3, "is empty"),
        ({"title": "'   '"}, "title", 3, "is empty"),
        ({"title": "x" * 81}, "title", 3, "is too long: at most 80 characters"),
        ({"teaser": "x" * 161}, "teaser", 4, "is too long: at most 160 characters"),
        ({"teaser": ""}, "teaser", 4, "should be text, not empty"),
        ({"extra": "key_points: [a, b, c, d, e, f, g]\n"}, "key_points", 5, "at most 6"),
        ({"extra": "key_points: ['']\n"}, "key_points", 5, "key_points, entry 1: is empty"),
        ({"extra": "key_points: [" + "x" * 201 + "]\n"}, "key_points", 5, "at most 200"),
        ({"extra": "image: ''\n"}, "image", 5, "is empty"),
        ({"slide_id": "-starts-with-hyphen"}, "id", 2, "lowercase letters, digits and hyphens"),
        ({"slide_id": "x" * 65}, "id", 2, "is not written the right way"),
    ],
)
def test_other_limits(
    content: ContentFolder, fields: dict[str, str], field: str, line: int, words: str
) -> None:
    content.slide("010-sample.md", slide_md(**fields))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message
    assert_slide_left_out(result, FILE)


# --------------------------------------------------------------------------------------------
# References: DOIs, PubMed numbers, links
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doi",
    [
        "11.1001/archinternmed.2009.65",  # not 10.
        "10.12/short-registrant",  # the number after 10. has 4 to 9 digits
        "10.1001",  # no slash and suffix
        "10.1001/",  # nothing after the slash
        "'10.1001/has space'",
        "archinternmed.2009.65",
        "https://example.org/10.1001/archinternmed.2009.65",
        "doi.org/",
        "'  '",
    ],
)
def test_malformed_doi_is_rejected(content: ContentFolder, doi: str) -> None:
    # references: on line 5, the entry from line 6; doi is the entry's 5th line: line 10.
    content.slide("010-sample.md", slide_md(extra="references:\n" + reference_yaml(doi=doi)))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE + 5, "references")
    assert problem.message.startswith("references, entry 1, doi: ")
    assert "A DOI starts with 10." in problem.message
    assert_slide_left_out(result, FILE)


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("10.1001/archinternmed.2009.65", "10.1001/archinternmed.2009.65"),
        ("https://doi.org/10.1001/archinternmed.2009.65", "10.1001/archinternmed.2009.65"),
        ("http://dx.doi.org/10.1002/14651858.CD001351.pub2", "10.1002/14651858.CD001351.pub2"),
        ("'doi: 10.1155/2012/953139'", "10.1155/2012/953139"),
    ],
)
def test_doi_prefixes_are_accepted_and_linked(
    content: ContentFolder, written: str, bare: str
) -> None:
    content.slide("010-sample.md", slide_md(extra="references:\n" + reference_yaml(doi=written)))
    result = content.load()
    assert result.problems == ()
    (reference,) = result.deck.slides[0].references
    assert reference.doi == written.strip("'")
    assert reference.doi_id == bare
    assert reference.link == f"https://doi.org/{bare}"


@pytest.mark.parametrize("pmid", ["PMC123456", "'0123'", "1234567890", "'12 34'", "-5", "1.5"])
def test_malformed_pmid_is_rejected(content: ContentFolder, pmid: str) -> None:
    extra = "references:\n" + reference_yaml(doi="", pmid=pmid)
    content.slide("010-sample.md", slide_md(extra=extra))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE + 5, "references")
    assert problem.message.startswith("references, entry 1, pmid: ")
    assert "A PubMed number is digits only" in problem.message


@pytest.mark.parametrize("url", ["ftp://example.org/x", "www.example.org", "'https://a b'"])
def test_malformed_url_is_rejected(content: ContentFolder, url: str) -> None:
    extra = "references:\n" + reference_yaml(doi="", url=url)
    content.slide("010-sample.md", slide_md(extra=extra))
    problem = field_problem(content.load(), FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE + 5, "references")
    assert problem.message.startswith("references, entry 1, url: ")
    assert "starting with https://" in problem.message


def test_reference_without_doi_pmid_or_url_is_rejected(content: ContentFolder) -> None:
    good = reference_yaml()
    bad = reference_yaml(doi="", title="No way to look this up")
    content.slide("010-sample.md", slide_md(extra="references:\n" + good + bad))
    result = content.load()
    problem = field_problem(result, FILE)
    # The good entry has 5 lines (6-10); the bad one starts on line 11.
    assert (problem.line, problem.field) == (EXTRA_LINE + 6, "references")
    assert problem.message.startswith("references, entry 2: ")
    assert "Give the reference a doi, a pmid or a url" in problem.message
    assert_slide_left_out(result, FILE)


@pytest.mark.parametrize("missing", ["authors", "title", "source", "year"])
def test_reference_missing_a_required_field(content: ContentFolder, missing: str) -> None:
    extra = "references:\n" + reference_yaml(**{missing: ""})
    content.slide("010-sample.md", slide_md(extra=extra))
    problem = field_problem(content.load(), FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE + 1, "references")
    assert f"references, entry 1: '{missing}' is missing." in problem.message


def test_reference_with_no_authors(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="references:\n" + reference_yaml(authors="[]")))
    problem = field_problem(content.load(), FILE)
    assert problem.line == EXTRA_LINE + 1
    assert "references, entry 1, authors: needs at least 1 entry" in problem.message


def test_bare_numbers_are_accepted_as_text(content: ContentFolder) -> None:
    extra = "references:\n" + reference_yaml(
        doi="", pmid="19433697", volume="169", issue="9", pages="858", article="953139"
    )
    content.slide("010-sample.md", slide_md(extra=extra))
    result = content.load()
    assert result.problems == ()
    (reference,) = result.deck.slides[0].references
    assert reference.pmid == "19433697"
    assert (reference.volume, reference.issue, reference.pages) == ("169", "9", "858")
    assert reference.article == "953139"
    assert reference.year == 2009  # a year stays a number
    assert reference.link == "https://pubmed.ncbi.nlm.nih.gov/19433697/"


def test_numbers_are_text_in_titles_and_key_points(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(title="2017", extra="key_points: [1, 2.5]\n"))
    result = content.load()
    assert result.problems == ()
    slide = result.deck.slides[0]
    assert slide.title == "2017"
    assert slide.key_points == ["1", "2.5"]


@pytest.mark.parametrize(
    ("fields", "link"),
    [
        (
            {"doi": "10.1001/x.1", "pmid": "19433697", "url": "https://example.org/a"},
            "https://doi.org/10.1001/x.1",
        ),
        (
            {"doi": "", "pmid": "19433697", "url": "https://example.org/a"},
            "https://pubmed.ncbi.nlm.nih.gov/19433697/",
        ),
        ({"doi": "", "url": "https://example.org/a"}, "https://example.org/a"),
        ({"doi": "https://doi.org/10.1001/x.1", "pmid": "1"}, "https://doi.org/10.1001/x.1"),
    ],
)
def test_reference_link_priority_doi_then_pubmed_then_url(
    content: ContentFolder, fields: dict[str, str], link: str
) -> None:
    content.slide("010-sample.md", slide_md(extra="references:\n" + reference_yaml(**fields)))
    result = content.load()
    assert result.problems == ()
    assert result.deck.slides[0].references[0].link == link


def test_reference_link_priority_on_the_model() -> None:
    base = {"authors": ["A"], "title": "T", "source": "S", "year": 2000}
    assert Reference(**base, url="https://e.org", pmid="5").link.endswith("/5/")  # type: ignore[arg-type]
    assert Reference(**base, url="https://e.org").link == "https://e.org"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="doi, a pmid or a url"):
        Reference(**base)  # type: ignore[arg-type]


def test_slide_link_is_read_more_else_first_reference(content: ContentFolder) -> None:
    refs = "references:\n" + reference_yaml(doi="10.1001/first.1") + reference_yaml(pmid='"2"')
    content.slide("a.md", slide_md("a", extra="read_more: https://clinic.example/back\n" + refs))
    content.slide("b.md", slide_md("b", extra=refs))
    content.slide("c.md", slide_md("c"))
    result = content.load()
    assert result.problems == ()
    links = {s.id: s.link for s in result.deck.slides}
    assert links == {
        "a": "https://clinic.example/back",
        "b": "https://doi.org/10.1001/first.1",
        "c": None,
    }


def test_too_many_references(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="references:\n" + reference_yaml() * 31))
    problem = field_problem(content.load(), FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "references")
    assert "has too many entries: at most 30" in problem.message


# --------------------------------------------------------------------------------------------
# Images: inside the content folder only
# --------------------------------------------------------------------------------------------


def test_image_inside_the_folder_loads(content: ContentFolder) -> None:
    content.image("welcome.jpg")
    content.slide("010-sample.md", slide_md(extra="image: images/welcome.jpg\n"))
    result = content.load()
    assert result.problems == ()
    assert result.deck.slides[0].image == "images/welcome.jpg"


@pytest.mark.parametrize(
    "image",
    ["../outside.png", "images/../../outside.png", "/etc/outside.png", "images/../../../etc.png"],
)
def test_image_outside_the_folder_is_rejected(content: ContentFolder, image: str) -> None:
    (content.path.parent / "outside.png").write_bytes(b"png")
    content.slide("010-sample.md", slide_md(extra=f"order: 1\nimage: {image}\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.file, problem.line, problem.field) == (FILE, EXTRA_LINE + 1, "image")
    assert f"image: '{image}' is outside the content folder" in problem.message
    assert "write images/<name>" in problem.message
    assert problem.severity is Severity.ERROR
    assert_slide_left_out(result, FILE)


def test_absolute_path_to_a_real_picture_outside_is_rejected(content: ContentFolder) -> None:
    outside = content.path.parent / "real.png"
    outside.write_bytes(b"png")
    content.slide("010-sample.md", slide_md(extra=f"image: {outside}\n"))
    problem = field_problem(content.load(), FILE)
    assert problem.line == EXTRA_LINE
    assert "is outside the content folder" in problem.message


def test_absolute_path_to_a_picture_inside_is_still_rejected(content: ContentFolder) -> None:
    inside = content.image("a.png")
    content.slide("010-sample.md", slide_md(extra=f"image: {inside}\n"))
    problem = field_problem(content.load(), FILE)
    assert "is outside the content folder" in problem.message


def test_image_symlink_pointing_outside_is_rejected(content: ContentFolder) -> None:
    secret = content.path.parent / "secret.png"
    secret.write_bytes(b"png")
    (content.images_dir / "innocent.png").symlink_to(secret)
    content.slide("010-sample.md", slide_md(extra="image: images/innocent.png\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "image")
    assert "'images/innocent.png' is outside the content folder" in problem.message
    assert_slide_left_out(result, FILE)


def test_images_folder_symlinked_outside_is_rejected(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.png").write_bytes(b"png")
    folder = tmp_path / "clinic"
    (folder / "slides").mkdir(parents=True)
    (folder / "images").symlink_to(elsewhere, target_is_directory=True)
    (folder / "slides" / "010-sample.md").write_text(slide_md(extra="image: images/a.png\n"))
    result = load_deck(folder)
    problem = field_problem(result, FILE)
    assert "is outside the content folder" in problem.message
    assert result.deck.slides == ()


def test_image_symlink_staying_inside_is_fine(content: ContentFolder) -> None:
    content.image("real.png")
    (content.images_dir / "alias.png").symlink_to(content.images_dir / "real.png")
    content.slide("010-sample.md", slide_md(extra="image: images/alias.png\n"))
    result = content.load()
    assert result.problems == ()


def test_image_symlink_loop_is_a_problem_not_a_crash(content: ContentFolder) -> None:
    (content.images_dir / "loop1.png").symlink_to(content.images_dir / "loop2.png")
    (content.images_dir / "loop2.png").symlink_to(content.images_dir / "loop1.png")
    content.slide("010-sample.md", slide_md(extra="image: images/loop1.png\n"))
    result = content.load()
    (problem,) = problems_in(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "image")


def test_image_path_with_a_nul_character_is_a_problem_not_a_crash(
    content: ContentFolder,
) -> None:
    content.slide("010-sample.md", slide_md(extra='image: "images/a\\0.png"\n'))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "image")
    assert result.deck.slides == ()


def test_image_that_is_not_a_picture_is_rejected(content: ContentFolder) -> None:
    content.image("notes.txt", b"hello")
    content.slide("010-sample.md", slide_md(extra="image: images/notes.txt\n"))
    result = content.load()
    problem = field_problem(result, FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE, "image")
    assert "is not a picture the kiosk can show" in problem.message
    assert "jpg, png, webp" in problem.message
    assert_slide_left_out(result, FILE)


def test_missing_image_is_a_warning_and_the_slide_still_shows(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="order: 1\nimage: images/missing.jpg\n"))
    result = content.load()
    (problem,) = result.problems
    assert problem.severity is Severity.WARNING
    assert (problem.file, problem.line, problem.field) == (FILE, EXTRA_LINE + 1, "image")
    assert "'images/missing.jpg' was not found" in problem.message
    assert result.errors == ()
    assert ids(result.deck.slides) == ["sample"]
    assert str(problem).startswith(f"{FILE}:{EXTRA_LINE + 1}: warning: image:")


# --------------------------------------------------------------------------------------------
# Files that are not slide text
# --------------------------------------------------------------------------------------------


def test_file_not_saved_as_utf8_names_the_line(content: ContentFolder) -> None:
    text = slide_md(extra="order: 1\nkey_points: [Café au lait]\n")
    content.slide("010-sample.md", text.encode("latin-1"))
    result = content.load()
    (problem,) = problems_in(result, FILE)
    assert problem.line == EXTRA_LINE + 1
    assert "not saved as UTF-8" in problem.message
    assert "This slide is not shown." in problem.message
    assert result.deck.slides == ()


def test_utf16_file_is_not_a_slide(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md().encode("utf-16"))
    (problem,) = content.load().problems
    assert problem.file == FILE
    assert problem.line == 1
    assert "saved as UTF-16" in problem.message and "UTF-8" in problem.message


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        b"PK\x03\x04" + os.urandom(64) + b"\0",
        b"---\nid: a\x00b\n---\n",
    ],
)
def test_binary_file_is_not_a_slide(content: ContentFolder, data: bytes) -> None:
    content.slide("010-sample.md", data)
    content.slide("020-good.md", slide_md("good"))
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == (FILE, 1)
    assert "This is not a text file (it holds binary data)" in problem.message
    assert ids(result.deck.slides) == ["good"]


def test_huge_slide_file_is_refused_without_reading_it(content: ContentFolder) -> None:
    path = content.slides_dir / "010-sample.md"
    with path.open("wb") as stream:  # sparse: 50 MB on paper, nothing on disk
        stream.truncate(50 * 1024 * 1024)
    content.slide("020-good.md", slide_md("good"))
    started = time.perf_counter()
    result = content.load()
    assert time.perf_counter() - started < 2
    (problem,) = result.problems
    assert problem.file == FILE
    assert problem.line is None
    assert "The file is too big (50.0 MB)" in problem.message
    assert "at most 512 KB" in problem.message
    assert ids(result.deck.slides) == ["good"]


def test_slide_just_over_the_limit_is_refused_and_at_the_limit_loads(
    content: ContentFolder,
) -> None:
    text = slide_md("edge")
    # Padded in a comment: a body that long is refused for another reason (too long to show).
    padding = "#" + "x" * (MAX_SLIDE_BYTES - len(text.encode()) - 2) + "\n"
    at_limit = text.replace("---\n", "---\n" + padding, 1)
    content.slide("010-edge.md", at_limit)
    content.slide("020-over.md", at_limit.replace("id: edge", "id: over") + "x")
    result = content.load()
    assert ids(result.deck.slides) == ["edge"]
    (problem,) = result.problems
    assert problem.file == "slides/020-over.md"
    assert "too big" in problem.message


def test_empty_slide_file(content: ContentFolder) -> None:
    content.slide("010-sample.md", b"")
    (problem,) = content.load().problems
    assert (problem.file, problem.line) == (FILE, 1)
    assert "must start with a line of three dashes (---)" in problem.message


# --------------------------------------------------------------------------------------------
# Front matter fences and YAML syntax
# --------------------------------------------------------------------------------------------


def test_missing_opening_fence(content: ContentFolder) -> None:
    content.slide("010-sample.md", "id: sample\ntitle: T\nteaser: X\n---\nBody\n")
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == (FILE, 1)
    assert "must start with a line of three dashes (---)" in problem.message
    assert "This slide is not shown." in problem.message
    assert result.deck.slides == ()


def test_opening_fence_not_on_the_first_line(content: ContentFolder) -> None:
    content.slide("010-sample.md", "\n" + slide_md())
    (problem,) = content.load().problems
    assert problem.line == 1
    assert "must start with a line of three dashes" in problem.message


def test_no_fences_at_all(content: ContentFolder) -> None:
    content.slide("010-sample.md", "# Just Markdown\n\nNo fields here.\n")
    (problem,) = content.load().problems
    assert problem.line == 1
    assert "must start with a line of three dashes" in problem.message


def test_missing_closing_fence_names_the_last_line(content: ContentFolder) -> None:
    content.slide("010-sample.md", "---\nid: sample\ntitle: T\nteaser: X\n\nBody text\n")
    (problem,) = content.load().problems
    assert (problem.file, problem.line) == (FILE, 6)
    assert "The fields at the top are not closed" in problem.message
    assert "add a line of three dashes (---)" in problem.message


def test_fences_with_trailing_spaces_are_fine(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md().replace("---\n", "---   \n"))
    result = content.load()
    assert result.problems == ()
    assert result.deck.slides[0].summary == "Some **Markdown** text."


def test_body_may_contain_more_fences(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(body="Part one\n---\nPart two"))
    result = content.load()
    assert result.problems == ()
    assert result.deck.slides[0].summary == "Part one\n---\nPart two"


#: Mistakes whose message says what to type instead of what the parser met.
PLAIN_ADVICE = ("indented with a tab", "is never closed")


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        # A value with a colon and no quotes.
        ("order: 20\nread_more: see: this\nduration: 5\n", 6, "mapping values are not allowed"),
        # A list item indented less than the list.
        ("key_points:\n  - one\n - two\nduration: 5\n", 7, "The fields cannot be read"),
        ("order: 20\n\tduration: 5\n", 6, "indented with a tab"),
        ("order: 20\nduration: 5\norder: 30\n", 7, "the field 'order' is written twice"),
        ('order: 20\nread_more: "a\\qb"\n', 6, "unknown escape character"),
        ("order: 20\nread_more: @home\n", 6, "'@'"),
        ("order: 20\nkey_points: *nope\n", 6, "undefined alias"),
        # An unclosed quote: the problem is where the quote opens, not at the end.
        ('order: 20\nread_more: "abc\nduration: 5\n', 6, "is never closed"),
        ("order: 20\nread_more: a\x01b\n", 6, "invisible control character"),
    ],
)
def test_yaml_syntax_error_names_the_right_line(
    content: ContentFolder, extra: str, line: int, words: str
) -> None:
    content.slide("010-sample.md", slide_md(extra=extra))
    content.slide("020-good.md", slide_md("good"))
    result = content.load()
    (problem,) = problems_in(result, FILE)
    assert problem.line == line
    if words not in PLAIN_ADVICE:  # (these say what to do instead of what the parser met)
        assert "The fields cannot be read" in problem.message
    assert words in problem.message
    assert "This slide is not shown." in problem.message
    assert "\n" not in str(problem), "one problem, one line of output"
    assert ids(result.deck.slides) == ["good"]


@pytest.mark.parametrize("fields", ["? - :\n", "? [a, {b: c}]\n: x\n"])
def test_yaml_the_parser_itself_trips_on_is_a_problem(content: ContentFolder, fields: str) -> None:
    # ruamel.yaml raises TypeError (an unhashable key) here, not one of its own errors.
    content.slide("010-sample.md", f"---\n{fields}---\n")
    content.slide("020-good.md", slide_md("good"))
    content.settings("theme: high-contrast\n" + fields)
    result = content.load()
    assert ids(result.deck.slides) == ["good"]
    (settings,) = problems_in(result, "settings.yaml")
    assert "The fields cannot be read" in settings.message
    assert settings.message.endswith("Default settings are used.")
    assert all("This file could not be read" not in p.message for p in result.problems)
    assert any(p.file == FILE for p in result.problems)


def test_a_reused_anchor_is_valid_yaml(content: ContentFolder) -> None:
    # YAML lets an anchor be defined again; the YAML library warns, the kiosk stays quiet.
    text = slide_md(extra="order: &n 5\nduration: &n 10\nreview_every_months: *n\n")
    content.slide("010-sample.md", text)
    content.settings("default_duration: &d 20\nidle_timeout: &d 30\n")
    result = content.load()
    assert result.problems == ()
    slide = result.deck.slides[0]
    assert (slide.order, slide.duration, slide.review_every_months) == (5, 10, 10)


def test_yaml_error_line_with_windows_line_endings(content: ContentFolder) -> None:
    content.slide("010-sample.md", slide_md(extra="order: 1\ntitle2: a: b\n", newline="\r\n"))
    (problem,) = content.load().problems
    assert problem.line == EXTRA_LINE + 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ("", "not empty"),
        ("- id: a\n- title: b\n", "not a list"),
        ("just some words\n", "not a single value"),
    ],
)
def test_front_matter_that_is_not_fields(content: ContentFolder, fields: str, words: str) -> None:
    content.slide("010-sample.md", f"---\n{fields}---\nBody\n")
    result = content.load()
    problem = field_problem(result, FILE)
    assert problem.line == 2
    assert "should be a group of 'name: value' lines" in problem.message
    assert words in problem.message
    assert_slide_left_out(result, FILE)


# --------------------------------------------------------------------------------------------
# Required fields
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "hint"),
    [
        ("id", "lowercase letters, digits and hyphens"),
        ("title", "Write a heading of 1 to 80 characters"),
        ("teaser", "Write one sentence of up to 160 characters"),
    ],
)
def test_missing_required_field(content: ContentFolder, missing: str, hint: str) -> None:
    text = "\n".join(line for line in slide_md().splitlines() if not line.startswith(f"{missing}:"))
    content.slide("010-sample.md", text + "\n")
    result = content.load()
    problem = field_problem(result, FILE)
    assert problem.line == 2  # the first line of the fields
    assert problem.field is None
    assert problem.message.startswith(f"'{missing}' is missing.")
    assert hint in problem.message
    assert_slide_left_out(result, FILE)


def test_every_missing_field_is_reported(content: ContentFolder) -> None:
    content.slide("010-sample.md", "---\norder: 3\n---\n")
    result = content.load()
    missing = sorted(p.message.split("'")[1] for p in problems_in(result, FILE) if p.line == 2)
    assert missing == ["id", "teaser", "title"]
    # Without an id the problems cannot name one.
    assert all(p.slide_id is None for p in problems_in(result, FILE))


# --------------------------------------------------------------------------------------------
# Duplicate ids
# --------------------------------------------------------------------------------------------


def test_duplicate_id_keeps_the_first_file_and_names_the_second(content: ContentFolder) -> None:
    content.slide("010-first.md", slide_md("same", title="First"))
    content.slide("020-second.md", slide_md("same", title="Second"))
    content.slide("030-third.md", slide_md("same", title="Third"))
    content.slide("040-other.md", slide_md("other"))
    result = content.load()
    assert [(s.id, s.title) for s in result.deck.slides] == [
        ("same", "First"),
        ("other", "A sample slide"),
    ]
    assert [(p.file, p.line, p.field) for p in result.problems] == [
        ("slides/020-second.md", 2, "id"),
        ("slides/030-third.md", 2, "id"),
    ]
    for problem in result.problems:
        assert "id: 'same' is already used by slides/010-first.md" in problem.message
        assert "Give this slide another id" in problem.message
        assert problem.slide_id == "same"


def test_duplicate_id_names_the_line_the_id_is_on(content: ContentFolder) -> None:
    content.slide("010-first.md", slide_md("same"))
    content.slide("020-second.md", "---\ntitle: T\nteaser: X\norder: 1\nid: same\n---\n")
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == ("slides/020-second.md", 5)


def test_an_invalid_slide_does_not_claim_its_id(content: ContentFolder) -> None:
    content.slide("010-broken.md", slide_md("same", extra="duration: 0\n"))
    content.slide("020-good.md", slide_md("same"))
    result = content.load()
    assert [s.file_name for s in result.deck.slides] == ["020-good.md"]
    assert {p.file for p in result.problems} == {"slides/010-broken.md"}


# --------------------------------------------------------------------------------------------
# The folder itself
# --------------------------------------------------------------------------------------------


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = load_deck(missing)
    (problem,) = result.problems
    assert problem.file == str(missing)
    assert problem.line is None
    assert "The content folder does not exist" in problem.message
    assert "settings.yaml" in problem.message
    assert result.deck.slides == ()
    assert result.deck.settings == Settings()


def test_folder_that_is_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "deck.zip"
    a_file.write_bytes(b"PK")
    (problem,) = load_deck(a_file).problems
    assert "The content folder is not a folder" in problem.message


def test_empty_folder(tmp_path: Path) -> None:
    result = load_deck(tmp_path)
    (problem,) = result.problems
    assert (problem.file, problem.line) == ("slides", None)
    assert "There is no 'slides' folder here" in problem.message
    assert problem.is_error
    assert result.deck.slides == ()


def test_no_slides_folder_but_settings_still_load(tmp_path: Path) -> None:
    (tmp_path / "settings.yaml").write_text("clinic_name: Riverside\n")
    result = load_deck(tmp_path)
    assert [p.file for p in result.problems] == ["slides"]
    assert result.deck.settings.clinic_name == "Riverside"


def test_slides_is_a_file_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "slides").write_text("oops")
    (problem,) = load_deck(tmp_path).problems
    assert "There is no 'slides' folder here" in problem.message


def test_empty_slides_folder(content: ContentFolder) -> None:
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == ("slides", None)
    assert "The slides folder has no slide files (.md)" in problem.message


def test_folder_given_as_a_string(content: ContentFolder) -> None:
    content.slide("a.md", slide_md("a"))
    result = load_deck(str(content.path))  # type: ignore[arg-type]
    assert ids(result.deck.slides) == ["a"]
    assert result.deck.folder == content.path


# --------------------------------------------------------------------------------------------
# Files that are not slides
# --------------------------------------------------------------------------------------------

BROKEN = b"\x00\xff not a slide at all"


@pytest.mark.parametrize(
    "name",
    [
        ".010-sample.md.swp",
        "010-sample.md.swp",
        "010-sample.md~",
        "~010-sample.md",
        "~$010-sample.md",
        ".010-sample.md",
        ".#010-sample.md",
        "010-sample.md.part",
        "010-sample.md.tmp",
        "010-sample.md.crdownload",
        "010-sample.md.partial",
        "#010-sample.md#",
        "notes.txt",
        "README",
        "slide.markdown",
    ],
)
def test_temporary_and_other_files_are_ignored(content: ContentFolder, name: str) -> None:
    content.slide(name, BROKEN)
    content.slide("010-sample.md", slide_md())
    result = content.load()
    assert result.problems == ()
    assert ids(result.deck.slides) == ["sample"]


def test_only_temporary_files_means_no_slides(content: ContentFolder) -> None:
    content.slide(".a.md", slide_md("a"))
    content.slide("b.md~", slide_md("b"))
    content.slide("c.md.swp", slide_md("c"))
    (problem,) = content.load().problems
    assert "The slides folder has no slide files (.md)" in problem.message


def test_folders_named_like_slides_are_ignored(content: ContentFolder) -> None:
    (content.slides_dir / "archive.md").mkdir()
    (content.slides_dir / "old").mkdir()
    (content.slides_dir / "old" / "010-old.md").write_text(slide_md("old"))
    content.slide("010-sample.md", slide_md())
    result = content.load()
    assert result.problems == ()
    assert ids(result.deck.slides) == ["sample"]


def test_upper_case_suffix_is_a_slide(content: ContentFolder) -> None:
    content.slide("010-SAMPLE.MD", slide_md())
    assert ids(content.load().deck.slides) == ["sample"]


# --------------------------------------------------------------------------------------------
# One bad slide never spoils the others
# --------------------------------------------------------------------------------------------


def test_bad_slides_never_spoil_the_good_ones(content: ContentFolder) -> None:
    content.slide("010-good.md", slide_md("good-1", extra="order: 10\n"))
    content.slide("011-unknown.md", slide_md("bad-1", extra="durration: 5\n"))
    content.slide("012-binary.md", bytes(range(256)))
    content.slide("013-latin1.md", slide_md("bad-3", title="Caf\xe9").encode("latin-1"))
    content.slide("014-nofence.md", "id: bad-4\n")
    content.slide("015-yaml.md", slide_md("bad-5", extra="read_more: a: b\n"))
    content.slide("016-dup.md", slide_md("good-1"))
    content.slide("017-outside.md", slide_md("bad-7", extra="image: ../../x.png\n"))
    content.slide("018-reference.md", slide_md("bad-8", extra="references: [{title: x}]\n"))
    with (content.slides_dir / "019-huge.md").open("wb") as stream:
        stream.truncate(10 * 1024 * 1024)
    content.slide("020-good.md", slide_md("good-2", extra="order: 20\n"))
    content.slide("030-good.md", slide_md("good-3", extra="order: 30\nenabled: false\n"))
    result = content.load()
    assert ids(result.deck.slides) == ["good-1", "good-2", "good-3"]
    bad_files = {f"slides/0{n}-{kind}.md" for n, kind in [
        (11, "unknown"), (12, "binary"), (13, "latin1"), (14, "nofence"), (15, "yaml"),
        (16, "dup"), (17, "outside"), (18, "reference"), (19, "huge"),
    ]}  # fmt: skip
    assert {p.file for p in result.problems} == bad_files
    assert all(p.is_error for p in result.problems)
    assert all(p.message for p in result.problems)


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


def test_settings_are_read(content: ContentFolder) -> None:
    content.settings(
        "clinic_name: Riverside Acupuncture\n"
        "contact: Questions? Ask at the front desk.\n"
        "default_duration: 20\n"
        "idle_timeout: 120\n"
        "theme: high-contrast\n"
        "languages: [es, en, zh-Hans]\n"
    )
    content.slide("a.md", slide_md("a"))
    result = content.load()
    assert result.problems == ()
    assert result.deck.settings == Settings(
        clinic_name="Riverside Acupuncture",
        contact="Questions? Ask at the front desk.",
        default_duration=20,
        idle_timeout=120,
        theme="high-contrast",
        languages=["es", "en", "zh-Hans"],
    )
    assert result.deck.settings.default_language == "es"
    assert result.deck.slides[0].duration_or(result.deck.settings) == 20


@pytest.mark.parametrize("text", [None, "", "# only a comment\n", "\n\n"])
def test_missing_or_empty_settings_use_the_defaults(
    content: ContentFolder, text: str | None
) -> None:
    if text is not None:
        content.settings(text)
    content.slide("a.md", slide_md("a"))
    result = content.load()
    assert result.problems == ()
    assert result.deck.settings == Settings()
    assert result.deck.settings.clinic_name == "Our clinic"


def test_an_unknown_time_zone_beside_a_wrong_type_keeps_the_good_settings(
    content: ContentFolder,
) -> None:
    # Found by hypothesis: the time zone is checked only once every field has the right type,
    # and a second round used to drop every setting without a word.
    content.settings("clinic_name: Riverside\nidle_timeout:\ntime_zone: Mars/Olympus\n")
    content.slide("a.md", slide_md("a"))
    result = content.load()
    assert [(p.line, p.field) for p in result.problems] == [(2, "idle_timeout"), (3, "time_zone")]
    assert "Unknown time zone 'Mars/Olympus'" in result.problems[1].message
    assert result.deck.settings.clinic_name == "Riverside"
    assert result.deck.settings.time_zone is None


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("default_duration: 1", "default_duration", "is too small: the smallest allowed is 3"),
        ("default_duration: 100000", "default_duration", "is too big: the largest allowed is 600"),
        ("default_duration: soon", "default_duration", "should be a whole number, not text"),
        ("idle_timeout: 5", "idle_timeout", "is too small: the smallest allowed is 10"),
        ("idle_timeout: 901", "idle_timeout", "is too big: the largest allowed is 900"),
        ("theme: dark", "theme", "'dark' is not one of the choices. Choose calm or high-contrast"),
        ("languages: []", "languages", "needs at least 1 entry"),
        ("languages: [English]", "languages", "languages, entry 1: is not written the right way"),
        ("languages: en", "languages", "should be a list, not text"),
        ("clinic_name: ''", "clinic_name", "is empty"),
        ("contact: " + "x" * 161, "contact", "is too long: at most 160 characters"),
    ],
)
def test_bad_setting_falls_back_to_its_default_and_others_apply(
    content: ContentFolder, line: str, field: str, words: str
) -> None:
    content.settings(
        f"clinic_name: Riverside\ntheme: high-contrast\n{line}\nidle_timeout: 300\n"
        if field not in {"clinic_name", "theme", "idle_timeout"}
        else f"contact: Ask us\ndefault_duration: 20\n{line}\nlanguages: [es]\n"
    )
    content.slide("a.md", slide_md("a"))
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line, problem.field) == ("settings.yaml", 3, field)
    assert problem.message.startswith(field)
    assert words in problem.message
    assert problem.message.endswith("The default is used instead.")
    settings = result.deck.settings
    assert getattr(settings, field) == getattr(Settings(), field)
    if field in {"clinic_name", "theme", "idle_timeout"}:
        assert (settings.contact, settings.default_duration) == ("Ask us", 20)
        assert settings.languages == ["es"]
    else:
        assert (settings.clinic_name, settings.theme, settings.idle_timeout) == (
            "Riverside",
            "high-contrast",
            300,
        )
    assert ids(result.deck.slides) == ["a"], "a bad setting never hides the slides"


def test_several_bad_settings_each_reported(content: ContentFolder) -> None:
    content.settings(
        "# comment\nclinic_name: Riverside\ndefault_duration: 0\ntheme: neon\nthemee: calm\n"
        "idle_timeout: 90\n"
    )
    result = content.load()
    found = {p.field: p for p in result.problems if p.file == "settings.yaml"}
    assert {name: p.line for name, p in found.items()} == {
        "default_duration": 3,
        "theme": 4,
        "themee": 5,
    }
    assert "Did you mean 'theme'?" in found["themee"].message
    assert found["themee"].message.endswith("This line is ignored.")
    assert result.deck.settings == Settings(clinic_name="Riverside", idle_timeout=90)


@pytest.mark.parametrize("key", ["1", "~", "true", "2026-01-01", "[a, b]"])
def test_settings_key_that_is_not_a_name_is_ignored_and_the_rest_apply(
    content: ContentFolder, key: str
) -> None:
    content.settings(f"clinic_name: Riverside\n{key}: x\ntheme: high-contrast\n")
    result = content.load()
    problem = next(p for p in result.problems if p.file == "settings.yaml")
    assert problem.line == 2
    assert "is not a field the kiosk knows" in problem.message
    assert result.deck.settings.clinic_name == "Riverside"
    assert result.deck.settings.theme == "high-contrast"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("clinic_name: Riverside\ncontact: Questions: ask\n", 2, "mapping values are not allowed"),
        ("clinic_name: Riverside\n\ttheme: calm\n", 2, "indented with a tab"),
        ("clinic_name: Riverside\nlanguages: [en, es\n", 2, "The fields cannot be read"),
        ("a: 1\nclinic_name: 'Riverside\n", 2, "is never closed"),
        ("clinic_name: A\nclinic_name: B\n", 2, "the field 'clinic_name' is written twice"),
    ],
)
def test_settings_yaml_syntax_error_uses_the_defaults(
    content: ContentFolder, text: str, line: int, words: str
) -> None:
    content.settings(text)
    content.slide("a.md", slide_md("a"))
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == ("settings.yaml", line)
    assert words in problem.message
    assert problem.message.endswith("Default settings are used.")
    assert result.deck.settings == Settings()
    assert ids(result.deck.slides) == ["a"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- clinic_name: A\n", "not a list"),
        ("Riverside\n", "not a single value"),
    ],
)
def test_settings_that_are_not_fields(content: ContentFolder, text: str, words: str) -> None:
    content.settings(text)
    content.slide("a.md", slide_md("a"))
    (problem,) = content.load().problems
    assert (problem.file, problem.line) == ("settings.yaml", 1)
    assert "should be a group of 'name: value' lines" in problem.message
    assert words in problem.message


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"clinic_name: Caf\xe9\n", 1, "not saved as UTF-8"),
        (b"theme: calm\nclinic_name: Caf\xe9\n", 2, "not saved as UTF-8"),
        (b"\x00\x01\x02", 1, "not a text file"),
    ],
)
def test_settings_file_that_is_not_text(
    content: ContentFolder, data: bytes, line: int, words: str
) -> None:
    content.settings(data)
    content.slide("a.md", slide_md("a"))
    result = content.load()
    (problem,) = result.problems
    assert (problem.file, problem.line) == ("settings.yaml", line)
    assert words in problem.message
    assert problem.message.endswith("Default settings are used.")
    assert result.deck.settings == Settings()


def test_huge_settings_file_is_refused(content: ContentFolder) -> None:
    with (content.path / "settings.yaml").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    content.slide("a.md", slide_md("a"))
    result = content.load()
    (problem,) = result.problems
    assert problem.file == "settings.yaml"
    assert "too big" in problem.message
    assert result.deck.settings == Settings()


def test_settings_that_is_a_folder(content: ContentFolder) -> None:
    (content.path / "settings.yaml").mkdir()
    content.slide("a.md", slide_md("a"))
    (problem,) = content.load().problems
    assert problem.file == "settings.yaml"
    assert "not an ordinary file" in problem.message


# --------------------------------------------------------------------------------------------
# Order and enabled
# --------------------------------------------------------------------------------------------


def test_slides_sorted_by_order_then_file_name(content: ContentFolder) -> None:
    content.slide("a-last-by-name.md", slide_md("tie-b", extra="order: 20\n"))
    content.slide("0-first-by-name.md", slide_md("tie-a", extra="order: 20\n"))
    content.slide("zzz.md", slide_md("early", extra="order: -5\n"))
    content.slide("mmm.md", slide_md("default-order"))  # 100
    content.slide("aaa.md", slide_md("late", extra="order: 1000\n"))
    content.slide("bbb.md", slide_md("ten", extra="order: 10\n"))
    result = content.load()
    assert result.problems == ()
    assert ids(result.deck.slides) == ["early", "ten", "tie-a", "tie-b", "default-order", "late"]


def test_disabled_slides_load_but_are_not_shown(content: ContentFolder) -> None:
    content.slide("010.md", slide_md("shown", extra="order: 1\n"))
    content.slide("020.md", slide_md("hidden", extra="order: 2\nenabled: false\n"))
    content.slide("030.md", slide_md("also-shown", extra="order: 3\nenabled: true\n"))
    result = content.load()
    assert result.problems == ()
    assert ids(result.deck.slides) == ["shown", "hidden", "also-shown"]
    assert ids(result.deck.enabled_slides) == ["shown", "also-shown"]
    assert result.deck.slide("hidden") is not None
    assert result.deck.slide("nope") is None


# --------------------------------------------------------------------------------------------
# Size and speed
# --------------------------------------------------------------------------------------------


def test_500_slides_load_quickly(content: ContentFolder) -> None:
    references = "references:\n" + reference_yaml(pmid='"19433697"')
    for n in range(500):
        extra = f"order: {500 - n}\nkey_points: [One, Two, Three]\n{references}"
        content.slide(f"{n:04d}-slide.md", slide_md(f"slide-{n}", extra=extra, body="Text " * 50))
    started = time.perf_counter()
    result = content.load()
    elapsed = time.perf_counter() - started
    assert result.problems == ()
    assert len(result.deck.slides) == 500
    assert result.deck.slides[0].id == "slide-499"
    assert result.deck.slides[-1].id == "slide-0"
    assert elapsed < 10, f"500 slides took {elapsed:.1f} s"


def test_one_20000_character_line_of_markdown_loads(content: ContentFolder) -> None:
    line = ("Acupuncture " * 10_000)[:MAX_CHARACTERS]
    content.slide("010-sample.md", slide_md(body=line))
    result = content.load()
    assert result.problems == ()
    assert result.deck.slides[0].summary == line.strip()


def test_markdown_too_long_to_show_quickly_is_a_problem_with_its_line(
    content: ContentFolder,
) -> None:
    content.slide("010-sample.md", slide_md(body="Intro\n\n" + "- item\n" * 1500))
    content.slide("020-good.md", slide_md("good"))
    result = content.load()
    assert ids(result.deck.slides) == ["good"]
    problem, hidden = problems_in(result, FILE)
    assert problem.line == 6 + MAX_LINES  # the body starts on line 6
    assert "more than 1,000 lines" in problem.message
    assert hidden.message == "This slide is not shown until it is shorter."


def test_one_100000_character_line_in_the_fields_is_a_problem(content: ContentFolder) -> None:
    content.slide(
        "010-sample.md", slide_md(extra="order: 1\nkey_points: [" + "x" * 100_000 + "]\n")
    )
    problem = field_problem(content.load(), FILE)
    assert (problem.line, problem.field) == (EXTRA_LINE + 1, "key_points")
    assert "is too long: at most 200 characters" in problem.message
    assert len(problem.message) < 400


#: Nine levels of nine aliases: 387 million strings if anything walks them. 0.4 KB of YAML.
ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9)
)


@pytest.mark.parametrize(
    "line",
    [
        "key_points: *a8",
        "key_points: [*a8]",
        "references: [{authors: *a8}]",
        "references: *a8",
        "reviewed: {date: *a8}",
    ],
)
def test_yaml_alias_bomb_in_a_slide_is_rejected_quickly(content: ContentFolder, line: str) -> None:
    """Refused as a whole before anything is built: nothing downstream (checks, messages, the
    editor's round trip) ever sees a value that expands to millions."""
    content.slide("010-sample.md", slide_md(extra=f"{ALIAS_BOMB}{line}\n"))
    started = time.perf_counter()
    result = content.load()
    assert time.perf_counter() - started < 2
    assert result.deck.slides == ()
    (problem,) = result.problems
    assert EXTRA_LINE <= (problem.line or 0) <= EXTRA_LINE + 9
    assert "repeat other fields (with & and *)" in problem.message
    assert len(problem.message) < 400


def test_yaml_alias_bomb_in_settings_is_rejected_quickly(content: ContentFolder) -> None:
    content.settings(ALIAS_BOMB.replace("a8: &a8", "languages: &a8") + "theme: high-contrast\n")
    started = time.perf_counter()
    result = content.load()
    assert time.perf_counter() - started < 2
    (problem,) = (p for p in result.problems if p.file == "settings.yaml")
    assert problem.line in {5, 6}  # where the repeats pass the limit
    assert "repeat other fields" in problem.message
    assert result.deck.settings == Settings()  # the whole file is refused: the defaults


# --------------------------------------------------------------------------------------------
# How problems read
# --------------------------------------------------------------------------------------------


def test_problem_text() -> None:
    assert str(Problem("slides/a.md", "Wrong.", 3)) == "slides/a.md:3: Wrong."
    assert str(Problem("slides", "Nothing.")) == "slides: Nothing."
    warning = Problem("slides/a.md", "Hmm.", 4, severity=Severity.WARNING)
    assert str(warning) == "slides/a.md:4: warning: Hmm."
    assert not warning.is_error


def test_every_problem_line_is_within_its_file(content: ContentFolder) -> None:
    content.slide("a.md", slide_md("a", extra="duration: 1\nread_more: x\n"))
    content.slide("b.md", "---\nid: b\n")
    content.slide("c.md", slide_md("c", extra="references:\n" + reference_yaml(doi="bad")))
    result = content.load()
    assert result.problems
    for problem in result.problems:
        assert problem.line is not None
        lines = (content.path / problem.file).read_text().splitlines()
        assert 1 <= problem.line <= len(lines), problem
