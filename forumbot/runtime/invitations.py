"""Opening an invitation link (/start i_<token>): the role given and said in the person's
language, or a polite word on a link that no longer works. A newcomer picks a language
first: the token waits in the store (so a restart loses nothing) and is used then."""

from __future__ import annotations

import datetime as dt

from forumbot.render.context import RenderCtx, View
from forumbot.render.roles import by_id, render_already, render_joined, render_link_refused
from forumbot.store import Store
from forumbot.store.invitations import PendingInvite
from forumbot.store.staff import Person


async def open_invite(
    store: Store, ctx: RenderCtx, token: str, person: Person, now: dt.datetime
) -> View:
    """Use the link as ``person``; what to tell them."""
    redeemed = await store.invitations.redeem(token, person.chat_id, now)
    invite = redeemed.invite
    roles = by_id(await store.roles.defined())
    if redeemed.outcome == "joined" and invite is not None:
        await store.staff.remember(person)  # the audit names who joined
        speaker = await store.programme.speaker(invite.speaker_id) if invite.speaker_id else None
        before = redeemed.before.role if redeemed.before else None
        return render_joined(ctx, invite, roles, speaker, before)
    if redeemed.outcome == "already" and invite is not None:
        held = redeemed.before.role if redeemed.before else invite.role
        return render_already(ctx, held, roles)
    return render_link_refused(ctx, redeemed.outcome)


async def hold(store: Store, chat_id: int, token: str, now: dt.datetime) -> None:
    """A newcomer's link, kept until they have picked their language."""
    await store.drafts.put(chat_id, PendingInvite(token), now)


async def take_held(store: Store, chat_id: int) -> str | None:
    """The link a newcomer opened, if one waits (and no longer)."""
    pending = await store.drafts.get(PendingInvite, chat_id)
    if pending is None:
        return None
    await store.drafts.drop(PendingInvite.KIND, chat_id)
    return pending.token or None
