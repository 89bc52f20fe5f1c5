"""Per-person limits on the Mini App's writes: a token bucket each, refilled steadily."""

from __future__ import annotations

import time
from collections.abc import Callable

BURST = 30  # writes at once (starring a whole afternoon is fine)
PER_MINUTE = 30.0  # refilled a minute
MAX_PEOPLE = 100_000  # buckets kept; the fullest are dropped first past this


class RateLimiter:
    def __init__(
        self,
        burst: int = BURST,
        per_minute: float = PER_MINUTE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.rate = burst, per_minute / 60.0
        self._monotonic = monotonic
        self._buckets: dict[int, tuple[float, float]] = {}  # person -> (tokens, at)

    def allow(self, person: int) -> bool:
        """Spend one write of ``person``'s; False when they have none left."""
        now = self._monotonic()
        tokens, at = self._buckets.get(person, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens < 1.0:
            self._buckets[person] = (tokens, now)
            return False
        self._buckets[person] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_PEOPLE:
            self._forget_full(now)
        return True

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled: they would start full anyway."""
        self._buckets = {
            p: (tokens, at)
            for p, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * self.rate < self.burst
        }
