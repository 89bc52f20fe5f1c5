"""What the bot posts in the forum's channel, one language at a time (the runtime stacks the
channel's languages into one post): the pinned programme, "starting now" in a hall, the
programme's changes (a cancelled session stays, struck through). No callback buttons: a
channel's readers open a card by its link (``t.me/<bot>?start=s_<id>``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from forumbot.models import Day, Room, Session
from forumbot.render.agenda import describe_change, room_name
from forumbot.render.context import RenderCtx
from forumbot.render.html import esc
from forumbot.render.programme import clip
from forumbot.rules.changes import Change

PIN_BUDGET = 3900  # characters of the pinned programme before "…and N more" (limit 4096)


def _linked(ctx: RenderCtx, s: Session, title: str) -> str:
    link = ctx.deep_link(f"s_{s.id}")
    return f'<a href="{esc(link)}">{title}</a>' if link else title


def _line(ctx: RenderCtx, s: Session, rooms: Mapping[str, Room]) -> str:
    title = _linked(ctx, s, esc(clip(ctx.plain(s.title), 70)))
    if s.cancelled:
        title = f"<s>{title}</s> ❌"
    return f"{ctx.span(s.start, s.end)} · {room_name(ctx, rooms, s.room_id)} · {title}"


def render_programme_pin(
    ctx: RenderCtx, days: Sequence[tuple[Day, Sequence[Session]]], rooms: Mapping[str, Room]
) -> str:
    """The programme, day by day, one line a session (cancelled ones struck through), each
    title a link to its card in the bot; what does not fit ends in "…and N more"."""
    head = f"📌 <b>{ctx.t('channel_programme_title', forum=ctx.plain(ctx.forum.title))}</b>"
    lines, left = [head], 0
    size = len(head)
    for day, sessions in days:
        block = ["", f"<b>{esc(ctx.date(day.date))}</b>"] + [
            _line(ctx, s, rooms) for s in sessions
        ]
        text = "\n".join(block)
        if left or size + len(text) > PIN_BUDGET:
            left += len(sessions)
            continue
        lines += block
        size += len(text) + 1
    if left:
        lines.append("\n" + ctx.t("channel_programme_more", count=left))
    if ctx.bot_username:
        bot = f"https://t.me/{ctx.bot_username}"
        lines.append(f'\n<a href="{esc(bot)}">{esc(ctx.label("channel_open_bot"))}</a>')
    if days and days[0][1]:
        lines.append(f"🕒 {ctx.zone_note(days[0][1][0].start)}")
    return "\n".join(lines)


def render_starting_now(
    ctx: RenderCtx, sessions: Sequence[Session], rooms: Mapping[str, Room]
) -> str:
    """ "▶️ Starting now": each session beginning, its hall, a link to its card and its
    stream (its own, else its hall's)."""
    lines = [f"▶️ <b>{ctx.t('channel_starting_now')}</b>"]
    for s in sessions:
        title = _linked(ctx, s, f"<b>{ctx.text(s.title)}</b>")
        lines += [
            "",
            title,
            f"🕒 {ctx.span(s.start, s.end)} · 📍 {room_name(ctx, rooms, s.room_id)}",
        ]
        stream = s.link("stream")
        url = stream.url if stream else getattr(rooms.get(s.room_id), "stream", None)
        if url:
            lines.append(f'📺 <a href="{esc(url)}">{esc(ctx.label("channel_watch"))}</a>')
    return "\n".join(lines)


def render_channel_changes(
    ctx: RenderCtx, changes: Sequence[Change], rooms: Mapping[str, Room], now: dt.datetime
) -> str:
    """The public post of programme changes: each changed session in words (moved, new
    hall, cancelled: its title struck through, still listed), with a link to its card."""
    lines = [f"📣 <b>{ctx.t('channel_changes_title')}</b>", ""]
    for c in changes:
        text = describe_change(ctx, c, rooms)
        _first, _, rest = text.partition("\n")
        title = ctx.text(c.after.title)
        shown = f"<s>{title}</s>" if c.after.cancelled else f"<b>{title}</b>"
        link = ctx.deep_link(f"s_{c.session_id}")
        if link:
            shown = f'<a href="{esc(link)}">{shown}</a>'
        lines.append("\n".join(filter(None, [f"• {shown}", rest])) + "\n")
    lines.append(f"🕒 {ctx.zone_note(now)}")
    return "\n".join(lines)
