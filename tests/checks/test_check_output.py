"""``--check`` lists each clear-communication finding at its file and line, and each score."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main

SLIDE = """\
---
id: visit
title: Your visit
teaser: What happens when you see us.
key_points:
  - Ask us about your back.
  - Please utilize the desk.
translations:
  es:
    title: Su visita
    teaser: Lo que pasa en su visita.
    summary: |
      Pregunte en la recepción.

      Le explicamos con calma todo lo que vamos a hacer hoy durante su visita
      y también lo que puede hacer usted en casa después.
---
You can ask us about your back.

We will talk with you about where it hurts and how it feels when you move, sit and walk each day.
The pills were given at nine.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "slides").mkdir()
    (tmp_path / "settings.yaml").write_text("languages: [en, es]\n", encoding="utf-8")
    (tmp_path / "slides" / "010-visit.md").write_text(SLIDE, encoding="utf-8")
    return tmp_path


def check_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--check", "--content", str(folder)]) == 0  # advice never fails the check
    return capsys.readouterr().out.splitlines()


def test_findings_name_file_line_rule_and_source(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = check_output(folder, capsys)
    slide = f"{folder / 'slides' / '010-visit.md'}"
    formal = f"{slide}:7: advice: Formal word: 'utilize': say 'use'."
    assert f"{formal} (CDC Clear Communication Index: language; PEMAT-P item 3)" in out
    long = [line for line in out if line.startswith(f"{slide}:20: advice: Long sentence: 21 ")]
    assert long and "'We will talk with you about where it hurts" in long[0]
    assert "PEMAT-P item 8" in long[0]
    assert any(line.startswith(f"{slide}:21: advice: Passive voice: 1 of 3") for line in out)
    # The Spanish summary's second paragraph, inside the YAML block: its own file line.
    spanish = [line for line in out if line.startswith(f"{slide}:15: advice: es: Long sentence")]
    assert spanish, out
    scores = [line for line in out if line.startswith(f"{slide}: score (")]
    assert [s.split(":")[1] for s in scores] == [" score (en)", " score (es)"]
    assert "clear communication " in scores[0] and "%" in scores[0]


def test_a_clinics_own_word_list_is_used(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert not any("'back'" in line for line in check_output(folder, capsys))
    (folder / "plain-words.csv").write_text("back,spine,formal\n", encoding="utf-8")
    assert any(": advice: Formal word: 'back': say 'spine'." in line
               for line in check_output(folder, capsys))  # fmt: skip
