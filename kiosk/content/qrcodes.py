"""Can a phone read this link's QR code from a chair? The check ``--check`` and the screen share.

No Qt here: the content core decides whether a code can be made and whether its squares
(modules) would be big enough at the size the detail screen draws it; the player draws it.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import types
from typing import Final
from urllib.parse import urlsplit

QUIET_ZONE_MODULES: Final = 4
ERROR_CORRECTION: Final = "m"
#: The detail screen's sizes at 1080p (resources/styles: qr_small, qr_size, qr_module_min): a
#: reference's code is drawn in at most QR_SMALL_PX, each module at least QR_MODULE_MIN_PX.
QR_SMALL_PX: Final = 200
QR_MODULE_MIN_PX: Final = 4
#: Longer texts are refused before they reach the encoder (version 40 holds 2,331 bytes at M).
MAX_QR_TEXT: Final = 2331


class QrError(ValueError):
    """No QR code for this text; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (without quiet zone), ``True`` for dark."""
    if not text:
        raise QrError("There is no address to make a QR code of.")
    if len(text.encode("utf-8")) > MAX_QR_TEXT:
        raise QrError(f"The address is {len(text)} characters long: too long for a QR code.")
    try:  # segno.make_qr(text, error=..., boost_error=True), as the encoder's own call
        code = _encoder().encode(text, error=ERROR_CORRECTION, micro=False, boost_error=True)
    except ValueError as exc:  # segno's DataOverflowError is one
        raise QrError(f"No QR code can be made of this address ({exc}).") from None
    return [[bool(cell) for cell in row] for row in code.matrix]


#: The name segno's encoder is loaded under (see _encoder).
_SEGNO_CORE: Final = "_kiosk_segno_core"


@functools.cache
def _encoder() -> types.ModuleType:
    """segno's encoder (``segno.encoder``), loaded without the rest of segno.

    ``import segno`` also imports its file writers (SVG, PNG, EPS, ...), and through
    ``xml.sax.saxutils`` those pull in ``urllib.request``, ``http.client``, ``email`` and ``ssl``:
    about 2 MiB that a running kiosk keeps for code it never calls. The encoder needs only its
    constants, so it is loaded from segno's own folder as a package of its own; ``import segno``
    still works as usual elsewhere. Not on the start-up path either (20 ms): first used once the
    first slide is on screen. ``tests/content/test_qr_encoder.py`` checks the codes are segno's.
    """
    spec = importlib.util.find_spec("segno")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("segno is not installed")
    package = types.ModuleType(_SEGNO_CORE)
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules.setdefault(_SEGNO_CORE, package)
    return importlib.import_module(f"{_SEGNO_CORE}.encoder")


def side_in_modules(text: str) -> int:
    """How many modules wide the code is, quiet zone included."""
    return len(qr_matrix(text)) + 2 * QUIET_ZONE_MODULES


def address_problem(link: str) -> str | None:
    """Why a phone could not open ``link`` (it would scan, then fail), or None."""
    try:
        host = urlsplit(link).hostname
    except ValueError:
        host = None
    if not host:
        return f"'{link[:60]}' is not a web address a phone can open."
    return None


def qr_problem(
    text: str, max_px: int = QR_SMALL_PX, min_module_px: int = QR_MODULE_MIN_PX
) -> str | None:
    """Why ``text``'s code cannot be shown readably in ``max_px`` pixels, or None when it can."""
    wrong = address_problem(text)
    if wrong:
        return wrong
    try:
        side = side_in_modules(text)
    except QrError as exc:
        return exc.message
    if side * min_module_px > max_px:
        return (
            f"The address is {len(text)} characters long: its QR code would have squares too "
            "small for a phone to read from a chair. Use a shorter address (a DOI or PMID)."
        )
    return None
