"""Organisers' broadcast screens: /scheduled (with the drafts being written) and /deliveries
with their reports, one broadcast's card and what its buttons ask before they act."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping

from forumbot.delivery.models import Audience, Broadcast, Report
from forumbot.models import Role
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.programme import clip
from forumbot.render.roles import role_label

STATUS_ICONS = {
    "scheduled": "⏰", "queued": "⏳", "sending": "📤", "done": "✅", "cancelled": "✖",
    "missed": "⚠️",
}  # fmt: skip


def audience_label(
    ctx: RenderCtx, audience: Audience, roles: Mapping[str, Role] | None = None
) -> str:
    if audience.kind == "role":
        return ctx.label("audience_role", role=role_label(ctx, str(audience.value), roles or {}))
    if audience.kind == "channel":
        return ctx.label("audience_channel")
    if audience.channel:
        bare = Audience(audience.kind, audience.value)
        return audience_label(ctx, bare, roles) + " + " + ctx.label("audience_plus_channel")
    if audience.kind in ("everyone", "urgent"):
        return ctx.label("audience_" + audience.kind)
    if audience.kind == "topic":
        return ctx.label("audience_topic", topic=ctx.label("topic_" + str(audience.value)))
    codes = str(audience.value).split(",")  # a correction: the languages it changes
    names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes)
    return ctx.label("audience_language", language=names)


def when_text(ctx: RenderCtx, at: dt.datetime | None) -> str:
    if at is None:
        return ctx.t("when_now_text")
    local = ctx.local(at)
    return ctx.t("when_at_text", date=ctx.date(local.date()), time=f"{local:%H:%M}")


def summary_line(ctx: RenderCtx, b: Broadcast) -> str:
    text = next(iter(b.content.texts.values()), "")
    return clip(f"#{b.id} {ctx.label('kind_b_' + b.kind)}: {_plain(text)}", 60)


def _plain(text: str) -> str:
    """A one-line plain-text glimpse of Telegram HTML, for labels and summaries."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _by(ctx: RenderCtx, names: dict[int, str], who: int | None) -> str:
    """ "by Aida (@aida)": who made it, by name."""
    if who is None:
        return ""
    return " · " + ctx.t("made_by", name=names.get(who) or ctx.label("someone"))


def render_scheduled(
    ctx: RenderCtx,
    items: list[Broadcast],
    drafts: list[tuple[int, dt.datetime, str]],
    names: dict[int, str],
) -> View:
    """Scheduled broadcasts soonest first, then the announcements being written (chat, last
    changed, a glimpse), each with who made it."""
    lines = [f"⏰ <b>{ctx.t('scheduled_title')}</b>", ""]
    rows = []
    for b in items:
        assert b.scheduled_at is not None
        lines.append(
            f"• #{b.id} {when_text(ctx, b.scheduled_at)} — "
            f"{esc(audience_label(ctx, b.audience))}{_by(ctx, names, b.created_by)}"
        )
        rows.append([ctx.button(summary_line(ctx, b), "bview", b.id)])
    if not items:
        lines.append(ctx.t("scheduled_empty"))
    if drafts:
        lines += ["", f"✍️ <b>{ctx.t('drafts_title')}</b>"]
    for who, changed, glimpse in drafts:
        local = ctx.local(changed)
        lines.append(
            f"• {esc(clip(_plain(glimpse), 50)) or '…'}{_by(ctx, names, who)} · "
            + ctx.t("draft_changed", date=ctx.date(local.date()), time=f"{local:%H:%M}")
        )
    return View("\n".join(lines), keyboard(*rows))


def render_deliveries(ctx: RenderCtx, items: list[tuple[Broadcast, Report | None]]) -> View:
    lines = [f"📤 <b>{ctx.t('deliveries_title')}</b>", ""]
    rows = []
    for b, report in items:
        icon = STATUS_ICONS.get(b.status, "•")
        counts = report_counts(ctx, b, report) if report else ""
        lines.append(f"{icon} #{b.id} {ctx.t('status_b_' + b.status)} · {counts}")
        rows.append([ctx.button(f"{icon} " + summary_line(ctx, b), "bview", b.id)])
    if not items:
        lines.append(ctx.t("deliveries_empty"))
    return View("\n".join(lines), keyboard(*rows))


def report_counts(ctx: RenderCtx, b: Broadcast, r: Report) -> str:
    """ "3 of 4 sent"; a correction or withdrawal counts the chats it reached instead."""
    if b.operation == "send":
        return ctx.t("report_short", sent=r.sent, total=r.total)
    return ctx.t("report_" + b.operation, sent=r.sent, count=r.total)


def render_broadcast(
    ctx: RenderCtx, b: Broadcast, report: Report | None, now: dt.datetime | None = None
) -> View:
    """One broadcast: what, to whom, when, and its report; actions that fit its state."""
    lines = [
        f"{STATUS_ICONS.get(b.status, '•')} <b>#{b.id} {ctx.t('kind_b_' + b.kind)}</b>"
        + (f" ({ctx.t('op_' + b.operation, parent=b.parent_id)})" if b.parent_id else ""),
        ctx.t("status_b_" + b.status),
        f"👥 {esc(audience_label(ctx, b.audience))}",
    ]
    if b.scheduled_at:
        lines.append(f"⏰ {when_text(ctx, b.scheduled_at)}")
    if restorable(b, now):
        lines.append(ctx.t("broadcast_restorable"))
    if report is not None and report.total:
        lines += ["", _report_lines(ctx, b, report)]
    text = b.content.text_for(ctx.lang)
    if text:
        lines += ["", "—", esc(_plain(text)[:600])]
    return View("\n".join(lines), keyboard(*_broadcast_rows(ctx, b, now)))


def restorable(b: Broadcast, now: dt.datetime | None) -> bool:
    """A scheduled broadcast cancelled before it started can come back until its time."""
    return (
        b.status == "cancelled" and b.started_at is None and b.scheduled_at is not None
        and now is not None and b.scheduled_at > now
    )  # fmt: skip


def _report_lines(ctx: RenderCtx, b: Broadcast, r: Report) -> str:
    took = ""
    if r.duration is not None:
        took = ctx.t("report_took", seconds=int(r.duration.total_seconds()))
    text = ctx.t(
        "report_full",
        sent=r.sent, total=r.total, blocked=r.blocked, failed=r.failed, unknown=r.unknown,
        pending=r.remaining,
    )  # fmt: skip
    if b.operation != "send":  # a correction or withdrawal reaches chats, it sends nothing
        head = ctx.t("report_" + b.operation, sent=r.sent, count=r.total)
        text = head + "\n" + text.split("\n", 1)[1]
    return text + (f"\n{took}" if took else "")


def _broadcast_rows(ctx: RenderCtx, b: Broadcast, now: dt.datetime | None) -> list[list]:
    rows = [[ctx.button("🔄 " + ctx.label("refresh"), "bview", b.id)]]
    if b.status == "scheduled":
        rows.append([ctx.button("🚀 " + ctx.label("broadcast_send_now"), "bnow", b.id)])
        rows.append([
            ctx.button(ctx.label("resched_in", minutes=10), "bmove", b.id, "10m"),
            ctx.button(ctx.label("resched_in", minutes=60), "bmove", b.id, "60m"),
            ctx.button(ctx.label("when_tomorrow", time="08:00"), "bmove", b.id, "tom8"),
        ])  # fmt: skip
        rows.append([ctx.button("🗓 " + ctx.label("when_type"), "bmoveto", b.id)])
    if b.status in ("scheduled", "queued", "sending"):
        rows.append([ctx.button("✖ " + ctx.label("broadcast_cancel"), "bcancel", b.id)])
    if restorable(b, now):
        rows.append([ctx.button("↩️ " + ctx.label("broadcast_restore"), "brestore", b.id)])
    if b.status == "done" and b.operation == "send" and not b.withdrawn:
        rows.append([
            ctx.button("✏️ " + ctx.label("broadcast_correct"), "bfix", b.id),
            ctx.button("🗑 " + ctx.label("broadcast_withdraw"), "bdel", b.id),
        ])  # fmt: skip
    if duplicable(b):
        rows.append([ctx.button("📄 " + ctx.label("broadcast_duplicate"), "bdup", b.id)])
    return rows


def duplicable(b: Broadcast) -> bool:
    """An organiser's broadcast (not a correction, not a reminder) can be copied to a draft."""
    return b.operation == "send" and b.audience.kind != "personal" and bool(b.content.texts)


def render_ask(ctx: RenderCtx, text: str, yes: tuple[str, str], broadcast_id: int) -> View:
    """A far-reaching action on a broadcast, said with its effect: do it (yes: label key and
    action) or keep things as they are."""
    return View(
        text,
        keyboard(
            [ctx.button(ctx.label(yes[0]), yes[1], broadcast_id)],
            [ctx.button(ctx.label("keep_it"), "bview", broadcast_id)],
        ),
    )


def render_finished(ctx: RenderCtx, b: Broadcast, report: Report) -> View:
    """Told to the organiser who sent it, when the last message has gone."""
    return View(
        ctx.tr("broadcast_finished", id=b.id, report=_report_lines(ctx, b, report)),
        keyboard([ctx.button(ctx.label("deliveries_title"), "bview", b.id)]),
    )


def render_missed(ctx: RenderCtx, b: Broadcast) -> View:
    """Told to every organiser: a scheduled broadcast's time passed while the bot was down;
    a copy can be sent now or scheduled again."""
    when = when_text(ctx, b.scheduled_at) if b.scheduled_at else ""
    return View(
        ctx.tr("broadcast_missed", id=b.id, when=when),
        keyboard(
            [ctx.button("📄 " + ctx.label("broadcast_duplicate"), "bdup", b.id)],
            [ctx.button(ctx.label("deliveries_title"), "bview", b.id)],
        ),
    )
