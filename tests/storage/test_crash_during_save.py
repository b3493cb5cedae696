"""A save killed at any moment leaves the old slide or the new one, never a broken file."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.content import load_deck
from kiosk.storage.slides import save_slide

ROOT = Path(__file__).resolve().parents[2]
KILLS = 40
TITLES = {"Version A of the slide", "Version B of the slide"}

# Saves version A and version B of one slide, alternately, as fast as it can. Both versions are
# long (a few KB), so a kill lands inside a write often.
SAVER = """
import sys
from pathlib import Path
from kiosk.storage.slides import save_slide

folder = Path(sys.argv[1])
versions = []
for letter in "AB":
    fields = {
        "id": "crash",
        "title": f"Version {letter} of the slide",
        "teaser": f"Teaser {letter}",
        "key_points": [f"Point {letter}{n}" for n in range(6)],
    }
    versions.append((fields, (f"Summary {letter}. " * 40 + "\\n") * 20))
print("ready", flush=True)
count = 0
while True:
    fields, summary = versions[count % 2]
    save_slide(folder, "010-crash.md", fields, summary)
    count += 1
"""


@pytest.mark.slow
def test_killing_a_save_never_leaves_a_broken_slide(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    first = {"id": "crash", "title": "Version A of the slide", "teaser": "T"}
    save_slide(folder, "010-crash.md", first, "Summary A.")
    rng = random.Random(20261125)
    for kill in range(KILLS):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert saver.stdout is not None
            assert saver.stdout.readline() == "ready\n"
            time.sleep(rng.uniform(0.0, 0.06))
        finally:
            saver.send_signal(signal.SIGKILL)
            saver.wait(timeout=10)
            if saver.stdout is not None:
                saver.stdout.close()
        assert saver.returncode == -signal.SIGKILL, "the saver stopped by itself (it failed)"
        result = load_deck(folder)
        assert result.errors == (), f"kill {kill}: {result.errors}"
        (slide,) = result.deck.slides
        assert slide.title in TITLES, f"kill {kill}: {slide.title!r}"
        assert slide.summary.startswith(f"Summary {slide.title[8]}.")
    # Kills land inside writes: temporary files are left behind (and ignored by the loader).
    slides = sorted(p.name for p in (folder / "slides").iterdir())
    assert "010-crash.md" in slides
    assert all(name.startswith(".010-crash.md.") for name in slides if name != "010-crash.md")
