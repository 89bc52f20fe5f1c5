"""The programme by track, hall or session language: facets → values → sessions → card."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from forumbot.render.callbacks import pattern
from forumbot.render.filters import render_filters, render_value_sessions, render_values
from forumbot.render.hidden import with_hidden
from forumbot.rules.filters import Facet, facet, facet_page, facets
from handlers.cards import open_session, with_my_stars
from handlers.context import (
    ForumContext,
    callback,
    callback_args,
    edit,
    query_of,
    render_ctx,
    say,
    sieve_of,
)


async def _facet(update: Update, context: ForumContext, name: str) -> Facet | None:
    """The facet a button names, or None after "out of date" (the programme changed)."""
    found = await facet(context.services.store.filters, name)
    if found is None:
        await say(update, context, "stale_button")
    return found


async def on_filters(update: Update, context: ForumContext) -> None:
    """Which way to browse: by track, by hall, by language (those the programme has)."""
    ctx = await render_ctx(update, context)
    offered = await facets(context.services.store.filters)
    await query_of(update).answer()
    if len(offered) == 1:  # one way to browse: its values at once (a button from before)
        rooms = await context.services.store.programme.rooms()
        await edit(update, context, render_values(ctx, offered[0], rooms, 0, alone=True))
        return
    await edit(update, context, render_filters(ctx, offered))


async def on_values(update: Update, context: ForumContext) -> None:
    """A page of one facet's values: the tracks, the halls or the languages."""
    args = await callback_args(update, context)
    if args is None or (found := await _facet(update, context, args[0])) is None:
        return
    ctx = await render_ctx(update, context)
    rooms = await context.services.store.programme.rooms()
    alone = len(await facets(context.services.store.filters)) == 1
    await query_of(update).answer()
    await edit(update, context, render_values(ctx, found, rooms, int(args[1]), alone))


async def on_value_sessions(update: Update, context: ForumContext) -> None:
    """A page of one value's sessions (flts:), or the page holding a session (fltat:)."""
    decoded = await callback(update, context)
    if decoded is None or (found := await _facet(update, context, decoded.args[0])) is None:
        return
    args = decoded.args
    index = int(args[1])
    value = found.value(index)
    if value is None:
        await say(update, context, "stale_button")
        return
    repo = context.services.store.filters
    at, page = (args[2], 0) if decoded.action == "fltat" else (None, int(args[2]))
    left_out = 0
    if (sieve := await sieve_of(update, context)) is None:
        listing = await facet_page(repo, found.name, value, page, at_session=at)
    else:
        every, _ = await repo.sessions_page(found.name, value, 0, -1)
        listing, left_out = sieve.page(every, page, at)
    ctx = await render_ctx(update, context)
    programme = context.services.store.programme
    now = context.services.clock.now()
    view = render_value_sessions(ctx, found, index, listing, await programme.rooms(), now)
    view = with_hidden(ctx, view, left_out)
    await query_of(update).answer()
    await edit(update, context, await with_my_stars(update, context, view))


async def on_session(update: Update, context: ForumContext) -> None:
    """A session card opened from a filtered list; "back" returns to that list."""
    args = await callback_args(update, context)
    if args is None:
        return
    name, index, session_id = args
    await open_session(update, context, session_id, back_to=("fltat", name, index, session_id))


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_filters, pattern=pattern("flt")))
    app.add_handler(CallbackQueryHandler(on_values, pattern=pattern("fltv")))
    app.add_handler(CallbackQueryHandler(on_value_sessions, pattern=pattern("flts", "fltat")))
    app.add_handler(CallbackQueryHandler(on_session, pattern=pattern("fses")))
