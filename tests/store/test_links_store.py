"""Links in the store: the file's rewritten by each import, the chat's kept and winning over
the file's of that kind; slides and recordings that appear are logged once to be told."""

from __future__ import annotations

import dataclasses

from forumbot.models import Link
from forumbot.store import Store
from tests.helpers import IMPORTED_AT, bishkek

ORGANISER = 1


async def _reimport(store: Store, **links: tuple[Link, ...]) -> None:
    programme = await store.programme.load()
    sessions = tuple(
        dataclasses.replace(s, links=links.get(s.id, s.links)) for s in programme.sessions
    )
    await store.programme.replace(
        dataclasses.replace(programme, sessions=sessions), "again.yaml", bishkek(22, 9)
    )


async def test_links_are_read_with_sessions_and_rooms(store: Store) -> None:
    await _reimport(store, rt1=(Link("stream", "https://s.example.org/rt1"),))
    session = await store.programme.session("rt1")
    assert session is not None and session.link("stream") == Link(
        "stream", "https://s.example.org/rt1"
    )
    [on_now] = await store.programme.sessions_now(bishkek(22, 11))
    assert on_now.links == session.links


async def test_a_chat_link_wins_over_the_file_and_survives_a_reimport(store: Store) -> None:
    await _reimport(store, rt1=(Link("slides", "https://old.example.org/a.pdf"),))
    assert await store.links.set_link(
        "rt1", "slides", "https://new.example.org/a.pdf", ORGANISER, bishkek(22, 12)
    )
    await _reimport(store, rt1=(Link("slides", "https://old.example.org/b.pdf"),))
    assert [x.url for x in await store.links.of("rt1")] == ["https://new.example.org/a.pdf"]
    assert await store.links.set_link("rt1", "slides", None, ORGANISER, bishkek(22, 12))
    assert await store.links.of("rt1") == ()
    assert not await store.links.set_link("rt1", "slides", None, ORGANISER, bishkek(22, 12))


async def test_news_is_logged_for_new_slides_and_recordings_only(store: Store) -> None:
    news, last = await store.links.untold()
    assert news == [] and last is None  # the first import tells nothing
    await _reimport(
        store,
        rt1=(
            Link("stream", "https://s.example.org/rt1"),
            Link("recording", "https://v.example.org/rt1"),
        ),
    )
    await store.links.set_link("school", "slides", "https://f.example.org/s.pdf", 1, IMPORTED_AT)
    await store.links.set_link("school", "other", "https://f.example.org/o", 1, IMPORTED_AT)
    await _reimport(store)  # the same links again: nothing new
    news, last = await store.links.untold()
    assert [(n.session_id, n.kind, n.url) for n in news] == [
        ("rt1", "recording", "https://v.example.org/rt1"),
        ("school", "slides", "https://f.example.org/s.pdf"),
    ]
    assert last == bishkek(22, 9)


async def test_a_new_edition_ends_chat_links_presence_and_polls(store: Store) -> None:
    from forumbot.store.polls import create_poll

    await store.users.record(7, "ru", IMPORTED_AT)
    await store.links.set_link("rt1", "slides", "https://f.example.org/rt1.pdf", 1, IMPORTED_AT)
    await store.presence.check_in("rt1", 7, IMPORTED_AT)
    async with store.db.transaction() as conn:
        await create_poll(conn, "rt1", "Q?", ("A", "B"), False, 1, IMPORTED_AT)
    programme = await store.programme.load()
    forum = dataclasses.replace(programme.forum, id="mini-forum-2024")
    sessions = tuple(dataclasses.replace(s, links=()) for s in programme.sessions)
    next_year = dataclasses.replace(programme, forum=forum, sessions=sessions)
    await store.programme.replace(next_year, "next.yaml", bishkek(22, 9), new_edition=True)
    assert await store.links.of("rt1") == ()  # next year's "rt1" is another session
    assert await store.links.untold() == ([], None)
    assert await store.presence.attended(7) == set()
    assert await store.polls.of_session("rt1") == []
