"""Every staff page, opened on a real folder at a chosen window size (for the fit test and PNGs).

``python -m tests.staff.pages OUT_DIR`` draws each page at each size into OUT_DIR to look at
(``--check`` also prints what tests/staff/fit.py finds); ``--readme`` then copies the README's
staff pictures into resources/screenshots.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app.desk import DeskEditor
from kiosk.app.kiosk import connect_watcher, enable_staff_mode
from kiosk.content import load_deck
from kiosk.insight.store import EventStore
from kiosk.paths import README_SCREENSHOTS, SHIPPED_DECK
from kiosk.player.timing import Timing
from kiosk.player.window import KioskWindow
from kiosk.staff.editor import StaffScreen
from kiosk.staff.mode import StaffMode
from kiosk.staff.pin import PinStore
from kiosk.storage import announcements as board_store
from kiosk.ui.live_reload import ContentWatcher

SCREENSHOTS: Final = README_SCREENSHOTS
#: The README's staff pictures, and the drawings they are.
README_PICTURES: Final = {
    "staff-pin.png": "kiosk-1920x1080-pin.png",
    "staff-editor.png": "kiosk-1920x1080-slides.png",
    "staff-announce.png": "kiosk-1920x1080-announcements.png",
    "staff-statistics.png": "kiosk-1920x1080-statistics.png",
    "desk-editor.png": "desk-1366x768-slides.png",
    "desk-screens.png": "desk-1366x768-screens.png",
}
KIOSK_SIZES: Final = ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160), (1080, 1920))
DESK_SIZES: Final = ((1366, 768), (1920, 1080))
KIOSK_PAGES: Final = (
    "pin",
    "slides",
    "announcements",
    "settings",
    "problems",
    "change-pin",
    "statistics",
    "conflict",
    "screens",
    "screen-picture",
    "screen-forget",
)
DESK_PAGES: Final = (
    "slides",
    "announcements",
    "settings",
    "problems",
    "conflict",
    "screens",
    "screen-picture",
    "screen-forget",
)
PIN: Final = "2468"
SLOW: Final = Timing(default_slide_ms=600_000, idle_timeout_ms=600_000)
BROKEN_SLIDE: Final = """---
id: broken
title: A slide with a mistake
teaser: [unclosed
---
"""


def settle(ms: int = 30) -> None:
    """Let layouts and deferred work run (no test waits on a sleep; this is for drawing)."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    # Work that arrived at the last moment (a background read filling a list) has posted its
    # "show this row" calls and layout requests: deliver them, as the next frame would, so
    # the page is measured as a person would see it, however slow the machine.
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()


def make_folder(folder: Path) -> Path:
    """The shipped slides, a broken one, and two notices: pages with realistic words."""
    shutil.copytree(SHIPPED_DECK, folder)
    (folder / "slides" / "900-broken.md").write_text(BROKEN_SLIDE, encoding="utf-8")
    now = dt.datetime.now().astimezone()
    board_store.post(
        folder, "The pharmacy closes early today, at 4 pm", until=now + dt.timedelta(hours=3)
    )
    board_store.post(
        folder,
        "Dr Okafor is running about 20 minutes late this afternoon",
        until=now + dt.timedelta(hours=1),
        style="important",
    )
    board_store.post(  # for two screens only: "Shown on" offers them, the list says so
        folder,
        "The lift to the first floor is out of order",
        until=now + dt.timedelta(hours=2),
        screens=["Hall", "Waiting room 2"],
    )
    write_screen_reports(folder, dt.datetime.now(dt.UTC))
    return folder


_picture: list[bytes] = []


def screen_picture() -> bytes:
    """A JPEG of the shipped deck's second slide, as a screen's report carries it (made once)."""
    if not _picture:
        import tempfile

        from PySide6.QtGui import QImage

        from kiosk.app.screenshot import save_screenshot
        from kiosk.ui.status_report import PICTURE_WIDTH, jpeg_bytes

        with tempfile.TemporaryDirectory() as tmp:
            png = Path(tmp) / "screen.png"
            deck = load_deck(SHIPPED_DECK)
            assert save_screenshot(deck, png, (1920, 1080), deck.deck.slides[1].id, False) == 0
            image = QImage(str(png)).scaledToWidth(PICTURE_WIDTH)
        data = jpeg_bytes(image)
        assert data is not None
        _picture.append(data)
    return _picture[0]


def write_screen_reports(folder: Path, now: dt.datetime) -> None:
    """Three screens: one fine with its picture, one with problems, one stopped 14 minutes ago."""
    from kiosk.sync.status import ScreenStatus, write_status

    hour = dt.timedelta(hours=1)
    write_status(
        folder,
        ScreenStatus(
            screen="Reception",
            version="0.1.0",
            up_since=now - 3 * hour,
            now=now - dt.timedelta(seconds=20),
            showing="slide",
            slide_id="guidelines",
            slide_title="What doctors\u2019 guidelines say",
            picture_taken=now - dt.timedelta(minutes=2),
        ),
        screen_picture(),
    )
    write_status(
        folder,
        ScreenStatus(
            screen="Waiting room 2",
            version="0.1.0",
            up_since=now - 26 * hour,
            now=now - dt.timedelta(seconds=70),
            showing="detail",
            slide_id="research",
            slide_title="What the research found",
            problems=2,
            first_problems=(
                "slides/900-broken.md:4: This line cannot be read: a [ is not closed.",
                "settings.yaml: review overdue for 2 slides",
            ),
        ),
    )
    write_status(
        folder,
        ScreenStatus(
            screen="Hill Street branch",
            version="0.1.0",
            up_since=now - 50 * hour,
            now=now - dt.timedelta(minutes=14),
            showing="closed",
            picture_taken=now - dt.timedelta(minutes=16),
        ),
        screen_picture(),  # its last picture, before it stopped: it can be forgotten
    )


def fill_statistics(path: Path) -> EventStore:
    events = EventStore(path, flush_seconds=None)
    now = time.time()
    for n, slide_id in enumerate(("welcome", "guidelines", "research", "safety-and-cost")):
        for k in range(n + 2):
            events.record("opened", slide_id, when=now - 3600 * (k + n))
    events.flush()
    return events


def start_conflict(editor: StaffScreen) -> None:
    """Edit the first slide here while it is changed on disk, then save: the conflict panel."""
    slide = editor.selected_slide()
    assert slide is not None
    path = editor.deck.folder / "slides" / slide.file_name
    text = path.read_text(encoding="utf-8").replace(slide.title, "Changed at the desk", 1)
    text = text.replace(slide.key_points[0], "A key point rewritten at the desk", 1)
    path.write_text(text, encoding="utf-8")
    editor.form.title.setText("Changed at the kiosk")
    points = editor.form.key_points.toPlainText().splitlines()
    editor.form.key_points.setPlainText(
        "\n".join(["A key point written at the kiosk", *points[1:]])
    )
    editor.save_current()  # saves run in the background: wait for the panel it opens
    end = time.monotonic() + 10
    while not editor.conflict_open and time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    assert editor.conflict_open


#: The screen each Screens page opens large: one still reporting, one that stopped (with its
#: "Forget this screen" button, tapped once to show the longest words it says).
LARGE: Final = {"screen-picture": "Reception", "screen-forget": "Hill Street branch"}


def open_screens(editor: StaffScreen, page_name: str) -> None:
    """The Screens page once it has read the reports; one screen large (see LARGE)."""
    page = editor.screens
    end = time.monotonic() + 10
    while page.model.rowCount() < 3 and time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    assert page.model.rowCount() == 3
    name = LARGE.get(page_name)
    if name is None:
        page.close_picture()
        return
    row = next(r for r in range(3) if getattr(page.model.report_at(r), "name", "") == name)
    page.list.clicked.emit(page.model.index(row))
    if page_name == "screen-forget":
        page.forget.click()  # armed: "Tap again to forget Hill Street branch"


class StaffKiosk:
    """A locked kiosk window with staff mode (the PIN pad not yet shown)."""

    def __init__(self, window: KioskWindow, staff: StaffMode) -> None:
        self.window, self.staff = window, staff


@contextmanager
def kiosk_staff(folder: Path, size: tuple[int, int], tmp: Path) -> Iterator[StaffKiosk]:
    """A locked kiosk window of ``size`` with staff mode, as the app connects them."""
    pins = PinStore(tmp / "pin")
    pins.set_pin(PIN)
    window = KioskWindow(load_deck(folder).deck, SLOW, locked=True)
    events = fill_statistics(tmp / "statistics.sqlite3")
    watcher = ContentWatcher(folder, window.deck, poll_ms=60_000, parent=window)
    connect_watcher(window, watcher)
    watcher.reload_now()
    staff = enable_staff_mode(window, folder, pins, watcher=watcher, stats=events)
    window.setFixedSize(*size)
    window.show()
    settle()
    try:
        yield StaffKiosk(window, staff)
    finally:
        staff.leave()
        window._may_close = True
        window.close()
        events.close()
        _delete_now(window)


def open_kiosk_page(kiosk: StaffKiosk, page: str) -> QWidget:
    """Show ``page`` in staff mode; returns the window to check."""
    window, staff = kiosk.window, kiosk.staff
    if page == "pin":
        staff.ask_for_pin()
        for digit in "24":
            staff.pin_pad.press(digit)
        settle()
        return window
    if staff.editor is None or window.current_screen() is not staff.editor:
        staff.ask_for_pin()
        staff.pin_pad.clear()  # the PIN page left digits typed
        for digit in PIN + "K":
            staff.pin_pad.press("OK" if digit == "K" else digit)
    editor = staff.editor
    assert editor is not None
    show_editor_page(editor, page)
    return window


def show_editor_page(editor: StaffScreen, page: str) -> None:
    tabs = {editor.tabs.tabText(i).split(" (")[0].lower(): i for i in range(editor.tabs.count())}
    tabs["change-pin"] = tabs.get("pin", -1)
    tabs["conflict"] = tabs["slides"]
    tabs["screen-picture"] = tabs["screen-forget"] = tabs["screens"]
    editor.tabs.setCurrentIndex(tabs[page])
    if page == "slides":
        editor.select_slide(editor.deck.slides[1].id)
        editor.status_message("Saved \u201cWhat doctors\u2019 guidelines say\u201d.")
    if page == "conflict":
        start_conflict(editor)
    if page.startswith("screen"):
        open_screens(editor, page)
    settle()


@contextmanager
def desk_window(folder: Path, size: tuple[int, int]) -> Iterator[DeskEditor]:
    desk = DeskEditor(folder, poll_ms=60_000)
    desk.setFixedSize(*size)
    desk.show()
    settle(200)  # the first show lays out every tab's rows; measured too early they overlap
    try:
        yield desk
    finally:
        desk.watcher.stop()
        desk.close()
        _delete_now(desk)


def _delete_now(window: QWidget) -> None:
    """Delete ``window`` and everything in it before the test ends: left to a later event loop,
    a half-torn-down editor could still receive late work (a background read, a timer) while
    pytest-qt processes events after the test."""
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settle(0)


def draw_all(out: Path, tmp: Path, check: Callable[[QWidget], list[str]] | None = None) -> None:
    for width, height in KIOSK_SIZES:
        for page in KIOSK_PAGES:
            run = tmp / f"k-{width}x{height}-{page}"
            folder = make_folder(run / "deck")
            with kiosk_staff(folder, (width, height), run) as staff:
                root = open_kiosk_page(staff, page)
                _save(root, out / f"kiosk-{width}x{height}-{page}.png", check)
    for width, height in DESK_SIZES:
        for page in DESK_PAGES:
            run = tmp / f"d-{width}x{height}-{page}"
            folder = make_folder(run / "deck")
            with desk_window(folder, (width, height)) as desk:
                show_editor_page(desk.editor, page)
                _save(desk, out / f"desk-{width}x{height}-{page}.png", check)


def _save(root: QWidget, path: Path, check: Callable[[QWidget], list[str]] | None) -> None:
    root.grab().save(str(path))
    if check is not None:
        for fault in check(root):
            print(f"{path.name}: {fault}")


def main() -> None:
    import tempfile

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    check = None
    if "--check" in sys.argv:
        from tests.staff.fit import faults

        check = faults
    with tempfile.TemporaryDirectory() as tmp:
        draw_all(out, Path(tmp), check)
    if "--readme" in sys.argv:
        for readme_name, drawn in README_PICTURES.items():
            shutil.copyfile(out / drawn, SCREENSHOTS / readme_name)
            print(SCREENSHOTS / readme_name)


if __name__ == "__main__":
    main()
