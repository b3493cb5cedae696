"""Lockstep: screens in one room show the same slide at the same moment, by the clock alone.

With ``lockstep: true`` in settings.yaml, no screen tells another anything: each works out from
its own wall clock where the cycle is. The cycle starts at local midnight (the clinic's time
zone) and runs through the slides in showing order, each for its own time, again and again::

    position = (now - midnight) mod (sum of the slides' times)

The slide whose span holds ``position`` is the one on screen, and a change happens exactly at
the end of its span, so every screen with the same set of slides (and a clock set by NTP)
changes together, also after a restart or a day offline. Screens showing different sets
(per-screen slides, see ``screens:``) are in step only while their sets match.

Pure Python (no Qt): the player's cycle asks :func:`lockstep_slot` when a slide's time is up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Slot:
    """Where the shared cycle is: the slide's place in the set, how long its span is and how
    much of it is left (milliseconds)."""

    index: int
    span_ms: int
    left_ms: int

    @property
    def done_ms(self) -> int:
        return self.span_ms - self.left_ms


def lockstep_slot(durations_ms: Sequence[int], local_now: dt.datetime) -> Slot:
    """The shared position at ``local_now`` (an aware time in the clinic's zone) of a cycle
    whose slides last ``durations_ms`` each, counted from that day's local midnight.

    Elapsed time is real time since midnight (not wall-clock arithmetic), so a day with a
    daylight-saving change is still the same on every screen in the zone.
    """
    if not durations_ms:
        raise ValueError("a cycle needs at least one slide")
    spans = [max(1, ms) for ms in durations_ms]
    if local_now.tzinfo is None:
        raise ValueError(f"The instant {local_now.isoformat()} has no time zone.")
    midnight = dt.datetime.combine(local_now.date(), dt.time(), tzinfo=local_now.tzinfo)
    elapsed = local_now.astimezone(dt.UTC) - midnight.astimezone(dt.UTC)
    position = (elapsed // dt.timedelta(milliseconds=1)) % sum(spans)
    for index, span in enumerate(spans):
        if position < span:
            return Slot(index, span, span - position)
        position -= span
    raise AssertionError("unreachable: position is below the sum of the spans")
