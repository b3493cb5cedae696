"""When each slide is live: schedules, opening hours, reviews, and a clock that may be wrong.

Pure Python: nothing here imports Qt (enforced by import-linter in pyproject.toml). The player's
:class:`kiosk.player.schedule.ScheduleRunner` calls these rules at the right moments.
"""

from kiosk.scheduling.rules import (
    Clock,
    FixedClock,
    Showing,
    SystemClock,
    clinic_zone,
    closure_on,
    fallback_slide,
    is_open,
    is_overdue,
    live_slides,
    next_change,
    review_due,
    what_to_show,
    why_not_live,
    why_not_map,
)

__all__ = [
    "Clock",
    "FixedClock",
    "Showing",
    "SystemClock",
    "clinic_zone",
    "closure_on",
    "fallback_slide",
    "is_open",
    "is_overdue",
    "live_slides",
    "next_change",
    "review_due",
    "what_to_show",
    "why_not_live",
    "why_not_map",
]
