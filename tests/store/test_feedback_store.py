"""Session feedback on a real SQLite file: one changeable answer per person and session,
pseudonyms, the prompt keys, the feedback topic from the first star, and /forget."""

from __future__ import annotations

import pytest

from forumbot.store import Store
from forumbot.store.feedback import record_prompts
from tests.helpers import IMPORTED_AT, bishkek

BEFORE = bishkek(21, 12)
AFTER_RT1 = bishkek(22, 12, 30)  # rt1 (10:30-12:30) has just ended


async def person(store: Store, chat_id: int, lang: str = "en") -> int:
    await store.users.record(chat_id, lang, IMPORTED_AT)
    return chat_id


async def test_one_answer_per_person_and_session_changeable(store: Store) -> None:
    me = await person(store, 1)
    await store.feedback.rate(me, "rt1", 2, AFTER_RT1)
    assert not await store.feedback.set_named(me, "opening", "Aida")  # nothing to name
    await store.feedback.rate(me, "rt1", 5, bishkek(22, 13))
    assert await store.feedback.set_comment(me, "rt1", "first", bishkek(22, 13, 1))
    assert await store.feedback.set_comment(me, "rt1", "second", bishkek(22, 13, 2))
    await store.feedback.rate(me, "rt1", 4, bishkek(22, 13, 3))  # the comment stays
    answer = await store.feedback.answer(me, "rt1")
    assert answer is not None
    assert (answer.rating, answer.comment, answer.named) == (4, "second", False)
    assert answer.submitted_at == bishkek(22, 13, 3)
    assert await store.feedback.distribution() == {"rt1": [0, 0, 0, 1, 0]}
    with pytest.raises(ValueError):
        await store.feedback.rate(me, "rt1", 6, AFTER_RT1)
    assert not await store.feedback.set_comment(me, "opening", "no rating", AFTER_RT1)


async def test_pseudonyms_are_stable_and_names_only_when_agreed(store: Store) -> None:
    a, b = await person(store, 10), await person(store, 20)
    await store.feedback.rate(b, "rt1", 3, AFTER_RT1)
    await store.feedback.rate(a, "rt1", 5, AFTER_RT1)
    await store.feedback.rate(b, "opening", 1, AFTER_RT1)
    await store.feedback.set_comment(a, "rt1", "great", AFTER_RT1)
    assert await store.feedback.set_named(a, "rt1", "Aida")
    rows = await store.feedback.export_rows()
    got = {(r.session_id, r.chat_id): (r.pseudonym, r.name) for r in rows}
    assert got == {("opening", 20): (1, None), ("rt1", 20): (1, None), ("rt1", 10): (2, "Aida")}
    await store.feedback.set_named(a, "rt1", None)
    assert {r.name for r in await store.feedback.export_rows()} == {None}


async def test_prompt_candidates_need_a_star_the_topic_and_the_end(store: Store) -> None:
    me, off, never = await person(store, 1), await person(store, 2), await person(store, 3)
    await store.personal.star(me, "rt1", BEFORE)
    await store.personal.star(me, "school", BEFORE)  # the next day
    await store.personal.star(off, "rt1", BEFORE)
    await store.users.set_topics(off, {"feedback": False})
    assert (await store.users.topics(me))["feedback"] is True  # on from the first star
    assert (await store.users.topics(never))["feedback"] is False
    assert await store.feedback.prompt_candidates(bishkek(22, 12, 29)) == []
    [c] = await store.feedback.prompt_candidates(AFTER_RT1)
    assert (c.chat_id, c.session_id, c.end) == (me, "rt1", AFTER_RT1)
    assert await store.users.readers("feedback") == [(me, "en")]
    async with store.db.transaction() as conn:
        await record_prompts(conn, [c], "sent", AFTER_RT1, None)
    assert await store.feedback.prompt_candidates(bishkek(22, 20)) == []  # decided: once
    assert await store.feedback.prompted(["rt1", "opening"]) == {me: {"rt1"}}
    assert await store.feedback.prompt_counts() == {"sent": 1}


async def test_a_choice_made_before_the_first_star_is_kept(store: Store) -> None:
    me = await person(store, 1)
    await store.users.set_topics(me, {"feedback": False})
    await store.personal.star(me, "rt1", BEFORE)
    assert (await store.users.topics(me))["feedback"] is False


async def test_a_rated_session_is_not_prompted(store: Store) -> None:
    me = await person(store, 1)
    await store.personal.star(me, "opening", BEFORE)
    await store.feedback.rate(me, "opening", 5, bishkek(22, 10, 31))
    assert await store.feedback.prompt_candidates(AFTER_RT1) == []


async def test_days_decided(store: Store) -> None:
    day = AFTER_RT1.date()
    assert await store.feedback.days.decided() == set()
    await store.feedback.days.mark(day, "missed", AFTER_RT1)
    await store.feedback.days.mark(day, "sent", AFTER_RT1)  # decided once
    assert await store.feedback.days.decided() == {day}


async def test_forget_erases_feedback_and_the_pseudonym(store: Store) -> None:
    me, other = await person(store, 1), await person(store, 2)
    await store.personal.star(me, "rt1", BEFORE)
    await store.feedback.rate(other, "rt1", 4, AFTER_RT1)
    [c] = await store.feedback.prompt_candidates(AFTER_RT1)
    async with store.db.transaction() as conn:
        await record_prompts(conn, [c], "sent", AFTER_RT1, None)
    await store.feedback.rate(me, "rt1", 2, AFTER_RT1)
    await store.privacy.forget(me, "hash")
    assert [r.chat_id for r in await store.feedback.export_rows()] == [other]
    for table in ("feedback", "feedback_prompts", "feedback_respondents", "user_topics"):
        row = await store.db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE chat_id = ?", (me,))
        assert row is not None and row[0] == 0, table
