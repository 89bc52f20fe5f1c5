"""An organiser's quick change of one session from its card: move its time, change its hall,
cancel or restore it. It takes the import's path: the difference and the number of people
who will be told, a confirmation, then the change logged for the change notices.

Who asks is checked on every step, on the server side.
"""

from __future__ import annotations

import dataclasses
import logging

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.infra.timeutil import NonexistentTime, parse_new_time
from forumbot.models import Session
from forumbot.render.context import View
from forumbot.render.quickchange import render_qc_menu, render_qc_preview
from forumbot.rules.changes import Change, State
from handlers.composer import END, composer_conversation
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    note_doubled_time,
    organiser_args,
    refuse_skipped_time,
    render_ctx,
    say,
    send,
)

logger = logging.getLogger(__name__)

TYPE_TIME = 0
DRAFT = "quickchange"


async def _session(update: Update, context: ForumContext) -> Session | None:
    """The session the pressed button names, for an organiser; None after a polite answer."""
    args = await organiser_args(update, context)
    if args is None:
        return None
    session = await context.services.store.programme.session(args[0])
    if session is None:
        await say(update, context, "qc_gone")
    return session


async def on_menu(update: Update, context: ForumContext) -> None:
    """qc:<id> — what can change, as a new message under the card."""
    session = await _session(update, context)
    if session is None:
        return
    ctx = await render_ctx(update, context)
    rooms = await context.services.store.programme.rooms()
    await update.callback_query.answer()
    await send(update, context, render_qc_menu(ctx, session, rooms))


async def _preview(
    update: Update, context: ForumContext, before: Session, after: Session, new: bool
) -> None:
    """Keep the proposed session as the draft and show the difference (or "nothing")."""
    svc = context.services
    ctx = await render_ctx(update, context)
    change = Change(before.id, State.of(before), State.of(after))
    if not change.kinds:
        view = View(ctx.t("qc_nothing"))
    else:
        context.user_data[DRAFT] = after
        people = len(await svc.store.personal.stargazers([before.id]))
        view = render_qc_preview(ctx, change, await svc.store.programme.rooms(), people)
    if new:
        await send(update, context, view)
    else:
        await edit(update, context, view)


async def on_room(update: Update, context: ForumContext) -> None:
    """qcroom:<id>:<index> — the hall at that place in the programme's list."""
    session = await _session(update, context)
    if session is None:
        return
    rooms = list((await context.services.store.programme.rooms()).values())
    index = int(update.callback_query.data.rsplit(":", 1)[1])
    if index >= len(rooms):
        await say(update, context, "stale_button")
        return
    await update.callback_query.answer()
    after = dataclasses.replace(session, room_id=rooms[index].id)
    await _preview(update, context, session, after, new=False)


async def on_cancel_or_restore(update: Update, context: ForumContext) -> None:
    """qccancel:<id> / qcrestore:<id>."""
    session = await _session(update, context)
    if session is None:
        return
    await update.callback_query.answer()
    cancel = update.callback_query.data.startswith("qccancel:")
    after = dataclasses.replace(session, cancelled=cancel)
    await _preview(update, context, session, after, new=False)


async def on_time_start(update: Update, context: ForumContext) -> int:
    """qctime:<id> — ask for the new time."""
    session = await _session(update, context)
    if session is None:
        return END
    context.user_data[DRAFT + ":for"] = session.id
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    await send(update, context, View(ctx.t("qc_type_time")))
    return TYPE_TIME


async def on_time_typed(update: Update, context: ForumContext) -> int:
    """The typed time, in the forum's zone; asked again until it is one of the forms."""
    if not await is_organiser(update, context):
        return END
    svc = context.services
    session_id = context.user_data.get(DRAFT + ":for")
    session = await svc.store.programme.session(session_id) if session_id else None
    if session is None:
        await say(update, context, "qc_gone")
        return END
    zone = (await svc.store.programme.forum()).zone
    text = update.effective_message.text or ""
    try:
        parsed = parse_new_time(text, session.day, session.start, session.end, zone)
    except NonexistentTime as exc:
        await refuse_skipped_time(update, context, exc)
        return TYPE_TIME
    days = {d.date for d, _ in await svc.store.programme.days()}
    if parsed is None or parsed[0] not in days:
        await say(update, context, "qc_bad_time")
        return TYPE_TIME
    day, start, end = parsed
    await note_doubled_time(update, context, (start, end), zone)
    after = dataclasses.replace(session, day=day, start=start, end=end)
    await _preview(update, context, session, after, new=True)
    return END


async def on_confirm(update: Update, context: ForumContext) -> None:
    """qcok:<id> — apply the draft, log it for the notices, audit it."""
    args = await organiser_args(update, context)
    if args is None:
        return
    draft = context.user_data.get(DRAFT)
    if not isinstance(draft, Session) or draft.id != args[0]:
        await say(update, context, "stale_button")
        return
    svc = context.services
    now = svc.clock.now()
    try:
        change = await svc.store.programme.update_session(draft, now)
    except LookupError:
        await say(update, context, "qc_gone")
        return
    context.user_data.pop(DRAFT, None)
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    if change is None:
        await edit(update, context, View(ctx.t("qc_nothing")))
        return
    await svc.store.staff.audit(
        update.effective_user.id, "changed", now, session=draft.id, kinds=list(change.kinds)
    )
    logger.info("Session %s changed in the chat: %s", draft.id, ", ".join(change.kinds))
    await edit(update, context, View(ctx.t("qc_applied")))


async def on_drop(update: Update, context: ForumContext) -> None:
    """qcno:<id> — nothing changes."""
    if await callback_args(update, context) is None:
        return
    context.user_data.pop(DRAFT, None)
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    await edit(update, context, View(ctx.t("qc_dropped")))


def build_time_conversation() -> ConversationHandler:
    """A button starts it, a typed time ends it with the preview."""
    return composer_conversation(
        "qctime",
        entry_points=[CallbackQueryHandler(on_time_start, pattern=r"^qctime:")],
        states={TYPE_TIME: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_time_typed)]},
    )


def register(app: Application) -> None:
    app.add_handler(build_time_conversation())
    app.add_handler(CallbackQueryHandler(on_menu, pattern=r"^qc:"))
    app.add_handler(CallbackQueryHandler(on_room, pattern=r"^qcroom:"))
    app.add_handler(CallbackQueryHandler(on_cancel_or_restore, pattern=r"^qc(cancel|restore):"))
    app.add_handler(CallbackQueryHandler(on_confirm, pattern=r"^qcok:"))
    app.add_handler(CallbackQueryHandler(on_drop, pattern=r"^qcno:"))
