"""Organiser-only commands. Who asks is checked on every call, against the settings."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CommandHandler

from forumbot.render.context import View
from forumbot.render.menu import render_status
from handlers.context import ForumContext, is_organiser, render_ctx, say, send, user_id_of


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
        "stars": await svc.store.personal.count_stars(),
        "reminders": "{sent} / {dropped}".format(
            sent=(counts := await svc.store.personal.reminder_counts()).get("sent", 0),
            dropped=counts.get("dropped", 0),
        ),
    }
    await send(update, context, render_status(ctx, facts))


async def digest_time(update: Update, context: ForumContext) -> None:
    """/digesttime HH:MM — when the daily digest goes out on each forum day."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    forum = await svc.store.programme.forum()
    ctx = await render_ctx(update, context)
    typed = " ".join(context.args or [])
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", typed):
        await send(update, context, View(ctx.t("digest_time_bad", time=forum.digest_time)))
        return
    await svc.store.programme.set_digest_time(typed)
    await svc.store.staff.audit(user_id_of(update), "digest_time", svc.clock.now(), time=typed)
    zone = ctx.zone_note(svc.clock.now())
    await send(update, context, View(ctx.t("digest_time_set", time=typed, zone=zone)))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("status", status))
    app.add_handler(CommandHandler("digesttime", digest_time))
