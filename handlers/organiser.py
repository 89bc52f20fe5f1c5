"""Organiser-only commands. Who asks is checked on every call, against the settings."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from forumbot.render.menu import render_status
from handlers.context import ForumContext, is_organiser, render_ctx, say, send


async def status(update: Update, context: ForumContext) -> None:
    """The programme in service, the number of participants, the bot's clock."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")  # the same answer as any unknown command
        return
    svc = context.services
    repo = svc.store.programme
    ctx = await render_ctx(update, context)
    days = await repo.days()
    _, speakers = await repo.speakers_page("en", 0, 0)
    now = ctx.local(svc.clock.now())
    facts = {
        "source": await repo.meta("source") or "—",
        "imported_at": await repo.meta("imported_at") or "—",
        "sessions": sum(count for _, count in days),
        "speakers": speakers,
        "users": await svc.store.users.count(),
        "clock": f"{now:%Y-%m-%d %H:%M} ({ctx.forum.timezone})",
    }
    await send(update, context, render_status(ctx, facts))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("status", status))
