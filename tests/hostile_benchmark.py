"""Time and peak memory of ``--check`` and ``--screenshot`` on each hostile case (issue 19).

    python -m tests.hostile_benchmark [--repo PATH] [--timeout SECONDS]

``--repo`` runs another checkout's ``main.py`` (an older commit, for "before" numbers) on the
same files. Each case is its own content folder; a run that does not finish within the timeout
is killed and shown as ">timeout". Peak memory is the process's high-water mark (VmHWM).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests import hostile
from tests.decks import simple_deck

ROOT = Path(__file__).resolve().parents[1]


def _bomb_settings(folder: Path) -> None:
    (folder / "settings.yaml").write_text(hostile.alias_bomb())


def _bomb_announcements(folder: Path) -> None:
    (folder / "announcements.yaml").write_text(hostile.alias_bomb())


def _pipe_settings(folder: Path) -> None:
    (folder / "settings.yaml").unlink()
    os.mkfifo(folder / "settings.yaml")


def _picture(make: Callable[[Path], object], name: str) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        (folder / "images").mkdir(exist_ok=True)
        make(folder / "images" / name)
        hostile.picture_slide(folder, "picture", f"images/{name}", order=0)

    return build


def _markdown(body: str) -> Callable[[Path], None]:
    return lambda folder: hostile.markdown_slide(folder, "text", body, order=0)


def _real_png(path: Path) -> None:
    """A real, fully decodable 8000 x 8000 PNG (the header-only one is refused sooner)."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(8000, 8000, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    image.save(str(path))


CASES: dict[str, Callable[[Path], None]] = {
    "alias bomb, slide": lambda folder: (hostile.bomb_slide(folder), None)[1],
    "alias bomb, settings.yaml": _bomb_settings,
    "alias bomb, announcements": _bomb_announcements,
    "named pipe, settings.yaml": _pipe_settings,
    "named pipe, picture": _picture(os.mkfifo, "pipe.png"),
    "JPEG declaring 60000x60000": _picture(
        lambda p: hostile.jpeg_declaring(p, 60000, 60000), "a.jpg"
    ),
    "PNG 8000x8000": _picture(_real_png, "big.png"),
    "SVG named .png": _picture(
        lambda p: hostile.svg_drawing_of(p, ROOT / "resources" / "screenshots" / "cycle.png"),
        "s.png",
    ),
    "table of 200 rows": _markdown(hostile.TABLE_200_ROWS),
    "10,000 list items": _markdown(hostile.LIST_10000_ITEMS),
    "100,000 [a] pairs": _markdown(hostile.BRACKETS_100000),
}


def run(command: list[str], cwd: Path, timeout: float) -> tuple[str, float]:
    """(seconds or ">timeout", peak MiB) of ``command``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    peak = 0
    while process.poll() is None:
        try:
            with Path(f"/proc/{process.pid}/status").open(encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        if time.monotonic() - started > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return ">timeout", peak / 1024
        time.sleep(0.05)
    return f"{time.monotonic() - started:.2f}", peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    main_py = str(args.repo / "main.py")
    print(f"{'case':28s} {'--check s':>10s} {'MiB':>6s} {'--screenshot s':>15s} {'MiB':>6s}")
    with tempfile.TemporaryDirectory() as temp:
        for number, (name, build) in enumerate(CASES.items()):
            folder = simple_deck(Path(temp) / f"case{number}", count=1)
            build(folder)
            check = run([sys.executable, main_py, "--content", str(folder), "--check"],
                        args.repo, args.timeout)  # fmt: skip
            shot = [sys.executable, main_py, "--content", str(folder), "--size", "1280x720",
                    "--screenshot", str(Path(temp) / f"{number}.png")]  # fmt: skip
            if name.startswith(("table", "10,000", "100,000")):
                shot += ["--slide", "text", "--detail"]
            screenshot = run(shot, args.repo, args.timeout)
            print(
                f"{name:28s} {check[0]:>10s} {check[1]:6.0f} {screenshot[0]:>15s} "
                f"{screenshot[1]:6.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
