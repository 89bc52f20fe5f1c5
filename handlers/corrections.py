"""Correcting and withdrawing a sent broadcast. A correction is made per variant: the
organiser picks the language (when there are several), sees the text it has now, sends the
new one, sees it as recipients will, and confirms once, told how many chats it edits; they may
also tell those who got it that it changed. A withdrawal says from how many chats it deletes,
and asks once. Both go through the paced delivery engine."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.delivery.models import Broadcast
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.corrections import (
    ALL,
    render_correct_confirm,
    render_correct_pick,
    render_correct_preview_heading,
    render_correct_write,
    render_withdraw_ask,
)
from forumbot.render.html import MAX_CAPTION, MAX_TEXT, utf16_len
from forumbot.runtime import corrections
from handlers.composer import (
    END,
    broadcaster,
    composer_conversation,
    message_content,
    send_exactly,
)
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    edit,
    message_of,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)

PICK, WRITE, CONFIRM = range(3)


async def _sent(update: Update, context: ForumContext, broadcast_id: int) -> Broadcast | None:
    """The broadcast, if it is a finished send (what can be corrected or withdrawn)."""
    try:
        return await corrections.sent(context.services, broadcast_id)
    except corrections.NotNow:
        await say(update, context, "broadcast_not_now")
        return None


async def on_fix_start(update: Update, context: ForumContext) -> int:
    """Correct a sent broadcast: which variant (if it has several)?"""
    args = await callback_args(update, context)
    if args is None or not await broadcaster(update, context):
        return END
    b = await _sent(update, context, int(args[0]))
    if b is None:
        return END
    await query_of(update).answer()
    if len(b.content.texts) > 1:
        await send(update, context, render_correct_pick(await render_ctx(update, context), b))
        return PICK
    return await _ask_text(update, context, b, ALL)


async def on_fix_language(update: Update, context: ForumContext) -> int:
    """The variant to correct."""
    args = await callback_args(update, context)
    if args is None or not await broadcaster(update, context):
        return END
    b = await _sent(update, context, int(args[0]))
    if b is None or args[1] not in b.content.texts:
        return END
    await query_of(update).answer()
    return await _ask_text(update, context, b, args[1])


async def _ask_text(update: Update, context: ForumContext, b: Broadcast, lang: str) -> int:
    """Show the text it has now, exactly, and ask for the corrected one."""
    context.user_data["fix"] = {"id": b.id, "lang": lang}
    shown = b.content.default_language if lang == ALL else lang
    await send_exactly(context, chat_id_of(update), b.content, shown)
    ctx = await render_ctx(update, context)
    await send(update, context, render_correct_write(ctx, b.id, lang))
    return WRITE


async def on_fix_text(update: Update, context: ForumContext) -> int:
    """The corrected text: refused (and the prompt waits) if empty, too long or unchanged;
    else shown as recipients will see it, with the count of chats it edits."""
    fix: dict[str, Any] | None = context.user_data.get("fix")
    if not await broadcaster(update, context) or fix is None:
        return END
    parent = await context.services.delivery.outbox.get(fix["id"])
    visible, html, _media = message_content(message_of(update))
    if parent is None:
        await say(update, context, "broadcast_not_now")
        return END
    limit = MAX_CAPTION if parent.content.media else MAX_TEXT
    if not visible.strip() or utf16_len(visible) > limit:
        key = "announce_empty" if not visible.strip() else "announce_too_long"
        await say(update, context, key, limit=limit, count=utf16_len(visible))
        return WRITE
    try:
        change = await corrections.plan(context.services, parent.id, fix["lang"], html)
    except corrections.Unchanged:
        await say(update, context, "correct_same")
        return WRITE
    except (corrections.NotNow, KeyError):
        await say(update, context, "broadcast_not_now")
        return END
    fix["html"] = html
    ctx = await render_ctx(update, context)
    await send(update, context, render_correct_preview_heading(ctx, fix["lang"]))
    readers = change.readers
    shown = readers[0] if fix["lang"] == ALL or fix["lang"] not in readers else fix["lang"]
    await send_exactly(context, chat_id_of(update), change.content, shown)
    await send(update, context, render_correct_confirm(ctx, parent.id, change.chats, readers))
    return CONFIRM


async def on_fix_confirm(update: Update, context: ForumContext) -> int:
    """Queue the correction (to the readers whose text changes), tell them if asked, audit."""
    args = await callback_args(update, context)
    fix: dict[str, Any] | None = context.user_data.pop("fix", None)
    if args is None or not await broadcaster(update, context):
        return END
    svc = context.services
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    if fix is None or "html" not in fix or fix["id"] != int(args[0]):
        await edit(update, context, View(ctx.t("broadcast_not_now")))
        return END
    tell = args[1] == "1"
    try:
        change = await corrections.plan(svc, fix["id"], fix["lang"], fix["html"])
        follow_up = await corrections.correct(svc, change, user_id_of(update), tell)
    except (corrections.NotNow, corrections.Unchanged, KeyError):
        await edit(update, context, View(ctx.t("broadcast_not_now")))
        return END
    key = "correct_queued_told" if tell else "correct_queued"
    await edit(update, context, View(ctx.t(key, id=follow_up)))
    return END


async def on_withdraw_ask(update: Update, context: ForumContext) -> None:
    """Withdraw: say from how many chats it deletes, and ask once."""
    args = await callback_args(update, context)
    if args is None or not await broadcaster(update, context):
        return
    try:
        count = await corrections.withdrawal_reach(context.services, int(args[0]))
    except corrections.NotNow:
        await say(update, context, "broadcast_not_now")
        return
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await send(update, context, render_withdraw_ask(ctx, int(args[0]), count))


async def on_withdraw(update: Update, context: ForumContext) -> None:
    """Delete a sent broadcast everywhere, through the paced engine."""
    args = await callback_args(update, context)
    if args is None or not await broadcaster(update, context):
        return
    svc = context.services
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    try:
        follow_up = await corrections.withdraw(svc, int(args[0]), user_id_of(update))
    except corrections.NotNow:
        await edit(update, context, View(ctx.t("broadcast_not_now")))
        return
    await edit(update, context, View(ctx.t("withdraw_queued", id=follow_up)))


def build_correct_conversation() -> ConversationHandler:
    """A button starts it; the draft is user_data["fix"] (the broadcast, the variant, the
    corrected text)."""
    return composer_conversation(
        "fix",
        entry_points=[CallbackQueryHandler(on_fix_start, pattern=pattern("bfix"))],
        states={
            PICK: [CallbackQueryHandler(on_fix_language, pattern=pattern("bfixl"))],
            WRITE: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_fix_text)],
            CONFIRM: [CallbackQueryHandler(on_fix_confirm, pattern=pattern("bfixok"))],
        },
        cancel_pattern=pattern("bfixno"),
    )


def register(app: Application) -> None:
    app.add_handler(build_correct_conversation())
    app.add_handler(CallbackQueryHandler(on_withdraw_ask, pattern=pattern("bdel")))
    app.add_handler(CallbackQueryHandler(on_withdraw, pattern=pattern("bdelok")))
