"""/programme (/agenda): days → a day's sessions → a session card."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.agenda import day_page
from forumbot.filters import facets
from forumbot.render.programme import parse_day_code, render_day, render_days, render_session
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    render_ctx,
    say,
    send,
)


async def programme(update: Update, context: ForumContext) -> None:
    """Show the list of the forum's days."""
    ctx = await render_ctx(update, context)
    store = context.services.store
    filters = bool(await facets(store.filters))
    await send(update, context, render_days(ctx, await store.programme.days(), filters))


async def on_days(update: Update, context: ForumContext) -> None:
    """Back to the list of days."""
    ctx = await render_ctx(update, context)
    store = context.services.store
    filters = bool(await facets(store.filters))
    await update.callback_query.answer()
    await edit(update, context, render_days(ctx, await store.programme.days(), filters))


async def on_day(update: Update, context: ForumContext) -> None:
    """A page of one day's sessions (day:), or the page holding a session (dayat:)."""
    args = await callback_args(update, context)
    if args is None:
        return
    day = parse_day_code(args[0])
    repo = context.services.store.programme
    days = [d for d, _ in await repo.days()]
    dates = [d.date for d in days]
    if day not in dates:
        await say(update, context, "stale_button")
        return
    i = dates.index(day)
    if update.callback_query.data.startswith("dayat:"):
        listing = await day_page(repo, day, at_session=args[1])
    else:
        listing = await day_page(repo, day, page=int(args[1]))
    neighbours = (dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None)
    ctx = await render_ctx(update, context)
    now = context.services.clock.now()
    view = render_day(ctx, days[i], listing, await repo.rooms(), now, neighbours)
    await update.callback_query.answer()
    await edit(update, context, view)


async def session_view(
    update: Update, context: ForumContext, session_id: str, from_speaker=None, back_to=None
):
    """The session card, or None when the session is no longer in the programme."""
    repo = context.services.store.programme
    session = await repo.session(session_id)
    if session is None:
        return None
    people = await repo.speakers((*session.moderator_ids, *session.speaker_ids))
    ctx = await render_ctx(update, context)
    svc = context.services
    now = svc.clock.now()
    starred = await svc.store.personal.is_starred(update.effective_chat.id, session_id)
    organiser = await is_organiser(update, context)
    return render_session(
        ctx, session, await repo.rooms(), people, now, from_speaker, starred, organiser, back_to
    )


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
