"""No Markdown can hold the screen: fuzzed shapes render within the bound, or are refused."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from kiosk.content import Settings, Slide, markdown
from kiosk.player.detail import DetailScreen
from kiosk.ui.theme import load_theme

#: The GUI thread may never be blocked longer than this (the issue's bound; the systemd
#: watchdog allows 30 s, a patient notices 1 s).
#: Measured as this thread's CPU time: the work's own cost, the same on a machine busy with
#: other work (where wall time once read 1.14 s for a render that passes here when quiet).
RENDER_BOUND_S = 1.0

words = st.text(st.sampled_from("abcdefghij"), min_size=1, max_size=12)
long_words = st.integers(1, 30_000).map(lambda n: "w" * n)


@st.composite
def tables(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 60))
    rows = draw(st.integers(0, 500))
    cell = draw(words)
    line = "|" + f" {cell} |" * columns
    return "\n".join([line, "|" + "---|" * columns, *[line] * rows])


@st.composite
def lists(draw: st.DrawFn) -> str:
    items = draw(st.integers(1, 3000))
    depth = draw(st.integers(0, 60))
    marker = draw(st.sampled_from(["- ", "* ", "1. ", "> ", "  - "]))
    text = draw(words)
    nested = draw(st.booleans())
    lines = [marker * (index % (depth + 1) if nested else depth) + text for index in range(items)]
    return "\n".join(lines)


@st.composite
def brackets(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 100_000))
    shape = draw(st.sampled_from(["[a]", "[", "]", "[a](b)", "![a](b)", "`a", "*a_", "&amp;"]))
    if shape == "[":
        return "[" * count + "]" * count
    return shape * count


blocks = st.one_of(tables(), lists(), brackets(), long_words, words)
documents = st.lists(blocks, min_size=1, max_size=4).map("\n\n".join)


@pytest.fixture
def screen(qtbot: QtBot) -> DetailScreen:
    theme = load_theme("calm")
    widget = DetailScreen(theme)
    qtbot.addWidget(widget)
    widget.setStyleSheet(theme.stylesheet())
    widget.resize(1920, 1080)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(summary=documents)
def test_any_markdown_renders_within_the_bound_or_is_refused(
    screen: DetailScreen, summary: str
) -> None:
    slide = Slide(id="fuzz", title="Fuzz", teaser="t", summary=summary)
    started = time.thread_time()
    screen.show_slide(slide, Settings())
    screen.grab()  # laid out and painted, as a patient would see it
    elapsed = time.thread_time() - started
    assert elapsed < RENDER_BOUND_S, f"{elapsed:.2f} s for {summary[:80]!r}..."
    shown = screen.body.toPlainText()
    if markdown.too_big(summary) is not None:  # refused: its beginning as plain text
        assert len(shown) <= markdown.MAX_CHARACTERS


@pytest.mark.parametrize(
    "summary",
    [
        "| a | b |\n|---|---|\n" + "".join(f"| r{i} | v{i} |\n" for i in range(200)),
        "- x\n" * 999,
        "[" * 10_000 + "]" * 10_000,
    ],
    ids=["200-row table", "999 list items", "10,000 nested brackets"],
)
def test_the_reported_freezes_now_render_quickly_and_in_full(
    screen: DetailScreen, summary: str
) -> None:
    """Each froze the screen for 15 s or more (issue 19); within the limits, shown whole."""
    assert markdown.too_big(summary) is None
    started = time.thread_time()
    screen.show_slide(Slide(id="x", title="X", teaser="t", summary=summary), Settings())
    screen.grab()
    assert time.thread_time() - started < RENDER_BOUND_S
    document = screen.body.document()
    assert document.blockCount() >= summary.count("\n") // 2
