"""An organiser's quick change of one session from the chat: the menu and the preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from forumbot.models import Room, Session, Speaker
from forumbot.render.agenda import describe_change, room_name
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import clip
from forumbot.rules.changes import Change
from forumbot.rules.clashes import Clashes


def render_qc_menu(ctx: RenderCtx, s: Session, rooms: Mapping[str, Room]) -> View:
    """What can change: the time, the hall, cancelled or not."""
    text = "\n".join(
        [f"🛠 <b>{ctx.t('qc_title', title=ctx.plain(s.title))}</b>", "", ctx.t("qc_menu")]
    )
    rows = [[ctx.button(ctx.label("qc_time"), "qctime", s.id)]]
    for index, room in enumerate(rooms.values()):
        if room.id != s.room_id:
            label = clip(ctx.label("qc_room", room=ctx.plain(room.name)), 40)
            rows.append([ctx.button(label, "qcroom", s.id, index)])
    if s.cancelled:
        rows.append([ctx.button(ctx.label("qc_restore"), "qcrestore", s.id)])
    else:
        rows.append([ctx.button(ctx.label("qc_cancel"), "qccancel", s.id)])
    rows.append([ctx.button(ctx.label("qc_drop"), "qcno", s.id)])
    return View(text, keyboard(*rows))


def render_qc_preview(
    ctx: RenderCtx,
    change: Change,
    rooms: Mapping[str, Room],
    people: int,
    found: Clashes | None = None,
    speakers: Mapping[str, Speaker] | None = None,
    now: dt.datetime | None = None,
) -> View:
    """The difference, how many people will be told, what it collides with (each other
    session named), and the confirmation: "apply anyway" when something collides."""
    lines = [f"🛠 <b>{ctx.t('qc_preview')}</b>", "", describe_change(ctx, change, rooms), ""]
    if found:
        lines += [_clash_lines(ctx, found, rooms, speakers or {}, now), ""]
    lines.append(ctx.t("qc_people", count=people))
    lines.append(f"🕒 {ctx.zone_note(change.after.start)}")
    sid = change.session_id
    if found:
        first = [ctx.button(ctx.label("qc_apply_anyway"), "qcany", sid)]
        rows = [first, [ctx.button(ctx.label("qc_other_time"), "qctime", sid)]]
    else:
        rows = [[ctx.button(ctx.label("qc_confirm"), "qcok", sid)]]
    rows.append([ctx.button(ctx.label("qc_drop"), "qcno", sid)])
    return View("\n".join(lines), keyboard(*rows))


def _clash_lines(
    ctx: RenderCtx,
    found: Clashes,
    rooms: Mapping[str, Room],
    speakers: Mapping[str, Speaker],
    now: dt.datetime | None,
) -> str:
    """One line per collision, naming the other session, its time and its hall."""

    def where(s: Session) -> dict[str, str]:
        when = f"{ctx.short_date(s.day)} {ctx.span(s.start, s.end)}"
        return {"title": ctx.text(s.title), "when": when, "room": room_name(ctx, rooms, s.room_id)}

    lines = [f"⚠️ <b>{ctx.t('qc_clash_title')}</b>"]
    lines += [ctx.tr("qc_clash_hall", **where(s)) for s in found.hall]
    for s, ids in found.speakers:
        names = ", ".join(ctx.text(speakers[i].name) if i in speakers else esc(i) for i in ids)
        lines.append(ctx.tr("qc_clash_speaker", names=names, **where(s)))
    if found.started and now is not None:
        lines.append(ctx.t("qc_clash_started", now=ctx.hhmm(now)))
    return "\n".join(lines)
