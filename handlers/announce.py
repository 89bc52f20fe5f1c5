"""/announce: compose (one text, or a variant per language, optionally one photo or
document), choose the audience, preview exactly as recipients will see it, send now or
schedule, confirm. Every step checks again that an organiser is asking."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.delivery.models import Content
from forumbot.infra.timeutil import NonexistentTime, parse_local, quick_time
from forumbot.models import UI_LANGUAGES
from forumbot.render.broadcasts import (
    AUDIENCES,
    render_audience_picker,
    render_confirm,
    render_when_picker,
)
from forumbot.render.callbacks import pattern
from forumbot.render.compose import render_announce_mode, render_announce_write
from forumbot.render.context import View
from forumbot.render.html import MAX_CAPTION, MAX_TEXT, utf16_len
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.store.drafts import AnnounceDraft
from handlers.composer import (
    END,
    composer_conversation,
    drop_draft,
    keep_draft,
    message_content,
    stored_draft,
)
from handlers.context import (
    ForumContext,
    chat_id_of,
    edit,
    is_organiser,
    message_of,
    note_doubled_time,
    pressed,
    query_of,
    refuse_skipped_time,
    render_ctx,
    say,
    send,
    user_id_of,
)

MODE, WRITE, AUDIENCE, WHEN, TYPE_TIME, CONFIRM = range(6)


async def _allowed(update: Update, context: ForumContext) -> bool:
    """Organisers only (checked at every step), and only once the delivery engine runs."""
    if await is_organiser(update, context) and context.services.delivery is not None:
        return True
    await drop_draft(update, context, AnnounceDraft.KIND)
    await say(update, context, "unknown_command")
    return False


async def start(update: Update, context: ForumContext) -> int:
    """/announce: one text for everyone, or a variant per language?"""
    if not await _allowed(update, context):
        return END
    await keep_draft(update, context, AnnounceDraft())
    await send(update, context, render_announce_mode(await render_ctx(update, context)))
    return MODE


async def on_mode(update: Update, context: ForumContext) -> int:
    if not await _allowed(update, context):
        return END
    draft = await _draft(update, context)
    draft.mode = pressed(update).args[0]
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft)


async def _languages(context: ForumContext) -> tuple[str, ...]:
    """Variants are written in the languages people read the bot in (an imported forum's
    own languages, German say, would reach nobody)."""
    return UI_LANGUAGES


async def _draft(update: Update, context: ForumContext) -> AnnounceDraft:
    """The draft being composed (a new one if the store lost it: it was dropped meanwhile)."""
    return await stored_draft(update, context, AnnounceDraft) or AnnounceDraft()


async def _ask_next(update: Update, context: ForumContext, draft: AnnounceDraft) -> int:
    languages = await _languages(context)
    if draft.texts and (draft.mode == "one" or draft.next >= len(languages)):
        return await _preview(update, context, draft)
    if draft.next >= len(languages):  # every language skipped: start again
        await say(update, context, "post_no_language")
        draft.next = 0
        await keep_draft(update, context, draft)
    lang = None if draft.mode == "one" else languages[draft.next]
    view = render_announce_write(await render_ctx(update, context), lang, list(draft.texts))
    await (edit if update.callback_query else send)(update, context, view)
    return WRITE


async def on_message(update: Update, context: ForumContext) -> int:
    """A text (or a photo or document with a caption) for the language asked for."""
    if not await _allowed(update, context):
        return END
    draft = await _draft(update, context)
    visible, html, media = message_content(message_of(update))
    limit = MAX_CAPTION if (media or draft.media) else MAX_TEXT
    if not visible.strip() and media is None:
        await say(update, context, "announce_empty")
        return WRITE
    if utf16_len(visible) > limit:
        await say(update, context, "announce_too_long", limit=limit, count=utf16_len(visible))
        return WRITE
    if media is not None and draft.media is None:
        draft.media = media
    forum = await context.services.store.programme.forum()
    languages = await _languages(context)
    lang = forum.default_language if draft.mode == "one" else languages[draft.next]
    draft.texts[lang] = html
    draft.next += 1
    await keep_draft(update, context, draft)
    return await _ask_next(update, context, draft)


async def on_skip(update: Update, context: ForumContext) -> int:
    if not await _allowed(update, context):
        return END
    draft = await _draft(update, context)
    draft.next += 1
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft)


async def on_done(update: Update, context: ForumContext) -> int:
    if not await _allowed(update, context):
        return END
    await query_of(update).answer()
    return await _preview(update, context, await _draft(update, context))


def draft_content(draft: AnnounceDraft, default_language: str) -> Content:
    return Content(texts=dict(draft.texts), default_language=default_language, media=draft.media)


async def send_exactly(context: ForumContext, chat_id: int, content: Content, lang: str) -> None:
    """Send ``content`` as a recipient in ``lang`` gets it (the preview)."""
    text = content.text_for(lang)
    media = content.media
    if media is None:
        await context.bot.send_message(chat_id, text)
    elif media["type"] == "photo":
        await context.bot.send_photo(chat_id, media["file_id"], caption=text or None)
    else:
        await context.bot.send_document(chat_id, media["file_id"], caption=text or None)


async def _preview(update: Update, context: ForumContext, draft: AnnounceDraft) -> int:
    forum = await context.services.store.programme.forum()
    content = draft_content(draft, forum.default_language)
    ctx = await render_ctx(update, context)
    chat_id = chat_id_of(update)
    for lang in content.texts:
        if draft.mode == "one":
            heading = ctx.t("announce_preview_all")
        else:
            heading = ctx.t("announce_preview", language=LANGUAGE_NAMES.get(lang, lang))
        await send(update, context, View(heading))
        await send_exactly(context, chat_id, content, lang)
    await send(update, context, render_audience_picker(ctx))
    return AUDIENCE


async def on_audience(update: Update, context: ForumContext) -> int:
    if not await _allowed(update, context):
        return END
    code = pressed(update).args[0]
    draft = await _draft(update, context)
    draft.audience = code
    await keep_draft(update, context, draft)
    people = await _people(context, code)
    await query_of(update).answer()
    await edit(update, context, render_when_picker(await render_ctx(update, context), people))
    return WHEN


async def _people(context: ForumContext, code: str) -> int:
    delivery = context.services.delivery
    if delivery is None:
        return 0
    return await delivery.outbox.audience_size(AUDIENCES[code])


async def on_when(update: Update, context: ForumContext) -> int:
    if not await _allowed(update, context):
        return END
    code = pressed(update).args[0]
    await query_of(update).answer()
    if code == "type":
        await edit(update, context, View(await _type_prompt(update, context)))
        return TYPE_TIME
    svc = context.services
    zone = (await svc.store.programme.forum()).zone
    at = None if code == "now" else quick_time(code, svc.clock.now(), zone)
    return await _confirm(update, context, at)


async def _type_prompt(update: Update, context: ForumContext) -> str:
    ctx = await render_ctx(update, context)
    return ctx.t("announce_type_time", zone=ctx.zone_note(context.services.clock.now()))


async def on_typed_time(update: Update, context: ForumContext) -> int:
    if not await _allowed(update, context):
        return END
    svc = context.services
    now = svc.clock.now()
    zone = (await svc.store.programme.forum()).zone
    try:
        at = parse_local(message_of(update).text or "", now, zone)
    except NonexistentTime as exc:
        await refuse_skipped_time(update, context, exc)
        return TYPE_TIME
    if at is None:
        await send(update, context, View(await _type_prompt(update, context)))
        return TYPE_TIME
    if at <= now:
        await say(update, context, "announce_past")
        return TYPE_TIME
    await note_doubled_time(update, context, (at,), zone)
    return await _confirm(update, context, at)


async def _confirm(update: Update, context: ForumContext, at: dt.datetime | None) -> int:
    draft = await _draft(update, context)
    draft.at = at
    await keep_draft(update, context, draft)
    audience = AUDIENCES[draft.audience or ""]
    people = await _people(context, draft.audience or "")
    view = render_confirm(await render_ctx(update, context), audience, people, at)
    await (edit if update.callback_query else send)(update, context, view)
    return CONFIRM


async def on_confirm(update: Update, context: ForumContext) -> int:
    """Queue (or schedule) the broadcast, audit it, say where to follow it."""
    if not await _allowed(update, context):
        return END
    svc = context.services
    draft = await _draft(update, context)
    await drop_draft(update, context, AnnounceDraft.KIND)
    forum = await svc.store.programme.forum()
    at = draft.at
    now = svc.clock.now()
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    if at is not None and at <= now:
        await edit(update, context, View(ctx.t("announce_past")))
        return END
    actor = user_id_of(update)
    broadcast_id = await svc.delivery.create(
        kind="announcement",
        audience=AUDIENCES[draft.audience or ""],
        content=Content(texts=draft.texts, default_language=forum.default_language,
                        media=draft.media),
        created_by=actor,
        scheduled_at=at,
    )  # fmt: skip
    action = "scheduled" if at else "sent"
    await svc.store.staff.audit(actor, action, now, broadcast=broadcast_id)
    key = "announce_scheduled" if at else "announce_queued"
    await edit(update, context, View(ctx.t(key, id=broadcast_id)))
    return END


def build_announce_conversation() -> ConversationHandler:
    """The draft is kept in the store (AnnounceDraft), its step persisted: a restart
    continues it."""
    content = (filters.TEXT & ~filters.COMMAND) | filters.PHOTO | filters.Document.ALL
    return composer_conversation(
        "announce",
        entry_points=[CommandHandler("announce", start)],
        states={
            MODE: [CallbackQueryHandler(on_mode, pattern=pattern("amode"))],
            WRITE: [
                MessageHandler(content, on_message),
                CallbackQueryHandler(on_skip, pattern=pattern("askip")),
                CallbackQueryHandler(on_done, pattern=pattern("adone")),
            ],
            AUDIENCE: [CallbackQueryHandler(on_audience, pattern=pattern("aud"))],
            WHEN: [CallbackQueryHandler(on_when, pattern=pattern("when"))],
            TYPE_TIME: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_typed_time)],
            CONFIRM: [CallbackQueryHandler(on_confirm, pattern=pattern("aok"))],
        },
        cancel_pattern=pattern("acancel"),
        stored=True,
    )


def register(app: Application) -> None:
    app.add_handler(build_announce_conversation())
