"""Stars, reminder lead times and "already decided" reminder keys on a real SQLite file, and
quick changes and previews of the programme in service."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from forumbot.programme import load_programme
from forumbot.rules.changes import State
from forumbot.store import Store
from forumbot.store.personal import Candidate, record_reminders
from tests.helpers import IMPORTED_AT, MINI, bishkek

RT1 = bishkek(22, 10, 30)  # rt1 starts; the default lead (10 min) makes it due at 10:20
BEFORE = bishkek(21, 12)  # the day before the forum, when people star sessions


async def person(store: Store, chat_id: int, lang: str = "en") -> int:
    await store.users.record(chat_id, lang, IMPORTED_AT)
    return chat_id


async def due_for(store: Store, now: dt.datetime) -> list[tuple[int, str, dt.datetime]]:
    return [
        (c.chat_id, c.session_id, c.start) for c in await store.personal.reminder_candidates(now)
    ]


async def decide(store: Store, candidates: list[Candidate], status: str, now: dt.datetime) -> None:
    async with store.db.transaction() as conn:
        await record_reminders(conn, candidates, status, now, None)


# --- stars ----------------------------------------------------------------------------------


async def test_star_unstar_and_the_starred_set(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", BEFORE)
    await store.personal.star(me, "school", BEFORE)
    await store.personal.star(me, "school", BEFORE)  # twice is once
    assert await store.personal.starred(me) == {"rt1", "school"}
    assert await store.personal.count_stars() == 2
    await store.personal.unstar(me, "rt1")
    assert await store.personal.starred(me) == {"school"}
    assert not await store.personal.is_starred(me, "rt1")
    assert await store.personal.is_starred(me, "school")
    assert await store.personal.starred(2) == set()


async def test_only_the_very_first_star_offers_the_digest(store: Store) -> None:
    me, other = await person(store, 1), await person(store, 2)
    assert await store.personal.star(me, "rt1", BEFORE) is True
    assert await store.personal.star(me, "school", BEFORE) is False
    await store.personal.unstar(me, "rt1")
    await store.personal.unstar(me, "school")
    assert await store.personal.star(me, "rt1", BEFORE) is False  # not even after unstarring
    assert await store.personal.star(other, "rt1", BEFORE) is True


# --- reminder candidates --------------------------------------------------------------------


async def test_a_reminder_is_due_at_the_lead_time(store: Store) -> None:
    me = await person(store, 1, "ky")
    await store.personal.star(me, "rt1", BEFORE)
    assert await due_for(store, bishkek(22, 10, 19)) == []
    [c] = await store.personal.reminder_candidates(bishkek(22, 10, 20))
    assert (c.chat_id, c.language, c.lead, c.session_id, c.start) == (1, "ky", 10, "rt1", RT1)


async def test_a_longer_lead_time_makes_it_due_earlier(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", BEFORE)
    await store.personal.set_lead(me, 30, BEFORE)
    assert await store.personal.lead(me) == 30
    assert await due_for(store, bishkek(22, 9, 59)) == []
    assert await due_for(store, bishkek(22, 10)) == [(1, "rt1", RT1)]


async def test_lead_zero_turns_reminders_off(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", BEFORE)
    await store.personal.set_lead(me, 0, BEFORE)
    assert await due_for(store, bishkek(22, 10, 29)) == []


async def test_a_lead_time_not_offered_is_refused(store: Store) -> None:
    me = await person(store, 1)
    with pytest.raises(ValueError, match="not one of"):
        await store.personal.set_lead(me, 7, BEFORE)
    assert await store.personal.lead(me) == 10


async def test_a_cancelled_session_has_no_reminder(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", BEFORE)
    rt1 = await store.programme.session("rt1")
    assert rt1 is not None
    await store.programme.update_session(replace(rt1, cancelled=True), BEFORE)
    assert await due_for(store, bishkek(22, 10, 25)) == []


async def test_someone_who_blocked_the_bot_gets_no_reminder(store: Store) -> None:
    me, other = await person(store, 1), await person(store, 2)
    for chat_id in (me, other):
        await store.personal.star(chat_id, "rt1", BEFORE)
    async with store.db.transaction() as conn:  # as the delivery engine marks a 403
        await conn.execute("UPDATE users SET status = 'blocked' WHERE chat_id = ?", (other,))
    assert await due_for(store, bishkek(22, 10, 25)) == [(1, "rt1", RT1)]


async def test_a_decided_reminder_is_not_a_candidate_again(store: Store) -> None:
    me, other = await person(store, 1), await person(store, 2)
    for chat_id in (me, other):
        await store.personal.star(chat_id, "rt1", BEFORE)
    now = bishkek(22, 10, 20)
    mine = [c for c in await store.personal.reminder_candidates(now) if c.chat_id == me]
    await decide(store, mine, "sent", now)
    assert await due_for(store, now) == [(2, "rt1", RT1)]
    assert await due_for(store, bishkek(22, 10, 29)) == [(2, "rt1", RT1)]
    assert await store.personal.reminder_counts() == {"sent": 1}


async def test_a_moved_session_is_reminded_again_at_its_new_time(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", BEFORE)
    now = bishkek(22, 10, 20)
    await decide(store, await store.personal.reminder_candidates(now), "sent", now)
    rt1 = await store.programme.session("rt1")
    assert rt1 is not None
    hour = dt.timedelta(hours=1)
    await store.programme.update_session(
        replace(rt1, start=rt1.start + hour, end=rt1.end + hour), now
    )
    assert await due_for(store, bishkek(22, 11, 19)) == []
    assert await due_for(store, bishkek(22, 11, 20)) == [(1, "rt1", RT1 + hour)]


async def test_starring_after_the_reminder_moment_sends_no_instant_reminder(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", bishkek(22, 10, 25))  # due at 10:20, already passed
    assert await due_for(store, bishkek(22, 10, 26)) == []
    assert await store.personal.reminder_counts() == {"skipped": 1}
    await store.personal.star(me, "school", bishkek(22, 10, 25))  # tomorrow: reminded as usual
    assert await due_for(store, bishkek(23, 9, 50)) == [(1, "school", bishkek(23, 10))]


async def test_a_longer_lead_whose_moment_passed_skips_that_reminder(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "rt1", BEFORE)
    await store.personal.set_lead(me, 30, bishkek(22, 10, 15))  # 10:00 has passed
    assert await due_for(store, bishkek(22, 10, 20)) == []
    assert await store.personal.reminder_counts() == {"skipped": 1}


async def test_forget_removes_stars_and_reminder_keys(store: Store) -> None:
    me, other = await person(store, 1), await person(store, 2)
    for chat_id in (me, other):
        await store.personal.star(chat_id, "rt1", BEFORE)
    now = bishkek(22, 10, 20)
    await decide(store, await store.personal.reminder_candidates(now), "sent", now)
    await store.privacy.forget(me, "hash")
    assert await store.personal.starred(me) == set()
    assert await store.personal.stargazers(["rt1"]) == {2: {"rt1"}}
    assert await store.personal.reminder_counts() == {"sent": 1}  # the other person's


# --- quick changes and previews -------------------------------------------------------------


async def test_a_quick_change_is_written_and_logged_once(store: Store) -> None:
    rt1 = await store.programme.session("rt1")
    assert rt1 is not None
    change = await store.programme.update_session(replace(rt1, room_id="small"), BEFORE)
    assert change is not None and change.kinds == ("room",)
    again = await store.programme.update_session(replace(rt1, room_id="small"), BEFORE)
    assert again is None  # nothing new: nothing logged
    updated = await store.programme.session("rt1")
    assert updated is not None and updated.room_id == "small"
    logged, last = await store.changes.untold()
    assert [(c.session_id, c.before, c.after) for _, c in logged] == [
        ("rt1", State.of(rt1), State.of(updated))
    ]
    assert last == BEFORE


async def test_a_quick_change_of_an_unknown_session_is_refused(store: Store) -> None:
    rt1 = await store.programme.session("rt1")
    assert rt1 is not None
    with pytest.raises(LookupError):
        await store.programme.update_session(replace(rt1, id="ghost"), BEFORE)


async def test_preview_shows_the_changes_without_writing_them(store: Store) -> None:
    programme = load_programme(MINI)
    hour = dt.timedelta(hours=1)
    new = replace(
        programme,
        sessions=tuple(
            replace(s, start=s.start + hour, end=s.end + hour) if s.id == "rt1" else s
            for s in programme.sessions
            if s.id != "school"
        ),
    )
    preview = await store.programme.preview(new)
    assert {c.session_id: c.kinds for c in preview} == {"rt1": ("time",), "school": ("cancelled",)}
    rt1, school = await store.programme.session("rt1"), await store.programme.session("school")
    assert rt1 is not None and rt1.start == RT1
    assert school is not None and not school.cancelled
    assert await store.changes.untold() == ([], None)
    # Putting it in service does what the preview said, and logs it.
    done = await store.programme.replace(new, "edited.yaml", BEFORE)
    assert done == preview
    school = await store.programme.session("school")
    assert school is not None and school.cancelled
    assert len((await store.changes.untold())[0]) == 2


async def test_preview_of_another_forum_is_no_change(store: Store) -> None:
    programme = load_programme(MINI)
    other = replace(programme, forum=replace(programme.forum, id="other"), sessions=())
    assert await store.programme.preview(other) == []
