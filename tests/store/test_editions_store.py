"""Editions in the store: another forum's programme is refused unless confirmed as a new
edition; then the old one is archived whole (its programme, every post) in the same
transaction, and what belonged to its sessions ends with it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from forumbot.models import Post, Programme
from forumbot.store import Store
from forumbot.store.editions import OtherForum
from tests.helpers import IMPORTED_AT, MINI, load_programme

NOW = dt.datetime(2023, 6, 22, 6, 0, tzinfo=dt.UTC)
PERSON = 501


def next_year(programme: Programme) -> Programme:
    """The mini forum a year later, under another id, with one session only."""
    forum = dataclasses.replace(programme.forum, id="mini-forum-2024", title={"en": "Mini 2024"})
    return dataclasses.replace(programme, forum=forum, sessions=programme.sessions[:1], posts=())


async def fill_the_edition(store: Store) -> None:
    """A person with a star, a rating with a comment, a question; a post from the chat."""
    await store.users.record(PERSON, "ru", NOW)
    await store.personal.star(PERSON, "rt1", NOW)
    await store.feedback.rate(PERSON, "opening", 4, NOW)
    assert await store.feedback.set_comment(PERSON, "opening", "Хорошо", NOW)
    await store.questions.ask("rt1", PERSON, "Когда итоги?", NOW)
    chat_post = Post("chat-1", "news", NOW, {"en": "From the chat"}, {"en": "Body"})
    await store.programme.publish_post(chat_post)


async def test_another_forum_is_refused_and_nothing_changes(store: Store) -> None:
    await fill_the_edition(store)
    with pytest.raises(OtherForum) as refused:
        await store.programme.replace(next_year(load_programme(MINI)), "next.yaml", NOW)
    assert (refused.value.old_id, refused.value.new_id) == ("mini-forum", "mini-forum-2024")
    assert (await store.programme.forum()).id == "mini-forum"
    assert [s.id for s in await store.programme.starred_sessions(PERSON)] == ["rt1"]
    assert await store.editions.past() == []


async def test_a_confirmed_new_edition_archives_the_old_and_ends_its_session_data(
    store: Store,
) -> None:
    await fill_the_edition(store)
    ending = await store.editions.ending()
    assert (ending.people, ending.starred, ending.questions, ending.feedback) == (1, 1, 1, 1)
    new = next_year(load_programme(MINI))
    changes = await store.programme.replace(new, "next.yaml", NOW, new_edition=True, actor=7)
    assert changes == []  # another forum: nobody is told of "changes"
    assert (await store.programme.forum()).id == "mini-forum-2024"
    [edition] = await store.editions.past()
    assert edition.forum.id == "mini-forum" and edition.forum.title["ru"] == "Малый форум"
    assert (edition.first_day, edition.last_day) == (dt.date(2023, 6, 22), dt.date(2023, 6, 23))
    days = await store.editions.days(edition.n)
    assert [(d, n) for d, _t, n in days] == [(dt.date(2023, 6, 22), 2), (dt.date(2023, 6, 23), 1)]
    first_day = await store.editions.sessions_on(edition.n, dt.date(2023, 6, 22))
    assert [s.id for s in first_day] == ["opening", "rt1"]
    assert first_day[0].room is not None and first_day[0].room["ru"]  # the hall's name, kept
    news = await store.editions.posts(edition.n, "news")
    assert {p.id for _, p in news} == {"welcome", "chat-1"}  # the chat's post is archived too
    [(n, summary)] = await store.editions.posts(edition.n, "summary")
    assert await store.editions.post(edition.n, n) == summary
    assert await store.editions.feedback(edition.n) == [("opening", 4, "Хорошо")]
    # Carried over: the person, their language. Ended: star, question, rating; news is new.
    user = await store.users.get(PERSON)
    assert user is not None and user.language == "ru"
    assert await store.programme.starred_sessions(PERSON) == []
    assert await store.questions.ask("opening", PERSON, "?", NOW)  # the table works on
    assert await store.feedback.answer(PERSON, "opening") is None
    assert (await store.programme.posts(0, 10, NOW))[1] == 0
    assert len(await store.programme.search("chat")) == 0


async def test_a_reimport_of_the_same_forum_opens_no_edition(store: Store) -> None:
    await fill_the_edition(store)
    await store.programme.replace(load_programme(MINI), str(MINI), IMPORTED_AT, new_edition=True)
    assert await store.editions.past() == []
    assert [s.id for s in await store.programme.starred_sessions(PERSON)] == ["rt1"]
