"""The kiosk's QR codes are segno's, made without loading segno's file writers (memory)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import segno

from kiosk.content.qrcodes import qr_matrix

LINKS = [
    "https://doi.org/10.7326/M16-2367",
    "https://pubmed.ncbi.nlm.nih.gov/28192789/",
    "https://example.org/" + "a" * 300,
    "https://例え.jp/页面?q=ü",
]


@pytest.mark.parametrize("link", LINKS)
def test_each_code_is_the_one_segno_makes(link: str) -> None:
    expected = segno.make_qr(link, error="m", boost_error=True).matrix
    assert qr_matrix(link) == [[bool(cell) for cell in row] for row in expected]


def test_making_a_code_loads_no_web_or_mail_library() -> None:
    probe = (
        "import sys\n"
        "from kiosk.content.qrcodes import qr_matrix\n"
        "qr_matrix('https://doi.org/10.7326/M16-2367')\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'email', 'ssl', 'segno')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
