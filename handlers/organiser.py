"""Organiser-only commands. Who asks is checked on every call, against the settings."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, CommandHandler

from forumbot.infra.timeutil import clock_time, impossible_time
from forumbot.render.audit import when
from forumbot.render.context import RenderCtx, View
from forumbot.render.menu import render_status
from forumbot.render.stats import render_stats
from handlers.context import ForumContext, is_organiser, render_ctx, say, send, user_id_of

ACTIVE_WITHIN = dt.timedelta(hours=24)  # "active": seen by the bot this recently


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
    facts = {
        "source": await repo.meta("source") or "—",
        "imported_at": _in_words(ctx, await repo.meta("imported_at")),
        "sessions": sum(count for _, count in days),
        "speakers": speakers,
        "users": await svc.store.users.count(),
        "clock": f"{when(ctx, svc.clock.now())}, {ctx.zone_label(svc.clock.now())}",
        "stars": await svc.store.personal.count_stars(),
        "reminders": "{sent} / {dropped}".format(
            sent=(counts := await svc.store.personal.reminder_counts()).get("sent", 0),
            dropped=counts.get("dropped", 0),
        ),
    }
    await send(update, context, render_status(ctx, facts))


def _in_words(ctx: RenderCtx, stamp: str | None) -> str:
    """A stored moment (ISO, UTC) as the forum's date and time in words; "—" when none."""
    if not stamp:
        return "—"
    return when(ctx, dt.datetime.fromisoformat(stamp))


async def digest_time(update: Update, context: ForumContext) -> None:
    """/digesttime HH:MM — when the daily digest goes out on each forum day."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    forum = await svc.store.programme.forum()
    ctx = await render_ctx(update, context)
    written = " ".join(context.args or [])
    typed = clock_time(written)
    if typed is None:
        wrong = impossible_time(written)
        why = [ctx.t("no_such_clock_time", time=wrong)] if wrong else []
        text = "\n".join([*why, ctx.t("digest_time_bad", time=forum.digest_time)])
        await send(update, context, View(text))
        return
    await svc.store.programme.set_digest_time(typed)
    await svc.store.staff.audit(user_id_of(update), "digest_time", svc.clock.now(), time=typed)
    zone = ctx.zone_label(svc.clock.now())
    await send(update, context, View(ctx.t("digest_time_set", time=typed, zone=zone)))


async def stats(update: Update, context: ForumContext) -> None:
    """/stats — participants by language, topic and role, active and blocked, and the sessions
    starred most (which hall will be crowded)."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    now = svc.clock.now()
    ctx = await render_ctx(update, context)  # the asker is seen now, too
    await svc.store.users.flush_seen()  # who wrote in the last minute counts
    people = await svc.store.stats.participants(now - ACTIVE_WITHIN)
    top = await svc.store.stats.most_starred()
    sessions = await svc.store.programme.sessions_by_ids([sid for sid, _ in top])
    starred = [(sessions[sid], n) for sid, n in top if sid in sessions]
    rooms = await svc.store.programme.rooms()
    roles = list((await svc.store.roles.counts()).items())
    known = {r.id: r for r in await svc.store.roles.defined()}
    await send(update, context, render_stats(ctx, people, starred, rooms, now, roles, known))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("status", status))
    app.add_handler(CommandHandler("stats", stats))
    app.add_handler(CommandHandler("digesttime", digest_time))
