"""Polls at round tables, the core side: who may run one, who gets it (those present and
those who starred the session, each in their language, through the delivery engine), and the
results. The handlers call these; the Mini App console can too (``poll_results``,
``results_csv``); the forum's channel gets a poll through a hook (``ChannelHook``).

Why inline-button polls, not Telegram's native ones: a native poll sent to N people is N
polls whose results must be summed and each stopped (``stopPoll``); an anonymous one reports
only through ``poll`` updates, and ``poll_answer`` (who chose what, needed to keep one answer
per person across those N polls) comes only for non-anonymous polls, which channels refuse;
its question and answers are one language for everyone. Inline buttons give one poll in the
store, one answer per person (changeable until closed), counts read at once, close = one
row, and each person's message in their language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import aiosqlite

from forumbot.infra.i18n import Catalogs
from forumbot.models import Forum, Session
from forumbot.render.context import RenderCtx, View
from forumbot.render.polls import render_poll_message, render_results
from forumbot.rules.polls import Poll, Results, results_csv
from forumbot.store import Store
from forumbot.store.polls import create_poll

# Called once a poll has gone to the participants: the forum channel's poster
# (forumbot/runtime/channel.py, ChannelPoster.post_poll) when the organiser chose the channel.
ChannelHook = Callable[[Poll, Session], Awaitable[None]]

__all__ = [
    "ChannelHook",
    "audience",
    "may_run",
    "poll_results",
    "results_csv",
    "results_view",
    "start_poll",
]


async def may_run(store: Store, session: Session, chat_id: int, organiser: bool) -> bool:
    """Organisers, and the session's moderators (by Telegram id), may run its polls."""
    return organiser or chat_id in await store.questions.moderators(session.id)


async def audience(store: Store, session_id: str) -> dict[int, str]:
    """Active people present at the session or who starred it -> their language."""
    people = await store.presence.present(session_id)
    people |= set(await store.personal.stargazers([session_id]))
    return await store.users.languages(sorted(people))


async def start_poll(
    store: Store,
    delivery,  # DeliveryService (create_personal)
    catalogs: Catalogs,
    forum: Forum,
    session: Session,
    question: str,
    options: tuple[str, ...],
    multiple: bool,
    *,
    by: int,
    now: dt.datetime,
    bot_username: str | None = None,
    channel: ChannelHook | None = None,
) -> tuple[Poll, int]:
    """Create the poll and queue one message per person in their language; the poll and
    how many it goes to."""
    async with store.db.transaction() as conn:
        poll_id = await create_poll(conn, session.id, question, options, multiple, by, now)
    poll = await store.polls.get(poll_id)
    assert poll is not None
    people = await audience(store, session.id)
    rows = [
        render_poll_message(
            RenderCtx(lang, catalogs, forum, bot_username), poll, session
        ).personal(chat_id, lang)
        for chat_id, lang in people.items()
    ]

    async def sent(conn: aiosqlite.Connection, broadcast_id: int) -> None:
        await conn.execute(
            "UPDATE polls SET broadcast_id = ? WHERE id = ?", (broadcast_id, poll_id)
        )

    if rows:
        await delivery.create_personal("poll", rows, sent)
    if channel is not None:
        await channel(poll, session)
    return poll, len(rows)


async def poll_results(store: Store, poll_id: int) -> Results | None:
    """A poll's results now: for the chat's results view and the Mini App console."""
    return await store.polls.results(poll_id)


async def results_view(
    store: Store, ctx: RenderCtx, poll_id: int, now: dt.datetime
) -> View | None:
    """The results as organisers and moderators see them (None: the poll or its session is
    gone)."""
    results = await poll_results(store, poll_id)
    session = await store.programme.session(results.poll.session_id) if results else None
    if results is None or session is None:
        return None
    return render_results(ctx, results, session, now)
