"""The running kiosk's report, about once a minute, into the shared folder's ``status/``.

A single one-minute timer (the only wake-up this adds). At each tick the GUI thread only reads
what the screen shows (a few properties) and, every few reports, grabs a small picture of the
window; the JPEG is made and both files are written on the task runner (:mod:`kiosk.ui.tasks`),
so a slow share never stalls the screen. A report still being written when the next one is due
is not queued behind it: the next tick simply tries again. What is written and how is in
:mod:`kiosk.sync.status`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Final

import msgspec
from PySide6.QtCore import QBuffer, QIODevice, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from kiosk import __version__
from kiosk.content import Problem
from kiosk.storage.atomic import SaveError
from kiosk.sync import status as reports
from kiosk.sync.status import OnScreen, ScreenStatus
from kiosk.ui.tasks import Task, TaskRunner, runner

log = logging.getLogger(__name__)

#: The picture's width: enough to recognise a slide on the desk, a few tens of KB as a JPEG.
PICTURE_WIDTH: Final = 480
JPEG_QUALITY: Final = 70
#: A picture larger than this is made again at a lower quality (a busy photo on a slide).
PICTURE_BUDGET: Final = 96 * 1024

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StatusReporter(QObject):
    """Writes this screen's report every ``every_ms`` (and a picture every ``picture_every``
    reports). ``describe`` says what is on screen; ``grab`` takes the picture (None: no picture).
    """

    reported = Signal(object)  # ScreenStatus, as written
    failed = Signal(str)  # why the last report could not be written, in words

    def __init__(
        self,
        folder: Path,
        screen: str,
        describe: Callable[[], OnScreen],
        grab: Callable[[], QImage | None] | None = None,
        *,
        clock: Clock = utc_now,
        every_ms: int = reports.REPORT_EVERY_S * 1000,
        picture_every: int = reports.PICTURE_EVERY_S // reports.REPORT_EVERY_S,
        parent: QObject | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = Path(folder)
        self._screen = screen
        self._describe = describe
        self._grab = grab
        self._clock = clock
        self._every_ms = every_ms
        self._picture_every = max(1, picture_every)
        self._tasks = tasks or runner()
        self._up_since = clock()
        self._problems: tuple[str, ...] = ()
        self._problem_count = 0
        self._content_changed: dt.datetime | None = None
        self._count = 0  # reports made, to know when the next picture is due
        self._picture_taken: dt.datetime | None = None
        self._writing: Task | None = None
        self._last_failure: str | None = None
        self._timer = QTimer(self, interval=every_ms)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # to the second is plenty
        self._timer.timeout.connect(self.report_now)

    @property
    def writing(self) -> bool:
        return self._writing is not None

    def start(self) -> None:
        """Report now (a restarted screen shows up at once), then every minute."""
        self._timer.start()
        self.report_now()

    def stop(self) -> None:
        self._timer.stop()

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        self._problem_count = len(problems)
        self._problems = reports.problem_lines(str(p) for p in problems)

    def content_changed(self) -> None:
        """New content reached this screen (the live reload's deck change)."""
        self._content_changed = self._clock()

    def report_now(self) -> None:
        if self._writing is not None:
            return  # the last one is still being written (a slow share): skip, never queue
        on_screen = self._describe()
        picture = self._take_picture() if self._count % self._picture_every == 0 else None
        self._count += 1
        now = self._clock()
        status = ScreenStatus(
            screen=self._screen,
            version=__version__,
            up_since=self._up_since,
            now=now,
            showing=on_screen.kind,
            slide_id=on_screen.slide_id,
            slide_title=on_screen.slide_title,
            problems=self._problem_count,
            first_problems=self._problems,
            content_changed=self._content_changed,
            picture_taken=now if picture is not None else self._picture_taken,
            report_every_s=max(1, self._every_ms // 1000),
        )
        folder = self._folder
        self._writing = self._tasks.run(
            lambda: _write(folder, status, picture),
            self._written,
            receiver=self,
            on_error=self._failed,
            write=True,
        )

    def _take_picture(self) -> QImage | None:
        if self._grab is None:
            return None
        image = self._grab()
        if image is None or image.isNull():
            return None
        # Scaled here (a few milliseconds): the full-size grab is freed before the next event.
        return image.scaledToWidth(
            min(PICTURE_WIDTH, image.width()), Qt.TransformationMode.SmoothTransformation
        )

    def _written(self, status: object) -> None:
        self._writing = None
        assert isinstance(status, ScreenStatus)
        self._picture_taken = status.picture_taken
        if self._last_failure is not None:
            log.info("This screen's status reports are written again")
            self._last_failure = None
        self.reported.emit(status)

    def _failed(self, error: Exception) -> None:
        self._writing = None
        message = error.message if isinstance(error, SaveError) else str(error)
        if message != self._last_failure:  # once, not every minute while a share is down
            log.warning("This screen's status report was not written: %s", message)
        self._last_failure = message
        self.failed.emit(message)


def small_picture(widget: QWidget, width: int = PICTURE_WIDTH) -> QImage:
    """``widget`` drawn straight at ``width`` pixels wide. Drawing it small costs a sixth of a
    full-size grab then a scale-down (measured: 11 ms against 60 ms at 1920x1080, 23 against
    324 ms at 3840x2160), on the GUI thread every few minutes; text stays sharp."""
    scale = width / max(1, widget.width())
    image = QImage(width, max(1, round(widget.height() * scale)), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    widget.render(painter, QPoint())
    painter.end()
    return image


def _write(folder: Path, status: ScreenStatus, picture: QImage | None) -> ScreenStatus:
    """On a pool thread: the JPEG (if any), then both files, atomically."""
    jpeg = jpeg_bytes(picture) if picture is not None else None
    if jpeg is None:
        # No new picture this time: keep naming the last one, if it is there.
        last = reports.picture_path(folder, status.screen)
        there = last.is_file()
        status = msgspec.structs.replace(
            status,
            picture=last.name if there else None,
            picture_taken=status.picture_taken if there else None,
        )
    return reports.write_status(folder, status, jpeg)


def jpeg_bytes(image: QImage) -> bytes | None:
    """``image`` as a JPEG within :data:`PICTURE_BUDGET` (lower quality if need be); None if
    no JPEG writer is available. QImage and QBuffer are safe on a pool thread."""
    for quality in (JPEG_QUALITY, 50, 30):
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 wants the format as str here, whatever its type stubs say.
        if not image.save(buffer, "JPG", quality):  # type: ignore[call-overload]
            return None
        data = bytes(buffer.data().data())
        if len(data) <= PICTURE_BUDGET:
            return data
    return data
