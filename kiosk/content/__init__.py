"""The clinic's content: the slide and settings model, and loading it from a folder.

Pure Python: nothing here imports Qt (enforced by import-linter in pyproject.toml), so the
content can be checked from the command line, on a machine with no screen, and in fast tests.
"""

from kiosk.content.loader import LoadResult, load_deck
from kiosk.content.model import Deck, Reference, Review, Settings, Slide
from kiosk.content.problems import Problem, Severity

__all__ = [
    "Deck",
    "LoadResult",
    "Problem",
    "Reference",
    "Review",
    "Settings",
    "Severity",
    "Slide",
    "load_deck",
]
