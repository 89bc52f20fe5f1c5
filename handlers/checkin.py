"""'📍 I'm here' on the card of a running session: the person's presence is recorded once
(organisers see the count on the card; the end-of-day feedback may ask about the sessions
a person attended). Only while the session is on, checked here on the server's clock."""

from __future__ import annotations

from textwrap import shorten

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler

from forumbot.render.callbacks import pattern
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    current_user,
    query_of,
    render_ctx,
    say,
)


async def on_here(update: Update, context: ForumContext) -> None:
    """here:<id> — record that I am at this session, while it is on."""
    args = await callback_args(update, context)
    if args is None:
        return
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        await say(update, context, "here_private")
        return
    svc = context.services
    session = await svc.store.programme.session(args[0])
    if session is None:
        await say(update, context, "session_gone")
        return
    now = svc.clock.now()
    if not session.is_on(now):
        await say(update, context, "here_not_on")
        return
    await current_user(update, context)
    new = await svc.store.presence.check_in(session.id, chat_id_of(update), now)
    ctx = await render_ctx(update, context)
    key = "here_noted" if new else "here_already"
    title = shorten(ctx.plain(session.title), 80, placeholder="…")  # a toast holds 200
    await query_of(update).answer(ctx.label(key, title=title))


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_here, pattern=pattern("here")))
