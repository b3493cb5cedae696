"""Status reports flow back through two real Syncthings on 127.0.0.1: a kiosk's report (and its
picture) reaches the desk's folder, ``--screens`` there lists it, and once the kiosk stops
reporting the desk's Screens page and ``--screens`` call it stale."""

from __future__ import annotations

import datetime as dt
import re

from pytestqt.qtbot import QtBot

from kiosk.app.kiosk import on_screen
from kiosk.content import load_deck
from kiosk.staff.screens_page import LINES_ROLE, STALE_ROLE, ScreensPage
from kiosk.sync import status as reports
from kiosk.sync.local import Machine, pair, wait_for
from kiosk.ui.status_report import StatusReporter, small_picture
from kiosk.ui.status_watcher import StatusWatcher
from tests.decks import simple_deck
from tests.player.conftest import WindowFactory
from tests.player.test_repaint_budget import STILL
from tests.sync.test_two_syncthings import two_machines
from tests.waiting import saves_done

__all__ = ["two_machines"]  # the fixture, used by name below


def test_a_kiosks_report_reaches_the_desk_and_goes_stale_when_it_stops(
    qtbot: QtBot, two_machines: tuple[Machine, Machine], make_window: WindowFactory
) -> None:
    desk, screen = two_machines
    simple_deck(screen.content)
    pair(desk, [screen])  # the documented commands, on both machines
    wait_for(
        lambda: (desk.content / "settings.yaml").is_file(), 120, "the content reaching the desk"
    )

    # Kiosk A (the screen) reports, with a real window and a clock we hold.
    window = make_window(screen.content, STILL, (1280, 720))
    clock_now = [dt.datetime.now(dt.UTC)]
    reporter = StatusReporter(
        screen.content,
        "Waiting room 2",
        lambda: on_screen(window),
        lambda: small_picture(window),
        clock=lambda: clock_now[0],
        # The real interval (the desk counts missed reports by it); the test makes its own.
        parent=window,
    )
    reporter.start()
    saves_done(qtbot)
    sent = reports.status_path(screen.content, "Waiting room 2")
    arrived = reports.status_path(desk.content, "Waiting room 2")
    took = wait_for(
        lambda: arrived.is_file() and arrived.read_bytes() == sent.read_bytes(),
        60,
        "the report reaching the desk",
    )
    print(f"a screen's report reached the desk in {took:.1f} s")
    wait_for(
        lambda: reports.picture_path(desk.content, "Waiting room 2").is_file(),
        60,
        "the picture reaching the desk",
    )

    listed = desk.command("--screens")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    # By the desk's real clock: "just now", or a minute or two where syncing was slow.
    seen = re.search(r"Waiting room 2\n  Last seen (.*)\n  Showing: Slide number 1", listed.stdout)
    assert seen and seen[1] in ("just now", "1 minute ago", "2 minutes ago"), listed.stdout

    # The desk's Screens page shows it; then the kiosk stops, and three reports later it is stale.
    page_clock = [clock_now[0] + dt.timedelta(seconds=10)]  # the page's clock: ours to set
    page = ScreensPage(StatusWatcher(desk.content, poll_ms=100), clock=lambda: page_clock[0])
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.index(0).data(LINES_ROLE)[:2] == ["Waiting room 2", "Last seen just now"]
    assert page.model.picture_at(0) is not None
    reporter.stop()
    window.close()
    page_clock[0] = clock_now[0] + dt.timedelta(minutes=4)
    page.model.refresh()
    assert page.model.index(0).data(STALE_ROLE)
    assert page.model.index(0).data(LINES_ROLE)[1].startswith("Not seen for 4 minutes")

    # A report dated ten minutes ago (a kiosk that stopped then) arrives: --screens says so.
    clock_now[0] = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    reporter.report_now()
    saves_done(qtbot)
    wait_for(
        lambda: arrived.read_bytes() == sent.read_bytes(), 60, "the older report reaching the desk"
    )
    listed = desk.command("--screens")
    assert listed.returncode == 1
    assert "Not seen for 10 minutes \u2014 check it is on" in listed.stdout
    assert "Not seen for 3 reports or more: Waiting room 2." in listed.stdout
    # The same report on both sides, and never taken for content on the desk.
    assert (
        reports.read_reports(desk.content)[0].status
        == reports.read_reports(screen.content)[0].status
    )
    assert load_deck(desk.content).problems == ()
