"""What a quick change collides with: the hall, the speakers, the clock."""

from __future__ import annotations

import dataclasses
import datetime as dt

from forumbot.models import Session
from forumbot.rules.clashes import clashes
from tests.helpers import bishkek


def session(sid: str, start: int, end: int, room: str = "hall", **kw) -> Session:
    return Session(
        sid, dt.date(2023, 6, 22), bishkek(22, start), bishkek(22, end), room, "talk",
        {"en": sid}, **kw,
    )  # fmt: skip


MORNING = bishkek(22, 8)


def test_the_same_hall_at_an_overlapping_time_only() -> None:
    moved = session("a", 10, 12)
    others = [session("b", 11, 13), session("c", 12, 13), session("d", 10, 11, room="other")]
    found = clashes(session("a", 14, 16), moved, others, MORNING)
    assert [s.id for s in found.hall] == ["b"] and not found.speakers and not found.started


def test_a_shared_speaker_elsewhere_and_cancelled_sessions_free_everything() -> None:
    moved = session("a", 10, 12, speaker_ids=("x", "y"))
    busy = session("b", 11, 13, room="other", moderator_ids=("y",))
    found = clashes(moved, moved, [busy, session("c", 10, 12, cancelled=True)], MORNING)
    assert [(s.id, ids) for s, ids in found.speakers] == [("b", ("y",))]
    assert found.session_ids() == ["b"]
    assert not clashes(moved, dataclasses.replace(moved, cancelled=True), [busy], MORNING)


def test_already_started_only_when_the_time_moves() -> None:
    running = session("a", 7, 9)
    assert not clashes(running, dataclasses.replace(running, room_id="other"), [], MORNING)
    assert clashes(session("a", 9, 10), running, [], MORNING).started
