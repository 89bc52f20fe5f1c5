"""Editions: /archive (past editions, their programme days, news and summary, read-only,
for everyone) and the new edition's welcome-back message (/welcomeback, organisers only;
also offered right after an edition opens, see handlers/dataimport.py)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.editions import (
    render_archive,
    render_archive_day,
    render_archive_edition,
    render_archive_post,
    render_archive_posts,
)
from forumbot.runtime import editions
from forumbot.store.editions import Edition
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    organiser_args,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)

logger = logging.getLogger(__name__)


async def archive_view(update: Update, context: ForumContext) -> View:
    ctx = await render_ctx(update, context)
    return render_archive(ctx, await context.services.store.editions.past())


async def archive(update: Update, context: ForumContext) -> None:
    """/archive — the past editions of the forum."""
    await send(update, context, await archive_view(update, context))


async def _edition(update: Update, context: ForumContext) -> tuple[Edition, tuple] | None:
    """The past edition a button names (and its other fields), or None once answered."""
    args = await callback_args(update, context)
    if args is None:
        return None
    edition = await context.services.store.editions.get(int(args[0]))
    if edition is None:
        await say(update, context, "stale_button")
        return None
    await query_of(update).answer()
    return edition, args[1:]


async def on_archive(update: Update, context: ForumContext) -> None:
    """arc — back to the list of past editions."""
    if await callback_args(update, context) is None:
        return
    await query_of(update).answer()
    await edit(update, context, await archive_view(update, context))


async def on_edition(update: Update, context: ForumContext) -> None:
    """arce:<n> — one past edition: its days, news and summary."""
    found = await _edition(update, context)
    if found is None:
        return
    edition, _ = found
    repo = context.services.store.editions
    days = await repo.days(edition.n)
    news = len(await repo.posts(edition.n, "news"))
    summaries = len(await repo.posts(edition.n, "summary"))
    ctx = await render_ctx(update, context)
    await edit(update, context, render_archive_edition(ctx, edition, days, news, summaries))


async def on_day(update: Update, context: ForumContext) -> None:
    """arcd:<n>:<YYYYMMDD>[:<page>] — a page of one day of a past edition's programme."""
    found = await _edition(update, context)
    if found is None:
        return
    edition, (date_text, *page) = found
    repo = context.services.store.editions
    days = {f"{d[0]:%Y%m%d}": d for d in await repo.days(edition.n)}
    if date_text not in days:  # not a day of that edition (a forged button)
        await edit(update, context, await archive_view(update, context))
        return
    day = days[date_text]
    sessions = await repo.sessions_on(edition.n, day[0])
    ctx = await render_ctx(update, context)
    view = render_archive_day(ctx, edition, day, sessions, int(page[0]) if page else 0)
    await edit(update, context, view)


async def on_posts(update: Update, context: ForumContext) -> None:
    """arcn:<n>:<news|summary>[:<page>] — a page of a past edition's news, or summaries."""
    found = await _edition(update, context)
    if found is None:
        return
    edition, (kind, *page) = found
    posts = await context.services.store.editions.posts(edition.n, kind)
    ctx = await render_ctx(update, context)
    view = render_archive_posts(ctx, edition, kind, posts, int(page[0]) if page else 0)
    await edit(update, context, view)


async def on_post(update: Update, context: ForumContext) -> None:
    """arcp:<n>:<post> — one post of a past edition, in full."""
    found = await _edition(update, context)
    if found is None:
        return
    edition, (post_n,) = found
    post = await context.services.store.editions.post(edition.n, int(post_n))
    ctx = await render_ctx(update, context)
    if post is None:
        await edit(update, context, await archive_view(update, context))
        return
    await edit(update, context, render_archive_post(ctx, edition, post))


async def welcome_back(update: Update, context: ForumContext) -> None:
    """/welcomeback — the new edition's welcome-back message, its count, and the send button."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    ctx = await render_ctx(update, context)
    await send(update, context, await editions.welcome_ask(svc.store, svc.delivery, ctx))


async def on_welcome(update: Update, context: ForumContext) -> None:
    """welc:send|skip — send the welcome-back message (once per edition), or not now."""
    args = await organiser_args(update, context)
    if args is None:
        return
    svc = context.services
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    if args[0] == "skip":
        await edit(update, context, View(ctx.t("edition_welcome_skipped")))
        return
    actor = user_id_of(update)
    count = await editions.send_welcome(
        svc.store, svc.delivery, svc.catalogs, svc.clock.now(), actor, svc.bot_username
    )
    if count is None:
        await edit(update, context, View(ctx.t("edition_welcome_already")))
        return
    logger.info("Organiser %s sent the welcome-back message to %d subscribers", actor, count)
    await edit(update, context, View(ctx.t("edition_welcome_sent", count=count)))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("archive", archive))
    app.add_handler(CommandHandler("welcomeback", welcome_back))
    app.add_handler(CallbackQueryHandler(on_archive, pattern=pattern("arc")))
    app.add_handler(CallbackQueryHandler(on_edition, pattern=pattern("arce")))
    app.add_handler(CallbackQueryHandler(on_day, pattern=pattern("arcd")))
    app.add_handler(CallbackQueryHandler(on_posts, pattern=pattern("arcn")))
    app.add_handler(CallbackQueryHandler(on_post, pattern=pattern("arcp")))
    app.add_handler(CallbackQueryHandler(on_welcome, pattern=pattern("welc")))
