"""Programme changes: what a re-import or a quick change does to the sessions people starred."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from forumbot.models import Programme, Session
from forumbot.programme import load_programme
from forumbot.rules.changes import Change, State, carry_cancelled, diff, merge
from tests.helpers import MINI, bishkek

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def mini() -> Programme:
    return load_programme(MINI)


def session(p: Programme, session_id: str) -> Session:
    return next(s for s in p.sessions if s.id == session_id)


def moved(s: Session, by: dt.timedelta) -> Session:
    return replace(s, start=s.start + by, end=s.end + by)


def kinds(changes: list[Change]) -> dict[str, tuple[str, ...]]:
    return {c.session_id: c.kinds for c in changes}


# --- diff -----------------------------------------------------------------------------------


def test_nothing_changed_is_no_change(mini: Programme) -> None:
    assert diff(mini.sessions, mini.sessions) == []


def test_a_new_description_is_not_a_change_people_are_told(mini: Programme) -> None:
    rt1 = session(mini, "rt1")
    assert diff([rt1], [replace(rt1, description={"en": "Other words."})]) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: moved(s, HOUR), ("time",)),
        (lambda s: replace(s, end=s.end + HOUR), ("time",)),  # only longer
        (lambda s: replace(s, room_id="small"), ("room",)),
        (lambda s: replace(s, title={**s.title, "en": "Authenticity"}), ("title",)),
        (lambda s: replace(s, cancelled=True), ("cancelled",)),
        (lambda s: replace(moved(s, HOUR), room_id="small"), ("time", "room")),
    ],
)
def test_diff_names_what_changed(mini: Programme, edit, expected: tuple[str, ...]) -> None:
    rt1 = session(mini, "rt1")
    [change] = diff([rt1], [edit(rt1)])
    assert change.session_id == "rt1"
    assert change.kinds == expected
    assert change.before == State.of(rt1)
    assert change.after == State.of(edit(rt1))


def test_diff_finds_an_added_session(mini: Programme) -> None:
    rt1 = session(mini, "rt1")
    [change] = diff([], [rt1])
    assert change.kinds == ("added",) and change.before is None


def test_diff_finds_a_restored_session(mini: Programme) -> None:
    rt1 = session(mini, "rt1")
    [change] = diff([replace(rt1, cancelled=True)], [rt1])
    assert change.kinds == ("restored",)


def test_diff_lists_changes_in_the_new_programmes_time_order(mini: Programme) -> None:
    opening, rt1, school = (session(mini, i) for i in ("opening", "rt1", "school"))
    # The school moves to the morning of day 1, before the opening; rt1 changes room.
    new = [replace(rt1, room_id="small"), opening, moved(school, -25 * HOUR)]
    assert [c.session_id for c in diff(mini.sessions, new)] == ["school", "rt1"]


def test_state_survives_the_change_log(mini: Programme) -> None:
    state = State.of(replace(session(mini, "rt1"), cancelled=True))
    assert State.from_json(state.to_json()) == state
    assert State.from_json(None) is None


# --- merge ----------------------------------------------------------------------------------


def test_two_changes_of_one_session_merge_first_before_last_after(mini: Programme) -> None:
    rt1 = session(mini, "rt1")
    first = diff([rt1], [moved(rt1, HOUR)])
    second = diff([moved(rt1, HOUR)], [replace(moved(rt1, HOUR), room_id="small")])
    [merged] = merge(first + second)
    assert merged.before == State.of(rt1)
    assert merged.after == State.of(replace(moved(rt1, HOUR), room_id="small"))
    assert merged.kinds == ("time", "room")


def test_a_move_and_a_move_back_is_no_change(mini: Programme) -> None:
    rt1 = session(mini, "rt1")
    there = diff([rt1], [moved(rt1, HOUR)])
    back = diff([moved(rt1, HOUR)], [rt1])
    assert there and back
    assert merge(there + back) == []


def test_an_added_session_moved_later_is_still_added(mini: Programme) -> None:
    school = session(mini, "school")
    changes = diff([], [school]) + diff([school], [moved(school, HOUR)])
    [merged] = merge(changes)
    assert merged.kinds == ("added",)
    assert merged.after.start == school.start + HOUR


def test_merge_keeps_other_sessions_apart_in_time_order(mini: Programme) -> None:
    rt1, school = session(mini, "rt1"), session(mini, "school")
    changes = diff([school], [replace(school, cancelled=True)]) + diff(
        [rt1], [replace(rt1, room_id="small")]
    )
    assert kinds(merge(changes)) == {"rt1": ("room",), "school": ("cancelled",)}
    assert [c.session_id for c in merge(changes)] == ["rt1", "school"]


# --- carry_cancelled ------------------------------------------------------------------------


def test_a_vanished_session_stays_cancelled_with_its_day_and_room(mini: Programme) -> None:
    # The new file drops the school, its day (23 June), its room, and the speaker Mon.
    new = replace(
        mini,
        days=mini.days[:1],
        rooms=tuple(r for r in mini.rooms if r.id != "small"),
        speakers=tuple(s for s in mini.speakers if s.id != "mon"),
        sessions=tuple(s for s in mini.sessions if s.id not in ("school", "rt1")),
    )
    carried = carry_cancelled(mini, new)
    school, rt1 = session(carried, "school"), session(carried, "rt1")
    assert school.cancelled and rt1.cancelled
    assert school.start == bishkek(23, 10) and school.room_id == "small"
    assert [d.date for d in carried.days] == [dt.date(2023, 6, 22), dt.date(2023, 6, 23)]
    assert "small" in {r.id for r in carried.rooms}
    # Links to a vanished speaker go; those to speakers still present stay.
    assert rt1.speaker_ids == ("sharshenova",)
    assert rt1.moderator_ids == ("usupbekova",)
    assert not session(carried, "opening").cancelled


def test_a_kept_day_or_room_is_not_added_twice(mini: Programme) -> None:
    new = replace(mini, sessions=tuple(s for s in mini.sessions if s.id != "school"))
    carried = carry_cancelled(mini, new)
    assert [d.date for d in carried.days] == [d.date for d in mini.days]
    assert [r.id for r in carried.rooms] == [r.id for r in mini.rooms]
    assert session(carried, "school").cancelled


def test_a_vanished_session_shows_as_a_cancellation(mini: Programme) -> None:
    new = replace(mini, sessions=tuple(s for s in mini.sessions if s.id != "school"))
    assert kinds(diff(mini.sessions, carry_cancelled(mini, new).sessions)) == {
        "school": ("cancelled",)
    }


def test_another_forum_carries_nothing(mini: Programme) -> None:
    other = replace(
        mini,
        forum=replace(mini.forum, id="other-forum"),
        sessions=tuple(s for s in mini.sessions if s.id != "school"),
    )
    carried = carry_cancelled(mini, other)
    assert [s.id for s in carried.sessions] == ["opening", "rt1"]
    assert carry_cancelled(None, mini) is mini


def test_a_session_added_then_cancelled_is_told_as_cancelled(mini: Programme) -> None:
    # Someone starred a session of one import; the next import, minutes later, dropped it.
    school = session(mini, "school")
    changes = diff([], [school]) + diff([school], [replace(school, cancelled=True)])
    [merged] = merge(changes)
    assert merged.kinds == ("added", "cancelled")
    assert diff([], [replace(school, cancelled=True)])[0].kinds == ("added", "cancelled")
