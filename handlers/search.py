"""/search words, the menu's search button, and plain text treated as a search."""

from __future__ import annotations

import dataclasses
import datetime as dt

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from forumbot.render.callbacks import pattern, words_of
from forumbot.render.context import RenderCtx, View
from forumbot.render.search import render_results, render_search_prompt
from handlers import menu
from handlers.cards import open_session, with_my_stars
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    message_of,
    query_of,
    render_ctx,
    say,
    send,
    shared_view,
)

MAX_QUERY = 200


async def run_search(update: Update, context: ForumContext, query: str) -> None:
    """The results, the same for everyone who searches these words in this language."""
    query = " ".join(query.split())[:MAX_QUERY]
    if not query:
        await send(update, context, render_search_prompt(await render_ctx(update, context)))
        return
    await send(update, context, await _results(update, context, query))


async def _results(update: Update, context: ForumContext, query: str) -> View:
    async def render(ctx: RenderCtx, now: dt.datetime) -> View:
        repo = context.services.store.programme
        found = await repo.search(query)
        out = [p for p in found.posts if p.published <= now]  # as /news: not before its date
        found = dataclasses.replace(found, posts=out)
        close = await repo.suggest(query) if not len(found) else []  # a typo, perhaps
        return render_results(ctx, query, found, close, now)

    # Rendered per minute: a post dated later joins the results when it is out.
    view = await shared_view(update, context, ("search", query), render, timed=True)
    assert view is not None
    return await with_my_stars(update, context, view)


async def on_session(update: Update, context: ForumContext) -> None:
    """A session card opened from search results; "back" shows the results again."""
    args = await callback_args(update, context)
    if args is None:
        return
    token, session_id = args
    await open_session(update, context, session_id, back_to=("srat", token, session_id))


async def on_back(update: Update, context: ForumContext) -> None:
    """Back from a card to the results of the same words, as they are now."""
    args = await callback_args(update, context)
    if args is None:
        return
    words = words_of(args[0])
    if not words or len(words) > MAX_QUERY:
        await say(update, context, "stale_button")
        return
    await query_of(update).answer()
    await edit(update, context, await _results(update, context, words))


async def search(update: Update, context: ForumContext) -> None:
    """Search sessions, speakers and posts for the words after /search."""
    await run_search(update, context, " ".join(context.args or []))


async def plain_text(update: Update, context: ForumContext) -> None:
    """Text that is not a command is a search."""
    await run_search(update, context, message_of(update).text or "")


async def search_button(update: Update, context: ForumContext) -> None:
    """The menu's search button: ask for words."""
    await send(update, context, render_search_prompt(await render_ctx(update, context)))


def register(app: Application) -> None:
    menu.add(app, "search", search_button)
    app.add_handler(CommandHandler("search", search))
    app.add_handler(CallbackQueryHandler(on_session, pattern=pattern("srs")))
    app.add_handler(CallbackQueryHandler(on_back, pattern=pattern("srat")))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, plain_text))
