"""The kiosk installs as a package: a built wheel gives a ``kiosk`` command that finds its deck,
themes and translations from any folder, with no clone of the repository beside it."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from ruamel.yaml import YAML

from kiosk import paths
from kiosk.content import Settings
from kiosk.content.model import THEMES, WEEKDAY_KEYS, WEEKDAY_LABELS, WEEKDAY_NAMES
from kiosk.insight.store import default_stats_path
from kiosk.paths import STYLES
from kiosk.staff.pin import default_pin_dir
from kiosk.system.instance import default_lock_path
from kiosk.system.logs import default_log_dir

ROOT = Path(__file__).resolve().parent.parent
WHEEL_RESOURCES = (
    "kiosk/resources/deck/settings.yaml",
    "kiosk/resources/deck/slides/010-welcome.md",
    "kiosk/resources/styles/calm.yaml",
    "kiosk/resources/styles/high-contrast.yaml",
    "kiosk/resources/styles/kiosk.qss",
    "kiosk/resources/styles/detail.css",
    "kiosk/resources/i18n/kiosk_es.qm",
    "kiosk/resources/i18n/kiosk_zh_Hans.qm",
    "kiosk/resources/systemd/clinic-kiosk.service",
)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``pip wheel`` builds from a copy of the source, as from a fresh clone (a build
    folder or egg-info left in the working tree would add files the clean build leaves out). No
    network: the build backend comes from the package index pip is configured with."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "kiosk", source / "kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)], out)
    (built,) = out.glob("clinic_kiosk-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; its ``bin`` folder.

    The dependencies (PySide6 alone is 600 MB) come from the environment running the tests, as
    ``--system-site-packages`` would give them, through a ``.pth`` file that lists its
    site-packages: the kiosk itself is imported only from the wheel (checked below).
    """
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    python = venv / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        venv.parent,
    ).strip()
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        venv.parent,
    )  # fmt: skip
    ours = [*site.getsitepackages(), site.getusersitepackages()]
    (Path(purelib) / "test-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return venv / "bin"


def test_the_wheel_carries_the_deck_themes_translations_and_unit(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in WHEEL_RESOURCES if name not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


@pytest.mark.slow
def test_the_installed_kiosk_command_works_from_any_folder(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = f"{installed}{os.pathsep}{env['PATH']}"
    where = run(
        [str(installed / "python"), "-c", "import kiosk.paths as p; print(p.SHIPPED_DECK)"],
        elsewhere,
        env,
    )
    assert Path(where.strip()).is_relative_to(installed.parent), "kiosk came from the repository"

    report = run(["kiosk", "--check"], elsewhere, env)
    assert "0 errors" in report
    assert "6 slides loaded" in report

    run(["kiosk", "--screenshot", "out.png", "--slide", "guidelines", "--detail"], elsewhere, env)
    shot = QImage(str(elsewhere / "out.png"))
    assert (shot.width(), shot.height()) == (1920, 1080)
    # Drawn with the shipped theme: its background colour fills most of the screen (an
    # unstyled window would be Qt's plain grey).
    background = YAML(typ="safe").load(STYLES / "calm.yaml")["colors"]["background"]
    step = 8
    samples = [
        shot.pixelColor(x, y).name()
        for x in range(0, shot.width(), step)
        for y in range(0, shot.height(), step)
    ]
    assert samples.count(background.lower()) > len(samples) // 4


def test_every_theme_staff_can_choose_is_shipped_and_no_other() -> None:
    assert sorted(p.stem for p in STYLES.glob("*.yaml")) == sorted(THEMES)
    assert THEMES[0] == Settings().theme  # the default is offered first


def test_the_settings_page_offers_the_shipped_themes_by_their_names() -> None:
    from kiosk.staff.settings_page import THEME_CHOICES

    assert [value for _, value in THEME_CHOICES] == list(THEMES)
    assert dict(THEME_CHOICES) == {"Calm": "calm", "High contrast": "high-contrast"}


def test_the_weekday_names_staff_read_follow_the_keys_files_write() -> None:
    assert [name[:3].lower() for name in WEEKDAY_NAMES] == list(WEEKDAY_KEYS)
    assert WEEKDAY_LABELS == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def test_the_kiosk_keeps_its_files_in_the_users_folders_under_one_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name))
    monkeypatch.delenv(paths.CACHE_DIR_VARIABLE)
    assert default_pin_dir() == tmp_path / "XDG_DATA_HOME" / "clinic-kiosk"
    assert default_stats_path().parent == tmp_path / "XDG_DATA_HOME" / "clinic-kiosk"
    assert default_log_dir() == tmp_path / "XDG_STATE_HOME" / "clinic-kiosk" / "log"
    assert default_lock_path().parent == tmp_path / "XDG_RUNTIME_DIR" / "clinic-kiosk"
    assert paths.cache_dir() == tmp_path / "XDG_CACHE_HOME" / "clinic-kiosk"
