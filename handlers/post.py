"""/post: an organiser publishes a news post or a post-event summary, in one or more
languages. It joins /news at once; a summary also goes to the summary subscribers (their
number shown before publishing), now or at a chosen time. "Edit" on a post's card reopens it
here, its texts filled in."""

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

from forumbot.infra.i18n import Catalogs
from forumbot.infra.timeutil import quick_time
from forumbot.models import Post
from forumbot.render.callbacks import pattern
from forumbot.render.compose import render_post_kind, render_post_preview, render_post_write
from forumbot.render.context import View
from forumbot.render.post import (
    render_post_confirm,
    render_post_published,
    render_post_resume,
    render_post_write_again,
)
from forumbot.runtime.posts import reached, send_summary, subscribers
from forumbot.store.drafts import PostDraft
from handlers.composer import (
    composer_conversation,
    drop_draft,
    keep_draft,
    stored_draft,
    typed_future_time,
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

KIND, WRITE, CONFIRM, TYPE_TIME = range(4)
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


async def on_edit(update: Update, context: ForumContext) -> int:
    """pedit:<post> — an organiser edits a post from the chat: its texts, language by
    language (each kept unless replaced), then a preview and "save"."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    svc = context.services
    post_id = pressed(update).args[0]
    post = await svc.store.programme.post(post_id)
    if post is None or not await svc.store.posts.from_chat(post_id):
        await say(update, context, "post_gone")
        return ConversationHandler.END
    texts = {lang: (title, post.body.get(lang, "")) for lang, title in post.title.items()}
    draft = PostDraft(kind=post.kind, texts=texts, editing=post.id)
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft, fresh=True)


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


async def _ask_next(
    update: Update, context: ForumContext, draft: PostDraft, fresh: bool = False
) -> int:
    """The next language's prompt (in place of the pressed message, unless ``fresh``), or
    the preview when every language was asked."""
    languages = (await context.services.store.programme.forum()).languages
    if draft.next >= len(languages):
        return await _preview(update, context, draft)
    ctx = await render_ctx(update, context)
    lang = languages[draft.next]
    if draft.editing:
        view = render_post_write_again(ctx, lang, draft.texts.get(lang))
    else:
        view = render_post_write(ctx, lang, list(draft.texts))
    if update.callback_query and not fresh:
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
    """No text in this language (editing: the current one stays)."""
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


async def _draft_post(context: ForumContext, draft: PostDraft) -> Post:
    """The post the draft makes: an edit keeps the post's id and date; a new one is dated
    now, or at its scheduled time."""
    svc = context.services
    now = svc.clock.now()
    before = await svc.store.programme.post(draft.editing) if draft.editing else None
    return Post(
        id=before.id if before else f"chat-{int(now.timestamp())}-{next(_ids)}",
        kind=draft.kind or "news",
        published=before.published if before else draft.at or now,
        title={lang: title for lang, (title, _) in draft.texts.items()},
        body={lang: body for lang, (_, body) in draft.texts.items()},
    )


async def _confirm_view(update: Update, context: ForumContext, draft: PostDraft) -> View:
    ctx = await render_ctx(update, context)
    svc = context.services
    sent_to = await reached(svc, draft.editing) if draft.editing else 0
    channel = svc.channel.title if svc.channel is not None else None
    return render_post_confirm(ctx, draft, await subscribers(svc), sent_to, channel)


async def on_channel(update: Update, context: ForumContext) -> int:
    """pchan:1|0 — mirror the post in the forum's channel, or not; the confirmation says so."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    draft = await _draft(update, context)
    draft.channel = pressed(update).args[0] == "1"
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    await edit(update, context, await _confirm_view(update, context, draft))
    return CONFIRM


async def _preview(update: Update, context: ForumContext, draft: PostDraft) -> int:
    if not draft.texts:
        await say(update, context, "post_no_language")
        draft.next = 0
        await keep_draft(update, context, draft)
        return await _ask_next(update, context, draft)
    ctx = await render_ctx(update, context)
    post = await _draft_post(context, draft)
    for view in render_post_preview(ctx, post, list(draft.texts))[:-1]:
        await send(update, context, view)
    await send(update, context, await _confirm_view(update, context, draft))
    return CONFIRM


async def on_when(update: Update, context: ForumContext) -> int:
    """pwhen:now|60m|tom8|type — when the summary goes out; the confirmation shows it."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    code = pressed(update).args[0]
    await query_of(update).answer()
    svc = context.services
    if code == "type":
        ctx = await render_ctx(update, context)
        await send(update, context, View(ctx.t("announce_type_time",
                                               zone=ctx.zone_note(svc.clock.now()))))  # fmt: skip
        return TYPE_TIME
    draft = await _draft(update, context)
    zone = (await svc.store.programme.forum()).zone
    draft.at = None if code == "now" else quick_time(code, svc.clock.now(), zone)
    await keep_draft(update, context, draft)
    await edit(update, context, await _confirm_view(update, context, draft))
    return CONFIRM


async def on_typed_time(update: Update, context: ForumContext) -> int:
    """A typed date and time in the forum's zone; anything else asks again, still waiting."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    at = await typed_future_time(update, context)
    if at is None:
        return TYPE_TIME
    draft = await _draft(update, context)
    draft.at = at
    await keep_draft(update, context, draft)
    await send(update, context, await _confirm_view(update, context, draft))
    return CONFIRM


async def on_publish(update: Update, context: ForumContext) -> int:
    """Publish (or save an edit): into /news at its time, audited; a summary also goes to
    its subscribers then."""
    if not await _allowed(update, context):
        return ConversationHandler.END
    svc = context.services
    draft = await _draft(update, context)
    post = await _draft_post(context, draft)
    actor, now = user_id_of(update), svc.clock.now()
    queued = False
    if draft.editing:
        if not await svc.store.posts.replace(post):
            await say(update, context, "post_gone")
            return ConversationHandler.END
        await svc.store.staff.audit(actor, "post_edited", now, post=post.id, kind=post.kind,
                                    title=post.title)  # fmt: skip
    else:
        await svc.store.programme.publish_post(post)
        channel = svc.channel.title if draft.channel and svc.channel is not None else None
        await svc.store.staff.audit(actor, "posted", now, post=post.id, kind=post.kind,
                                    title=post.title, at=post.published.isoformat(),
                                    channel=channel)  # fmt: skip
        queued = await send_summary(svc, post, actor, draft.at, channel is not None)
    people = await subscribers(svc)
    await drop_draft(update, context, PostDraft.KIND)
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await edit(update, context, render_post_published(ctx, draft, people, queued))
    return ConversationHandler.END


def build_post_conversation(catalogs: Catalogs) -> ConversationHandler:
    """The draft is kept in the store (PostDraft), its step persisted: a restart continues
    it; another command or a menu button mid-way leaves it kept for /post to continue."""
    conversation = composer_conversation(
        "post",
        entry_points=[
            CommandHandler("post", start),
            CallbackQueryHandler(on_edit, pattern=pattern("pedit")),
        ],
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
            CONFIRM: [
                CallbackQueryHandler(on_publish, pattern=pattern("ppub")),
                CallbackQueryHandler(on_when, pattern=pattern("pwhen")),
                CallbackQueryHandler(on_channel, pattern=pattern("pchan")),
            ],
            TYPE_TIME: [MessageHandler(filters.TEXT & ~leaves(catalogs), on_typed_time)],
        },
        cancel_pattern=pattern("pcancel"),
        stored=True,
    )
    return let_commands_through(conversation, catalogs, _suspended)


def register(app: Application) -> None:
    app.add_handler(build_post_conversation(app.bot_data["catalogs"]))
