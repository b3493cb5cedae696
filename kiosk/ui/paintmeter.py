"""Measuring what a window repaints: the repaint budget's meter (benchmark and CI test).

Qt repaints a window in passes: an ``UpdateRequest`` reaches the top-level widget, then each
dirty widget gets a ``Paint`` event for its dirty region. A child that is not opaque also makes
its parent repaint the same pixels, so the meter takes the union of a pass's regions in the
window's coordinates: the pixels that really went to the screen. ``QWidget.grab()`` also sends
paint events (into a picture, not the screen): those come outside a pass and are not counted.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QWidget

#: What starts a repaint of the window: an update() was asked for, or the window was exposed.
SYNC_EVENTS = (QEvent.Type.UpdateRequest, QEvent.Type.Expose)


class PaintMeter(QObject):
    """Counts a window's repaint passes, paint events and repainted pixels while installed.

    Use as a context manager (``with PaintMeter(window) as meter:``) or ``start``/``stop``.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self._window = window
        self.paint_events = 0
        self.passes: list[QRegion] = []  # one union region per repaint pass
        self.pass_times: list[float] = []  # when each pass painted (perf_counter seconds)
        self._open = QRegion()
        self._open_at = 0.0
        self._in_sync = False

    # -- reading ----------------------------------------------------------------------------------
    @property
    def area(self) -> int:
        """Pixels repainted, summed over the passes."""
        self._close_pass()
        return sum(region_area(region) for region in self.passes)

    @property
    def rects(self) -> list[QRect]:
        """Each pass's bounding rectangle in window coordinates."""
        self._close_pass()
        return [region.boundingRect() for region in self.passes]

    @property
    def painted_rects(self) -> list[QRect]:
        """Every rectangle repainted, pass by pass. Two far-apart widgets repainted in one pass
        (the clock's minute turning as the progress dot moves) stay two rectangles here, where
        :attr:`rects` joins them into one box over everything between."""
        self._close_pass()
        # PySide6 iterates a region's rectangles; its type stubs do not say so.
        return [rect for region in self.passes for rect in cast("Iterable[QRect]", region)]

    def frame_intervals_ms(self) -> list[float]:
        """Milliseconds between one pass and the next (a smooth animation: ~16.7 each)."""
        self._close_pass()
        times = self.pass_times
        return [(b - a) * 1000 for a, b in itertools.pairwise(times)]

    def reset(self) -> None:
        self.paint_events = 0
        self.passes = []
        self.pass_times = []
        self._open = QRegion()

    # -- installing -------------------------------------------------------------------------------
    def start(self) -> PaintMeter:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        return self

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._close_pass()

    def __enter__(self) -> PaintMeter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in SYNC_EVENTS and watched in (self._window, self._window.windowHandle()):
            self._close_pass()  # a new pass begins
            self._in_sync = True
        elif kind != QEvent.Type.Paint:
            # Qt's repaint sends nothing but paint events: any other event means it is over. A
            # paint outside a repaint is a grab() into a picture (a transition), not the screen.
            self._in_sync = False
        elif (
            self._in_sync
            and isinstance(watched, QWidget)
            and isinstance(event, QPaintEvent)
            and (watched is self._window or self._window.isAncestorOf(watched))
        ):
            self.paint_events += 1
            if self._open.isEmpty():
                self._open_at = time.perf_counter()
            offset = watched.mapTo(self._window, QPoint(0, 0))
            self._open = self._open.united(event.region().translated(offset))
        return False

    def _close_pass(self) -> None:
        if not self._open.isEmpty():
            self.passes.append(self._open)
            self.pass_times.append(self._open_at)
            self._open = QRegion()


def region_area(region: QRegion) -> int:
    """Pixels in ``region`` (its rectangles do not overlap)."""
    rects = cast("Iterable[QRect]", region)  # iterable at run time; the stubs do not say so
    return sum(rect.width() * rect.height() for rect in rects)
