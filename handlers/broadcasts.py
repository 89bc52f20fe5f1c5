"""/scheduled and /deliveries: every broadcast with its report (a running one's updates
itself), and what can be done to one not yet sent: send now, move, cancel (it asks first, and
a cancelled scheduled one can be restored until its time). Correcting and withdrawing a sent
one is handlers/corrections.py; duplicating one into a draft, handlers/announce."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import MaybeInaccessibleMessage, Update
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

from forumbot.infra.timeutil import quick_time
from forumbot.models import User
from forumbot.render.broadcasts import (
    render_ask,
    render_broadcast,
    render_deliveries,
    render_scheduled,
    when_text,
)
from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View
from forumbot.store.drafts import AnnounceDraft
from handlers.composer import (
    END,
    broadcaster,
    composer_conversation,
    people_named,
    typed_future_time,
)
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    pressed,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 3.0  # seconds between updates of a running broadcast's report
MOVE_TIME = 1


async def _guard(update: Update, context: ForumContext) -> bool:
    """Organisers only, and only once the delivery engine runs."""
    if await broadcaster(update, context):
        return True
    context.user_data.pop("move", None)
    return False


async def scheduled(update: Update, context: ForumContext) -> None:
    """Scheduled broadcasts, soonest first, and the announcements organisers are writing,
    each with who made it."""
    if not await _guard(update, context):
        return
    svc = context.services
    items = await svc.delivery.outbox.list_scheduled()
    drafts = [
        (chat, changed, next(iter(draft.texts.values()), ""))
        for chat, changed, draft in await svc.store.drafts.waiting(AnnounceDraft)
        if draft.texts
    ]
    who = {b.created_by for b in items if b.created_by} | {chat for chat, _, _ in drafts}
    names = await people_named(context, who)
    view = render_scheduled(await render_ctx(update, context), items, drafts, names)
    await send(update, context, view)


async def deliveries(update: Update, context: ForumContext) -> None:
    """The latest broadcasts with their counts."""
    if not await _guard(update, context):
        return
    outbox = context.services.delivery.outbox
    items = [(b, await outbox.report(b.id)) for b in await outbox.list_recent(15)]
    await send(update, context, render_deliveries(await render_ctx(update, context), items))


async def _view(update: Update, context: ForumContext, broadcast_id: int) -> View | None:
    svc = context.services
    b = await svc.delivery.outbox.get(broadcast_id)
    if b is None:
        return None
    report = await svc.delivery.outbox.report(b.id)
    return render_broadcast(await render_ctx(update, context), b, report, svc.clock.now())


async def on_view(update: Update, context: ForumContext) -> None:
    """One broadcast; while it runs, its message updates itself."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    view = await _view(update, context, int(args[0]))
    if view is None:
        await say(update, context, "broadcast_gone")
        return
    await query_of(update).answer()
    await edit(update, context, view)
    b = await context.services.delivery.outbox.get(int(args[0]))
    if b is not None and b.active:
        _follow(context, query_of(update).message, int(args[0]))


@dataclass(frozen=True, slots=True)
class _Report:
    """What the progress job edits: the report message, its broadcast, and its reader."""

    chat_id: int
    message_id: int
    broadcast_id: int
    user: User | None


def _follow(
    context: ForumContext, message: MaybeInaccessibleMessage | None, broadcast_id: int
) -> None:
    if message is None:
        return
    name = f"progress:{message.chat.id}:{message.message_id}"
    if context.job_queue is None or context.job_queue.get_jobs_by_name(name):
        return
    context.job_queue.run_repeating(
        _progress, PROGRESS_EVERY, first=PROGRESS_EVERY, name=name,
        data=_Report(message.chat.id, message.message_id, broadcast_id, _reader(context)),
    )  # fmt: skip


def _reader(context: ForumContext) -> User | None:
    user = context.user_data.get("user")  # as current_user caches it
    return user if isinstance(user, User) else None


async def _progress(context: CallbackContext) -> None:
    """Edit the report in place until the broadcast is over."""
    job = context.job
    if job is None or not isinstance(job.data, _Report):
        return
    chat_id, message_id, broadcast_id = (
        job.data.chat_id,
        job.data.message_id,
        job.data.broadcast_id,
    )
    user = job.data.user
    svc = context.bot_data["services"]
    b = await svc.delivery.outbox.get(broadcast_id)
    if b is None or not b.active:
        job.schedule_removal()
    if b is None:
        return
    lang = user.language if user is not None else "en"
    ctx = RenderCtx(lang, svc.catalogs, await svc.store.programme.forum(), svc.bot_username)
    view = render_broadcast(ctx, b, await svc.delivery.outbox.report(b.id), svc.clock.now())
    try:
        await context.bot.edit_message_text(
            view.text, chat_id, message_id, reply_markup=view.keyboard
        )
    except BadRequest as exc:  # unchanged since the last tick, or the message is gone
        logger.debug("Progress of broadcast %d not updated: %s", broadcast_id, exc)


async def _act(update: Update, context: ForumContext, ok: bool, action: str, **detail) -> None:
    svc = context.services
    broadcast_id = int(pressed(update).args[0])
    if ok:
        await svc.store.staff.audit(
            user_id_of(update), action, svc.clock.now(), broadcast=broadcast_id, **detail
        )
    view = await _view(update, context, broadcast_id)
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("done_ok" if ok else "broadcast_not_now"))
    if view is not None:
        await edit(update, context, view)


async def on_move(update: Update, context: ForumContext) -> None:
    """Reschedule by a quick pick: "+10 min" counts from its time, "tomorrow" from today."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    svc = context.services
    zone = (await svc.store.programme.forum()).zone
    b = await svc.delivery.outbox.get(int(args[0]))
    now = svc.clock.now()
    base = b.scheduled_at if b and b.scheduled_at and args[1].endswith("m") else now
    at = quick_time(args[1], max(base, now), zone)
    ok = await svc.delivery.reschedule(int(args[0]), at)
    await _act(update, context, ok, "rescheduled", at=at.isoformat())


async def _ask(update: Update, context: ForumContext, key: str, yes: tuple[str, str]) -> None:
    """Say what a far-reaching action on the pressed broadcast would do (to how many people,
    instead of when), and ask once; yes: the label and action that do it."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    outbox = context.services.delivery.outbox
    b = await outbox.get(int(args[0]))
    ctx = await render_ctx(update, context)
    if b is None or not b.active or (key == "send_now_confirm" and b.status != "scheduled"):
        await query_of(update).answer(ctx.label("broadcast_not_now"), show_alert=True)
        return
    if key == "cancel_confirm" and b.status != "scheduled":
        key = "stop_confirm"  # it is going out: what has gone stays, the rest does not
    report = await outbox.report(b.id)
    sent, total = (report.sent, report.total) if report else (0, 0)
    count = await outbox.audience_size(b.audience)
    when = when_text(ctx, b.scheduled_at)
    text = ctx.t(key, id=b.id, count=count, when=when, sent=sent, total=total)
    await query_of(update).answer()
    await edit(update, context, render_ask(ctx, text, yes, b.id))


async def on_cancel_ask(update: Update, context: ForumContext) -> None:
    """Cancel: say whom it would have reached (or has reached) and ask."""
    await _ask(update, context, "cancel_confirm", ("broadcast_cancel_yes", "bcancelok"))


async def on_cancel_broadcast(update: Update, context: ForumContext) -> None:
    """Cancel a scheduled or running broadcast (what was sent stays sent)."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    ok = await context.services.delivery.cancel(int(args[0]))
    await _act(update, context, ok, "cancelled")


async def on_restore(update: Update, context: ForumContext) -> None:
    """A cancelled scheduled broadcast, scheduled again (until its time has come)."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    ok = await context.services.delivery.restore(int(args[0]))
    await _act(update, context, ok, "restored")


async def on_send_now_ask(update: Update, context: ForumContext) -> None:
    """Send now: say to how many people, instead of when, and ask."""
    await _ask(update, context, "send_now_confirm", ("broadcast_send_now_yes", "bnowok"))


async def on_send_now(update: Update, context: ForumContext) -> None:
    """A scheduled broadcast goes out now."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return
    ok = await context.services.delivery.send_now(int(args[0]))
    await _act(update, context, ok, "sent_now")


async def on_move_to_start(update: Update, context: ForumContext) -> int:
    """Reschedule to a typed time: ask for it."""
    args = await callback_args(update, context)
    if args is None or not await _guard(update, context):
        return END
    context.user_data["move"] = int(args[0])
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    prompt = ctx.t("announce_type_time", zone=ctx.zone_note(context.services.clock.now()))
    await send(update, context, View(prompt))
    return MOVE_TIME


async def on_move_to_time(update: Update, context: ForumContext) -> int:
    """The typed time: in the future, in the forum's zone."""
    if not await _guard(update, context):
        return END
    at = await typed_future_time(update, context)
    if at is None:
        return MOVE_TIME
    svc = context.services
    broadcast_id = context.user_data.pop("move")
    ok = await svc.delivery.reschedule(broadcast_id, at)
    if ok:
        await svc.store.staff.audit(user_id_of(update), "rescheduled", svc.clock.now(),
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
        entry_points=[CallbackQueryHandler(on_move_to_start, pattern=pattern("bmoveto"))],
        states={MOVE_TIME: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_move_to_time)]},
    )


def register(app: Application) -> None:
    app.add_handler(CommandHandler("scheduled", scheduled))
    app.add_handler(CommandHandler("deliveries", deliveries))
    app.add_handler(build_move_conversation())
    app.add_handler(CallbackQueryHandler(on_view, pattern=pattern("bview")))
    app.add_handler(CallbackQueryHandler(on_move, pattern=pattern("bmove")))
    app.add_handler(CallbackQueryHandler(on_cancel_ask, pattern=pattern("bcancel")))
    app.add_handler(CallbackQueryHandler(on_cancel_broadcast, pattern=pattern("bcancelok")))
    app.add_handler(CallbackQueryHandler(on_restore, pattern=pattern("brestore")))
    app.add_handler(CallbackQueryHandler(on_send_now_ask, pattern=pattern("bnow")))
    app.add_handler(CallbackQueryHandler(on_send_now, pattern=pattern("bnowok")))
