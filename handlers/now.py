"""/now and /next in the forum's zone, at the bot clock's "now"."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.agenda import agenda_at
from forumbot.render.agenda import render_next, render_now
from handlers.context import ForumContext, edit, render_ctx, send


async def _view(update: Update, context: ForumContext, which: str):
    ctx = await render_ctx(update, context)
    repo = context.services.store.programme
    agenda = await agenda_at(repo, context.services.clock.now())
    render = render_now if which == "now" else render_next
    return render(ctx, agenda, await repo.rooms())


async def now(update: Update, context: ForumContext) -> None:
    """What is on now, and what comes next."""
    await send(update, context, await _view(update, context, "now"))


async def next_(update: Update, context: ForumContext) -> None:
    """What comes next."""
    await send(update, context, await _view(update, context, "next"))


async def on_refresh(update: Update, context: ForumContext) -> None:
    """The refresh button under /now or /next."""
    which = update.callback_query.data
    await update.callback_query.answer()
    await edit(update, context, await _view(update, context, which))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("now", now))
    app.add_handler(CommandHandler("next", next_))
    app.add_handler(CallbackQueryHandler(on_refresh, pattern=r"^(now|next)$"))
