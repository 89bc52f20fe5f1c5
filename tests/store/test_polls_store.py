"""Polls and presence on a real SQLite file: one answer replaces, several toggle, closing is
once; presence once per person, read back as attended."""

from __future__ import annotations

from forumbot.rules.polls import Poll
from forumbot.store import Store
from forumbot.store.polls import create_poll
from tests.helpers import IMPORTED_AT, bishkek

NOW = bishkek(22, 11)


async def _poll(store: Store, multiple: bool) -> Poll:
    async with store.db.transaction() as conn:
        poll_id = await create_poll(conn, "rt1", "Q?", ("A", "B", "C"), multiple, 1, NOW)
    poll = await store.polls.get(poll_id)
    assert poll is not None and poll.open and poll.options == ("A", "B", "C")
    return poll


async def test_one_answer_replaces_and_several_toggle(store: Store) -> None:
    await store.users.record(7, "ru", IMPORTED_AT)
    one = await _poll(store, multiple=False)
    assert await store.polls.choose(one, 7, 0, NOW) == {0}
    assert await store.polls.choose(one, 7, 2, NOW) == {2}
    assert await store.polls.choose(one, 7, 2, NOW) == {2}
    several = await _poll(store, multiple=True)
    await store.polls.choose(several, 7, 0, NOW)
    assert await store.polls.choose(several, 7, 1, NOW) == {0, 1}
    assert await store.polls.choose(several, 7, 0, NOW) == {1}
    results = await store.polls.results(several.id)
    assert results is not None and (results.counts, results.voters) == ((0, 1, 0), 1)


async def test_close_once(store: Store) -> None:
    poll = await _poll(store, multiple=False)
    assert await store.polls.close(poll.id, 1, NOW)
    assert not await store.polls.close(poll.id, 1, NOW)
    closed = await store.polls.get(poll.id)
    assert closed is not None and not closed.open


async def test_presence_is_once_per_person_and_read_as_attended(store: Store) -> None:
    await store.users.record(7, "ru", IMPORTED_AT)
    assert await store.presence.check_in("rt1", 7, NOW)
    assert not await store.presence.check_in("rt1", 7, NOW)
    assert await store.presence.count("rt1") == 1
    assert await store.presence.present("rt1") == {7}
    assert await store.presence.attended(7) == {"rt1"}
    assert await store.presence.attended(7, ["school"]) == set()
