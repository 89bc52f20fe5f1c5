"""/announce, the writing: start (or go on with a waiting draft), one text or a variant per
language, the variant for skipped languages, the preview, writing again; a copy of a
broadcast as a new draft."""

from __future__ import annotations

from telegram import Update

from forumbot.render.broadcasts import duplicable
from forumbot.render.compose import (
    render_announce_mode,
    render_announce_resume,
    render_announce_write,
    render_audience_picker,
    render_default_picker,
    render_fallback_note,
)
from forumbot.render.context import View
from forumbot.render.html import MAX_CAPTION, MAX_TEXT, utf16_len
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.runtime.announce import (
    LANGUAGES,
    begun,
    content_of,
    fallback,
    missing,
    role_choices,
)
from forumbot.store.drafts import AnnounceDraft
from handlers.announce.common import AUDIENCE, DEFAULT, MODE, WRITE, allowed, current_draft
from handlers.composer import END, keep_draft, message_content, send_exactly, stored_draft
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    edit,
    message_of,
    pressed,
    query_of,
    render_ctx,
    say,
    send,
)


async def start(update: Update, context: ForumContext) -> int:
    """/announce: a draft waiting is offered to go on with or drop; else one text for
    everyone, or a variant per language?"""
    if not await allowed(update, context):
        return END
    draft = await stored_draft(update, context, AnnounceDraft)
    ctx = await render_ctx(update, context)
    if draft is not None and begun(draft):
        written = list(draft.texts) if draft.mode == "per" else []
        await send(update, context, render_announce_resume(ctx, written))
        return MODE
    await keep_draft(update, context, AnnounceDraft())
    await send(update, context, render_announce_mode(ctx))
    return MODE


async def on_continue(update: Update, context: ForumContext) -> int:
    """Go on with the waiting draft, from the step it had reached."""
    if not await allowed(update, context):
        return END
    await query_of(update).answer()
    draft = await current_draft(update, context)
    if not begun(draft):
        await edit(update, context, render_announce_mode(await render_ctx(update, context)))
        return MODE
    return await _ask_next(update, context, draft)


async def on_discard(update: Update, context: ForumContext) -> int:
    """Drop the waiting draft and start afresh."""
    if not await allowed(update, context):
        return END
    await query_of(update).answer()
    await keep_draft(update, context, AnnounceDraft())
    await edit(update, context, render_announce_mode(await render_ctx(update, context)))
    return MODE


async def on_mode(update: Update, context: ForumContext) -> int:
    if not await allowed(update, context):
        return END
    draft = await current_draft(update, context)
    draft.mode = pressed(update).args[0]
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft)


async def _ask_next(update: Update, context: ForumContext, draft: AnnounceDraft) -> int:
    if draft.texts and (draft.mode == "one" or draft.next >= len(LANGUAGES)):
        return await _written(update, context, draft)
    if draft.next >= len(LANGUAGES):  # every language skipped: start again
        await say(update, context, "post_no_language")
        draft.next = 0
        await keep_draft(update, context, draft)
    lang = None if draft.mode == "one" else LANGUAGES[draft.next]
    view = render_announce_write(await render_ctx(update, context), lang, list(draft.texts))
    await (edit if update.callback_query else send)(update, context, view)
    return WRITE


async def _written(update: Update, context: ForumContext, draft: AnnounceDraft) -> int:
    """Every variant written: a skipped language needs a variant chosen for its readers."""
    skipped = missing(draft)
    if skipped and draft.default not in draft.texts:
        chosen = fallback(draft)
        if chosen is None:
            ctx = await render_ctx(update, context)
            view = render_default_picker(ctx, list(draft.texts), skipped)
            await (edit if update.callback_query else send)(update, context, view)
            return DEFAULT
        draft.default = chosen
        await keep_draft(update, context, draft)
    return await _preview(update, context, draft)


async def on_default(update: Update, context: ForumContext) -> int:
    """The variant that readers of the skipped languages get."""
    if not await allowed(update, context):
        return END
    draft = await current_draft(update, context)
    code = pressed(update).args[0]
    await query_of(update).answer()
    if code not in draft.texts:
        return await _ask_next(update, context, draft)
    draft.default = code
    await keep_draft(update, context, draft)
    return await _preview(update, context, draft)


async def on_message(update: Update, context: ForumContext) -> int:
    """A text (or a photo or document with a caption) for the language asked for."""
    if not await allowed(update, context):
        return END
    draft = await current_draft(update, context)
    visible, html, media = message_content(message_of(update))
    limit = MAX_CAPTION if (media or draft.media) else MAX_TEXT
    if not visible.strip() and media is None:
        await say(update, context, "announce_empty")
        return WRITE
    if utf16_len(visible) > limit:
        await say(update, context, "announce_too_long", limit=limit, count=utf16_len(visible))
        return WRITE
    if media is not None:
        draft.media = media
    forum = await context.services.store.programme.forum()
    lang = forum.default_language if draft.mode == "one" else LANGUAGES[draft.next]
    draft.texts[lang] = html
    draft.next += 1
    await keep_draft(update, context, draft)
    return await _ask_next(update, context, draft)


async def on_skip(update: Update, context: ForumContext) -> int:
    """No (new) variant in this language: one written before stays."""
    if not await allowed(update, context):
        return END
    draft = await current_draft(update, context)
    draft.next += 1
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    return await _ask_next(update, context, draft)


async def on_done(update: Update, context: ForumContext) -> int:
    if not await allowed(update, context):
        return END
    await query_of(update).answer()
    draft = await current_draft(update, context)
    draft.next = len(LANGUAGES)
    await keep_draft(update, context, draft)
    return await _ask_next(update, context, draft)


async def on_edit(update: Update, context: ForumContext) -> int:
    """Write the text again after the preview: what is not sent anew stays as it was."""
    if not await allowed(update, context):
        return END
    await query_of(update).answer()
    draft = await current_draft(update, context)
    draft.next = 0
    await keep_draft(update, context, draft)
    lang = None if draft.mode == "one" else LANGUAGES[0]
    view = render_announce_write(await render_ctx(update, context), lang, list(draft.texts))
    await edit(update, context, view)
    return WRITE


async def _preview(update: Update, context: ForumContext, draft: AnnounceDraft) -> int:
    content = await content_of(context.services, draft)
    ctx = await render_ctx(update, context)
    for lang in content.texts:
        if draft.mode == "one":
            heading = ctx.t("announce_preview_all")
        else:
            heading = ctx.t("announce_preview", language=LANGUAGE_NAMES.get(lang, lang))
        await send(update, context, View(heading))
        await send_exactly(context, chat_id_of(update), content, lang)
    if missing(draft) and draft.default:
        await send(update, context, render_fallback_note(ctx, draft.default, missing(draft)))
    channel = context.services.channel
    title = channel.title if channel else None
    picker = render_audience_picker(ctx, *await role_choices(context.services), channel=title)
    await send(update, context, picker)
    return AUDIENCE


async def on_duplicate(update: Update, context: ForumContext) -> int | None:
    """A copy of a broadcast (missed, cancelled, sent) as a new draft, shown as a preview:
    edit it, then choose who and when. A draft being written is replaced."""
    args = await callback_args(update, context)
    if args is None or not await allowed(update, context):
        return END
    b = await context.services.delivery.outbox.get(int(args[0]))
    if b is None or not duplicable(b):
        await say(update, context, "broadcast_not_now")
        return None
    several = len(b.content.texts) > 1
    draft = AnnounceDraft(
        mode="per" if several else "one", texts=dict(b.content.texts), media=b.content.media,
        next=len(LANGUAGES), default=b.content.default_language if several else None,
        source=b.id,
    )  # fmt: skip
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    await send(update, context, View((await render_ctx(update, context)).t(
        "announce_duplicated", id=b.id)))  # fmt: skip
    return await _preview(update, context, draft)
