"""/programme (/agenda): days → a day's sessions → a session card."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View
from forumbot.render.hidden import with_hidden
from forumbot.render.programme import parse_day_code, render_day, render_days
from forumbot.rules.filters import facets
from forumbot.rules.hidden import Sieve
from forumbot.rules.now import day_page
from handlers import menu
from handlers.cards import open_session, with_my_stars
from handlers.context import (
    ForumContext,
    callback,
    edit,
    query_of,
    say,
    send,
    shared_view,
    sifted_view,
)


async def days_view(update: Update, context: ForumContext) -> View:
    """The list of days, the same for everyone who reads this language."""
    store = context.services.store

    async def render(ctx: RenderCtx, now: dt.datetime) -> View:
        return render_days(ctx, await store.programme.days(), await facets(store.filters))

    view = await shared_view(update, context, ("days",), render)
    assert view is not None
    return view


async def programme(update: Update, context: ForumContext) -> None:
    """Show the list of the forum's days."""
    await send(update, context, await days_view(update, context))


async def on_days(update: Update, context: ForumContext) -> None:
    """Back to the list of days."""
    view = await days_view(update, context)
    await query_of(update).answer()
    await edit(update, context, view)


async def on_day(update: Update, context: ForumContext) -> None:
    """A page of one day's sessions (day:), or the page holding a session (dayat:)."""
    decoded = await callback(update, context)
    if decoded is None:
        return
    args = decoded.args
    repo = context.services.store.programme

    async def render(ctx: RenderCtx, now: dt.datetime, sieve: Sieve | None) -> View | None:
        day = parse_day_code(args[0])
        days = [d for d, _ in await repo.days()]
        dates = [d.date for d in days]
        if day not in dates:
            return None
        i = dates.index(day)
        at, page = (args[1], 0) if decoded.action == "dayat" else (None, int(args[1]))
        left_out = 0
        if sieve is None:
            listing = await day_page(repo, day, page, at_session=at)
        else:
            listing, left_out = sieve.page(await repo.sessions_on(day), page, at)
        neighbours = (dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None)
        view = render_day(ctx, days[i], listing, await repo.rooms(), now, neighbours)
        return with_hidden(ctx, view, left_out)

    key = ("day", decoded.action, *args)
    view = await sifted_view(update, context, key, render, timed=True)
    if view is None:
        await say(update, context, "stale_button")
        return
    await query_of(update).answer()
    await edit(update, context, await with_my_stars(update, context, view))


async def on_session(update: Update, context: ForumContext) -> None:
    """A session card, in place of the list it was opened from."""
    decoded = await callback(update, context)
    if decoded is None:
        return
    session_id = decoded.args[0]
    back_to = ("spks", decoded.args[1], session_id) if decoded.action == "sesp" else None
    await open_session(update, context, session_id, back_to)


def register(app: Application) -> None:
    menu.add(app, "programme", programme)
    app.add_handler(CommandHandler(["programme", "agenda", "program"], programme))
    app.add_handler(CallbackQueryHandler(on_days, pattern=pattern("days")))
    app.add_handler(CallbackQueryHandler(on_day, pattern=pattern("day", "dayat")))
    app.add_handler(CallbackQueryHandler(on_session, pattern=pattern("ses", "sesp")))
