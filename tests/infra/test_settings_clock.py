"""Settings read from the environment, and the one clock (real or simulated)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.infra.clock import RealClock, SimulatedClock
from forumbot.infra.settings import DEFAULT_DATA, TELEGRAM_API, Settings, SettingsError
from forumbot.runtime.services import make_clock

START = dt.datetime(2023, 6, 22, 4, 0, tzinfo=dt.UTC)


# --- settings -------------------------------------------------------------------------------


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s.token is None
    assert s.api_base_url == TELEGRAM_API
    assert s.db_path == Path("var") / "forumbot.sqlite3"
    assert s.data_path == DEFAULT_DATA and DEFAULT_DATA.is_file()
    assert s.organiser_ids == frozenset()
    assert (s.clock_start, s.clock_speed, s.log_level) == (None, 1.0, "INFO")
    assert s.file_base_url == "https://api.telegram.org/file/bot"


def test_blank_values_count_as_unset() -> None:
    s = Settings.from_env({"FORUMBOT_TOKEN": "  ", "FORUMBOT_CLOCK_SPEED": ""})
    assert s.token is None and s.clock_speed == 1.0


def test_values_are_read() -> None:
    s = Settings.from_env(
        {
            "FORUMBOT_TOKEN": "123:abc",
            "FORUMBOT_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "FORUMBOT_DB": "/tmp/x.sqlite3",
            "FORUMBOT_CLOCK_START": "2023-06-22T09:30",
            "FORUMBOT_CLOCK_SPEED": "60",
            "FORUMBOT_LOG_LEVEL": "debug",
        }
    )
    assert s.token == "123:abc"
    assert s.file_base_url == "http://127.0.0.1:8081/file/bot"
    assert s.db_path == Path("/tmp/x.sqlite3")
    assert s.clock_start == dt.datetime(2023, 6, 22, 9, 30)
    assert s.clock_speed == 60.0
    assert s.log_level == "DEBUG"


def test_organiser_ids_are_parsed() -> None:
    s = Settings.from_env({"FORUMBOT_ORGANISERS": " 12345, 67890;111,, "})
    assert s.organiser_ids == frozenset({12345, 67890, 111})


def test_settings_are_frozen() -> None:
    s = Settings.from_env({})
    with pytest.raises(AttributeError):
        s.token = "x"  # type: ignore[misc]
    assert s.with_(token="x").token == "x" and s.token is None


@pytest.mark.parametrize(
    ("name", "value", "culprit"),
    [
        ("FORUMBOT_ORGANISERS", "12345,alice", "'alice'"),
        ("FORUMBOT_CLOCK_START", "22 June 9:30", "'22 June 9:30'"),
        ("FORUMBOT_CLOCK_SPEED", "fast", "'fast'"),
        ("FORUMBOT_CLOCK_SPEED", "-1", "'-1'"),
        ("FORUMBOT_CLOCK_SPEED", "nan", "'nan'"),
        ("FORUMBOT_CLOCK_SPEED", "1e9", "'1e9'"),
        ("FORUMBOT_LOG_LEVEL", "LOUD", "'LOUD'"),
    ],
)
def test_bad_value_names_the_variable(name: str, value: str, culprit: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({name: value})
    assert str(info.value).startswith(f"{name}: {culprit} ")


def test_naive_clock_start_is_in_the_forum_zone() -> None:
    settings = Settings.from_env({"FORUMBOT_CLOCK_START": "2023-06-22T10:00"})
    clock = make_clock(settings.with_(clock_speed=0.0), "Asia/Bishkek")
    assert clock.now() == START  # 10:00 in Bishkek


def test_without_clock_start_the_clock_is_real() -> None:
    assert isinstance(make_clock(Settings.from_env({}), "Asia/Bishkek"), RealClock)


# --- the simulated clock --------------------------------------------------------------------


class FakeMonotonic:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_clock_runs_at_its_speed() -> None:
    ticks = FakeMonotonic()
    clock = SimulatedClock(START, speed=60, monotonic=ticks)
    assert clock.now() == START
    ticks.t += 10  # ten real seconds
    assert clock.now() == START + dt.timedelta(minutes=10)


def test_stopped_clock_only_moves_by_hand() -> None:
    ticks = FakeMonotonic()
    clock = SimulatedClock(START, speed=0, monotonic=ticks)
    ticks.t += 3600
    assert clock.now() == START
    assert clock.advance(dt.timedelta(minutes=30)) == START + dt.timedelta(minutes=30)
    assert clock.advance(dt.timedelta(minutes=-45)) == START - dt.timedelta(minutes=15)


def test_set_jumps_and_time_keeps_running() -> None:
    ticks = FakeMonotonic()
    clock = SimulatedClock(START, speed=2, monotonic=ticks)
    ticks.t += 100
    target = dt.datetime(2023, 6, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    assert clock.set(target) == target
    ticks.t += 30
    assert clock.now() == target + dt.timedelta(minutes=1)


def test_now_is_always_utc() -> None:
    local = dt.datetime(2023, 6, 22, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    now = SimulatedClock(local, speed=0).now()
    assert now == START and now.utcoffset() == dt.timedelta(0)


def test_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        SimulatedClock(dt.datetime(2023, 6, 22, 10, 0), speed=0)


def test_naive_set_and_negative_speed_are_refused() -> None:
    clock = SimulatedClock(START, speed=0)
    with pytest.raises(ValueError, match="aware"):
        clock.set(dt.datetime(2023, 6, 22, 10, 0))
    with pytest.raises(ValueError, match="negative"):
        SimulatedClock(START, speed=-1)


def test_real_clock_is_aware_utc() -> None:
    assert RealClock().now().utcoffset() == dt.timedelta(0)
