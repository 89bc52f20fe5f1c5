"""One clock for the whole bot: real, or simulated for rehearsals and tests.

Every "now" in the bot comes from here, always as an aware UTC datetime.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class RealClock:
    """The wall clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class SimulatedClock:
    """Starts at ``start`` and runs forward at ``speed`` times real speed (0 stops it).

    ``advance`` moves it by hand: organisers rehearse the forum days with it, tests move
    time with it instead of waiting on the wall clock.
    """

    def __init__(self, start: dt.datetime, speed: float = 1.0, monotonic=time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs an aware start time")
        if speed < 0:
            raise ValueError("the clock's speed cannot be negative")
        self._start = start.astimezone(dt.UTC)
        self._speed = speed
        self._monotonic = monotonic
        self._t0 = monotonic()
        self._offset = dt.timedelta()

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> dt.datetime:
        elapsed = (self._monotonic() - self._t0) * self._speed
        return self._start + self._offset + dt.timedelta(seconds=elapsed)

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move the clock forward (or back, for a negative delta); returns the new now."""
        self._offset += delta
        return self.now()

    def set(self, moment: dt.datetime) -> dt.datetime:
        """Jump to ``moment`` (aware); time keeps running from there at the same speed."""
        if moment.tzinfo is None:
            raise ValueError("the clock needs an aware time")
        self._offset += moment.astimezone(dt.UTC) - self.now()
        return self.now()
