"""Formatting references the way readers of medical literature expect (Vancouver style)."""

from __future__ import annotations

from typing import Final

from kiosk.content.model import Reference

#: Vancouver: list up to six authors; with more, the first three and "et al."
MAX_LISTED_AUTHORS: Final = 6
LISTED_WHEN_TRUNCATED: Final = 3


def format_reference(ref: Reference) -> str:
    """``Cherkin DC, Sherman KJ, et al. Title. Arch Intern Med. 2009;169(9):858-866. doi:...``"""
    parts = [
        _sentence(format_authors(ref.authors)),
        _sentence(ref.title),
        _sentence(ref.source),
        _sentence(_where(ref)),
    ]
    if ref.doi_id:
        parts.append(f"doi:{ref.doi_id}.")
    if ref.pmid:
        parts.append(f"PMID: {ref.pmid}.")
    if ref.url and not (ref.doi_id or ref.pmid):
        parts.append(f"Available at: {ref.url}")
    return " ".join(part for part in parts if part)


def format_authors(authors: list[str]) -> str:
    names = [a for a in authors if a.rstrip(".").lower() != "et al"]
    truncated = len(names) < len(authors) or len(names) > MAX_LISTED_AUTHORS
    if len(names) > MAX_LISTED_AUTHORS:
        names = names[:LISTED_WHEN_TRUNCATED]
    return ", ".join(names) + (", et al" if truncated else "")


def _where(ref: Reference) -> str:
    """``2009;169(9):858-866`` — year, volume, issue and pages (or article number)."""
    text = str(ref.year)
    if ref.volume:
        text += f";{ref.volume}"
    if ref.issue:
        text += f"({ref.issue})" if ref.volume else f";({ref.issue})"
    locator = ref.pages or ref.article
    if locator:
        text += f":{locator}"
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    if not text or text.endswith((".", "?", "!")):
        return text
    return text + "."
