"""/now and /next in the forum's zone, at the bot clock's "now"."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View
from forumbot.render.hidden import with_hidden
from forumbot.render.now import render_next, render_now
from forumbot.rules.hidden import Sieve, sift_agenda
from forumbot.rules.now import agenda_at
from handlers import menu
from handlers.cards import open_session, with_my_stars
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    pressed,
    query_of,
    render_ctx,
    send,
    sifted_view,
)


async def _view(update: Update, context: ForumContext, which: str) -> View:
    """/now or /next in this minute, the same for everyone who reads this language."""
    repo = context.services.store.programme

    async def render(ctx: RenderCtx, now: dt.datetime, sieve: Sieve | None) -> View:
        agenda, left_out = await agenda_at(repo, now), 0
        if sieve is not None:
            agenda, left_out = await sift_agenda(repo, agenda, sieve)
        renderer = render_now if which == "now" else render_next
        return with_hidden(ctx, renderer(ctx, agenda, await repo.rooms()), left_out)

    view = await sifted_view(update, context, (which,), render, timed=True)
    assert view is not None
    return await with_my_stars(update, context, view)


async def now(update: Update, context: ForumContext) -> None:
    """What is on now, and what comes next."""
    await send(update, context, await _view(update, context, "now"))


async def next_(update: Update, context: ForumContext) -> None:
    """What comes next."""
    await send(update, context, await _view(update, context, "next"))


async def on_refresh(update: Update, context: ForumContext) -> None:
    """The refresh button under /now or /next."""
    which = pressed(update).action
    if await edit(update, context, await _view(update, context, which)):
        await query_of(update).answer()
        return
    ctx = await render_ctx(update, context)  # nothing changed: say so, with the time checked
    moment = ctx.hhmm(context.services.clock.now())
    await query_of(update).answer(ctx.label("refresh_up_to_date", time=moment))


async def on_session(update: Update, context: ForumContext) -> None:
    """A session card opened from /now or /next; "back" returns there."""
    args = await callback_args(update, context)
    if args is None:
        return
    which, session_id = args
    await open_session(update, context, session_id, back_to=("nowat", which, session_id))


async def on_back(update: Update, context: ForumContext) -> None:
    """Back from a card to /now or /next, as they are this minute."""
    args = await callback_args(update, context)
    if args is None:
        return
    await query_of(update).answer()
    await edit(update, context, await _view(update, context, args[0]))


def register(app: Application) -> None:
    menu.add(app, "now", now)
    menu.add(app, "next", next_)
    app.add_handler(CommandHandler("now", now))
    app.add_handler(CommandHandler("next", next_))
    app.add_handler(CallbackQueryHandler(on_refresh, pattern=pattern("now", "next")))
    app.add_handler(CallbackQueryHandler(on_session, pattern=pattern("nows")))
    app.add_handler(CallbackQueryHandler(on_back, pattern=pattern("nowat")))
