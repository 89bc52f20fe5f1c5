"""The organisers' /stats: who uses the bot, and which sessions will be crowded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from forumbot.models import Role, Room, Session
from forumbot.render.agenda import room_name
from forumbot.render.context import RenderCtx, View
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.roles import role_label
from forumbot.store.stats import Participants


def render_stats(
    ctx: RenderCtx,
    people: Participants,
    starred: Sequence[tuple[Session, int]],
    rooms: Mapping[str, Room],
    now: dt.datetime,
    roles: Sequence[tuple[str, int]] = (),
    known: Mapping[str, Role] | None = None,
) -> View:
    """Participants (total, active, blocked, by language, by topic, by role) and the
    sessions starred most, each with its time and hall."""
    lines = [f"📊 <b>{ctx.t('stats_title')}</b>", ""]
    lines.append(ctx.t("stats_total", count=people.total))
    lines.append(ctx.t("stats_active", count=people.active))
    lines.append(ctx.t("stats_blocked", count=people.blocked))
    languages = " · ".join(
        f"{LANGUAGE_NAMES.get(lang, lang)} {n}" for lang, n in people.by_language.items()
    )
    lines += ["", f"🌐 {ctx.t('stats_by_language')} {languages or '—'}"]
    topics = " · ".join(f"{ctx.t('topic_' + t)} {n}" for t, n in people.by_topic.items())
    lines.append(f"🔔 {ctx.t('stats_by_topic')} {topics}")
    held = " · ".join(f"{esc(role_label(ctx, r, known or {}))} {n}" for r, n in roles)
    lines.append(f"🎫 {ctx.t('stats_by_role')} {held or '—'}")
    lines += ["", f"⭐ <b>{ctx.t('stats_starred_title')}</b>"]
    for i, (s, count) in enumerate(starred, start=1):
        when = f"{ctx.short_date(s.day)} {ctx.span(s.start, s.end)}"
        lines.append(
            f"{i}. {ctx.text(s.title)} — {when}, {room_name(ctx, rooms, s.room_id)}: "
            + ctx.t("stats_starred_by", count=count)
        )
    if not starred:
        lines.append(ctx.t("stats_starred_none"))
    lines += ["", f"🕒 {ctx.zone_note(now)}"]
    return View("\n".join(lines))
