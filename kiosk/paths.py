"""Where the kiosk's shipped resources live."""

from __future__ import annotations

from pathlib import Path
from typing import Final

RESOURCES: Final = Path(__file__).resolve().parent.parent / "resources"
SHIPPED_DECK: Final = RESOURCES / "deck"
STYLES: Final = RESOURCES / "styles"
