"""Property-based fuzzing of load_deck: whatever is in the folder, it never raises.

Every example writes real files into its own temporary folder (hypothesis runs many examples in
one test call, so pytest's function-scoped ``tmp_path`` would be shared between them).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kiosk.content import (
    LoadResult,
    Problem,
    Reference,
    Review,
    Settings,
    Severity,
    Slide,
    load_deck,
)

from .conftest import make_content, slide_md

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_FEW = settings(FUZZ, max_examples=40)

GOOD_SLIDE = slide_md("good", extra="order: -1000000\n")  # always first
FUZZ_FILE = "slides/010-fuzz.md"

# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

KNOWN_KEYS = sorted(
    {f.encode_name for s in (Slide, Reference, Review, Settings) for f in msgspec.structs.fields(s)}
)

#: Values staff write, or nearly write.
PLAUSIBLE = st.sampled_from(
    [
        "10.1001/archinternmed.2009.65",
        "https://doi.org/10.7326/M16-2367",
        "doi:10.1155/2012/953139",
        "10.12/x",
        "19433697",
        "https://example.org/a",
        "images/a.png",
        "images/missing.jpg",
        "../outside.png",
        "/etc/passwd",
        "images/\0.png",
        "images",
        ".",
        "",
        " ",
        "calm",
        "high-contrast",
        "en",
        "2026-11-25",
        "a" * 300,
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-10, max_value=1000),
    st.floats(),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)),
    PLAUSIBLE,
)
KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12), st.integers(-3, 3))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(KEYS, children, max_size=5)
    ),
    max_leaves=25,
)
FIELDS = st.dictionaries(KEYS, VALUES, max_size=14)

SLIDE_ID = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z")
REFERENCE = st.fixed_dictionaries(
    {"authors": VALUES, "title": VALUES, "source": VALUES, "year": VALUES},
    optional={k: VALUES for k in ("volume", "issue", "pages", "article", "doi", "pmid", "url")},
)
#: A slide that is right but for a few fields: reaches the checks past the first gate.
NEARLY_VALID = st.fixed_dictionaries(
    {
        "id": st.one_of(SLIDE_ID, VALUES),
        "title": st.one_of(st.just("A title"), VALUES),
        "teaser": st.one_of(st.just("A teaser."), VALUES),
    },
    optional={
        "order": VALUES,
        "enabled": VALUES,
        "duration": VALUES,
        "image": VALUES,
        "key_points": VALUES,
        "read_more": VALUES,
        "references": st.one_of(st.lists(REFERENCE, max_size=3), VALUES),
        "reviewed": st.one_of(st.fixed_dictionaries({"date": VALUES, "by": VALUES}), VALUES),
        "review_every_months": VALUES,
    },
)
SETTINGS_FIELDS = st.fixed_dictionaries(
    {},
    optional={f.encode_name: VALUES for f in msgspec.structs.fields(Settings)},
)

#: Pieces of YAML and Markdown syntax, glued at random: reaches the parser's corners.
TOKENS = st.sampled_from(
    [
        "---", "\n", "\r\n", "\r", " ", "  ", "\t", "id:", "title:", "teaser: x", "key_points:",
        "references:", "- ", "-", ":", ": ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a",
        "!!str ", "!!binary ", "!foo ", "? ", "|", ">", "#", "%YAML 1.2", "...", "\\", "\ufeff",
        "\u2028", "\x85", "\x00", "\x07", "é", "中", "\U0001f600", "0x1F", "1e400", ".nan",
        "2026-02-30", "<<: *a", "~", "null", "true", "yes", "x" * 50,
    ]
)  # fmt: skip
YAMLISH = st.lists(TOKENS, max_size=60).map("".join)

_DUMPER = YAML(typ="safe", pure=True)
_DUMPER.allow_unicode = True


def dump(data: Any) -> str:
    stream = io.StringIO()
    _DUMPER.dump(data, stream)
    return stream.getvalue()


def as_slide(fields: Any, body: str = "Body") -> str:
    return "---\n" + dump(fields) + "---\n" + body + "\n"


# --------------------------------------------------------------------------------------------
# What must hold whatever the input
# --------------------------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")  # what editors and YAML count as a new line


def load_with(slide: bytes | None = None, settings_file: bytes | None = None) -> LoadResult:
    """Load a folder holding a known-good slide, plus the fuzzed slide and/or settings file."""
    with tempfile.TemporaryDirectory() as temp:
        content = make_content(Path(temp) / "clinic")
        content.slide("000-good.md", GOOD_SLIDE)
        if slide is not None:
            content.slide("010-fuzz.md", slide)
        if settings_file is not None:
            content.settings(settings_file)
        result = load_deck(content.path)
        check_invariants(result, content.path)
        return result


def check_invariants(result: LoadResult, folder: Path) -> None:
    assert isinstance(result, LoadResult)
    assert isinstance(result.deck.settings, Settings)
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.file, str)
        assert problem.file in {"settings.yaml", FUZZ_FILE}, problem
        assert isinstance(problem.message, str)
        assert problem.message.strip(), problem
        assert isinstance(problem.severity, Severity)
        assert problem.field is None or isinstance(problem.field, str)
        assert problem.slide_id is None or isinstance(problem.slide_id, str)
        # The last-resort catch in the loader is for bugs: the fuzzer must never reach it.
        assert "This file could not be read" not in problem.message, problem
        assert problem.line is None or isinstance(problem.line, int)
        if problem.line is not None:
            data = (folder / problem.file).read_bytes()
            assert 1 <= problem.line <= len(_LINE_BREAK.split(data)), (problem, data[:300])
        rendered = str(problem)
        assert rendered.startswith(problem.file)
    for slide in result.deck.slides:
        assert isinstance(slide, Slide)
        assert _ID.match(slide.id)
        # A loaded slide satisfies the model: it survives a strict round trip.
        assert msgspec.convert(msgspec.to_builtins(slide), Slide) == slide
        assert slide.link is None or slide.link.startswith(("https://", "http://"))
        for reference in slide.references:
            assert reference.link
    # The known-good slide is never spoiled by the fuzzed file.
    assert result.deck.slides
    assert result.deck.slides[0].id == "good"
    assert [s.id for s in result.deck.slides].count("good") == 1


# --------------------------------------------------------------------------------------------
# Slides
# --------------------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_slide(data: bytes) -> None:
    load_with(slide=data)


@FUZZ
@given(st.binary(max_size=500))
def test_arbitrary_bytes_inside_the_fences(data: bytes) -> None:
    load_with(slide=b"---\n" + data + b"\n---\nBody\n")


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_as_a_slide(text: str) -> None:
    load_with(slide=text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.text(max_size=500), st.text(max_size=500))
def test_arbitrary_text_inside_the_fences(fields: str, body: str) -> None:
    load_with(slide=f"---\n{fields}\n---\n{body}".encode("utf-8", "surrogatepass"))


@FUZZ
@given(YAMLISH, YAMLISH)
def test_yaml_syntax_soup(fields: str, body: str) -> None:
    load_with(slide=f"---\n{fields}\n---\n{body}".encode("utf-8", "surrogatepass"))


@FUZZ
@given(FIELDS, st.text(max_size=200))
def test_random_fields(fields: dict[Any, Any], body: str) -> None:
    load_with(slide=as_slide(fields, body).encode("utf-8", "surrogatepass"))


@FUZZ
@given(NEARLY_VALID)
def test_nearly_valid_slides(fields: dict[str, Any]) -> None:
    result = load_with(slide=as_slide(fields).encode("utf-8", "surrogatepass"))
    fuzz_loaded = len(result.deck.slides) == 2
    errors = [p for p in result.errors if p.file == FUZZ_FILE]
    # Either the slide is in the deck, or an error says why not; never both, never neither.
    assert fuzz_loaded != bool(errors), result.problems


TEXT = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85"),
    min_size=1,
).map(str.strip)


@FUZZ
@given(
    slide_id=SLIDE_ID,
    title=TEXT.filter(lambda s: 1 <= len(s) <= 80),
    teaser=TEXT.filter(lambda s: 1 <= len(s) <= 160),
    order=st.integers(-1_000_000, 1_000_000),
    duration=st.none() | st.integers(3, 600),
    key_points=st.lists(TEXT.filter(lambda s: 1 <= len(s) <= 200), max_size=6),
    pmid=st.integers(1, 999_999_999),
    body=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=300),
)
def test_valid_slides_load_exactly(
    slide_id: str,
    title: str,
    teaser: str,
    order: int,
    duration: int | None,
    key_points: list[str],
    pmid: int,
    body: str,
) -> None:
    fields: dict[str, Any] = {
        "id": slide_id,
        "title": title,
        "teaser": teaser,
        "order": order,
        "key_points": key_points,
        "references": [
            {"authors": ["A B"], "title": "T", "source": "S", "year": 2000, "pmid": pmid}
        ],
    }
    if duration is not None:
        fields["duration"] = duration
    if slide_id == "good":
        fields["id"] = "good-2"
    # JSON is YAML too, and its writer never emits what the reader reads another way.
    text = "---\n" + json.dumps(fields, ensure_ascii=False) + "\n---\n" + body
    result = load_with(slide=text.encode("utf-8"))
    assert result.problems == ()
    slide = result.deck.slide(fields["id"])
    assert slide is not None
    assert (slide.title, slide.teaser, slide.order) == (title, teaser, order)
    assert slide.duration == duration
    assert slide.key_points == key_points
    assert slide.references[0].pmid == str(pmid)
    assert slide.references[0].link == f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    assert slide.link is None  # no page of its own: its reference has the code


# --------------------------------------------------------------------------------------------
# settings.yaml
# --------------------------------------------------------------------------------------------


def check_settings_only(result: LoadResult) -> None:
    assert all(p.file == "settings.yaml" for p in result.problems), result.problems
    assert [s.id for s in result.deck.slides] == ["good"]


@FUZZ
@given(st.binary(max_size=1000))
def test_arbitrary_bytes_as_settings(data: bytes) -> None:
    check_settings_only(load_with(settings_file=data))


@FUZZ
@given(st.one_of(st.text(max_size=1000), YAMLISH))
def test_arbitrary_text_as_settings(text: str) -> None:
    check_settings_only(load_with(settings_file=text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(st.one_of(FIELDS, SETTINGS_FIELDS, VALUES))
def test_random_settings(fields: Any) -> None:
    check_settings_only(load_with(settings_file=dump(fields).encode("utf-8", "surrogatepass")))


@FUZZ_FEW
@given(SETTINGS_FIELDS, st.sampled_from(["clinic_name", "default_duration", "theme"]))
def test_a_good_setting_survives_bad_neighbours(fields: dict[str, Any], good: str) -> None:
    value: Callable[[], Any] = {
        "clinic_name": lambda: "Riverside",
        "default_duration": lambda: 42,
        "theme": lambda: "high-contrast",
    }[good]
    fields[good] = value()
    result = load_with(settings_file=dump(fields).encode("utf-8", "surrogatepass"))
    check_settings_only(result)
    # The YAML writer can write what the reader refuses ({:0: null}); nothing survives that.
    assume(not any("cannot be read" in p.message for p in result.problems))
    assert getattr(result.deck.settings, good) == value()
