"""Each clear-communication rule on small texts written to pass it and to fail it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from kiosk.checks.clarity import (
    CHECKED_ITEMS,
    STAFF_JUDGEMENT,
    Finding,
    Text,
    check,
    read_word_list,
    shipped_word_list,
    word_list,
)

#: Short sentences (Flesch-Kincaid about 3) that each hold a word of three or more syllables:
#: SMOG counts only those, and reads about grade 9.
SMOG_ONLY_HARD = (
    "Your physio will examine your back today. "
    "Bring a list of every medicine you take. "
    "Tell us if the pain is terrible at night. "
    "We will look at how you sit and stand. "
    "Ask us what each exercise is for. "
    "You can ask for an interpreter too."
)
#: Plain words, short sentences: both formulas well under 6.
EASY = (
    "You can ask us about your back. We will talk with you. Tell us where it hurts. "
    "We look at how you move. Then we make a plan with you. You can stop at any time. "
    "Bring your list of pills. Ask at the desk if you have a question."
)
POINTS = ("Ask us about your back.", "Bring your list of pills.")


def good(summary: str = EASY, **changes: object) -> Text:
    fields: dict[str, object] = {
        "language": "en",
        "title": "Your visit",
        "teaser": "What happens when you see us.",
        "key_points": POINTS,
        "summary": summary,
    }
    fields.update(changes)
    return Text(**fields)  # type: ignore[arg-type]


def rules(text: Text) -> list[str]:
    return [f.rule for f in check(text).findings]


def only(text: Text, rule: str) -> Finding:
    found = [f for f in check(text).findings if f.rule == rule]
    assert len(found) == 1, check(text).findings
    return found[0]


def test_a_plain_slide_has_no_findings_and_scores_full() -> None:
    report = check(good())
    assert report.findings == ()
    assert report.score == 100
    assert report.grades.stricter is not None and report.grades.stricter <= 6


def test_a_text_can_pass_on_flesch_kincaid_and_fail_on_smog() -> None:
    text = good(SMOG_ONLY_HARD, teaser="What happens at your visit.")
    report = check(text)
    assert report.grades.flesch_kincaid is not None and report.grades.flesch_kincaid <= 6
    assert report.grades.smog is not None and report.grades.smog > 8
    finding = only(text, "Reading grade")
    assert "by SMOG" in finding.message and "PEMAT-P item 3" in finding.source
    assert 3 not in report.met and 3 in report.applicable


def test_the_reading_grade_is_judged_only_on_texts_long_enough() -> None:
    report = check(good("Ask us. Tell us."))
    assert report.grades.stricter is None and "Reading grade" not in rules(good("Ask us."))


def test_a_long_sentence_is_shown_with_its_line() -> None:
    long = (
        "You can ask us about your back and we will talk with you about where it hurts and how "
        "it feels when you move and sit."
    )
    finding = only(good("You can ask us.\n\n" + long), "Long sentence")
    assert finding.field == "summary" and finding.line == 3
    assert "You can ask us about your back" in finding.message
    assert "PEMAT-P item 8" in str(finding)
    assert "Long sentence" not in rules(good())


def test_a_long_paragraph_is_a_finding_and_split_ones_are_not() -> None:
    sentences = ["You can ask us about your back pain today."] * 8
    assert only(good(" ".join(sentences)), "Long paragraph").line == 1
    assert "Long paragraph" not in rules(good("\n\n".join(sentences)))


def test_formal_and_medical_words_get_everyday_swaps() -> None:
    formal = only(good(EASY + " Please utilize the desk."), "Formal word")
    assert "'utilize': say 'use'" in formal.message and formal.line == 1
    medical = only(good(EASY + " It helps chronic pain."), "Medical word")
    assert "long-term" in medical.message and "PEMAT-P item 4" in medical.source
    explained = good(EASY + " It helps chronic pain. Chronic means long-term.")
    assert "Medical word" not in rules(explained)
    assert 4 in check(explained).met


def test_a_clinic_extends_the_word_list_from_its_content_folder(tmp_path: Path) -> None:
    (tmp_path / "plain-words.csv").write_text("# ours\nphysio,physical therapy,medical\n")
    swaps = word_list(tmp_path)
    text = good(EASY + " See the physio.")
    assert "Medical word" in [f.rule for f in check(text, swaps).findings]
    assert "Medical word" not in rules(text)  # the shipped list alone does not know it
    assert len(swaps) == len(shipped_word_list()) + 1


def test_a_broken_clinic_word_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "plain-words.csv").write_bytes(b"\xff\xfe\x00bad")
    assert len(word_list(tmp_path)) == len(shipped_word_list())
    assert read_word_list("only-one-column\n,x\n") == []


def _simpler(word: str, plain: str) -> bool:
    """Fewer syllables, or made only of common words (Dale-Chall easy words) where it is not."""
    fewer = sum(textstat.syllable_count(w) for w in plain.split()) < textstat.syllable_count(
        word.replace(" ", "")
    ) or len(plain.split()) < len(word.split())
    common = all(textstat.is_easy_word(w) for w in re.split(r"[ -]", plain)) and not all(
        textstat.is_easy_word(w) for w in re.split(r"[ -]", word)
    )
    return fewer or common


def test_every_shipped_swap_is_itself_simpler() -> None:
    swaps = shipped_word_list()
    assert len(swaps) >= 30
    harder = [(s.word, s.plain) for s in swaps if not _simpler(s.word, s.plain)]
    assert harder == []
    assert not _simpler("doctor", "physician")  # the test can fail


def test_passive_voice_share() -> None:
    passive = "The plan was made by the team. The pills were given at nine. The desk was told."
    finding = only(good(EASY + "\n\n" + passive), "Passive voice")
    assert "3 of" in finding.message and finding.line == 3
    assert 5 not in check(good(EASY + "\n\n" + passive)).met
    assert "Passive voice" not in rules(good(EASY + " The plan was made by the team."))


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Take 1/2 a pill.", "Number to work out"),
        ("Take 2.5 pills.", "Number to work out"),
        ("It helped 30% of people.", "Unexplained percentage"),
    ],
)
def test_numbers_that_make_the_reader_calculate(sentence: str, rule: str) -> None:
    assert only(good(EASY + " " + sentence), rule).line == 1


def test_numbers_said_plainly_pass() -> None:
    text = good(EASY + " It helped 30% of people (3 in 10). In 2017 a guide said so.")
    assert [r for r in rules(text) if "umber" in r or "percent" in r] == []


def test_the_text_speaks_to_the_reader_and_gives_an_action() -> None:
    distant = "The clinic sees back pain. The team has a plan. Staff work each day."
    found = rules(good(distant, teaser="Back pain at the clinic.", key_points=("Back pain.",)))
    assert "Speak to the reader" in found and "No action" in found
    assert "No action" not in rules(good(distant + " Ask at the desk."))
    assert "Speak to the reader" not in rules(good(distant + " We can help you."))


def test_the_main_message_comes_first_in_a_short_teaser() -> None:
    assert only(good(teaser=""), "Main message").field == "teaser"
    wordy = " ".join(["word"] * 30)
    assert "30 words" in only(good(teaser=wordy), "Main message").message
    assert 1 not in check(good(teaser=wordy)).met


def test_long_summaries_need_headings() -> None:
    long = "\n\n".join([EASY] * 3)
    assert only(good(long), "No headings").field == "summary"
    assert "No headings" not in rules(good("## Your visit\n\n" + long))
    assert 9 not in check(good(EASY)).applicable  # a short summary needs none


def test_key_points_or_a_summary_must_be_there() -> None:
    assert "no summary or key points" in only(good("", key_points=()), "Key points").message
    assert "Key points" not in rules(good())


def test_a_picture_needs_a_short_description() -> None:
    assert only(good(image="images/back.jpg"), "Picture description").field == (
        "picture_description"
    )
    described = good(image="images/back.jpg", picture_description="A nurse shows a stretch.")
    assert "Picture description" not in rules(described)
    assert 17 in check(described).met and 17 not in check(good()).applicable


def test_spanish_is_judged_with_spanish_formulas() -> None:
    easy = (
        "Puede preguntar en la recepción. Hable con su médico. Le damos la bienvenida. "
        "Toque una página para leer más. Su salud es lo primero. Aquí tiene ayuda. "
        "Traiga su lista de pastillas. Pregunte lo que quiera."
    ) * 2
    report = check(Text("es", teaser="Bienvenido.", key_points=("Pregunte.",), summary=easy))
    assert report.grades.spanish_ease is not None and report.grades.spanish_ease >= 55
    assert report.grades.flesch_kincaid is None
    hard = " ".join(
        ["La administración farmacológica intravenosa proporciona concentraciones terapéuticas "
         "considerablemente superiores."] * 6
    )  # fmt: skip
    assert "Reading ease" in [f.rule for f in check(Text("es", summary=hard)).findings]
    assert textstat.syllable_count("physician") == 3  # English syllables come back afterwards


def test_other_languages_get_sentence_and_word_length_only() -> None:
    long = "这" * 60 + "。"
    found = check(Text("zh-Hans", teaser="欢迎。", key_points=("点击。",), summary=long))
    assert [f.rule for f in found.findings] == ["Long sentence"]
    german = " ".join(["Rückenschmerzbehandlungsmöglichkeiten sind vielfältig."] * 20)
    rules_de = [f.rule for f in check(Text("de", summary=german)).findings]
    assert "Long words" in rules_de and "Passive voice" not in rules_de


def test_every_finding_is_one_line_naming_rule_source_and_place() -> None:
    text = good("The plan was made. The desk was told. Take 2.5 pills.", teaser="")
    for finding in check(text).findings:
        line = str(finding)
        assert "\n" not in line and line.startswith(finding.rule)
        assert re.search(r"PEMAT-P item \d+", line) and "CDC Clear Communication Index" in line


def test_the_score_counts_only_checkable_items() -> None:
    report = check(good("The plan was made. The desk was told.", key_points=()))
    assert report.applicable <= set(CHECKED_ITEMS)
    assert not set(CHECKED_ITEMS) & set(STAFF_JUDGEMENT)
    assert report.score == round(100 * len(report.met) / len(report.applicable)) < 100
    assert f"{report.score}%" in report.score_line()


def test_every_shipped_slide_meets_its_own_bar() -> None:
    from kiosk.checks.governance import slide_texts
    from kiosk.content import load_deck
    from kiosk.paths import SHIPPED_DECK

    deck = load_deck(SHIPPED_DECK).deck
    for slide in deck.slides:
        report = check(slide_texts(slide, ["en"])[0])
        assert report.score >= 70, (slide.id, report.findings)
        grade = report.grades.stricter
        assert grade is not None and grade <= 8, (slide.id, report.grades)


#: Fernández-Huerta's scale: 60 to 70 reads at grades 7 and 8, so 60 or more is grade 8 or
#: below (the English bar); the deck is judged on the harder of its two Spanish formulas.
SPANISH_EASE_GRADE_8 = 60


def test_every_shipped_translation_meets_the_bar_of_its_language() -> None:
    from kiosk.checks.governance import slide_texts
    from kiosk.content import load_deck
    from kiosk.paths import SHIPPED_DECK

    deck = load_deck(SHIPPED_DECK).deck
    for slide in deck.slides:
        spanish, chinese = slide_texts(slide, ["en", "es", "zh-Hans"])[1:]
        report = check(spanish)
        assert report.score >= 70, (slide.id, report.findings)
        ease = report.grades.spanish_ease
        assert ease is not None and ease >= SPANISH_EASE_GRADE_8, (slide.id, report.grades)
        # Chinese: sentence and paragraph length are all that is checked there.
        assert not check(chinese).findings, (slide.id, check(chinese).findings)
