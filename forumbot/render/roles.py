"""Roles and invitation links (issue 15, part 4): the organiser's /invite steps and /invites
list, and what a person who opens a link is told. Pure: data in, View out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from forumbot.models import Role, Speaker
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.rules.invitations import Invite

SPEAKERS_PER_PAGE = 8


def role_label(ctx: RenderCtx, role_id: str, roles: Mapping[str, Role]) -> str:
    """A role's name in the reader's language, plain text: the file's, else the catalogs',
    else its id (a role the file no longer defines)."""
    role = roles.get(role_id)
    if role is not None and role.name:
        return ctx.plain(role.name)
    key = f"role_{role_id}"
    return ctx.label(key) if key in ctx.catalogs.keys(ctx.lang) else role_id


def by_id(roles: Sequence[Role]) -> dict[str, Role]:
    return {r.id: r for r in roles}


def _when(ctx: RenderCtx, moment: dt.datetime) -> str:
    return f"{ctx.date(ctx.local(moment).date())}, {ctx.hhmm(moment)}"


def _cancel(ctx: RenderCtx) -> list:
    return [ctx.button(ctx.label("compose_cancel"), "invx")]


def render_role_picker(ctx: RenderCtx, roles: Sequence[Role], counts: Mapping[str, int]) -> View:
    """/invite: which role the link gives; each with how many hold it now."""
    known = by_id(roles)
    rows = [
        [ctx.button(f"{role_label(ctx, r.id, known)} ({counts.get(r.id, 0)})", "inv", r.id)]
        for r in roles
    ]
    return View(ctx.t("invite_pick_role"), keyboard(*rows, _cancel(ctx)))


def render_speaker_picker(
    ctx: RenderCtx, speakers: Sequence[Speaker], page: int, total: int
) -> View:
    """A speaker link: whose programme entry it links to (a page of speakers), or none."""
    rows = [[ctx.button(ctx.plain(s.name)[:60], "invs", s.id)] for s in speakers]
    pages = max(1, -(-total // SPEAKERS_PER_PAGE))
    nav = []
    if page > 0:
        nav.append(ctx.button("◀", "invsp", page - 1))
    if pages > 1:
        nav.append(ctx.button(f"{page + 1}/{pages}", "noop"))
    if page + 1 < pages:
        nav.append(ctx.button("▶", "invsp", page + 1))
    rows += [nav, [ctx.button(ctx.label("invite_any_speaker"), "invsa")], _cancel(ctx)]
    return View(ctx.t("invite_pick_speaker"), keyboard(*rows))


def _for_whom(ctx: RenderCtx, role: str, roles: Mapping[str, Role], speaker: Speaker | None):
    name = ctx.t("invite_role_is", role=role_label(ctx, role, roles))
    if speaker is not None:
        name += "\n" + ctx.t("invite_speaker_is", speaker=ctx.plain(speaker.name))
    return name


def render_uses_picker(
    ctx: RenderCtx, role: str, roles: Mapping[str, Role], speaker: Speaker | None
) -> View:
    """How many people may use the link."""
    rows = [
        [ctx.button(ctx.label("invite_uses_one"), "invu", 1)],
        [ctx.button(ctx.label("invite_uses_up_to", count=n), "invu", n) for n in (10, 50, 100)],
        [ctx.button(ctx.label("invite_uses_any"), "invu", 0)],
        [ctx.button("⌨️ " + ctx.label("invite_uses_type"), "invut")],
        _cancel(ctx),
    ]
    text = _for_whom(ctx, role, roles, speaker) + "\n\n" + ctx.t("invite_pick_uses")
    return View(text, keyboard(*rows))


def render_expiry_picker(
    ctx: RenderCtx,
    uses: int | None,
    forum_end: dt.datetime | None,
    role: str,
    roles: Mapping[str, Role],
    speaker: Speaker | None,
) -> View:
    """Until when the link works: a day, a week, until the forum ends, or a typed moment;
    above, the link's terms chosen so far."""
    rows = [
        [
            ctx.button(ctx.label("invite_for_day"), "inve", "1d"),
            ctx.button(ctx.label("invite_for_week"), "inve", "7d"),
        ]
    ]
    if forum_end is not None:
        label = ctx.label("invite_until_end", date=ctx.short_date(ctx.local(forum_end).date()))
        rows.append([ctx.button(label, "inve", "end")])
    rows += [[ctx.button("🗓 " + ctx.label("invite_type_until"), "invet")], _cancel(ctx)]
    chosen = _for_whom(ctx, role, roles, speaker) + "\n" + uses_words(ctx, uses)
    text = chosen + "\n\n" + ctx.t("invite_pick_expiry")
    return View(text, keyboard(*rows))


def uses_words(ctx: RenderCtx, max_uses: int | None) -> str:
    if max_uses == 1:
        return ctx.t("invite_terms_one")
    if max_uses is None:
        return ctx.t("invite_terms_any")
    return ctx.t("invite_terms_up_to", count=max_uses)


def terms(
    ctx: RenderCtx, invite: Invite, roles: Mapping[str, Role], speaker: Speaker | None
) -> str:
    """The link's terms in words: the role (and speaker), who may use it, until when."""
    until = ctx.t("invite_terms_until", when=_when(ctx, invite.expires_at),
                  zone=ctx.zone_label(invite.expires_at))  # fmt: skip
    return "\n".join(
        [_for_whom(ctx, invite.role, roles, speaker), uses_words(ctx, invite.max_uses), until]
    )


def render_invite_made(
    ctx: RenderCtx, invite: Invite, roles: Mapping[str, Role], speaker: Speaker | None
) -> View:
    link = ctx.deep_link(invite.payload) or invite.payload
    text = "\n\n".join(
        [
            f"🎟 <b>{ctx.t('invite_made', id=invite.id)}</b>",
            esc(link),
            terms(ctx, invite, roles, speaker),
            ctx.t("invite_made_hint"),
        ]
    )
    return View(text)


def render_invites(
    ctx: RenderCtx,
    invites: Sequence[Invite],
    roles: Mapping[str, Role],
    speakers: Mapping[str, Speaker],
    now: dt.datetime,
) -> View:
    """/invites: the links that still work, with their uses and expiry, each revocable."""
    lines = [f"🎟 <b>{ctx.t('invites_title')}</b>", ""]
    rows = []
    for inv in invites:
        role = role_label(ctx, inv.role, roles)
        speaker = speakers.get(inv.speaker_id or "")
        lines.append(f"<b>№{inv.id}</b> · {esc(role)}")
        if speaker is not None:
            lines.append(ctx.t("invite_speaker_is", speaker=ctx.plain(speaker.name)))
        lines.append(esc(ctx.deep_link(inv.payload) or inv.payload))
        used = ctx.t("invites_used", count=inv.uses)
        if inv.max_uses is not None:
            used += " " + ctx.t("invites_of", max=inv.max_uses)
        lines.append(used + " · " + ctx.t("invites_until", when=_when(ctx, inv.expires_at)))
        lines.append("")
        rows.append(
            [ctx.button(ctx.label("invites_revoke", id=inv.id, role=role), "invdel", inv.id)]
        )
    if not invites:
        lines += [ctx.t("invites_none"), ""]
    lines.append(f"🕒 {ctx.zone_note(now)}")
    return View("\n".join(lines), keyboard(*rows))


def render_revoke_ask(ctx: RenderCtx, invite: Invite, roles: Mapping[str, Role]) -> View:
    """Asked once: what revoking does, and how many used the link (they keep their role)."""
    role = role_label(ctx, invite.role, roles)
    text = "\n".join(
        [
            ctx.t("invite_revoke_ask", id=invite.id, role=role),
            ctx.t("invite_revoke_used", count=invite.uses),
        ]
    )
    rows = [
        [ctx.button("🚫 " + ctx.label("invite_revoke_yes"), "invrm", invite.id)],
        [ctx.button(ctx.label("invite_revoke_no"), "invkeep", invite.id)],
    ]
    return View(text, keyboard(*rows))


def render_revoked(ctx: RenderCtx, invite: Invite) -> View:
    return View(ctx.t("invite_revoked", id=invite.id, count=invite.uses))


def render_joined(
    ctx: RenderCtx,
    invite: Invite,
    roles: Mapping[str, Role],
    speaker: Speaker | None,
    before: str | None,
) -> View:
    """Told to whoever opened a working link, in their language."""
    lines = [f"🎫 {ctx.t('invite_joined', role=role_label(ctx, invite.role, roles))}"]
    if before is not None and before != invite.role:
        lines.append(ctx.t("invite_joined_was", role=role_label(ctx, before, roles)))
    if speaker is not None:
        lines.append(ctx.t("invite_joined_speaker", speaker=ctx.plain(speaker.name)))
    return View("\n".join(lines))


def render_link_refused(ctx: RenderCtx, outcome: str) -> View:
    """An expired, used-up, revoked or unknown link: said politely (a normal start follows)."""
    return View(ctx.t(f"invite_refused_{outcome}"))


def render_already(ctx: RenderCtx, role: str, roles: Mapping[str, Role]) -> View:
    return View(ctx.t("invite_already", role=role_label(ctx, role, roles)))
