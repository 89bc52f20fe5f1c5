"""The personal agenda: "my agenda", reminders, the daily digest and change notices. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import groupby

from forumbot.models import Day, Room, Session, Speaker
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.links import links_line, shown_links
from forumbot.render.programme import KIND_ICONS, clip, day_code, over_mark
from forumbot.rules.changes import Change, State

STAR, NO_STAR = "⭐", "☆"
DIGEST_BUDGET = 3500  # characters: past this, a digest lists only the reader's own sessions


def room_name(ctx: RenderCtx, rooms: Mapping[str, Room], room_id: str) -> str:
    return ctx.text(rooms[room_id].name) if room_id in rooms else esc(room_id)


def _title(ctx: RenderCtx, s: Session) -> str:
    title = ctx.text(s.title)
    return f"<s>{title}</s> ❌ {ctx.t('cancelled')}" if s.cancelled else title


def conflicts(sessions: Sequence[Session]) -> dict[str, list[Session]]:
    """The (not cancelled) sessions that overlap others in the list -> those others, by
    start (a person's agenda is short: every pair is compared)."""
    live = sorted((s for s in sessions if not s.cancelled), key=lambda s: (s.start, s.end))
    found: dict[str, list[Session]] = {}
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if b.start >= a.end:
                break
            found.setdefault(a.id, []).append(b)
            found.setdefault(b.id, []).append(a)
    for others in found.values():
        others.sort(key=lambda s: (s.start, s.end, s.id))
    return found


def _conflict(ctx: RenderCtx, others: list[Session]) -> str:
    """Which of my sessions this one overlaps: the first named, the rest counted."""
    title = ctx.text(others[0].title)
    if len(others) == 1:
        return ctx.t("my_conflict", title=title)
    return ctx.t("my_conflict_many", title=title, count=len(others) - 1)


def render_my(
    ctx: RenderCtx,
    sessions: Sequence[Session],
    rooms: Mapping[str, Room],
    lead: int,
    now: dt.datetime,
) -> View:
    """Starred sessions by day: start and end, the gaps between them, conflicts flagged."""
    lines = [f"{STAR} <b>{ctx.t('my_title')}</b>", ""]
    if not sessions:
        lines.append(ctx.t("my_empty"))
        return View("\n".join(lines), keyboard([ctx.button(ctx.label("menu_programme"), "days")]))
    clash = conflicts(sessions)
    rows = []
    ordered = sorted(sessions, key=lambda s: (s.day, s.start, s.id))
    for day, group in groupby(ordered, key=lambda s: s.day):
        lines.append(f"📅 <b>{esc(ctx.date(day))}</b>")
        previous: Session | None = None
        for s in group:
            if previous is not None and not s.cancelled and not previous.cancelled:
                gap = int((s.start - previous.end).total_seconds() // 60)
                if gap > 0:
                    lines.append(f"   ⏳ <i>{ctx.t('my_gap', duration=_duration(ctx, gap))}</i>")
            live = f" 🔴 {ctx.t('on_now')}" if s.is_on(now) else over_mark(ctx, s, now)
            warn = f"\n⚠️ <b>{_conflict(ctx, clash[s.id])}</b>" if s.id in clash else ""
            lines.append(
                f"<b>{ctx.span(s.start, s.end)}</b> · {room_name(ctx, rooms, s.room_id)}{live}\n"
                f"{KIND_ICONS.get(s.kind, '•')} {_title(ctx, s)}{warn}"
            )
            if not s.cancelled:
                previous = s
            rows.append(
                [
                    ctx.button(clip(f"{ctx.hhmm(s.start)} {ctx.plain(s.title)}", 40), "mys", s.id),
                    ctx.button(f"{STAR}✕", "unstarmy", s.id),
                ]
            )
        lines.append("")
    lines.append(f"🕒 {ctx.zone_note(ordered[0].start)}")
    if lead:
        lines.append(f"⏰ {ctx.t('my_reminders_on', minutes=lead)}")
    else:
        lines.append(f"🔕 {ctx.t('my_reminders_off')}")
    rows.append(
        [ctx.button("📆 " + ctx.label("ics_button"), "ics"),
         ctx.button(ctx.label("menu_settings"), "settings")]
    )  # fmt: skip
    return View("\n".join(lines), keyboard(*rows))


def _duration(ctx: RenderCtx, minutes: int) -> str:
    """Unit by unit: "2 h 15 min", "2 h" on whole hours (never "2 h 0 min"), "45 min"."""
    hours, rest = divmod(minutes, 60)
    parts = [ctx.label("duration_h", hours=hours)] if hours else []
    if rest or not hours:
        parts.append(ctx.label("duration_m", minutes=rest))
    return " ".join(parts)


def people_names(ctx: RenderCtx, s: Session, people: Mapping[str, Speaker]) -> str:
    ids = (*s.moderator_ids, *s.speaker_ids)
    return ", ".join(ctx.text(people[i].name) for i in ids if i in people)


def render_reminder(
    ctx: RenderCtx, s: Session, rooms: Mapping[str, Room], people: Mapping[str, Speaker]
) -> View:
    """One self-contained message: time, room, title, speakers, and the way to the card."""
    lines = [
        f"⏰ <b>{ctx.t('reminder_title')}</b>",
        "",
        f"{KIND_ICONS.get(s.kind, '•')} <b>{ctx.text(s.title)}</b>",
        f"🗓 {esc(ctx.date(s.day))} · <b>{ctx.span(s.start, s.end)}</b>"
        + ctx.own_span(s.start, s.end),
        f"📍 {room_name(ctx, rooms, s.room_id)}",
    ]
    names = people_names(ctx, s, people)
    if names:
        lines.append(f"🗣 {names}")
    if shown := links_line(ctx, shown_links(s, rooms)):
        lines.append(shown)
    lines.append(f"🕒 {ctx.zone_note(s.start)}")
    return View("\n".join(lines), keyboard([ctx.button(ctx.label("open_session"), "card", s.id)]))


def render_digest(
    ctx: RenderCtx,
    day: Day,
    sessions: Sequence[Session],
    rooms: Mapping[str, Room],
    starred: set[str],
) -> View:
    """The day's programme with the reader's sessions marked; on a crowded day only theirs,
    and how many more there are."""
    head = [f"☀️ <b>{ctx.t('digest_title', date=ctx.date(day.date))}</b>"]
    if day.title:
        head.append(f"<i>{ctx.text(day.title)}</i>")
    head.append("")

    def line(s: Session) -> str:
        mark = f"{STAR} " if s.id in starred else ""
        room = room_name(ctx, rooms, s.room_id)
        return f"{mark}<b>{ctx.span(s.start, s.end)}</b> · {room}\n{_title(ctx, s)}"

    body = [line(s) for s in sessions]
    if sum(len(x) + 1 for x in body) > DIGEST_BUDGET:
        mine = [s for s in sessions if s.id in starred]
        body = [line(s) for s in mine] or [ctx.t("digest_none_starred")]
        body.append(ctx.t("digest_more", count=len(sessions) - len(mine)))
    foot = ["", f"🕒 {ctx.zone_note(sessions[0].start)}" if sessions else ctx.t("day_empty")]
    if not starred:
        foot.append(ctx.t("digest_star_hint"))
    kb = keyboard(
        [ctx.button(ctx.label("digest_open_day"), "day", day_code(day.date), 0),
         ctx.button(ctx.label("menu_my"), "my")]
    )  # fmt: skip
    return View("\n".join(head + body + foot), kb)


def describe_change(ctx: RenderCtx, change: Change, rooms: Mapping[str, Room]) -> str:
    """One session's change, in words: what it was, what it is now."""
    a, b = change.after, change.before
    title = ctx.text(a.title)
    lines = [f"• <b>{title}</b>"]
    for kind in change.kinds:
        if kind == "added":
            lines.append(f"   ➕ {ctx.t('change_added', when=_when(ctx, a))}")
        elif kind == "cancelled":
            lines.append(f"   ❌ {ctx.t('change_cancelled')}")
        elif kind == "restored":
            lines.append(f"   ✅ {ctx.t('change_restored')}")
        elif kind == "time" and b is not None:
            lines.append(
                f"   🕒 {ctx.t('change_time', before=_when(ctx, b), after=_when(ctx, a))}"
            )
        elif kind == "room" and b is not None:
            lines.append(
                "   📍 "
                + ctx.tr(
                    "change_room",
                    before=room_name(ctx, rooms, b.room_id),
                    after=room_name(ctx, rooms, a.room_id),
                )
            )
        elif kind == "title" and b is not None:
            lines.append("   ✏️ " + ctx.tr("change_title", before=ctx.text(b.title)))
    return "\n".join(lines)


def _when(ctx: RenderCtx, state: State) -> str:
    own = ctx.own_span(state.start, state.end)
    return f"{ctx.short_date(state.day)} {ctx.span(state.start, state.end)}{own}"


def render_changes(ctx: RenderCtx, changes: Sequence[Change], rooms: Mapping[str, Room]) -> View:
    """The notice to one participant: the changes of the sessions they starred."""
    lines = [f"📣 <b>{ctx.t('changes_title')}</b>", ""]
    lines += [describe_change(ctx, c, rooms) + "\n" for c in changes]
    lines.append(f"🕒 {ctx.zone_note(changes[0].after.start)}")
    rows = [
        [ctx.button(clip(ctx.plain(c.after.title), 40), "card", c.session_id)] for c in changes[:8]
    ]
    rows.append([ctx.button(ctx.label("menu_my"), "my")])
    return View("\n".join(lines), keyboard(*rows))


def render_lead_picker(ctx: RenderCtx, current: int, choices: Sequence[int]) -> list[list]:
    """The settings screen's row of lead times, the chosen one ticked; 0 is off."""
    row = [
        ctx.button(
            ("✅ " if m == current else "") + ctx.label("lead_minutes", minutes=m), "lead", m
        )
        for m in choices
    ]
    off = ctx.button(("✅ " if current == 0 else "") + "🔕 " + ctx.label("lead_off"), "lead", 0)
    return [row, [off]]


def render_own_changes(
    ctx: RenderCtx,
    own: Sequence[Change],
    others: Sequence[Change],
    rooms: Mapping[str, Room],
) -> View:
    """To a speaker linked to the programme: their own sessions changed, each with its new
    time in words (the .ics goes with it, this text as its caption); then the changes of
    other sessions they starred, if any."""
    lines = [f"🎤 <b>{ctx.t('speaker_moved_title')}</b>", ""]
    for c in own[:3]:  # a caption holds 1024 characters; the file holds them all
        lines.append(describe_change(ctx, c, rooms))
        if not c.after.cancelled:
            a = c.after
            span = f"{ctx.span(a.start, a.end)}{ctx.own_span(a.start, a.end)}"
            when = f"{ctx.date(ctx.local(a.start).date())}, {span}"
            lines.append(
                ctx.tr("speaker_moved_now", when=when, room=room_name(ctx, rooms, a.room_id))
            )
        lines.append("")
    if others:
        lines += [f"📣 <b>{ctx.t('changes_title')}</b>"]
        lines += [describe_change(ctx, c, rooms) for c in others[:3]] + [""]
    lines += [ctx.t("speaker_moved_ics"), f"🕒 {ctx.zone_note(own[0].after.start)}"]
    rows = [
        [ctx.button(clip(ctx.plain(c.after.title), 40), "card", c.session_id)] for c in own[:3]
    ]
    return View("\n".join(lines), keyboard(*rows))
