"""The deck that ships in kiosk/resources/deck: loads cleanly, cites its sources exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.content import LoadResult, Reference, Slide, load_deck
from kiosk.paths import SHIPPED_DECK

SHIPPED_IDS = [
    "welcome",
    "guidelines",
    "research",
    "safety-and-cost",
    "in-our-practice",
    "about-this-information",
]


@pytest.fixture(scope="module")
def shipped() -> LoadResult:
    return load_deck(SHIPPED_DECK)


def all_references(result: LoadResult) -> list[Reference]:
    return [reference for slide in result.deck.slides for reference in slide.references]


def by_doi(result: LoadResult, doi: str) -> Reference:
    found = [r for r in all_references(result) if r.doi_id == doi]
    assert found, f"no reference with DOI {doi}"
    assert all(r == found[0] for r in found), "the same paper is cited differently"
    return found[0]


def test_the_shipped_deck_is_where_the_code_looks() -> None:
    assert SHIPPED_DECK.is_dir()
    assert (SHIPPED_DECK / "settings.yaml").is_file()
    assert sorted(p.name for p in (SHIPPED_DECK / "slides").glob("*.md")) == [
        "010-welcome.md",
        "020-guidelines.md",
        "030-research.md",
        "040-safety-and-cost.md",
        "050-in-our-practice.md",
        "060-about-this-information.md",
    ]


def test_loads_with_no_problems(shipped: LoadResult) -> None:
    assert shipped.problems == (), "\n".join(str(p) for p in shipped.problems)


def test_every_slide_is_shown_in_order(shipped: LoadResult) -> None:
    assert len(shipped.deck.enabled_slides) >= 6
    assert [s.id for s in shipped.deck.enabled_slides] == SHIPPED_IDS
    orders = [s.order for s in shipped.deck.slides]
    assert orders == sorted(orders)


def test_shipped_settings(shipped: LoadResult) -> None:
    settings = shipped.deck.settings
    assert settings.clinic_name
    assert settings.theme == "calm"
    assert settings.default_language == "en"
    assert 3 <= settings.default_duration <= 600


def test_every_reference_can_be_looked_up(shipped: LoadResult) -> None:
    references = all_references(shipped)
    assert len(references) >= 5
    for reference in references:
        assert reference.doi or reference.pmid or reference.url, reference
        assert reference.link.startswith("https://")
        assert reference.authors and reference.title and reference.source


def test_acp_guideline_2017(shipped: LoadResult) -> None:
    acp = by_doi(shipped, "10.7326/M16-2367")
    assert acp.year == 2017
    assert acp.source == "Annals of Internal Medicine"
    assert acp.authors[0] == "Qaseem A"
    assert acp.pmid == "28192789"
    assert (acp.volume, acp.issue, acp.pages) == ("166", "7", "514-530")
    assert acp.link == "https://doi.org/10.7326/M16-2367"


def test_cherkin_trial_2009(shipped: LoadResult) -> None:
    cherkin = by_doi(shipped, "10.1001/archinternmed.2009.65")
    assert cherkin.pmid == "19433697"
    assert cherkin.year == 2009
    assert cherkin.authors[0] == "Cherkin DC"
    assert cherkin.source == "Archives of Internal Medicine"
    assert (cherkin.volume, cherkin.issue, cherkin.pages) == ("169", "9", "858-866")


def test_cochrane_review_2005(shipped: LoadResult) -> None:
    cochrane = by_doi(shipped, "10.1002/14651858.CD001351.pub2")
    assert cochrane.pmid == "15674876"
    assert cochrane.year == 2005
    assert cochrane.authors[0] == "Furlan AD"
    assert cochrane.source == "Cochrane Database of Systematic Reviews"
    assert cochrane.article == "CD001351"


def test_furlan_review_2012(shipped: LoadResult) -> None:
    furlan = by_doi(shipped, "10.1155/2012/953139")
    assert furlan.pmid == "22203884"
    assert furlan.year == 2012
    assert furlan.authors[0] == "Furlan AD"
    assert furlan.source == "Evidence-Based Complementary and Alternative Medicine"
    assert furlan.article == "953139"


def test_guidelines_slide_cites_the_acp(shipped: LoadResult) -> None:
    slide = shipped.deck.slide("guidelines")
    assert slide is not None
    assert [r.doi_id for r in slide.references] == ["10.7326/M16-2367"]
    assert slide.references[0].link == "https://doi.org/10.7326/M16-2367"
    assert slide.link is None  # no page of its own: the reference's code is labelled as such


def test_research_slide_cites_the_trial_first(shipped: LoadResult) -> None:
    slide = shipped.deck.slide("research")
    assert slide is not None
    dois = [r.doi_id for r in slide.references]
    assert dois[:3] == [
        "10.1001/archinternmed.2009.65",
        "10.1002/14651858.CD001351.pub2",
        "10.1155/2012/953139",
    ]
    assert slide.references[0].link == "https://doi.org/10.1001/archinternmed.2009.65"


def test_a_reference_with_a_doi_and_a_url_links_to_the_doi(shipped: LoadResult) -> None:
    both = [r for r in all_references(shipped) if r.doi and r.url]
    assert both, "the deck has a reference with both a DOI and a web address"
    for reference in both:
        assert reference.link == f"https://doi.org/{reference.doi_id}"


def deck_text(result: LoadResult) -> str:
    """Everything a patient could read, and everything a file holds."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(Path(SHIPPED_DECK).rglob("*.md"))]
    parts.append((SHIPPED_DECK / "settings.yaml").read_text(encoding="utf-8"))
    for slide in result.deck.slides:
        parts += [slide.title, slide.teaser, slide.summary, *slide.key_points]
        parts += [r.title for r in slide.references]
    return "\n".join(parts)


@pytest.mark.parametrize("typo", ["Cochorane", "daily bases", "persuade acupuncture"])
def test_the_seed_texts_typos_are_gone(shipped: LoadResult, typo: str) -> None:
    assert typo.casefold() not in deck_text(shipped).casefold()


def test_the_corrected_wording_is_there(shipped: LoadResult) -> None:
    text = deck_text(shipped)
    assert "Cochrane" in text
    assert "each day" in text  # the seed's "on a daily bases", in plain words


def test_every_slide_has_a_review_date(shipped: LoadResult) -> None:
    for slide in shipped.deck.slides:
        assert slide.reviewed is not None, slide.id
        assert isinstance(slide.reviewed.date, dt.date)
        assert dt.date(2024, 1, 1) <= slide.reviewed.date <= dt.date(2100, 1, 1)
        assert slide.reviewed.by
        assert 1 <= slide.review_every_months <= 60


def about_text(slide: Slide) -> str:
    return " ".join([slide.teaser, slide.summary, *slide.key_points]).casefold()


def test_about_slide_says_not_medical_advice(shipped: LoadResult) -> None:
    about = shipped.deck.slide("about-this-information")
    assert about is not None
    # The teaser and first key point read "general information, not medical advice"; the
    # summary reads "They are not medical advice."
    assert "not medical advice" in about_text(about)
    assert "not medical advice" in about.summary.casefold()
    assert "talk to your doctor" in about_text(about)


def test_welcome_slide_says_not_medical_advice(shipped: LoadResult) -> None:
    welcome = shipped.deck.slide("welcome")
    assert welcome is not None
    assert "not medical advice" in about_text(welcome)


def test_practice_slide_says_it_is_not_research(shipped: LoadResult) -> None:
    practice = shipped.deck.slide("in-our-practice")
    assert practice is not None
    assert practice.references == []
    assert "not research evidence" in about_text(practice)


def test_slides_fit_the_screen(shipped: LoadResult) -> None:
    for slide in shipped.deck.slides:
        assert len(slide.title) <= 80
        assert len(slide.teaser) <= 160
        assert 1 <= len(slide.key_points) <= 6
        assert slide.summary
        assert slide.image is None or (SHIPPED_DECK / slide.image).is_file()
