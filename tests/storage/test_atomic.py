"""write_atomic on real files: backups, permissions, and real read-only and full disks."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.storage.atomic import (
    DISK_FULL,
    MAX_BACKUPS,
    READ_ONLY,
    SaveError,
    backups_of,
    write_atomic,
)

Mount = Callable[..., Path]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_new_contents_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "slide.md"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert names(tmp_path) == ["slide.md"]


def test_the_previous_version_is_kept_as_a_backup(tmp_path: Path) -> None:
    target, backups = tmp_path / "slide.md", tmp_path / ".backups"
    write_atomic(target, b"version 1", backup_dir=backups)
    assert not backups.exists() or not backups_of(backups, "slide.md")  # nothing to keep yet
    write_atomic(target, b"version 2", backup_dir=backups)
    (kept,) = backups_of(backups, "slide.md")
    assert kept.read_bytes() == b"version 1"
    assert kept.name.startswith("slide.md.")
    assert target.read_bytes() == b"version 2"


def test_backups_are_pruned_to_the_newest_twenty(tmp_path: Path) -> None:
    target, backups = tmp_path / "slide.md", tmp_path / ".backups"
    other = tmp_path / "other.md"
    write_atomic(other, b"o1")
    write_atomic(other, b"o2", backup_dir=backups)
    for n in range(30):
        write_atomic(target, f"version {n}".encode(), backup_dir=backups)
    kept = backups_of(backups, "slide.md")
    assert len(kept) == MAX_BACKUPS == 20
    # the newest 20 previous versions: 9..28 (29 is the file itself), oldest first
    assert [p.read_text() for p in kept] == [f"version {n}" for n in range(9, 29)]
    assert len(backups_of(backups, "other.md")) == 1  # another file's backups are left alone


def test_mode_is_applied_and_the_old_mode_kept_otherwise(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    write_atomic(secret, b"{}", mode=0o600)
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    shared = tmp_path / "shared.md"
    shared.write_bytes(b"old")
    shared.chmod(0o640)
    write_atomic(shared, b"new")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640


def test_a_missing_folder_gives_a_save_error_naming_the_reason(tmp_path: Path) -> None:
    with pytest.raises(SaveError) as caught:
        write_atomic(tmp_path / "gone" / "slide.md", b"text")
    assert "No such file or directory" in caught.value.message
    assert "Nothing was lost" in caught.value.message


@pytest.mark.parametrize(
    ("code", "start"),
    [
        (errno.ENOSPC, "The disk is full"),
        (errno.EROFS, "The content folder is read-only"),
        (errno.EACCES, "The kiosk is not allowed"),
        (errno.EPERM, "The kiosk is not allowed"),
        (errno.EIO, "The change was not saved (Input/output error)"),
    ],
)
def test_messages_are_in_plain_words(code: int, start: str) -> None:
    error = SaveError.from_os_error(OSError(code, os.strerror(code)))
    assert error.message.startswith(start)
    assert str(error) == error.message


# -- real read-only and full file systems (tmpfs mounts; root only) ----------------------------


@pytest.fixture
def mount_tmpfs(tmp_path: Path) -> Iterator[Mount]:
    """Mount a small tmpfs at a new folder; unmounted when the test ends."""
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("needs Linux mount")
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", str(point)], capture_output=True, check=False)


def remount_read_only(point: Path) -> None:
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(point)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"remounting read-only is not permitted here: {done.stderr.strip()}")


def test_read_only_folder_gives_a_plain_message_and_keeps_the_old_file(
    mount_tmpfs: Mount,
) -> None:
    folder = mount_tmpfs("readonly", "1m")
    target = folder / "slide.md"
    target.write_bytes(b"old version")
    remount_read_only(folder)
    with pytest.raises(SaveError) as caught:
        write_atomic(target, b"new version", backup_dir=folder / ".backups")
    assert caught.value.message == READ_ONLY
    assert caught.value.message.startswith("The content folder is read-only")
    assert target.read_bytes() == b"old version"
    assert names(folder) == ["slide.md"]


def test_backups_on_another_file_system_are_copies(tmp_path: Path, mount_tmpfs: Mount) -> None:
    backups = mount_tmpfs("backups", "1m")
    target = tmp_path / "slide.md"
    write_atomic(target, b"version 1")
    write_atomic(target, b"version 2", backup_dir=backups)  # a hard link cannot cross: a copy
    (kept,) = backups_of(backups, "slide.md")
    assert kept.read_bytes() == b"version 1"
    assert names(backups) == [kept.name]
    assert target.read_bytes() == b"version 2"


def test_a_backup_is_a_separate_file_from_the_new_version(tmp_path: Path) -> None:
    target, backups = tmp_path / "slide.md", tmp_path / ".backups"
    write_atomic(target, b"version 1")
    write_atomic(target, b"version 2", backup_dir=backups)
    with target.open("ab") as stream:  # an editor appending in place
        stream.write(b" and more")
    (kept,) = backups_of(backups, "slide.md")
    assert kept.read_bytes() == b"version 1"


def test_full_disk_gives_a_plain_message_and_keeps_the_old_file(mount_tmpfs: Mount) -> None:
    folder = mount_tmpfs("full", "64k")
    target = folder / "slide.md"
    write_atomic(target, b"old version")
    with pytest.raises(SaveError) as caught:
        write_atomic(target, b"x" * 200_000, backup_dir=folder / ".backups")
    assert caught.value.message == DISK_FULL
    assert caught.value.message == (
        "The disk is full: the change was not saved. Nothing was lost; free some space and "
        "save again."
    )
    assert target.read_bytes() == b"old version"
    assert leftovers(folder) == []
    backups = folder / ".backups"
    assert not backups.exists() or list(backups.iterdir()) == []
    # once there is room again, saving works
    write_atomic(target, b"y" * 20_000)
    assert target.read_bytes() == b"y" * 20_000


def test_several_files_are_replaced_all_together_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.storage.atomic import write_all_atomic

    files = [tmp_path / f"{n}.md" for n in range(4)]
    for path in files:
        path.write_bytes(b"old " + path.name.encode())
    real_replace = Path.replace
    calls = []

    def third_rename_fails(self: Path, target: Path) -> Path:  # an I/O error mid-way
        if self.name.endswith(".tmp") and not self.name.endswith(".old.tmp"):
            calls.append(self)
            if len(calls) == 3:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", third_rename_fails)
    with pytest.raises(SaveError) as caught:
        write_all_atomic([(p, b"new") for p in files], backup_dir=tmp_path / ".backups")
    assert "Nothing was lost" in caught.value.message
    assert [p.read_bytes() for p in files] == [b"old " + p.name.encode() for p in files]
    assert names(tmp_path) == [".backups", "0.md", "1.md", "2.md", "3.md"]
    assert list((tmp_path / ".backups").iterdir()) == []
    monkeypatch.undo()
    write_all_atomic([(p, b"new") for p in files], backup_dir=tmp_path / ".backups")
    assert [p.read_bytes() for p in files] == [b"new"] * 4
    assert len(list((tmp_path / ".backups").iterdir())) == 4
