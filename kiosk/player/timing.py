"""One source of truth for the player's timing, so tests can run a day of cycling in a second."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.content import Settings, Slide


@dataclass(frozen=True)
class Timing:
    """Durations in milliseconds. ``speed`` > 1 makes everything faster (tests, benchmarks)."""

    idle_timeout_ms: int = 60_000
    default_slide_ms: int = 12_000
    countdown_ms: int = 10_000
    transition_ms: int = 600
    #: How long each announcement stays before the next, when several are live.
    notice_ms: int = 8_000
    speed: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings, speed: float = 1.0) -> Timing:
        return cls(
            idle_timeout_ms=settings.idle_timeout * 1000,
            default_slide_ms=settings.default_duration * 1000,
            speed=speed,
        )

    def slide_ms(self, slide: Slide) -> int:
        return self._fast(self.content_slide_ms(slide))

    def content_slide_ms(self, slide: Slide) -> int:
        """The slide's time as the content sets it, on the wall clock (``speed`` left out)."""
        seconds = slide.duration
        return seconds * 1000 if seconds is not None else self.default_slide_ms

    def real_ms(self, content_ms: int) -> int:
        """``content_ms`` of wall-clock time as the timers count it (``speed`` applied)."""
        return self._fast(content_ms)

    @property
    def idle_ms(self) -> int:
        return self._fast(self.idle_timeout_ms)

    @property
    def countdown_total_ms(self) -> int:
        return self._fast(self.countdown_ms)

    @property
    def slide_change_ms(self) -> int:
        return self._fast(self.transition_ms)

    @property
    def notice_turn_ms(self) -> int:
        return self._fast(self.notice_ms)

    def _fast(self, ms: int) -> int:
        return max(1, round(ms / self.speed))
