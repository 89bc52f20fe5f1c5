"""An organiser's quick change of one session from its card: move its time, change its hall,
cancel or restore it. It takes the import's path: the difference and the number of people
who will be told, a confirmation, then the change logged for the change notices.

Who asks is checked on every step, on the server side.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler

from forumbot.infra.i18n import Catalogs
from forumbot.infra.timeutil import NonexistentTime, impossible_time, parse_new_time
from forumbot.models import Session
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.quickchange import render_qc_menu, render_qc_preview
from forumbot.rules.changes import Change, State
from forumbot.runtime.quickchange import apply as apply_change
from forumbot.runtime.quickchange import clashes_of, people_told
from forumbot.store.drafts import QuickChangeDraft
from handlers.composer import END, drop_draft, keep_draft, stored_draft
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    message_of,
    note_doubled_time,
    organiser_args,
    pressed,
    query_of,
    refuse_skipped_time,
    render_ctx,
    say,
    send,
    user_id_of,
    waiting_draft,
)
from handlers.midflow import WAITING, ask, ask_again, settle, typed_value_conversation

logger = logging.getLogger(__name__)


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
    await query_of(update).answer()
    await send(update, context, render_qc_menu(ctx, session, rooms))


async def _keep_change(update: Update, context: ForumContext, after: Session) -> None:
    """The proposed session, kept in the store until confirmed or dropped."""
    draft = await stored_draft(update, context, QuickChangeDraft) or QuickChangeDraft()
    await keep_draft(
        update,
        context,
        dataclasses.replace(
            draft, session_id=after.id, day=after.day, start=after.start, end=after.end,
            room_id=after.room_id, cancelled=after.cancelled,
        ),
    )  # fmt: skip


async def _changed(context: ForumContext, draft: QuickChangeDraft) -> Session:
    """The session as the draft proposes it; LookupError when it is gone."""
    before = await context.services.store.programme.session(draft.session_id or "")
    if before is None or draft.day is None or draft.start is None or draft.end is None:
        raise LookupError(draft.session_id)
    return dataclasses.replace(
        before, day=draft.day, start=draft.start, end=draft.end,
        room_id=draft.room_id or before.room_id, cancelled=draft.cancelled,
    )  # fmt: skip


async def _forget_change(update: Update, context: ForumContext, draft: QuickChangeDraft) -> None:
    """The change is done with; a new time being typed meanwhile stays asked for."""
    if draft.typing_for is None:
        await drop_draft(update, context, QuickChangeDraft.KIND)
    else:
        await keep_draft(update, context, QuickChangeDraft(typing_for=draft.typing_for))


async def _preview_view(
    update: Update, context: ForumContext, before: Session, after: Session
) -> View:
    """The difference, the people told and what it collides with, the proposal kept as the
    draft; a bare "nothing to change" when it changes nothing."""
    svc = context.services
    ctx = await render_ctx(update, context)
    change = Change(before.id, State.of(before), State.of(after))
    if not change.kinds:
        return View(ctx.t("qc_nothing"))
    await _keep_change(update, context, after)
    people = await people_told(svc, before.id)
    found = await clashes_of(context.services, before, after)
    named = {i for s, _ in found.speakers for i in s.speaker_ids + s.moderator_ids}
    speakers = await svc.store.programme.speakers(sorted(named)) if named else {}
    rooms = await svc.store.programme.rooms()
    return render_qc_preview(ctx, change, rooms, people, found, speakers, svc.clock.now())


async def _preview(
    update: Update, context: ForumContext, before: Session, after: Session, new: bool
) -> None:
    """Show the preview as a new message (after a typed time) or in place of the menu."""
    view = await _preview_view(update, context, before, after)
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
    index = int(pressed(update).args[1])
    if index >= len(rooms):
        await say(update, context, "stale_button")
        return
    await query_of(update).answer()
    after = dataclasses.replace(session, room_id=rooms[index].id)
    await _preview(update, context, session, after, new=False)


async def on_cancel_or_restore(update: Update, context: ForumContext) -> None:
    """qccancel:<id> / qcrestore:<id>."""
    session = await _session(update, context)
    if session is None:
        return
    await query_of(update).answer()
    cancel = pressed(update).action == "qccancel"
    after = dataclasses.replace(session, cancelled=cancel)
    await _preview(update, context, session, after, new=False)


async def on_time_start(update: Update, context: ForumContext) -> int:
    """qctime:<id> — ask for the new time."""
    session = await _session(update, context)
    if session is None:
        return END
    draft = await stored_draft(update, context, QuickChangeDraft) or QuickChangeDraft()
    draft.typing_for = session.id
    await keep_draft(update, context, draft)
    ctx = await render_ctx(update, context)
    return await ask(update, context, View(ctx.t("qc_type_time")))


async def on_time_typed(update: Update, context: ForumContext) -> int:
    """The typed time, in the forum's zone; asked again until it is one of the forms."""
    if not await is_organiser(update, context):
        return END
    svc = context.services
    draft = await stored_draft(update, context, QuickChangeDraft)
    session_id = draft.typing_for if draft else None
    session = await svc.store.programme.session(session_id) if session_id else None
    if session is None:
        await say(update, context, "qc_gone")
        return END
    zone = (await svc.store.programme.forum()).zone
    text = message_of(update).text or ""
    try:
        parsed = parse_new_time(text, session.day, session.start, session.end, zone)
    except NonexistentTime as exc:
        await refuse_skipped_time(update, context, exc)
        return WAITING
    days = {d.date for d, _ in await svc.store.programme.days()}
    if parsed is None or parsed[0] not in days:
        await _why_not(update, context, text, None if parsed is None else parsed[0])
        return WAITING
    day, start, end = parsed
    if (start, end) == (session.start, session.end):
        return await ask_again(update, context, "qc_same_time")  # the next time, not a search
    await note_doubled_time(update, context, (start, end), zone)
    after = dataclasses.replace(session, day=day, start=start, end=end)
    await _preview(update, context, session, after, new=True)
    return END


async def _why_not(update: Update, context: ForumContext, text: str, day: dt.date | None) -> None:
    """A typed time refused, saying why (no such hour, not a forum day), and the forms."""
    ctx = await render_ctx(update, context)
    wrong = impossible_time(text)
    why = []
    if wrong:
        why.append(ctx.t("no_such_clock_time", time=wrong))
    elif day is not None:
        why.append(ctx.t("qc_not_forum_day", day=ctx.date(day)))
    await send(update, context, View("\n".join([*why, ctx.t("qc_bad_time")])))


async def on_confirm(update: Update, context: ForumContext) -> None:
    """qcok:<id> — apply the draft, unless it now collides with something (the preview
    again, with "apply anyway"); qcany:<id> — apply it all the same. Logged for the
    notices and audited, with the sessions it collides with."""
    args = await organiser_args(update, context)
    if args is None:
        return
    waiting = await stored_draft(update, context, QuickChangeDraft)
    draft = await waiting_draft(
        update, context, waiting, QuickChangeDraft, lambda d: d.session_id == args[0]
    )
    if draft is None:
        return
    svc = context.services
    try:
        after = await _changed(context, draft)
        before = await svc.store.programme.session(after.id)
        assert before is not None  # _changed found it
    except LookupError:
        await say(update, context, "qc_gone")
        return
    found = await clashes_of(context.services, before, after)
    if found and pressed(update).action == "qcok":  # it collides since the preview was drawn
        await query_of(update).answer()
        await edit(update, context, await _preview_view(update, context, before, after))
        return
    change = await apply_change(svc, after, user_id_of(update), found)
    await _forget_change(update, context, draft)
    if change is not None:
        logger.info(
            "Session %s changed in the chat: %s", change.session_id, ", ".join(change.kinds)
        )
    await settle(update, context, "qc_nothing" if change is None else "qc_applied")


async def on_drop(update: Update, context: ForumContext) -> None:
    """qcno:<id> — nothing changes."""
    if await callback_args(update, context) is None:
        return
    draft = await stored_draft(update, context, QuickChangeDraft)
    if draft is not None:
        await _forget_change(update, context, draft)
    await settle(update, context, "qc_dropped")


def build_time_conversation(catalogs: Catalogs) -> ConversationHandler:
    """A button starts it, a typed time ends it with the preview."""
    return typed_value_conversation("qctime", "qctime", on_time_start, on_time_typed, catalogs)


def register(app: Application) -> None:
    app.add_handler(build_time_conversation(app.bot_data["catalogs"]))
    app.add_handler(CallbackQueryHandler(on_menu, pattern=pattern("qc")))
    app.add_handler(CallbackQueryHandler(on_room, pattern=pattern("qcroom")))
    app.add_handler(
        CallbackQueryHandler(on_cancel_or_restore, pattern=pattern("qccancel", "qcrestore"))
    )
    app.add_handler(CallbackQueryHandler(on_confirm, pattern=pattern("qcok", "qcany")))
    app.add_handler(CallbackQueryHandler(on_drop, pattern=pattern("qcno")))
