"""A session's links as one line (cards, /now, reminders, notices) and as calendar text;
the organiser's link editor. Pure: domain objects in, HTML or a View out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from textwrap import shorten

from forumbot.models import LINK_KINDS, Link, Room, Session
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc, link

ICONS = {"stream": "📺", "slides": "📑", "recording": "🎞", "other": "🔗"}


def shown_links(s: Session, rooms: Mapping[str, Room]) -> tuple[Link, ...]:
    """The session's links; without a stream of its own, its hall's (not once cancelled)."""
    room = rooms.get(s.room_id)
    if s.cancelled or s.link("stream") or room is None or not room.stream:
        return s.links
    return (Link("stream", room.stream), *s.links)


def link_label(ctx: RenderCtx, x: Link) -> str:
    """ "Live stream", "Slides", "Recording", or an other link's own title."""
    if x.kind == "other" and x.title:
        return x.title
    return ctx.label(f"link_{x.kind}")


def links_line(ctx: RenderCtx, links: Sequence[Link], kinds: Sequence[str] = LINK_KINDS) -> str:
    """ "📺 Live stream · 📑 Slides" as HTML links; "" when there are none of ``kinds``."""
    parts = [
        f"{ICONS[x.kind]} {link(x.url, link_label(ctx, x))}" for x in links if x.kind in kinds
    ]
    return " · ".join(parts)


def render_link_menu(ctx: RenderCtx, s: Session) -> View:
    """The organiser's editor: each kind with its address, a button to set or remove it."""
    lines = [f"🔗 <b>{ctx.t('links_menu', title=ctx.plain(s.title))}</b>", ""]
    rows = []
    for kind in LINK_KINDS:
        mine = [x for x in s.links if x.kind == kind]
        value = ", ".join(esc(x.url) for x in mine) or ctx.t("links_none")
        lines.append(f"{ICONS[kind]} {ctx.t('link_' + kind)}: {value}")
        rows.append([ctx.button(f"{ICONS[kind]} {ctx.label('link_' + kind)}", "lnkk", s.id, kind)])
    lines += ["", ctx.t("links_menu_hint")]
    return View("\n".join(lines), keyboard(*rows))


def render_link_preview(
    ctx: RenderCtx, s: Session, kind: str, url: str | None, people: int
) -> View:
    """What will change and who will be told, with confirm and drop."""
    name = ctx.t("link_" + kind)
    head = (
        ctx.tr("links_preview_set", kind=name, url=link(url, url))
        if url
        else ctx.t("links_preview_remove", kind=name)
    )
    lines = [head, ctx.t("links_preview_session", title=ctx.plain(s.title))]
    if url and kind in ("slides", "recording"):
        lines.append(ctx.t("links_preview_people", count=people))
    buttons = [
        ctx.button("✅ " + ctx.label("links_apply"), "lnkok", s.id),
        ctx.button("✖ " + ctx.label("links_drop"), "lnkno", s.id),
    ]
    return View("\n".join(lines), keyboard(buttons))


MAX_CARD_BUTTONS = 8  # one notice names a few sessions; a long keyboard helps nobody


def render_link_news(ctx: RenderCtx, items: Sequence[tuple[Session, Sequence[Link]]]) -> View:
    """One message: each followed session with its new slides or recording, and its card."""
    lines = [f"🎞 <b>{ctx.t('links_news_title')}</b>"]
    for s, links in items:
        lines += ["", f"<b>{ctx.text(s.title)}</b>", links_line(ctx, links)]
    rows = [
        [ctx.button("📖 " + shorten(ctx.plain(s.title), 48, placeholder="…"), "card", s.id)]
        for s, _ in items[:MAX_CARD_BUTTONS]
    ]
    return View("\n".join(lines), keyboard(*rows))
