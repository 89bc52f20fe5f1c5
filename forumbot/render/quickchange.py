"""An organiser's quick change of one session from the chat: the menu and the preview."""

from __future__ import annotations

from collections.abc import Mapping

from forumbot.models import Room, Session
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.personal import describe_change
from forumbot.render.programme import clip
from forumbot.rules.changes import Change


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
    ctx: RenderCtx, change: Change, rooms: Mapping[str, Room], people: int
) -> View:
    """The difference, how many people will be told, and the confirmation."""
    lines = [f"🛠 <b>{ctx.t('qc_preview')}</b>", "", describe_change(ctx, change, rooms), ""]
    lines.append(ctx.t("qc_people", count=people))
    lines.append(f"🕒 {ctx.zone_note(change.after.start)}")
    kb = keyboard(
        [ctx.button(ctx.label("qc_confirm"), "qcok", change.session_id)],
        [ctx.button(ctx.label("qc_drop"), "qcno", change.session_id)],
    )
    return View("\n".join(lines), kb)
