"""/programme (/agenda): days → a day's sessions → a session card."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.context import RenderCtx, View
from forumbot.render.programme import (
    parse_day_code,
    render_day,
    render_days,
    render_session,
    with_star,
)
from forumbot.rules.filters import facets
from forumbot.rules.now import day_page
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    render_ctx,
    say,
    send,
    shared_view,
)


async def days_view(update: Update, context: ForumContext) -> View:
    """The list of days, the same for everyone who reads this language."""
    store = context.services.store

    async def render(ctx: RenderCtx, now: dt.datetime) -> View:
        filters = bool(await facets(store.filters))
        return render_days(ctx, await store.programme.days(), filters)

    view = await shared_view(update, context, ("days",), render)
    assert view is not None
    return view


async def programme(update: Update, context: ForumContext) -> None:
    """Show the list of the forum's days."""
    await send(update, context, await days_view(update, context))


async def on_days(update: Update, context: ForumContext) -> None:
    """Back to the list of days."""
    view = await days_view(update, context)
    await update.callback_query.answer()
    await edit(update, context, view)


async def on_day(update: Update, context: ForumContext) -> None:
    """A page of one day's sessions (day:), or the page holding a session (dayat:)."""
    args = await callback_args(update, context)
    if args is None:
        return
    repo = context.services.store.programme

    async def render(ctx: RenderCtx, now: dt.datetime) -> View | None:
        day = parse_day_code(args[0])
        days = [d for d, _ in await repo.days()]
        dates = [d.date for d in days]
        if day not in dates:
            return None
        i = dates.index(day)
        if update.callback_query.data.startswith("dayat:"):
            listing = await day_page(repo, day, at_session=args[1])
        else:
            listing = await day_page(repo, day, page=int(args[1]))
        neighbours = (dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None)
        return render_day(ctx, days[i], listing, await repo.rooms(), now, neighbours)

    key = ("day", update.callback_query.data)
    view = await shared_view(update, context, key, render, timed=True)
    if view is None:
        await say(update, context, "stale_button")
        return
    await update.callback_query.answer()
    await edit(update, context, view)


async def shared_card(
    update: Update, context: ForumContext, session_id: str, from_speaker=None, back_to=None
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
        return render_session(
            ctx, session, rooms, people, now, from_speaker, None, organiser, back_to
        )

    key = ("card", session_id, from_speaker, back_to, organiser)
    return await shared_view(update, context, key, render, timed=True)


async def session_view(
    update: Update, context: ForumContext, session_id: str, from_speaker=None, back_to=None
) -> View | None:
    """The session card with this reader's star, or None when the session is gone."""
    card = await shared_card(update, context, session_id, from_speaker, back_to)
    if card is None:
        return None
    personal = context.services.store.personal
    starred = await personal.is_starred(update.effective_chat.id, session_id)
    return with_star(await render_ctx(update, context), card, session_id, starred)


async def show_session(update: Update, context: ForumContext, session_id: str) -> None:
    """Send a session card as a new message (deep links, search)."""
    view = await session_view(update, context, session_id)
    if view is None:
        await say(update, context, "session_gone")
    else:
        await send(update, context, view)


async def on_session(update: Update, context: ForumContext) -> None:
    """A session card, in place of the list it was opened from."""
    args = await callback_args(update, context)
    if args is None:
        return
    from_speaker = args[1] if update.callback_query.data.startswith("sesp:") else None
    view = await session_view(update, context, args[0], from_speaker)
    if view is None:
        await say(update, context, "session_gone")
        return
    await update.callback_query.answer()
    await edit(update, context, view)


def register(app: Application) -> None:
    app.add_handler(CommandHandler(["programme", "agenda", "program"], programme))
    app.add_handler(CallbackQueryHandler(on_days, pattern=r"^days$"))
    app.add_handler(CallbackQueryHandler(on_day, pattern=r"^day(at)?:"))
    app.add_handler(CallbackQueryHandler(on_session, pattern=r"^sesp?:"))
