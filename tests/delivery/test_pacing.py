"""Pacing on a fake monotonic clock: the global rate, per chat, per group, 429 pauses."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest

from forumbot.delivery.pacing import Pacer


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def send_all(pacer: Pacer, time: FakeTime, chats: Iterable[int]) -> list[float]:
    """Send to each chat in turn as soon as the pacer allows; the send times."""
    times = []
    for chat in chats:
        while (wait := pacer.acquire(chat)) > 0:
            time.t += wait
        times.append(time.t)
    return times


def most_in_one_second(times: list[float]) -> int:
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.mark.parametrize("rate", [1.0, 25.0, 30.0, 1000.0])
def test_never_more_than_the_rate_in_any_second(rate: float) -> None:
    time = FakeTime()
    times = send_all(Pacer(rate, monotonic=time), time, range(1, 3001))
    assert most_in_one_second(times) <= rate
    # ...and it keeps up: at least 95 % of the rate (it keeps 4 % headroom for jitter).
    assert times[-1] - times[0] <= 3000 / (0.95 * rate) + 1


def test_a_late_sender_catches_up_without_a_burst_over_the_rate() -> None:
    time = FakeTime()
    pacer = Pacer(25, monotonic=time)
    send_all(pacer, time, range(1, 11))
    time.t += 0.5  # the loop was busy elsewhere
    times = send_all(pacer, time, range(11, 200))
    assert most_in_one_second(times) <= 25


def test_one_message_a_second_per_private_chat() -> None:
    time = FakeTime()
    pacer = Pacer(1000, monotonic=time)
    times = send_all(pacer, time, [7, 7, 7])
    assert [round(b - a, 6) for a, b in itertools.pairwise(times)] == [1.0, 1.0]
    assert pacer.chat_wait(8) == 0  # other chats are not held up


def test_twenty_a_minute_per_group() -> None:
    time = FakeTime()
    pacer = Pacer(1000, monotonic=time)
    times = send_all(pacer, time, [-100] * 21)
    assert times[19] - times[0] < 1  # twenty go at once
    assert times[20] - times[0] >= 60  # the twenty-first waits for the minute


def test_a_429_pauses_everything_until_retry_after() -> None:
    time = FakeTime()
    pacer = Pacer(25, monotonic=time)
    send_all(pacer, time, [1])
    pacer.pause(3)
    assert pacer.acquire(2) == pytest.approx(3)
    time.t += 3
    assert pacer.acquire(2) == 0


def test_memory_holds_only_recent_chats() -> None:
    time = FakeTime()
    pacer = Pacer(1000, monotonic=time)
    send_all(pacer, time, range(1, 10_001))
    assert pacer.tracked_chats() <= 1001


def test_a_rate_of_zero_is_refused() -> None:
    with pytest.raises(ValueError):
        Pacer(0)
