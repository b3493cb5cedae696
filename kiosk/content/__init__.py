"""The clinic's content: the slide and settings model, and loading it from a folder.

Pure Python: nothing here imports Qt (enforced by import-linter in pyproject.toml), so the
content can be checked from the command line, on a machine with no screen, and in fast tests.
"""

from pathlib import Path

from kiosk.content.model import Deck, Reference, Review, Settings, Slide
from kiosk.content.problems import LoadResult, Problem, Severity

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


def load_deck(folder: Path) -> LoadResult:
    """Load ``folder`` (settings.yaml, slides/*.md, images/...); never raises."""
    # The loader brings the YAML parser and the validator (~25 ms to import). The kiosk starts
    # from its deck cache without them, so they are imported on the first real load.
    from kiosk.content.loader import load_deck as load

    return load(folder)
