"""The planner's pure rules: which reminders go or are dropped, which digest is due, when
change notices are told and to whom, and how often the planner ticks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from forumbot.infra.clock import RealClock, SimulatedClock
from forumbot.programme import load_programme
from forumbot.rules.changes import State, diff
from forumbot.runtime.planner import (
    decide_digest,
    decide_reminders,
    digest_moment,
    notices_due,
    notices_for,
    planner_interval,
)
from forumbot.store.personal import Candidate
from tests.helpers import MINI, bishkek

ZONE = ZoneInfo("Asia/Bishkek")
DAY1, DAY2 = dt.date(2023, 6, 22), dt.date(2023, 6, 23)
MIN = dt.timedelta(minutes=1)


def candidate(chat_id: int, session_id: str, start: dt.datetime, lead: int = 10) -> Candidate:
    return Candidate(chat_id, "en", lead, session_id, start)


# --- reminders ------------------------------------------------------------------------------


def test_due_reminders_are_sent_grouped_by_session() -> None:
    now = bishkek(22, 10, 20)
    rt1 = bishkek(22, 10, 30)
    due = [
        candidate(1, "rt1", rt1),  # due at 10:20, exactly now
        candidate(2, "rt1", rt1, lead=15),  # due at 10:15
        candidate(1, "opening", bishkek(22, 10, 21), lead=5),  # due at 10:16
    ]
    plan = decide_reminders(due, now)
    assert {sid: [c.chat_id for c in group] for sid, group in plan.send.items()} == {
        "rt1": [1, 2],
        "opening": [1],
    }
    assert plan.drop == []


def test_a_reminder_for_a_session_that_started_is_dropped() -> None:
    now = bishkek(22, 10, 30)
    started = [candidate(1, "rt1", now), candidate(2, "opening", bishkek(22, 10))]
    plan = decide_reminders(started, now)
    assert plan.send == {}
    assert [c.chat_id for c in plan.drop] == [1, 2]


def test_a_reminder_not_yet_due_is_neither_sent_nor_dropped() -> None:
    now = bishkek(22, 10, 19)
    plan = decide_reminders([candidate(1, "rt1", bishkek(22, 10, 30))], now)
    assert plan.send == {} and plan.drop == []


def test_the_lead_time_sets_when_a_reminder_is_due() -> None:
    c = candidate(1, "rt1", bishkek(22, 10, 30), lead=30)
    assert c.due == bishkek(22, 10)
    assert decide_reminders([c], bishkek(22, 9, 59)).send == {}
    assert list(decide_reminders([c], bishkek(22, 10)).send) == ["rt1"]


# --- the daily digest -----------------------------------------------------------------------


def test_the_digest_moment_is_local_time_in_the_forums_zone() -> None:
    moment = digest_moment(DAY1, "08:00", ZONE)
    assert moment == dt.datetime(2023, 6, 22, 2, 0, tzinfo=dt.UTC)  # 08:00 in Bishkek


@pytest.mark.parametrize(
    ("now", "due", "missed"),
    [
        (bishkek(22, 7, 59), None, []),  # before the moment
        (bishkek(22, 8, 0), DAY1, []),  # at it
        (bishkek(22, 12, 0), DAY1, []),  # late, but within 4 h
        (bishkek(22, 12, 1), None, [DAY1]),  # the bot was down too long
        (bishkek(23, 8, 30), DAY2, [DAY1]),  # the first day was never decided
        (bishkek(24, 8, 0), None, [DAY1, DAY2]),
    ],
)
def test_decide_digest(now: dt.datetime, due: dt.date | None, missed: list[dt.date]) -> None:
    assert decide_digest([DAY1, DAY2], "08:00", ZONE, now, set()) == (due, missed)


def test_days_already_decided_are_skipped() -> None:
    now = bishkek(23, 8, 30)
    assert decide_digest([DAY1, DAY2], "08:00", ZONE, now, {DAY1}) == (DAY2, [])
    assert decide_digest([DAY1, DAY2], "08:00", ZONE, now, {DAY1, DAY2}) == (None, [])


def test_the_organisers_digest_time_is_followed() -> None:
    assert decide_digest([DAY1], "07:30", ZONE, bishkek(22, 7, 30), set()) == (DAY1, [])
    assert decide_digest([DAY1], "09:00", ZONE, bishkek(22, 8, 30), set()) == (None, [])


# --- change notices -------------------------------------------------------------------------


def test_notices_wait_for_the_quiet_window() -> None:
    now, window = bishkek(22, 9), dt.timedelta(minutes=3)
    assert not notices_due(None, now, window)  # nothing changed
    assert not notices_due(now - 2 * MIN, now, window)
    assert notices_due(now - 3 * MIN, now, window)


def test_each_person_gets_only_their_starred_sessions_merged() -> None:
    mini = load_programme(MINI)
    opening, rt1, school = mini.sessions
    later = replace(rt1, start=rt1.start + 60 * MIN, end=rt1.end + 60 * MIN)
    changes = (
        diff([rt1], [later])
        + diff([school], [replace(school, cancelled=True)])
        + diff([later], [replace(later, room_id="small")])
        + diff([opening], [replace(opening, room_id="small")])
        + diff([replace(opening, room_id="small")], [opening])  # and back: nothing to tell
    )
    found = notices_for(changes, {1: {"rt1"}, 2: {"school", "rt1"}, 3: {"opening"}, 4: set()})
    assert set(found) == {1, 2}
    [mine] = found[1]
    assert mine.before == State.of(rt1)
    assert mine.after == State.of(replace(later, room_id="small"))
    assert [c.session_id for c in found[2]] == ["rt1", "school"]
    assert [c.kinds for c in found[2]] == [("time", "room"), ("cancelled",)]


# --- how often the planner ticks ------------------------------------------------------------


START = bishkek(22, 9)


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [
        (RealClock(), 15.0),
        (SimulatedClock(START, speed=1), 15.0),
        (SimulatedClock(START, speed=0.5), 15.0),  # slower than real: never rarer than 15 s
        (SimulatedClock(START, speed=10), 1.5),  # 15 forum seconds a tick
        (SimulatedClock(START, speed=0), 0.5),  # stopped: moved by hand, looked at twice a second
        (SimulatedClock(START, speed=60), 0.5),  # floor: a tick then spans 30 forum seconds
    ],
)
def test_planner_interval(clock, seconds: float) -> None:
    assert planner_interval(clock) == seconds
