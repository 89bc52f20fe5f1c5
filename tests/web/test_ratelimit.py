"""The per-person write limit: a burst, then a steady refill; people apart."""

from __future__ import annotations

from webapp.ratelimit import RateLimiter


def test_a_burst_then_one_a_refill() -> None:
    now = [0.0]
    limiter = RateLimiter(burst=3, per_minute=6, monotonic=lambda: now[0])
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(2)  # someone else has their own
    now[0] += 9.0  # 6 a minute: one back after 10 s
    assert not limiter.allow(1)
    now[0] += 1.0
    assert limiter.allow(1) and not limiter.allow(1)
    now[0] += 3600.0  # never more than the burst
    assert [limiter.allow(1) for _ in range(4)] == [True, True, True, False]
