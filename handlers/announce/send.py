"""/announce, the sending: the audience (with who it leaves out), the time (a quick pick
or typed, never past), a test to oneself, and the confirmation that queues it."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from forumbot.infra.timeutil import NonexistentTime, parse_local, quick_time
from forumbot.render.broadcasts import addressable, audience_of
from forumbot.render.compose import render_confirm, render_when_picker
from forumbot.render.context import View
from forumbot.store.drafts import AnnounceDraft
from handlers.announce.common import (
    AUDIENCE,
    CONFIRM,
    TYPE_TIME,
    WHEN,
    allowed,
    content_of,
    current_draft,
)
from handlers.composer import END, drop_draft, keep_draft, send_exactly
from handlers.context import (
    ForumContext,
    chat_id_of,
    edit,
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


async def _reach(context: ForumContext, code: str) -> tuple[int, int]:
    """How many people the audience reaches now, and how many turned announcements off."""
    outbox = context.services.delivery.outbox
    audience = audience_of(code)
    return await outbox.audience_size(audience), await outbox.opted_out(audience)


def channel_title(context: ForumContext) -> str | None:
    """The forum's channel's title when the bot may post there (else it is not offered)."""
    channel = context.services.channel
    return channel.title if channel is not None else None


async def on_audience(update: Update, context: ForumContext) -> int:
    if not await allowed(update, context):
        return END
    code = pressed(update).args[0]
    channel = channel_title(context)
    if not addressable(code, channel is not None):  # the channel went away: choose again
        await say(update, context, "broadcast_not_now")
        return AUDIENCE
    draft = await current_draft(update, context)
    draft.audience = code
    await keep_draft(update, context, draft)
    people, left_out = await _reach(context, code)
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    view = render_when_picker(ctx, audience_of(code), people, left_out, channel)
    await edit(update, context, view)
    return WHEN


async def on_when(update: Update, context: ForumContext) -> int:
    if not await allowed(update, context):
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
    """A typed date and time; one not understood or past is refused, and the prompt waits."""
    if not await allowed(update, context):
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


async def _confirm(
    update: Update, context: ForumContext, at: dt.datetime | None, new: bool = False
) -> int:
    draft = await current_draft(update, context)
    draft.at = at
    await keep_draft(update, context, draft)
    code = draft.audience or "all"
    people, left_out = await _reach(context, code)
    ctx = await render_ctx(update, context)
    known = {r.id: r for r in await context.services.store.roles.defined()}
    view = render_confirm(ctx, audience_of(code), people, left_out, at, known,
                          channel_title(context))  # fmt: skip
    await (edit if update.callback_query and not new else send)(update, context, view)
    return CONFIRM


async def on_test(update: Update, context: ForumContext) -> int:
    """Send it to the organiser alone, in their language, as recipients will get it."""
    if not await allowed(update, context):
        return END
    draft = await current_draft(update, context)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await send(update, context, View(ctx.t("announce_test_heading")))
    await send_exactly(context, chat_id_of(update), await content_of(context, draft), ctx.lang)
    return await _confirm(update, context, draft.at, new=True)


async def on_confirm(update: Update, context: ForumContext) -> int:
    """Queue (or schedule) the broadcast, audit it, say where to follow it."""
    if not await allowed(update, context):
        return END
    svc = context.services
    draft = await current_draft(update, context)
    await drop_draft(update, context, AnnounceDraft.KIND)
    at, now = draft.at, svc.clock.now()
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    if at is not None and at <= now:
        await edit(update, context, View(ctx.t("announce_past")))
        return END
    actor, code = user_id_of(update), draft.audience or "all"
    broadcast_id = await svc.delivery.create(
        kind="announcement", audience=audience_of(code), content=await content_of(context, draft),
        created_by=actor, scheduled_at=at,
    )  # fmt: skip
    action = ("scheduled" if at else "sent") + ("_urgent" if code == "urg" else "")
    copy: dict[str, object] = {"copy_of": draft.source} if draft.source else {}
    if audience_of(code).channel:
        copy["channel"] = channel_title(context)
    await svc.store.staff.audit(actor, action, now, broadcast=broadcast_id, **copy)
    key = "announce_scheduled" if at else "announce_queued"
    await edit(update, context, View(ctx.t(key, id=broadcast_id)))
    return END
