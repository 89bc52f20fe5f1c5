"""/scheduled and /deliveries: every broadcast with its report (a running one's updates
itself), rescheduling, cancelling, and correcting or withdrawing one already sent."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.delivery.models import Content
from forumbot.infra.timeutil import NonexistentTime, parse_local, quick_time
from forumbot.render.broadcasts import render_broadcast, render_deliveries, render_scheduled
from forumbot.render.context import RenderCtx, View, keyboard
from handlers.announce import message_content
from handlers.composer import END, composer_conversation
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    note_doubled_time,
    refuse_skipped_time,
    render_ctx,
    say,
    send,
)

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 3.0  # seconds between updates of a running broadcast's report
FIX_WRITE, MOVE_TIME = 0, 1


async def _guard(update: Update, context: ForumContext) -> bool:
    """Organisers only, and only once the delivery engine runs."""
    if not await is_organiser(update, context) or context.services.delivery is None:
        context.user_data.pop("fix", None)
        await say(update, context, "unknown_command")
        return False
    return True


async def scheduled(update: Update, context: ForumContext) -> None:
    """Scheduled broadcasts, soonest first."""
    if await _guard(update, context):
        items = await context.services.delivery.outbox.list_scheduled()
        await send(update, context, render_scheduled(await render_ctx(update, context), items))


async def deliveries(update: Update, context: ForumContext) -> None:
    """The latest broadcasts with their counts."""
    if not await _guard(update, context):
        return
    outbox = context.services.delivery.outbox
    items = [(b, await outbox.report(b.id)) for b in await outbox.list_recent(15)]
    await send(update, context, render_deliveries(await render_ctx(update, context), items))


async def _view(update: Update, context: ForumContext, broadcast_id: int) -> View | None:
    outbox = context.services.delivery.outbox
    b = await outbox.get(broadcast_id)
    if b is None:
        return None
    return render_broadcast(await render_ctx(update, context), b, await outbox.report(b.id))


async def on_view(update: Update, context: ForumContext) -> None:
    """One broadcast; while it runs, its message updates itself."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    view = await _view(update, context, int(args[0]))
    if view is None:
        await say(update, context, "broadcast_gone")
        return
    await update.callback_query.answer()
    await edit(update, context, view)
    b = await context.services.delivery.outbox.get(int(args[0]))
    if b is not None and b.active:
        _follow(context, update.callback_query.message, int(args[0]))


def _follow(context: ForumContext, message, broadcast_id: int) -> None:
    name = f"progress:{message.chat_id}:{message.message_id}"
    if context.job_queue is None or context.job_queue.get_jobs_by_name(name):
        return
    context.job_queue.run_repeating(
        _progress, PROGRESS_EVERY, first=PROGRESS_EVERY, name=name,
        data=(message.chat_id, message.message_id, broadcast_id, context.user_data.get("user")),
    )  # fmt: skip


async def _progress(context: CallbackContext) -> None:
    """Edit the report in place until the broadcast is over."""
    chat_id, message_id, broadcast_id, user = context.job.data
    svc = context.bot_data["services"]
    b = await svc.delivery.outbox.get(broadcast_id)
    if b is None or not b.active:
        context.job.schedule_removal()
    if b is None:
        return
    lang = user.language if user is not None else "en"
    ctx = RenderCtx(lang, svc.catalogs, await svc.store.programme.forum(), svc.bot_username)
    view = render_broadcast(ctx, b, await svc.delivery.outbox.report(b.id))
    try:
        await context.bot.edit_message_text(
            view.text, chat_id, message_id, reply_markup=view.keyboard
        )
    except BadRequest as exc:  # unchanged since the last tick, or the message is gone
        logger.debug("Progress of broadcast %d not updated: %s", broadcast_id, exc)


async def _act(update: Update, context: ForumContext, ok: bool, action: str, **detail) -> None:
    svc = context.services
    broadcast_id = int(update.callback_query.data.split(":")[1])
    if ok:
        await svc.store.staff.audit(
            update.effective_user.id, action, svc.clock.now(), broadcast=broadcast_id, **detail
        )
    view = await _view(update, context, broadcast_id)
    ctx = await render_ctx(update, context)
    await update.callback_query.answer(ctx.label("done_ok" if ok else "broadcast_not_now"))
    if view is not None:
        await edit(update, context, view)


async def on_move(update: Update, context: ForumContext) -> None:
    """Reschedule by a quick pick."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    svc = context.services
    zone = (await svc.store.programme.forum()).zone
    at = quick_time(args[1], svc.clock.now(), zone)
    ok = await svc.delivery.reschedule(int(args[0]), at)
    await _act(update, context, ok, "rescheduled", at=at.isoformat())


async def on_cancel_broadcast(update: Update, context: ForumContext) -> None:
    """Cancel a scheduled or running broadcast (what was sent stays sent)."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    ok = await context.services.delivery.cancel(int(args[0]))
    await _act(update, context, ok, "cancelled")


async def on_withdraw_ask(update: Update, context: ForumContext) -> None:
    """Withdraw: ask first."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    await send(update, context, View(
        ctx.t("withdraw_confirm", id=args[0]),
        keyboard([ctx.button("🗑 " + ctx.label("broadcast_withdraw"), "bdelok", args[0])],
                 [ctx.button(ctx.label("forget_no"), "bview", args[0])]),
    ))  # fmt: skip


async def on_withdraw(update: Update, context: ForumContext) -> None:
    """Delete a sent broadcast everywhere, through the paced engine."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    svc = context.services
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    try:
        follow_up = await svc.delivery.withdraw(int(args[0]), update.effective_user.id)
    except ValueError:
        await edit(update, context, View(ctx.t("broadcast_not_now")))
        return
    await svc.store.staff.audit(update.effective_user.id, "withdrew", svc.clock.now(),
                                broadcast=int(args[0]))  # fmt: skip
    await edit(update, context, View(ctx.t("withdraw_queued", id=follow_up)))


async def on_fix_start(update: Update, context: ForumContext) -> int:
    """Correct a sent broadcast: ask for the new text."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return END
    b = await context.services.delivery.outbox.get(int(args[0]))
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    if b is None or b.status != "done" or b.operation != "send":
        await send(update, context, View(ctx.t("broadcast_not_now")))
        return END
    context.user_data["fix"] = b.id
    await send(update, context, View(ctx.t("correct_write", id=b.id)))
    return FIX_WRITE


async def on_fix_text(update: Update, context: ForumContext) -> int:
    """The corrected text, for every language of the broadcast."""
    if not await _guard(update, context):
        return END
    svc = context.services
    parent = await svc.delivery.outbox.get(context.user_data.pop("fix"))
    visible, html, _media = message_content(update.effective_message)
    ctx = await render_ctx(update, context)
    if parent is None or not visible.strip():
        await send(update, context, View(ctx.t("broadcast_not_now")))
        return END
    texts = dict.fromkeys(parent.content.texts or [parent.content.default_language], html)
    content = Content(texts=texts, default_language=parent.content.default_language,
                      media=parent.content.media)  # fmt: skip
    follow_up = await svc.delivery.correct(parent.id, content, update.effective_user.id)
    await svc.store.staff.audit(update.effective_user.id, "edited", svc.clock.now(),
                                broadcast=parent.id)  # fmt: skip
    await send(update, context, View(ctx.t("correct_queued", id=follow_up)))
    return END


async def on_move_to_start(update: Update, context: ForumContext) -> int:
    """Reschedule to a typed time: ask for it."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return END
    context.user_data["move"] = int(args[0])
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    prompt = ctx.t("announce_type_time", zone=ctx.zone_note(context.services.clock.now()))
    await send(update, context, View(prompt))
    return MOVE_TIME


async def on_move_to_time(update: Update, context: ForumContext) -> int:
    """The typed time: in the future, in the forum's zone."""
    if not await _guard(update, context):
        return END
    svc = context.services
    now = svc.clock.now()
    zone = (await svc.store.programme.forum()).zone
    try:
        at = parse_local(update.effective_message.text or "", now, zone)
    except NonexistentTime as exc:
        await refuse_skipped_time(update, context, exc)
        return MOVE_TIME
    if at is None or at <= now:
        await say(update, context, "announce_past" if at else "when_not_understood")
        return MOVE_TIME
    await note_doubled_time(update, context, (at,), zone)
    broadcast_id = context.user_data.pop("move")
    ok = await svc.delivery.reschedule(broadcast_id, at)
    if ok:
        await svc.store.staff.audit(update.effective_user.id, "rescheduled", now,
                                    broadcast=broadcast_id, at=at.isoformat())  # fmt: skip
    view = await _view(update, context, broadcast_id)
    await send(
        update,
        context,
        view if ok and view else View((await render_ctx(update, context)).t("broadcast_not_now")),
    )
    return END


def build_move_conversation() -> ConversationHandler:
    """A button starts it, a typed time ends it; the draft is user_data["move"]."""
    return composer_conversation(
        "move",
        entry_points=[CallbackQueryHandler(on_move_to_start, pattern=r"^bmoveto:\d+$")],
        states={MOVE_TIME: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_move_to_time)]},
    )


def build_correct_conversation() -> ConversationHandler:
    """A button starts it, a typed text ends it; the draft is user_data["fix"]."""
    return composer_conversation(
        "fix",
        entry_points=[CallbackQueryHandler(on_fix_start, pattern=r"^bfix:\d+$")],
        states={FIX_WRITE: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_fix_text)]},
    )


def register(app: Application) -> None:
    app.add_handler(CommandHandler("scheduled", scheduled))
    app.add_handler(CommandHandler("deliveries", deliveries))
    app.add_handler(build_correct_conversation())
    app.add_handler(build_move_conversation())
    app.add_handler(CallbackQueryHandler(on_view, pattern=r"^bview:"))
    app.add_handler(CallbackQueryHandler(on_move, pattern=r"^bmove:"))
    app.add_handler(CallbackQueryHandler(on_cancel_broadcast, pattern=r"^bcancel:"))
    app.add_handler(CallbackQueryHandler(on_withdraw_ask, pattern=r"^bdel:"))
    app.add_handler(CallbackQueryHandler(on_withdraw, pattern=r"^bdelok:"))
