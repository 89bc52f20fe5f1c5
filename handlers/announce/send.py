"""/announce, the sending: the audience (with who it leaves out), the time (a quick pick
or typed, never past), a test to oneself, and the confirmation that queues it. Each step
calls the core (forumbot.runtime.announce), as the Mini App's console does."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from forumbot.infra.timeutil import quick_time
from forumbot.render.compose import render_confirm, render_when_picker
from forumbot.render.context import View
from forumbot.runtime import announce
from forumbot.store.drafts import AnnounceDraft
from handlers.announce.common import AUDIENCE, CONFIRM, TYPE_TIME, WHEN, allowed, current_draft
from handlers.composer import END, drop_draft, keep_draft, typed_future_time
from handlers.context import (
    ForumContext,
    chat_id_of,
    edit,
    pressed,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)


async def on_audience(update: Update, context: ForumContext) -> int:
    if not await allowed(update, context):
        return END
    code = pressed(update).args[0]
    if not announce.may_address(context.services, code):  # the channel went away: choose again
        await say(update, context, "broadcast_not_now")
        return AUDIENCE
    draft = await current_draft(update, context)
    draft.audience = code
    await keep_draft(update, context, draft)
    reach = await announce.reach(context.services, code)
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    channel = announce.channel_title(context.services)
    view = render_when_picker(ctx, reach.audience, reach.people, reach.left_out, channel)
    await edit(update, context, view)
    return WHEN


async def on_when(update: Update, context: ForumContext) -> int:
    if not await allowed(update, context):
        return END
    code = pressed(update).args[0]
    await query_of(update).answer()
    if code == "type":
        ctx = await render_ctx(update, context)
        prompt = ctx.t("announce_type_time", zone=ctx.zone_note(context.services.clock.now()))
        await edit(update, context, View(prompt))
        return TYPE_TIME
    svc = context.services
    zone = (await svc.store.programme.forum()).zone
    at = None if code == "now" else quick_time(code, svc.clock.now(), zone)
    return await _confirm(update, context, at)


async def on_typed_time(update: Update, context: ForumContext) -> int:
    """A typed date and time; one not understood or past is refused, and the prompt waits."""
    if not await allowed(update, context):
        return END
    at = await typed_future_time(update, context)
    if at is None:
        return TYPE_TIME
    return await _confirm(update, context, at)


async def _confirm(
    update: Update, context: ForumContext, at: dt.datetime | None, new: bool = False
) -> int:
    draft = await current_draft(update, context)
    draft.at = at
    await keep_draft(update, context, draft)
    reach = await announce.reach(context.services, draft.audience)
    ctx = await render_ctx(update, context)
    known = await announce.known_roles(context.services)
    view = render_confirm(ctx, reach.audience, reach.people, reach.left_out, at, known,
                          announce.channel_title(context.services))  # fmt: skip
    await (edit if update.callback_query and not new else send)(update, context, view)
    return CONFIRM


async def on_test(update: Update, context: ForumContext) -> int:
    """Send it to the organiser alone, in their language, as recipients will get it."""
    if not await allowed(update, context):
        return END
    svc = context.services
    draft = await current_draft(update, context)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    content = await announce.content_of(svc, draft)
    await announce.send_test(svc, chat_id_of(update), content, ctx.lang)
    return await _confirm(update, context, draft.at, new=True)


async def on_confirm(update: Update, context: ForumContext) -> int:
    """Queue (or schedule) the broadcast, audit it, say where to follow it."""
    if not await allowed(update, context):
        return END
    draft = await current_draft(update, context)
    await drop_draft(update, context, AnnounceDraft.KIND)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    try:
        broadcast_id = await announce.queue(context.services, draft, user_id_of(update))
    except announce.TooLate:
        await edit(update, context, View(ctx.t("announce_past")))
        return END
    key = "announce_scheduled" if draft.at else "announce_queued"
    await edit(update, context, View(ctx.t(key, id=broadcast_id)))
    return END
