"""/invite: an organiser makes an invitation link, step by step (the role, for a speaker the
programme entry, how many may use it, until when), then sees the link and its terms in
words. The draft is kept in the store; who asks is checked on every step."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from forumbot.infra.timeutil import NonexistentTime, parse_local
from forumbot.models import SPEAKER_ROLE, Speaker
from forumbot.render.context import View
from forumbot.render.roles import (
    SPEAKERS_PER_PAGE,
    by_id,
    render_expiry_picker,
    render_invite_made,
    render_role_picker,
    render_speaker_picker,
    render_uses_picker,
)
from forumbot.rules.invitations import USE_CHOICES, expiry, typed_uses
from forumbot.store.invitations import InviteDraft
from handlers.composer import END, drop_draft, keep_draft, stored_draft
from handlers.context import (
    ForumContext,
    edit,
    is_organiser,
    message_of,
    organiser_args,
    query_of,
    refuse_skipped_time,
    render_ctx,
    say,
    send,
    user_id_of,
)
from handlers.midflow import WAITING

TYPING = WAITING  # the conversation's one step: a typed use limit or expiry


async def invite(update: Update, context: ForumContext) -> None:
    """/invite: a fresh draft, and the roles to choose from."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    await keep_draft(update, context, InviteDraft())
    store = context.services.store
    ctx = await render_ctx(update, context)
    view = render_role_picker(ctx, await store.roles.defined(), await store.roles.counts())
    await send(update, context, view)


async def _draft(
    update: Update, context: ForumContext
) -> tuple[InviteDraft, tuple[str, ...]] | None:
    """The organiser's draft and the pressed button's fields; None after "out of date"."""
    args = await organiser_args(update, context)
    if args is None:
        return None
    draft = await stored_draft(update, context, InviteDraft)
    if draft is None:
        await say(update, context, "stale_button")
        return None
    return draft, args


async def on_role(update: Update, context: ForumContext) -> None:
    """inv:<role> — a speaker link goes on to the speakers; any other to the uses."""
    found = await _draft(update, context)
    if found is None:
        return
    draft, (role,) = found
    store = context.services.store
    if role not in by_id(await store.roles.defined()):
        await say(update, context, "stale_button")
        return
    draft.role, draft.speaker_id, draft.max_uses = role, None, None
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    if role == SPEAKER_ROLE and (await store.programme.speakers_page("en", 0, 1))[1]:
        await _show_speakers(update, context, 0)
        return
    await edit(update, context, await _uses_view(update, context, draft))


async def _show_speakers(update: Update, context: ForumContext, page: int) -> None:
    ctx = await render_ctx(update, context)
    offset = page * SPEAKERS_PER_PAGE
    speakers, total = await context.services.store.programme.speakers_page(
        ctx.lang, offset, SPEAKERS_PER_PAGE
    )
    await edit(update, context, render_speaker_picker(ctx, speakers, page, total))


async def on_speaker_page(update: Update, context: ForumContext) -> None:
    """invsp:<page> — another page of speakers."""
    found = await _draft(update, context)
    if found is None:
        return
    await query_of(update).answer()
    await _show_speakers(update, context, int(found[1][0]))


async def on_speaker(update: Update, context: ForumContext) -> None:
    """invs:<speaker> — linked to that programme entry: one person, so one-time."""
    found = await _draft(update, context)
    if found is None:
        return
    draft, (speaker_id,) = found
    if await context.services.store.programme.speaker(speaker_id) is None:
        await say(update, context, "stale_button")
        return
    draft.speaker_id, draft.max_uses = speaker_id, 1
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    await edit(update, context, await _expiry_view(update, context, draft))


async def on_any_speaker(update: Update, context: ForumContext) -> None:
    """invsa — a speaker link not linked to the programme."""
    found = await _draft(update, context)
    if found is None:
        return
    await query_of(update).answer()
    await edit(update, context, await _uses_view(update, context, found[0]))


async def on_uses(update: Update, context: ForumContext) -> None:
    """invu:<n> — how many may use it (0: no limit); then until when."""
    found = await _draft(update, context)
    if found is None:
        return
    draft, (count,) = found
    if int(count) not in USE_CHOICES or draft.role is None:
        await say(update, context, "stale_button")
        return
    draft.max_uses = int(count)
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    await edit(update, context, await _expiry_view(update, context, draft))


async def on_expiry(update: Update, context: ForumContext) -> None:
    """inve:<code> — a day, a week, or until the forum ends: the link is made."""
    found = await _draft(update, context)
    if found is None:
        return
    draft, (code,) = found
    svc = context.services
    now = svc.clock.now()
    until = expiry(code, now, await _forum_end(context))
    if until is None or draft.role is None or draft.max_uses is None:
        await say(update, context, "stale_button")
        return
    await query_of(update).answer()
    await edit(update, context, await _make(update, context, draft, until))


async def on_type_uses(update: Update, context: ForumContext) -> int:
    """invut — the organiser types the use limit."""
    return await _start_typing(update, context, "uses")


async def on_type_expiry(update: Update, context: ForumContext) -> int:
    """invet — the organiser types the moment the link stops working."""
    return await _start_typing(update, context, "expiry")


async def _start_typing(update: Update, context: ForumContext, what: str) -> int:
    found = await _draft(update, context)
    if found is None or found[0].role is None:
        return END
    draft = found[0]
    draft.typing = what
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    await send(update, context, View(await _prompt(update, context, what)))
    return TYPING


async def _prompt(update: Update, context: ForumContext, what: str) -> str:
    ctx = await render_ctx(update, context)
    if what == "uses":
        return ctx.t("invite_type_uses")
    return ctx.t("invite_type_expiry", zone=ctx.zone_note(context.services.clock.now()))


async def on_typed(update: Update, context: ForumContext) -> int:
    """The typed use limit or moment; one not understood is asked for again."""
    if not await is_organiser(update, context):
        return END
    draft = await stored_draft(update, context, InviteDraft)
    if draft is None or draft.typing is None or draft.role is None:
        await context.application.update_queue.put(update)  # not for us: answer it as text
        return END
    text = message_of(update).text or ""
    if draft.typing == "uses":
        return await _typed_uses(update, context, draft, text)
    svc = context.services
    now, zone = svc.clock.now(), (await svc.store.programme.forum()).zone
    try:
        until = parse_local(text, now, zone)
    except NonexistentTime as exc:
        await refuse_skipped_time(update, context, exc)
        return TYPING
    if until is None:
        await send(update, context, View(await _prompt(update, context, "expiry")))
        return TYPING
    if until <= now:
        await say(update, context, "invite_past_expiry")
        return TYPING
    if draft.max_uses is None:
        draft.max_uses = 1
    await send(update, context, await _make(update, context, draft, until))
    return END


async def _typed_uses(update: Update, context: ForumContext, draft: InviteDraft, text: str):
    count = typed_uses(text)
    if count is None:
        await say(update, context, "invite_bad_uses")
        return TYPING
    draft.max_uses, draft.typing = count, None
    await keep_draft(update, context, draft)
    await send(update, context, await _expiry_view(update, context, draft))
    return END


async def on_cancel(update: Update, context: ForumContext) -> None:
    """invx — drop the link being made."""
    if await organiser_args(update, context) is None:
        return
    await drop_draft(update, context, InviteDraft.KIND)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, View(ctx.t("compose_cancelled")))


async def _speaker(context: ForumContext, speaker_id: str | None) -> Speaker | None:
    return await context.services.store.programme.speaker(speaker_id) if speaker_id else None


async def _uses_view(update: Update, context: ForumContext, draft: InviteDraft) -> View:
    ctx = await render_ctx(update, context)
    roles = by_id(await context.services.store.roles.defined())
    speaker = await _speaker(context, draft.speaker_id)
    return render_uses_picker(ctx, draft.role or "", roles, speaker)


async def _forum_end(context: ForumContext) -> dt.datetime | None:
    span = await context.services.store.programme.span()
    now = context.services.clock.now()
    return span[1] if span is not None and span[1] > now else None


async def _expiry_view(update: Update, context: ForumContext, draft: InviteDraft) -> View:
    ctx = await render_ctx(update, context)
    uses = draft.max_uses or None
    roles = by_id(await context.services.store.roles.defined())
    speaker = await _speaker(context, draft.speaker_id)
    end = await _forum_end(context)
    return render_expiry_picker(ctx, uses, end, draft.role or "", roles, speaker)


async def _make(
    update: Update, context: ForumContext, draft: InviteDraft, until: dt.datetime
) -> View:
    """Make the link (audited), drop the draft; the link and its terms in words."""
    svc = context.services
    assert draft.role is not None
    made = await svc.store.invitations.create(
        draft.role, draft.speaker_id, draft.max_uses or None, until, user_id_of(update),
        svc.clock.now(),
    )  # fmt: skip
    await drop_draft(update, context, InviteDraft.KIND)
    ctx = await render_ctx(update, context)
    roles = by_id(await svc.store.roles.defined())
    return render_invite_made(ctx, made, roles, await _speaker(context, made.speaker_id))
