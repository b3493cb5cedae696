"""Can a phone read this link's QR code from a chair? The check ``--check`` and the screen share.

No Qt here: the content core decides whether a code can be made and whether its squares
(modules) would be big enough at the size the detail screen draws it; the player draws it.
"""

from __future__ import annotations

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
    import segno  # 20 ms to import: not on the start-up path

    try:
        code = segno.make_qr(text, error=ERROR_CORRECTION, boost_error=True)
    except (segno.DataOverflowError, ValueError) as exc:
        raise QrError(f"No QR code can be made of this address ({exc}).") from None
    return [[bool(cell) for cell in row] for row in code.matrix]


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
