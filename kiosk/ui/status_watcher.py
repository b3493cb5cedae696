"""Following the screens' reports in ``<content>/status`` (for the Screens page).

A :class:`~kiosk.ui.watchers.FileWatcher`: the folder is looked at every few seconds (reports
arrive once a minute), and read off the GUI thread once a change has settled, pictures decoded
there too (a QImage may be made on a pool thread).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader

from kiosk.content import files
from kiosk.content.files import UnreadableFileError
from kiosk.sync.status import MAX_PICTURE_BYTES, Report, read_reports, status_dir
from kiosk.ui.tasks import TaskRunner
from kiosk.ui.watchers import FileWatcher

#: Reports come once a minute: a look every few seconds is plenty.
STATUS_POLL_MS: Final = 3000
#: Pictures are written 480 px wide; anything larger is shrunk to this on reading.
MOST_PICTURE: Final = QSize(960, 960)

Seen = tuple[Report, QImage | None]


class StatusWatcher(FileWatcher):
    """Emits every screen's report (and its picture) whenever ``folder/status`` changes."""

    reports_changed = Signal(object)  # list[Seen]

    def __init__(
        self,
        folder: Path,
        poll_ms: int = STATUS_POLL_MS,
        parent: QObject | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(poll_ms, parent, tasks=tasks)
        self._folder = Path(folder)
        self.seen: list[Seen] = []

    def _looker(self) -> Callable[[], Hashable]:
        place = status_dir(self._folder)
        return lambda: _stat_all(place)

    def _reader(self) -> Callable[[], list[Seen]]:
        folder = self._folder
        return lambda: [(report, _picture(report)) for report in read_reports(folder)]

    def _take(self, result: object) -> None:
        assert isinstance(result, list)
        self.seen = result
        self.reports_changed.emit(result)


def _stat_all(place: Path) -> frozenset[tuple[str, int, int]] | None:
    try:
        with os.scandir(place) as entries:
            found = set()
            for entry in entries:
                try:
                    info = entry.stat()
                except OSError:  # gone between listing and stat
                    continue
                found.add((entry.name, info.st_size, info.st_mtime_ns))
            return frozenset(found)
    except OSError:
        return None


def _picture(report: Report) -> QImage | None:
    """The report's picture, decoded; None if it has none or it cannot be read."""
    if report.picture is None:
        return None
    try:
        data = files.read_bytes(report.picture, MAX_PICTURE_BYTES, kind="a screen picture")
    except UnreadableFileError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()  # from the header: a huge declared size is shrunk while decoding
    if not size.isValid():
        return None
    if size.width() > MOST_PICTURE.width() or size.height() > MOST_PICTURE.height():
        reader.setScaledSize(size.scaled(MOST_PICTURE, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image
