"""Hiding tracks or kinds (from /settings): a toggle per track and kind of the programme."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.hidden import render_hide
from handlers.context import (
    ForumContext,
    callback,
    chat_id_of,
    current_user,
    edit,
    query_of,
    render_ctx,
    say,
    send,
)


async def _choices(context: ForumContext) -> tuple[list[str], list[str]]:
    """The programme's tracks and kinds, in the order the screen shows them."""
    store = context.services.store
    return [t for t, _ in await store.filters.values("track")], await store.hidden.kinds()


async def _view(update: Update, context: ForumContext) -> View:
    tracks, kinds = await _choices(context)
    hidden = await context.services.store.hidden.of(chat_id_of(update))
    return render_hide(await render_ctx(update, context), tracks, kinds, hidden)


async def on_hide(update: Update, context: ForumContext) -> None:
    """The screen, in place of the settings (or as a new message, from a shortened list)."""
    decoded = await callback(update, context)
    if decoded is None:
        return
    await query_of(update).answer()
    view = await _view(update, context)
    if decoded.args:
        await send(update, context, view)
    else:
        await edit(update, context, view)


async def on_toggle(update: Update, context: ForumContext) -> None:
    """Hide one track or kind, or show it again; the toast says which."""
    decoded = await callback(update, context)
    if decoded is None:
        return
    facet = "track" if decoded.action == "hidet" else "kind"
    values = (await _choices(context))[0 if facet == "track" else 1]
    index = int(decoded.args[0])
    if index >= len(values):
        await say(update, context, "stale_button")
        return
    await current_user(update, context)  # the person exists before what they hide
    value = values[index]
    now_hidden = await context.services.store.hidden.toggle(chat_id_of(update), facet, value)
    ctx = await render_ctx(update, context)
    name = value if facet == "track" else ctx.label("kind_" + value)
    await query_of(update).answer(ctx.label("hide_on" if now_hidden else "hide_off", name=name))
    await edit(update, context, await _view(update, context))


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_hide, pattern=pattern("hide")))
    app.add_handler(CallbackQueryHandler(on_toggle, pattern=pattern("hidet", "hidek")))
