"""--check tells staff which translations are missing or not yet reviewed by a translator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.checks.governance import governance_problems
from kiosk.content import load_deck
from tests.decks import write_settings, write_slide

TODAY = dt.date(2026, 11, 25)
REVIEWED = {"date": dt.date(2026, 11, 1), "by": "Dr Lee"}


def translation_warnings(folder: Path) -> list[str]:
    deck = load_deck(folder).deck
    return [str(p) for p in governance_problems(deck, TODAY) if p.field == "translations"]


def test_missing_unreviewed_and_reviewed_translations(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    write_settings(folder, languages=["en", "es", "zh-Hans"])
    es = {"title": "Hola", "teaser": "t"}
    write_slide(folder, "a.md", {"id": "a", "title": "A", "teaser": "t", "reviewed": REVIEWED,
                                 "translations": {"es": es}})  # fmt: skip
    done = {**es, "reviewed": REVIEWED}
    translations = {"es": done, "zh-Hans": done}
    write_slide(folder, "b.md", {"id": "b", "title": "B", "teaser": "t", "reviewed": REVIEWED,
                                 "translations": translations})  # fmt: skip
    warnings = translation_warnings(folder)
    assert any(
        w.startswith("slides/a.md:") and "es translation is not yet reviewed" in w for w in warnings
    )
    assert any(w.startswith("slides/a.md:") and "No zh-Hans translation" in w for w in warnings)
    assert not any(w.startswith("slides/b.md") for w in warnings)
    line = int(next(w for w in warnings if "es translation" in w).split(":")[1])
    text = (folder / "slides" / "a.md").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].strip() == "es:"


def test_one_language_needs_no_translations(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    write_settings(folder, languages=["en"])
    write_slide(folder, "a.md", {"id": "a", "title": "A", "teaser": "t"})
    assert translation_warnings(folder) == []
