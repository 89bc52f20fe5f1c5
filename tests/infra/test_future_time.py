"""A typed time to schedule or move a broadcast or post: its forms in the forum's zone, and
why one is refused (not understood, already past, skipped by the clocks)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from forumbot.infra.timeutil import NonexistentTime, UnclearTime, future_time

BISHKEK = ZoneInfo("Asia/Bishkek")
NOW = dt.datetime(2023, 6, 22, 9, 0, tzinfo=BISHKEK)


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        ("14:30", dt.datetime(2023, 6, 22, 14, 30)),
        ("2023-06-23 08:00", dt.datetime(2023, 6, 23, 8, 0)),
        (" 23.06   09:15 ", dt.datetime(2023, 6, 23, 9, 15)),
    ],
)
def test_a_time_to_come_in_the_forums_zone(typed: str, local: dt.datetime) -> None:
    assert future_time(typed, NOW, BISHKEK) == local.replace(tzinfo=BISHKEK)


REFUSED = [
    ("yesterday", "when_not_understood"),
    ("08:59", "announce_past"),
    ("09:00", "announce_past"),
]


@pytest.mark.parametrize(("typed", "key"), REFUSED)
def test_a_time_refused_says_why(typed: str, key: str) -> None:
    with pytest.raises(UnclearTime) as refused:
        future_time(typed, NOW, BISHKEK)
    assert refused.value.key == key


def test_a_time_the_clocks_skip_is_refused() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = dt.datetime(2024, 3, 30, 12, 0, tzinfo=berlin)
    with pytest.raises(NonexistentTime):
        future_time("2024-03-31 02:30", now, berlin)
