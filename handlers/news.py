"""/news: posts newest first, the post-event summary among them. An organiser sees edit and
delete on the card of a post from the chat; delete asks once, naming where it disappears
from (and from how many chats, for a summary already sent)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.delivery.models import Broadcast
from forumbot.render.callbacks import pattern
from forumbot.render.context import View, keyboard
from forumbot.render.news import NEWS_PAGE, render_news
from forumbot.render.post import render_delete_confirm, render_post_card
from forumbot.render.speakers import pages
from handlers import menu
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


async def news_view(update: Update, context: ForumContext, page: int):
    ctx = await render_ctx(update, context)
    repo = context.services.store.programme
    now = context.services.clock.now()
    _, total = await repo.posts(0, 0, until=now)
    page = min(max(page, 0), pages(total, NEWS_PAGE) - 1)
    posts, total = await repo.posts(page * NEWS_PAGE, NEWS_PAGE, until=now)
    return render_news(ctx, posts, page, total)


async def news(update: Update, context: ForumContext) -> None:
    """The newest posts."""
    await send(update, context, await news_view(update, context, 0))


async def on_news_page(update: Update, context: ForumContext) -> None:
    """Another page of the news."""
    args = await callback_args(update, context)
    if args is None:
        return
    await query_of(update).answer()
    await edit(update, context, await news_view(update, context, int(args[0])))


async def on_post(update: Update, context: ForumContext) -> None:
    """One post, in full."""
    args = await callback_args(update, context)
    if args is None:
        return
    post = await context.services.store.programme.post(args[0])
    if post is None or post.published > context.services.clock.now():  # not out yet
        await say(update, context, "post_gone")
        return
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    organiser = await is_organiser(update, context)
    from_chat = await context.services.store.posts.from_chat(post.id)
    await edit(update, context, render_post_card(ctx, post, int(args[1]), organiser, from_chat))


async def _retraction(context: ForumContext, post_id: str) -> tuple[int | None, Broadcast | None]:
    """The summary's broadcast, and how many chats have it (sent, or maybe sent)."""
    delivery = context.services.delivery
    broadcast_id = await context.services.store.posts.broadcast_of(post_id)
    if broadcast_id is None or delivery is None:
        return None, None
    broadcast = await delivery.outbox.get(broadcast_id)
    report = await delivery.outbox.report(broadcast_id)
    return (report.sent + report.unknown if report else 0), broadcast


async def on_delete(update: Update, context: ForumContext) -> None:
    """pdel:<post>:<page> — an organiser: what deleting does, asked once."""
    args = await organiser_args(update, context)
    if args is None:
        return
    post = await context.services.store.programme.post(args[0])
    if post is None or not await context.services.store.posts.from_chat(post.id):
        await say(update, context, "post_gone")
        return
    reached, broadcast = await _retraction(context, post.id)
    scheduled = broadcast is not None and broadcast.active
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    view = render_delete_confirm(ctx, post, int(args[1]), 0 if scheduled else reached or 0,
                                 scheduled)  # fmt: skip
    await edit(update, context, view)


async def on_delete_confirmed(update: Update, context: ForumContext) -> None:
    """pdelok:<post> — gone from /news and search; a summary's broadcast withdrawn from the
    chats it reached (or its scheduled sending cancelled). Audited."""
    args = await organiser_args(update, context)
    if args is None:
        return
    svc = context.services
    _, broadcast = await _retraction(context, args[0])
    post = await svc.store.programme.post(args[0])
    if post is None or not await svc.store.posts.delete(args[0]):
        await say(update, context, "post_gone_already")
        return
    by, now = user_id_of(update), svc.clock.now()
    if broadcast is not None and svc.delivery is not None:
        if broadcast.active:
            await svc.delivery.cancel(broadcast.id)
        elif broadcast.status == "done":
            await svc.delivery.withdraw(broadcast.id, by)
    await svc.store.staff.audit(by, "post_deleted", now, post=args[0], title=post.title)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, View(ctx.t("post_deleted"), keyboard([ctx.back("news", 0)])))


def register(app: Application) -> None:
    menu.add(app, "news", news)
    app.add_handler(CommandHandler("news", news))
    app.add_handler(CallbackQueryHandler(on_news_page, pattern=pattern("news")))
    app.add_handler(CallbackQueryHandler(on_post, pattern=pattern("post")))
    app.add_handler(CallbackQueryHandler(on_delete, pattern=pattern("pdel")))
    app.add_handler(CallbackQueryHandler(on_delete_confirmed, pattern=pattern("pdelok")))
