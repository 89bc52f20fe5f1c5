"""/now and /next: what is on, what comes next, and sensible words before and after."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from forumbot.models import Room, Session
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.links import links_line, shown_links
from forumbot.render.programme import clip, session_line
from forumbot.rules.now import Agenda


def until(ctx: RenderCtx, now: dt.datetime, moment: dt.datetime) -> str:
    """ "in 2 h 5 min" / "in 3 days" in the reader's language."""
    # Rounded up: at 10:16:30 a 10:30 start is "in 14 min", as the clock shown (10:16) says.
    minutes = max(1, math.ceil((moment - now).total_seconds() / 60))
    if minutes < 60:
        return ctx.label("in_minutes", minutes=minutes)
    days = (ctx.local(moment).date() - ctx.local(now).date()).days
    if minutes >= 24 * 60 and days >= 2:
        return ctx.label("in_days", count=days)
    hours, rest = divmod(minutes, 60)
    if not rest:  # "in 2 h", never "in 2 h 0 min"
        return ctx.label("in_hours", hours=hours)
    return ctx.label("in_hours_minutes", hours=hours, minutes=rest)


def _when_next(ctx: RenderCtx, now: dt.datetime, s: Session) -> str:
    """'later today at 15:00', 'tomorrow at 09:30' or 'on Friday, 23 June at 09:30'."""
    days = (ctx.local(s.start).date() - ctx.local(now).date()).days
    at = ctx.hhmm(s.start)
    if days == 0:
        return ctx.t("today_at", time=at)
    if days == 1:
        return ctx.t("tomorrow_at", time=at)
    return ctx.t("on_date_at", date=ctx.date(ctx.local(s.start).date()), time=at)


MAX_BUTTONS = 12  # with 30 halls "now" names 60 sessions: a keyboard that long is refused


def _buttons(ctx: RenderCtx, sessions: list[Session], refresh: str) -> list:
    rows = [
        [ctx.button(clip(f"{ctx.hhmm(s.start)} {ctx.plain(s.title)}"), "nows", refresh, s.id)]
        for s in sessions[:MAX_BUTTONS]
    ]
    return [*rows, [ctx.button("🔄 " + ctx.label("refresh"), refresh)]]


def _upcoming(ctx: RenderCtx, agenda: Agenda, rooms: Mapping[str, Room]) -> list[str]:
    if not agenda.upcoming:
        return []
    first = agenda.upcoming[0]
    head = ctx.tr(
        "next_at",
        when=_when_next(ctx, agenda.now, first),
        until=esc(until(ctx, agenda.now, first.start)),
    )
    return [head, *(session_line(ctx, s, rooms, agenda.now) for s in agenda.upcoming)]


def _with_stream(ctx: RenderCtx, s: Session, rooms: Mapping[str, Room], now: dt.datetime) -> str:
    """A session on now, with its live stream (its own or its hall's) below it."""
    stream = links_line(ctx, shown_links(s, rooms), ("stream",))
    line = session_line(ctx, s, rooms, now)
    return f"{line}\n    {stream}" if stream else line


def render_now(ctx: RenderCtx, agenda: Agenda, rooms: Mapping[str, Room]) -> View:
    today = esc(ctx.short_date(ctx.local(agenda.now).date()))
    at = ctx.hhmm(agenda.now) + ctx.own_hhmm(agenda.now)
    clock = f"⏱ <b>{ctx.t('now_title')}</b> · {at}, {today}"
    lines = [clock, ""]
    if agenda.phase == "empty":
        lines.append(ctx.t("programme_empty"))
    elif agenda.phase == "after":
        lines.append(ctx.t("forum_over"))
    elif agenda.phase == "before":
        lines.append(ctx.t("forum_not_started"))
        lines += ["", *_upcoming(ctx, agenda, rooms)]
    elif agenda.current:
        lines += [_with_stream(ctx, s, rooms, agenda.now) for s in agenda.current]
        lines += ["", *_upcoming(ctx, agenda, rooms)]
    else:
        lines.append(ctx.t("nothing_now"))
        lines += ["", *_upcoming(ctx, agenda, rooms)]
    lines += ["", f"🕒 {ctx.zone_note(agenda.now)}"]
    shown = agenda.current + agenda.upcoming
    return View("\n".join(lines).rstrip(), keyboard(*_buttons(ctx, shown, "now")))


def render_next(ctx: RenderCtx, agenda: Agenda, rooms: Mapping[str, Room]) -> View:
    at = ctx.hhmm(agenda.now) + ctx.own_hhmm(agenda.now)
    lines = [f"⏭ <b>{ctx.t('next_title')}</b> · {at}", ""]
    if agenda.phase == "empty":
        lines.append(ctx.t("programme_empty"))
    elif not agenda.upcoming:
        lines.append(ctx.t("nothing_next"))
    else:
        lines += _upcoming(ctx, agenda, rooms)
    lines += ["", f"🕒 {ctx.zone_note(agenda.now)}"]
    return View("\n".join(lines).rstrip(), keyboard(*_buttons(ctx, agenda.upcoming, "next")))
