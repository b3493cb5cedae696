"""Announcements: the file, the banner, the staff panel and the command line.

A clock tests move by hand, and the fixed time zone the announcement tests run in.
"""

from __future__ import annotations

import datetime as dt

#: The kiosk's zone in these tests: one hour ahead of UTC, whatever the machine's zone is.
ZONE = dt.timezone(dt.timedelta(hours=1))
#: Christmas Eve, 09:15 at the clinic.
MORNING = dt.datetime(2026, 12, 24, 9, 15, tzinfo=ZONE)


class FakeClock:
    """``clock()`` is the time now; ``advance`` moves it on (no sleeping)."""

    def __init__(self, now: dt.datetime = MORNING) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now
