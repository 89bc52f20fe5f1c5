"""/post: an organiser publishes a news post or a post-event summary, in one or more
languages. It joins /news at once; a summary also goes to the summary subscribers."""

from __future__ import annotations

import itertools
import logging

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.delivery.models import Audience, Content
from forumbot.infra.i18n import Catalogs
from forumbot.models import Post
from forumbot.render.callbacks import pattern
from forumbot.render.compose import render_post_kind, render_post_preview, render_post_write
from forumbot.render.context import RenderCtx, View
from forumbot.render.html import MAX_TEXT, split_html, utf16_len
from forumbot.render.news import render_post
from forumbot.render.post import render_post_resume
from forumbot.store.drafts import PostDraft
from handlers.composer import (
    composer_conversation,
    drop_draft,
    keep_draft,
    stored_draft,
)
from handlers.context import (
    ForumContext,
    edit,
    is_organiser,
    message_of,
    pressed,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)
from handlers.midflow import leaves, let_commands_through

logger = logging.getLogger(__name__)

KIND, WRITE, CONFIRM = range(3)
MAX_TITLE = 200
_ids = itertools.count(1)


async def _allowed(update: Update, context: ForumContext) -> bool:
    """Every step checks again: an organiser removed mid-way is stopped."""
    if await is_organiser(update, context):
        return True
    await drop_draft(update, context, PostDraft.KIND)
    await say(update, context, "unknown_command")
    return False


async def start(update: Update, context: ForumContext) -> int:
    """/post: choose news or summary; a draft left for another command is offered first."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    ctx = await render_ctx(update, context)
    kept = await stored_draft(update, context, PostDraft)
    if kept is not None and kept.kind is not None:
        await send(update, context, render_post_resume(ctx, kept))
        return KIND
    await keep_draft(update, context, PostDraft())
    await send(update, context, render_post_kind(ctx))
    return KIND


async def on_resume(update: Update, context: ForumContext) -> int:
    """presume:go|new — continue the kept draft where it was, or start anew."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    await query_of(update).answer()
    if pressed(update).args[0] == "go":
        return await _ask_next(update, context, await _draft(update, context))
    await keep_draft(update, context, PostDraft())
    await edit(update, context, render_post_kind(await render_ctx(update, context)))
    return KIND


async def _suspended(update: Update, context: ForumContext) -> None:
    """Another command or a menu button mid-way: the draft stays, /post continues it."""
    if await stored_draft(update, context, PostDraft) is not None:
        await say(update, context, "post_kept")


async def on_kind(update: Update, context: ForumContext) -> int:
    """News or summary chosen: ask for the first language's text."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    draft = await _draft(update, context)
    draft.kind = pressed(update).args[0]
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft)


async def _draft(update: Update, context: ForumContext) -> PostDraft:
    """The draft being composed (a new one if the store lost it: it was dropped meanwhile)."""
    return await stored_draft(update, context, PostDraft) or PostDraft()


async def _ask_next(update: Update, context: ForumContext, draft: PostDraft) -> int:
    languages = (await context.services.store.programme.forum()).languages
    if draft.next >= len(languages):
        return await _preview(update, context, draft)
    ctx = await render_ctx(update, context)
    view = render_post_write(ctx, languages[draft.next], list(draft.texts))
    if update.callback_query:
        await edit(update, context, view)
    else:
        await send(update, context, view)
    return WRITE


async def on_text(update: Update, context: ForumContext) -> int:
    """The text in the language asked for: first line the title, the rest the body."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    draft = await _draft(update, context)
    title, _, body = (message_of(update).text or "").strip().partition("\n")
    if not title.strip() or not body.strip() or len(title) > MAX_TITLE:
        await say(update, context, "post_need_text", count=MAX_TITLE)
        return WRITE
    languages = (await context.services.store.programme.forum()).languages
    draft.texts[languages[draft.next]] = (title.strip(), body.strip())
    draft.next += 1
    await keep_draft(update, context, draft)
    return await _ask_next(update, context, draft)


async def on_skip(update: Update, context: ForumContext) -> int:
    """No text in this language."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    draft = await _draft(update, context)
    draft.next += 1
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft)


async def on_done(update: Update, context: ForumContext) -> int:
    """Enough languages: preview."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    await query_of(update).answer()
    return await _preview(update, context, await _draft(update, context))


def _draft_post(context: ForumContext, draft: PostDraft) -> Post:
    svc = context.services
    now = svc.clock.now()
    return Post(
        id=f"chat-{int(now.timestamp())}-{next(_ids)}",
        kind=draft.kind or "news",
        published=now,
        title={lang: title for lang, (title, _) in draft.texts.items()},
        body={lang: body for lang, (_, body) in draft.texts.items()},
    )


async def _preview(update: Update, context: ForumContext, draft: PostDraft) -> int:
    if not draft.texts:
        await say(update, context, "post_no_language")
        draft.next = 0
        await keep_draft(update, context, draft)
        return await _ask_next(update, context, draft)
    ctx = await render_ctx(update, context)
    for view in render_post_preview(ctx, _draft_post(context, draft), list(draft.texts)):
        await send(update, context, view)
    return CONFIRM


async def on_publish(update: Update, context: ForumContext) -> int:
    """Publish: into /news at once, audited; a summary also goes to its subscribers."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    svc = context.services
    post = _draft_post(context, await _draft(update, context))
    await svc.store.programme.publish_post(post)
    actor = user_id_of(update)
    await svc.store.staff.audit(actor, "posted", svc.clock.now(), post=post.id, kind=post.kind)
    queued = await _send_summary(context, post, actor) if post.kind == "summary" else None
    await drop_draft(update, context, PostDraft.KIND)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    key = "post_published_sent" if queued is not None else "post_published"
    await edit(update, context, View(ctx.t(key)))
    return ConversationHandler.END


async def _send_summary(context: ForumContext, post: Post, actor: int) -> int | None:
    """Queue the summary for its subscribers, each in their language (else the forum's)."""
    svc = context.services
    if svc.delivery is None:
        return None
    forum = await svc.store.programme.forum()
    texts = {}
    for lang in post.title:
        ctx = RenderCtx(lang, svc.catalogs, forum, svc.bot_username)
        text = render_post(ctx, post, 0).text
        if utf16_len(text) > MAX_TEXT:  # the rest is one tap away, in /news
            more = "\n\n" + ctx.t("post_continued")
            text = split_html(text, MAX_TEXT - utf16_len(more) - 8)[0] + "…" + more
        texts[lang] = text
    content = Content(texts=texts, default_language=forum.default_language)
    return await svc.delivery.create(
        kind="summary", audience=Audience.topic("summaries"), content=content, created_by=actor
    )


def build_post_conversation(catalogs: Catalogs) -> ConversationHandler:
    """The draft is kept in the store (PostDraft), its step persisted: a restart continues
    it; another command or a menu button mid-way leaves it kept for /post to continue."""
    conversation = composer_conversation(
        "post",
        entry_points=[CommandHandler("post", start)],
        states={
            KIND: [
                CallbackQueryHandler(on_kind, pattern=pattern("pkind")),
                CallbackQueryHandler(on_resume, pattern=pattern("presume")),
            ],
            WRITE: [
                MessageHandler(filters.TEXT & ~leaves(catalogs), on_text),
                CallbackQueryHandler(on_skip, pattern=pattern("pskip")),
                CallbackQueryHandler(on_done, pattern=pattern("pdone")),
            ],
            CONFIRM: [CallbackQueryHandler(on_publish, pattern=pattern("ppub"))],
        },
        cancel_pattern=pattern("pcancel"),
        stored=True,
    )
    return let_commands_through(conversation, catalogs, _suspended)


def register(app: Application) -> None:
    app.add_handler(build_post_conversation(app.bot_data["catalogs"]))
