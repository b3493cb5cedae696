"""The pairing commands when Syncthing is not there: a plain message and exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main


def test_setup_without_syncthing_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "no-syncthing-here"
    code = main(["--sync-setup", "--content", str(tmp_path), "--syncthing-home", str(home)])
    assert code == 1
    err = capsys.readouterr().err
    assert str(home / "config.xml") in err and "--syncthing-home" in err


def test_a_syncthing_that_is_not_running_is_named_with_how_to_start_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "syncthing"
    home.mkdir()
    (home / "config.xml").write_text(
        "<configuration><gui><address>127.0.0.1:9</address><apikey>k</apikey></gui>"
        "</configuration>",
        encoding="utf-8",
    )
    code = main(
        ["--sync-add-device", "X", "--content", str(tmp_path), "--syncthing-home", str(home)]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "not answering at http://127.0.0.1:9" in err and "systemctl" in err
