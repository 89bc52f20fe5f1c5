"""/speakers: the paginated list → a speaker's card with their sessions."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View
from forumbot.render.speakers import PAGE_SIZE, pages, render_speakers
from handlers import menu
from handlers.cards import speaker_view
from handlers.context import (
    ForumContext,
    callback,
    callback_args,
    edit,
    query_of,
    say,
    send,
    shared_view,
)


async def speakers_view(update: Update, context: ForumContext, page: int) -> View:
    """A page of the speakers list, the same for everyone who reads this language."""
    repo = context.services.store.programme

    async def render(ctx: RenderCtx, now: dt.datetime) -> View:
        _, total = await repo.speakers_page(ctx.lang, 0, 0)
        shown = min(max(page, 0), pages(total) - 1)
        people, total = await repo.speakers_page(ctx.lang, shown * PAGE_SIZE, PAGE_SIZE)
        return render_speakers(ctx, people, shown, total)

    view = await shared_view(update, context, ("speakers", page), render)
    assert view is not None
    return view


async def speakers(update: Update, context: ForumContext) -> None:
    """The first page of speakers and moderators."""
    await send(update, context, await speakers_view(update, context, 0))


async def on_speakers_page(update: Update, context: ForumContext) -> None:
    """Another page of the speakers list."""
    args = await callback_args(update, context)
    if args is None:
        return
    await query_of(update).answer()
    await edit(update, context, await speakers_view(update, context, int(args[0])))


async def on_speaker(update: Update, context: ForumContext) -> None:
    """A speaker card, opened from the list (spk) or from a session card (spks)."""
    decoded = await callback(update, context)
    if decoded is None:
        return
    args = decoded.args
    back = ("ses", args[1]) if decoded.action == "spks" else ("spkl", args[1])
    view = await speaker_view(update, context, args[0], back)
    if view is None:
        await say(update, context, "speaker_gone")
        return
    await query_of(update).answer()
    await edit(update, context, view)


def register(app: Application) -> None:
    menu.add(app, "speakers", speakers)
    app.add_handler(CommandHandler("speakers", speakers))
    app.add_handler(CallbackQueryHandler(on_speakers_page, pattern=pattern("spkl")))
    app.add_handler(CallbackQueryHandler(on_speaker, pattern=pattern("spk", "spks")))
