"""/news: posts newest first, the post-event summary among them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.callbacks import pattern
from forumbot.render.news import NEWS_PAGE, render_news, render_post
from forumbot.render.speakers import pages
from handlers import menu
from handlers.context import ForumContext, callback_args, edit, query_of, render_ctx, say, send


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
    await edit(update, context, render_post(ctx, post, int(args[1])))


def register(app: Application) -> None:
    menu.add(app, "news", news)
    app.add_handler(CommandHandler("news", news))
    app.add_handler(CallbackQueryHandler(on_news_page, pattern=pattern("news")))
    app.add_handler(CallbackQueryHandler(on_post, pattern=pattern("post")))
