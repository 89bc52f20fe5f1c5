"""/invites: the invitation links that still work, with their uses and expiry; revoking one
asks once and says how many used it. Organisers only, checked on every step."""

from __future__ import annotations

from telegram import Update

from forumbot.render.context import View
from forumbot.render.roles import by_id, render_invites, render_revoke_ask, render_revoked
from handlers.context import (
    ForumContext,
    edit,
    is_organiser,
    organiser_args,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)


async def invites(update: Update, context: ForumContext) -> None:
    """/invites: the live links, each with a button to revoke it."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    now = svc.clock.now()
    live = await svc.store.invitations.live(now)
    ids = sorted({i.speaker_id for i in live if i.speaker_id})
    speakers = await svc.store.programme.speakers(ids)
    roles = by_id(await svc.store.roles.defined())
    ctx = await render_ctx(update, context)
    await send(update, context, render_invites(ctx, live, roles, speakers, now))


async def on_revoke_ask(update: Update, context: ForumContext) -> None:
    """invdel:<id> — what revoking does, and how many used it: asked once."""
    args = await organiser_args(update, context)
    if args is None:
        return
    svc = context.services
    found = await svc.store.invitations.get(int(args[0]))
    if found is None or found.state(svc.clock.now()) != "live":
        await say(update, context, "invite_gone")
        return
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    roles = by_id(await svc.store.roles.defined())
    await send(update, context, render_revoke_ask(ctx, found, roles))


async def on_revoke(update: Update, context: ForumContext) -> None:
    """invrm:<id> — revoked (audited); those who used it keep their role."""
    args = await organiser_args(update, context)
    if args is None:
        return
    svc = context.services
    revoked = await svc.store.invitations.revoke(int(args[0]), user_id_of(update), svc.clock.now())
    if revoked is None:
        await say(update, context, "invite_gone")
        return
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, render_revoked(ctx, revoked))


async def on_keep(update: Update, context: ForumContext) -> None:
    """invkeep:<id> — nothing changes."""
    args = await organiser_args(update, context)
    if args is None:
        return
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, View(ctx.t("invite_kept", id=args[0])))
