"""Clear for patients: one slide's text checked against the health-literacy standards.

Each rule is one of the items of AHRQ's Patient Education Materials Assessment Tool for print
(PEMAT-P) or an area of the CDC Clear Communication Index that software can check. A finding
names its rule, its source and where in the text it is, in one plain line. The score is the
share of the checkable PEMAT items the slide meets; the items only a person can judge are
listed in ``STAFF_JUDGEMENT`` (and in the content guide).

No Qt: ``--check`` runs this over SSH, and the slide editor runs it as staff type.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

#: Reading grade: aim for this (AMA, NIH)...
TARGET_GRADE: Final = 6.0
#: ...and warn above this (US school grade, on the stricter of Flesch-Kincaid and SMOG).
MAX_GRADE: Final = 8.0
#: Shorter texts give unstable grades (one long word swings them).
MIN_WORDS_FOR_GRADE: Final = 40
#: Spanish ease scores (Fernández-Huerta, Szigriszt-Pazos/INFLESZ; higher is easier): below
#: this is "somewhat hard" on the INFLESZ scale.
MIN_SPANISH_EASE: Final = 55.0
LONG_SENTENCE_WORDS: Final = 20
#: For languages written without spaces (Chinese, Japanese): characters per sentence.
LONG_SENTENCE_CHARACTERS: Final = 50
LONG_PARAGRAPH_WORDS: Final = 60
#: A summary longer than this needs headings to break it up.
HEADINGS_AFTER_WORDS: Final = 120
TEASER_WORDS: Final = 25
PICTURE_DESCRIPTION_WORDS: Final = 25
#: More than this share of sentences in the passive voice is a finding.
MAX_PASSIVE_SHARE: Final = 0.25
#: Average letters per word above this makes a text hard in any alphabetic language.
LONG_WORD_LETTERS: Final = 6.5
#: PEMAT counts material as understandable or actionable at 70 % or more.
PASSING_SCORE: Final = 70
#: Clinics add their own swaps in this file in the content folder.
CLINIC_WORD_FILE: Final = "plain-words.csv"

#: The PEMAT-P items software checks here (number: what the item asks).
CHECKED_ITEMS: Final[Mapping[int, str]] = {
    1: "makes its purpose evident (a short teaser up front)",
    3: "uses common, everyday language (reading grade)",
    4: "medical terms are defined (and formal words swapped)",
    5: "uses the active voice",
    6: "numbers are clear and easy to understand",
    7: "does not expect the reader to calculate",
    8: "breaks information into short sections",
    9: "sections have headers",
    11: "provides a summary (key points)",
    17: "pictures have a short description",
    20: "identifies at least one action the reader can take",
    21: "addresses the reader directly",
}
#: The PEMAT-P items only a person can judge: staff check these by reading.
STAFF_JUDGEMENT: Final[Mapping[int, str]] = {
    2: "nothing distracts from the purpose",
    10: "the information comes in a logical order",
    12: "visual cues (bold, lists) draw attention to the key points",
    15: "pictures are used where they would help",
    16: "pictures support rather than distract",
    18: "pictures are clear and uncluttered",
    19: "tables are simple, with short clear headings",
    22: "actions are broken into manageable steps",
    23: "a tangible tool (a checklist) is given where it would help",
    24: "calculations come with simple instructions",
    25: "charts and tables are explained",
    26: "pictures make it easier to act",
}

_CDC_LANGUAGE: Final = "CDC Clear Communication Index: language"
_CDC_DESIGN: Final = "CDC Clear Communication Index: information design"
_CDC_MAIN: Final = "CDC Clear Communication Index: main message and call to action"
_CDC_NUMBERS: Final = "CDC Clear Communication Index: numbers"


@dataclass(frozen=True, slots=True)
class Text:
    """One slide's patient-facing text in one language (plain strings, no Qt, no files)."""

    language: str
    title: str = ""
    teaser: str = ""
    key_points: tuple[str, ...] = ()
    summary: str = ""
    image: str | None = None
    picture_description: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that makes a slide harder to understand or act on.

    ``field`` is the slide field (teaser, key_points, summary, picture_description);
    ``line`` is 1-based within that field's text (the summary's lines), or None.
    """

    rule: str
    source: str
    message: str
    field: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.field.replace("_", " ") + (f" line {self.line}" if self.line else "")
        return f"{self.rule}: {self.message} ({where}; {self.source})"


@dataclass(frozen=True, slots=True)
class Grades:
    """Reading grades (None: too short to judge, or no formula for the language)."""

    flesch_kincaid: float | None = None
    smog: float | None = None
    #: Spanish: the lower (harder) of Fernández-Huerta and Szigriszt-Pazos, 0-100.
    spanish_ease: float | None = None

    @property
    def stricter(self) -> float | None:
        found = [g for g in (self.flesch_kincaid, self.smog) if g is not None]
        return max(found) if found else None


@dataclass(frozen=True, slots=True)
class Report:
    findings: tuple[Finding, ...]
    grades: Grades
    met: frozenset[int]
    applicable: frozenset[int]
    passive_share: float = 0.0

    @property
    def score(self) -> int:
        """Per cent of the applicable checkable PEMAT items met (100 when none apply)."""
        if not self.applicable:
            return 100
        return round(100 * len(self.met) / len(self.applicable))

    def score_line(self) -> str:
        missed = ", ".join(str(n) for n in sorted(self.applicable - self.met))
        tail = f"; not met: PEMAT-P item {missed}" if missed else ""
        return (
            f"Clear-communication score {self.score}% of the {len(self.applicable)} "
            f"PEMAT-P items software can check (aim for {PASSING_SCORE}% or more){tail}."
        )


# -- the word list --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Swap:
    word: str
    plain: str
    medical: bool


def read_word_list(text: str) -> list[Swap]:
    """``word,plain,kind`` rows; ``#`` lines are comments; bad rows are skipped."""
    swaps = []
    lines = (
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )
    for row in csv.reader(io.StringIO("\n".join(lines))):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            continue
        kind = row[2].strip().lower() if len(row) > 2 else "formal"
        swaps.append(Swap(row[0].strip().lower(), row[1].strip(), kind == "medical"))
    return swaps


def shipped_word_list() -> list[Swap]:
    return list(_shipped_swaps())


@functools.cache
def _shipped_swaps() -> tuple[Swap, ...]:
    # Read once: it ships with the kiosk and never changes while it runs.
    data = resources.files("kiosk.checks").joinpath("data/plain-words.csv")
    return tuple(read_word_list(data.read_text(encoding="utf-8")))


def word_list(content: Path | None = None) -> list[Swap]:
    """The shipped swaps, then the clinic's own (which win for a word in both)."""
    swaps = {s.word: s for s in shipped_word_list()}
    if content is not None:
        try:
            own = (content / CLINIC_WORD_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            own = ""
        swaps.update((s.word, s) for s in read_word_list(own))
    return list(swaps.values())


# -- text helpers ---------------------------------------------------------------------------------

_LINK: Final = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK: Final = re.compile(r"<(?:https?://|mailto:)[^>]*>|https?://\S+")
_HEADING: Final = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LIST_ITEM: Final = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_EMPHASIS: Final = re.compile(r"[*_`~]+")
_WORD: Final = re.compile(r"[^\W\d_][\w'\u2019-]*")
#: A sentence ends at . ! ? before a space (so 2.5 and e.g. stay whole), or at a CJK full stop.
_SENTENCE: Final = re.compile(r"\S.*?(?:[.!?]+(?=\s|$)|[\u3002\uff01\uff1f]+|$)", re.S)
_NO_SPACES: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    line: int  # 1-based line of the summary (or 1 for one-line fields)


def _clean(line: str) -> tuple[str, bool]:
    """A Markdown line as read, and whether it is a heading."""
    line = _AUTOLINK.sub("", _LINK.sub(r"\1", line))
    heading = _HEADING.match(line)
    item = heading or _LIST_ITEM.match(line)
    if item is not None:
        line = item.group(1)
    return _EMPHASIS.sub("", line).strip(), heading is not None


def _paragraphs(markdown: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Paragraphs of the summary (headings and list items end one): (first line, lines)."""
    found: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(markdown.splitlines(), start=1):
        text, heading = _clean(raw)
        if not text or heading or _LIST_ITEM.match(raw):
            if current:
                found.append((current[0][0], current))
            current = []
            if text and not heading:
                found.append((number, [(number, text)]))
            continue
        current.append((number, text))
    if current:
        found.append((current[0][0], current))
    return found


def _sentences(lines: Iterable[tuple[int, str]]) -> list[_Sentence]:
    """Sentences of a paragraph, each at the line it starts on."""
    joined = ""
    starts: list[tuple[int, int]] = []  # (offset, line)
    for number, text in lines:
        starts.append((len(joined), number))
        joined += text + " "
    found = []
    for match in _SENTENCE.finditer(joined):
        text = match.group().strip()
        if not _WORD.search(text):
            continue
        offset = match.start() + (len(match.group()) - len(match.group().lstrip()))
        line = max((n for start, n in starts if start <= offset), default=1)
        found.append(_Sentence(text, line))
    return found


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _size(text: str) -> int:
    """Words, or for languages written without spaces their characters (a Latin word, such as
    a journal's name, counting as one)."""
    if _NO_SPACES.search(text):
        return len(_NO_SPACES.findall(text)) + len(re.findall(r"[A-Za-z0-9]+", text))
    return len(_words(text))


def _quote(text: str, limit: int = 120) -> str:
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 3].rstrip()}...'"


def plain(text: Text) -> str:
    """Everything a patient reads on the slide, as sentences (for the grade)."""
    parts = [text.teaser, *text.key_points]
    for _, lines in _paragraphs(text.summary):
        parts.append(" ".join(t if re.search(r"[.!?:;]\W*$", t) else t + "." for _, t in lines))
    return "\n".join(p for p in parts if p.strip())


# -- the rules ------------------------------------------------------------------------------------


def grades(text: Text) -> Grades:
    reading = plain(text)
    if len(_words(reading)) < MIN_WORDS_FOR_GRADE:
        return Grades()
    language = text.language.split("-")[0].lower()
    import textstat  # ~0.5 s the first time (its pronouncing dictionary)

    if language == "en":
        return Grades(
            flesch_kincaid=round(float(textstat.flesch_kincaid_grade(reading)), 1),
            smog=round(float(textstat.smog_index(reading)), 1),
        )
    if language == "es":
        textstat.set_lang("es")
        try:
            ease = min(
                float(textstat.fernandez_huerta(reading)),
                float(textstat.szigriszt_pazos(reading)),
            )
        finally:
            textstat.set_lang("en_US")
        return Grades(spanish_ease=round(ease, 1))
    return Grades()


def _grade_findings(found: Grades) -> list[Finding]:
    if found.spanish_ease is not None and found.spanish_ease < MIN_SPANISH_EASE:
        return [
            Finding(
                "Reading ease",
                _CDC_LANGUAGE + "; PEMAT-P item 3",
                f"{found.spanish_ease:.0f} (Fernández-Huerta / Szigriszt-Pazos; "
                f"aim for {MIN_SPANISH_EASE:.0f} or more): shorter sentences and simpler words "
                "help patients.",
                "summary",
            )
        ]
    stricter = found.stricter
    if stricter is None or stricter <= MAX_GRADE:
        return []
    which = "SMOG" if stricter == found.smog else "Flesch-Kincaid"
    return [
        Finding(
            "Reading grade",
            _CDC_LANGUAGE + "; PEMAT-P item 3",
            f"{stricter:.1f} by {which} (Flesch-Kincaid {found.flesch_kincaid}, "
            f"SMOG {found.smog}; aim for {TARGET_GRADE:.0f}, at most {MAX_GRADE:.0f}): shorter "
            "sentences and words of fewer syllables help patients.",
            "summary",
        )
    ]


def _all_sentences(text: Text) -> list[tuple[str, _Sentence]]:
    found = [("teaser", s) for s in _sentences([(1, text.teaser)])]
    for number, point in enumerate(text.key_points, start=1):
        found += [("key_points", s) for s in _sentences([(number, point)])]
    for _, lines in _paragraphs(text.summary):
        found += [("summary", s) for s in _sentences(lines)]
    return found


def _length_findings(text: Text) -> list[Finding]:
    found = []
    for where, sentence in _all_sentences(text):
        size = _size(sentence.text)
        chars = bool(_NO_SPACES.search(sentence.text))
        limit = LONG_SENTENCE_CHARACTERS if chars else LONG_SENTENCE_WORDS
        if size > limit:
            unit = "characters" if chars else "words"
            found.append(
                Finding(
                    "Long sentence",
                    _CDC_DESIGN + "; PEMAT-P item 8",
                    f"{size} {unit} (aim for {limit} or fewer): {_quote(sentence.text)}",
                    where,
                    sentence.line,
                )
            )
    for first, lines in _paragraphs(text.summary):
        size = sum(_size(t) for _, t in lines)
        chars = any(_NO_SPACES.search(t) for _, t in lines)
        limit = LONG_PARAGRAPH_WORDS * (2 if chars else 1)
        if size > limit:
            found.append(
                Finding(
                    "Long paragraph",
                    _CDC_DESIGN + "; PEMAT-P item 8",
                    f"{size} {'characters' if chars else 'words'} (aim for {limit} or fewer): "
                    f"split it after {_quote(_sentences(lines)[0].text, 50)}",
                    "summary",
                    first,
                )
            )
    return found


def _long_word_findings(text: Text) -> list[Finding]:
    words = _words(plain(text))
    if len(words) < MIN_WORDS_FOR_GRADE or _NO_SPACES.search(plain(text)):
        return []
    average = sum(len(w) for w in words) / len(words)
    if average <= LONG_WORD_LETTERS:
        return []
    return [
        Finding(
            "Long words",
            _CDC_LANGUAGE + "; PEMAT-P item 3",
            f"Words average {average:.1f} letters (aim for {LONG_WORD_LETTERS} or fewer): "
            "shorter everyday words help patients.",
            "summary",
        )
    ]


def _explained(word: str, sentence: str) -> bool:
    """``chronic (long-lasting)``, ``Chronic means ...``, ``... is called chronic``."""
    w = re.escape(word)
    return bool(
        re.search(
            rf"\b{w}\b[\"'\u201d\u2019]?\s*(?:\(|means\b|is when\b|is a\b|\u2014|-\s)",
            sentence,
            re.I,
        )
        or re.search(rf"\b(?:called|known as)\s+[\"'\u201c\u2018]?{w}\b", sentence, re.I)
    )


def _word_findings(text: Text, swaps: Iterable[Swap]) -> tuple[list[Finding], bool, bool]:
    """Findings, whether every medical word is explained, whether no formal word is used."""
    sentences = _all_sentences(text)
    found = []
    explained_all, plain_all = True, True
    for swap in swaps:
        pattern = re.compile(rf"\b{re.escape(swap.word)}\b", re.I)
        uses = [(where, s) for where, s in sentences if pattern.search(s.text)]
        if not uses:
            continue
        if swap.medical:
            if any(_explained(swap.word, s.text) for _, s in sentences):
                continue
            explained_all = False
            message = (
                f"'{swap.word}' is a medical word: say '{swap.plain}', or explain it the first "
                f"time (like '{swap.word} means {swap.plain}')."
            )
            source = _CDC_LANGUAGE + "; PEMAT-P item 4"
        else:
            plain_all = False
            message = f"'{swap.word}': say '{swap.plain}'."
            source = _CDC_LANGUAGE + "; PEMAT-P item 3"
        where, first = uses[0]
        rule = "Medical word" if swap.medical else "Formal word"
        found.append(Finding(rule, source, message, where, first.line))
    return found, explained_all, plain_all


_BE: Final = r"(?:am|is|are|was|were|be|been|being)"
_IRREGULAR: Final = (
    "done|given|taken|seen|made|known|shown|written|found|told|kept|held|paid|put|set|sent|"
    "brought|bought|thought|chosen|driven|eaten|fallen|forgotten|hidden|left|lost|meant|read|"
    "run|said|sold|spent|understood|won|worn|begun|broken|caught|felt|heard|led|met|taught|"
    "built|cut|hurt|let|shut|spread"
)
_PASSIVE: Final = re.compile(
    rf"\b{_BE}\s+(?:\w+ly\s+|not\s+)?(?:\w{{2,}}ed|{_IRREGULAR})\b(?!\s+(?:to|that|about|of)\b)",
    re.I,
)


def _passive(text: Text) -> tuple[float, list[Finding]]:
    sentences = [(w, s) for w, s in _all_sentences(text) if w == "summary"]
    if not sentences or text.language.split("-")[0].lower() != "en":
        return 0.0, []
    passive = [(w, s) for w, s in sentences if _PASSIVE.search(s.text)]
    share = len(passive) / len(sentences)
    if share <= MAX_PASSIVE_SHARE:
        return share, []
    where, first = passive[0]
    return share, [
        Finding(
            "Passive voice",
            _CDC_LANGUAGE + "; PEMAT-P item 5",
            f"{len(passive)} of {len(sentences)} sentences are passive (aim for at most "
            f"{MAX_PASSIVE_SHARE:.0%}); say who does what, like 'The trial found...'. First: "
            f"{_quote(first.text)}",
            where,
            first.line,
        )
    ]


_FRACTION: Final = re.compile(r"(?<![\d/])\d+\s*/\s*\d+(?![\d/])|[\u00bc-\u00be\u2150-\u215e]")
_DECIMAL: Final = re.compile(r"(?<![\d.])\d+[.,]\d+(?![\d.,])")
_PERCENT: Final = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|per ?cent\b)", re.I)
_EXPLAINED_PERCENT: Final = re.compile(
    r"\b(?:\d+|one|two|three|four|five)\s+(?:in|out of)\s+\d+", re.I
)


def _number_findings(text: Text) -> tuple[list[Finding], bool, bool]:
    """Findings, whether numbers are clear (item 6), whether no calculation is asked (item 7)."""
    found = []
    clear, no_sums = True, True
    for where, sentence in _all_sentences(text):
        if _FRACTION.search(sentence.text) or _DECIMAL.search(sentence.text):
            no_sums = False
            number = _FRACTION.search(sentence.text) or _DECIMAL.search(sentence.text)
            assert number is not None
            found.append(
                Finding(
                    "Number to work out",
                    _CDC_NUMBERS + "; PEMAT-P item 7",
                    f"'{number.group().strip()}' makes the reader calculate: use a whole number "
                    f"or words like '1 in 4' or 'about half'. In {_quote(sentence.text, 50)}",
                    where,
                    sentence.line,
                )
            )
        percent = _PERCENT.search(sentence.text)
        if percent and not _EXPLAINED_PERCENT.search(sentence.text):
            clear = False
            found.append(
                Finding(
                    "Unexplained percentage",
                    _CDC_NUMBERS + "; PEMAT-P item 6",
                    f"'{percent.group().strip()}': say it as a count too (like '20% (1 in 5 "
                    f"people)'). In {_quote(sentence.text, 50)}",
                    where,
                    sentence.line,
                )
            )
    return found, clear, no_sums


_YOU: Final = {
    "en": r"\b(?:you|your|yours|yourself)\b",
    "es": r"\b(?:usted|ustedes|su|sus|tú|tu|tus|te|le)\b",
}
_ACTIONS: Final = {
    "en": r"(?:^|[.!?:]\s+)(?:please\s+)?(?:ask|tell|talk|call|tap|bring|see|try|take|read|"
    r"book|speak|visit|come|check|write|keep|let|go|make|use|follow|look|find|choose)\b"
    r"|\byou can\b",
    "es": r"(?:^|[.!?:¿¡]\s*)(?:por favor,?\s+)?(?:pregunte|hable|llame|toque|traiga|consulte|"
    r"lea|pida|vea|diga|use|vaya|venga)\b|\bpuede\b",
}


def _reader_findings(text: Text) -> tuple[list[Finding], bool | None, bool | None]:
    """Speaks to the reader (item 21) and gives an action (item 20); None: cannot tell."""
    language = text.language.split("-")[0].lower()
    if language not in _YOU:
        return [], None, None
    everything = "\n".join(
        [text.teaser, *text.key_points, plain(Text(language, summary=text.summary))]
    )
    found = []
    speaks = re.search(_YOU[language], everything, re.I) is not None
    acts = re.search(_ACTIONS[language], everything, re.I | re.M) is not None
    if not speaks:
        found.append(
            Finding(
                "Speak to the reader",
                _CDC_MAIN + "; PEMAT-P item 21",
                "The text never speaks to the reader ('you'): write to the patient, like 'You "
                "can ask us...'.",
                "summary",
            )
        )
    if not acts:
        found.append(
            Finding(
                "No action",
                _CDC_MAIN + "; PEMAT-P item 20",
                "Give at least one thing the reader can do, like 'Ask us about...' or 'Tell "
                "your doctor...'.",
                "summary",
            )
        )
    return found, speaks, acts


def _structure_findings(text: Text) -> tuple[list[Finding], dict[int, bool]]:
    found = []
    met: dict[int, bool] = {}
    teaser_words = _size(text.teaser)
    limit = TEASER_WORDS * (2 if _NO_SPACES.search(text.teaser) else 1)
    met[1] = 0 < teaser_words <= limit
    if not text.teaser.strip():
        found.append(
            Finding("Main message", _CDC_MAIN + "; PEMAT-P item 1",
                    "No teaser: put the main message first, in one short sentence.", "teaser")
        )  # fmt: skip
    elif teaser_words > limit:
        found.append(
            Finding(
                "Main message",
                _CDC_MAIN + "; PEMAT-P item 1",
                f"The teaser has {teaser_words} words (aim for {limit} or fewer): put the main "
                "message first, in one short sentence.",
                "teaser",
            )
        )
    summary_size = _size(plain(Text(text.language, summary=text.summary)))
    if summary_size > HEADINGS_AFTER_WORDS:
        has_heading = any(_HEADING.match(line) for line in text.summary.splitlines())
        met[9] = has_heading
        if not has_heading:
            found.append(
                Finding(
                    "No headings",
                    _CDC_DESIGN + "; PEMAT-P item 9",
                    f"The summary has {summary_size} words and no headings: add short headings "
                    "(## Like this) so patients find their part.",
                    "summary",
                    1,
                )
            )
    met[11] = bool(text.key_points)
    if not text.key_points:
        what = "no summary or key points" if not text.summary.strip() else "no key points"
        found.append(
            Finding("Key points", _CDC_DESIGN + "; PEMAT-P item 11",
                    f"The slide has {what}: add 2 or 3 key points patients see first.",
                    "key_points")
        )  # fmt: skip
    if text.image:
        description = text.picture_description.strip()
        size = _size(description)
        met[17] = 0 < size <= PICTURE_DESCRIPTION_WORDS
        if not description:
            found.append(
                Finding("Picture description", _CDC_DESIGN + "; PEMAT-P item 17",
                        "The picture has no description: say in a few words what it shows "
                        "(read aloud, and shown under the picture).", "picture_description")
            )  # fmt: skip
        elif size > PICTURE_DESCRIPTION_WORDS:
            found.append(
                Finding("Picture description", _CDC_DESIGN + "; PEMAT-P item 17",
                        f"The picture's description has {size} words (aim for "
                        f"{PICTURE_DESCRIPTION_WORDS} or fewer).", "picture_description")
            )  # fmt: skip
    return found, met


def check(text: Text, swaps: Iterable[Swap] | None = None) -> Report:
    """Every rule on one slide's text in one language, and its score."""
    language = text.language.split("-")[0].lower()
    swaps = list(shipped_word_list() if swaps is None else swaps)
    met: dict[int, bool] = {}
    findings: list[Finding] = []
    found_grades = grades(text)
    grade_findings = _grade_findings(found_grades)
    findings += grade_findings
    if found_grades.stricter is not None or found_grades.spanish_ease is not None:
        met[3] = not grade_findings
    length = _length_findings(text)
    findings += length
    met[8] = not length
    if language not in ("en", "es"):  # no word list or formulas: sentence and word length only
        long_words = _long_word_findings(text)
        findings += long_words
        if long_words:
            met[3] = False
        return Report(
            findings=tuple(findings),
            grades=found_grades,
            met=frozenset(n for n, ok in met.items() if ok),
            applicable=frozenset(met),
        )
    passive_share = 0.0
    if language == "en":
        words, explained, plain_words = _word_findings(text, swaps)
        findings += words
        met[4] = explained
        met[3] = met.get(3, True) and plain_words
        passive_share, passive = _passive(text)
        findings += passive
        met[5] = not passive
    numbers, clear, no_sums = _number_findings(text)
    findings += numbers
    met[6], met[7] = clear, no_sums
    reader, speaks, acts = _reader_findings(text)
    findings += reader
    if speaks is not None and acts is not None:
        met[21], met[20] = speaks, acts
    structure, structure_met = _structure_findings(text)
    findings += structure
    met.update(structure_met)
    return Report(
        findings=tuple(findings),
        grades=found_grades,
        met=frozenset(n for n, ok in met.items() if ok),
        applicable=frozenset(met),
        passive_share=passive_share,
    )
