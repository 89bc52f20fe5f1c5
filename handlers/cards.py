"""The cards more than one area opens: a session card (with the reader's star) and a
speaker card, rendered once for everyone who reads them (handlers.context.shared_view)."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from forumbot.render.checkin import with_checkin
from forumbot.render.context import RenderCtx, View
from forumbot.render.programme import render_session, with_star
from forumbot.render.speakers import render_speaker
from forumbot.render.stars import with_stars
from handlers.context import (
    ForumContext,
    chat_id_of,
    edit,
    is_organiser,
    query_of,
    render_ctx,
    say,
    send,
    shared_view,
)

BackTo = tuple[str, ...] | None  # where the card's "back" leads, when not to its day


async def shared_card(
    update: Update, context: ForumContext, session_id: str, back_to: BackTo = None
) -> View | None:
    """The session card without a star, as everyone (organisers: every organiser) sees it in
    this minute; None when the session is no longer in the programme."""
    organiser = await is_organiser(update, context)
    repo = context.services.store.programme

    async def render(ctx: RenderCtx, now: dt.datetime) -> View | None:
        session = await repo.session(session_id)
        if session is None:
            return None
        people = await repo.speakers((*session.moderator_ids, *session.speaker_ids))
        rooms = await repo.rooms()
        return render_session(ctx, session, rooms, people, now, None, None, organiser, back_to)

    key = ("card", session_id, back_to, organiser)
    card = await shared_view(update, context, key, render, timed=True)
    return await _round_table(update, context, card, session_id, organiser)


async def _round_table(
    update: Update, context: ForumContext, card: View | None, session_id: str, organiser: bool
) -> View | None:
    """The card with "I'm here" while the session is on and, for organisers, the count of
    those who said so (read now: it moves faster than the shared card)."""
    store = context.services.store
    session = await store.programme.session(session_id) if card is not None else None
    if card is None or session is None:
        return card
    present = await store.presence.count(session_id) if organiser else None
    ctx = await render_ctx(update, context)
    return with_checkin(ctx, card, session, context.services.clock.now(), present)


async def session_view(
    update: Update, context: ForumContext, session_id: str, back_to: BackTo = None
) -> View | None:
    """The session card with this reader's star, or None when the session is gone."""
    card = await shared_card(update, context, session_id, back_to)
    if card is None:
        return None
    personal = context.services.store.personal
    starred = await personal.is_starred(chat_id_of(update), session_id)
    return with_star(await render_ctx(update, context), card, session_id, starred, back_to)


async def open_session(
    update: Update, context: ForumContext, session_id: str, back_to: BackTo = None
) -> None:
    """A session card in place of the list whose button was pressed ("back" leads to
    ``back_to``), or "session gone"."""
    view = await session_view(update, context, session_id, back_to)
    if view is None:
        await say(update, context, "session_gone")
        return
    await query_of(update).answer()
    await edit(update, context, view)


async def with_my_stars(update: Update, context: ForumContext, view: View) -> View:
    """A list rendered for everyone, with ⭐ on the buttons of this reader's sessions (in a
    group nobody's: the group stars nothing)."""
    starred = await context.services.store.personal.starred(chat_id_of(update))
    return with_stars(view, starred)


async def show_session(update: Update, context: ForumContext, session_id: str) -> None:
    """Send a session card as a new message (deep links, search)."""
    view = await session_view(update, context, session_id)
    if view is None:
        await say(update, context, "session_gone")
    else:
        await send(update, context, view)


async def speaker_view(
    update: Update, context: ForumContext, speaker_id: str, back: tuple
) -> View | None:
    """A speaker's card (None: gone), the same for everyone who reads this language."""
    repo = context.services.store.programme

    async def render(ctx: RenderCtx, now: dt.datetime) -> View | None:
        person = await repo.speaker(speaker_id)
        if person is None:
            return None
        return render_speaker(ctx, person, await repo.sessions_of(speaker_id), back)

    view = await shared_view(update, context, ("speaker", speaker_id, back), render)
    return None if view is None else await with_my_stars(update, context, view)


async def show_speaker(update: Update, context: ForumContext, speaker_id: str) -> None:
    """Send a speaker card as a new message (deep links)."""
    view = await speaker_view(update, context, speaker_id, ("spkl", 0))
    if view is None:
        await say(update, context, "speaker_gone")
    else:
        await send(update, context, view)
