"""Organisers' broadcast screens: audience and time pickers, confirmation, /scheduled and
/deliveries with their reports."""

from __future__ import annotations

import datetime as dt
import html
import re

from forumbot.delivery.models import Audience, Broadcast, Report
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.programme import clip

# audience code (in callback data) -> Audience
AUDIENCES: dict[str, Audience] = {
    "all": Audience.everyone(),
    "ann": Audience.topic("announcements"),
    "sum": Audience.topic("summaries"),
    "ky": Audience.language("ky"),
    "ru": Audience.language("ru"),
    "en": Audience.language("en"),
}
STATUS_ICONS = {
    "scheduled": "⏰", "queued": "⏳", "sending": "📤", "done": "✅", "cancelled": "✖",
    "missed": "⚠️",
}  # fmt: skip


def audience_label(ctx: RenderCtx, audience: Audience) -> str:
    if audience.kind == "everyone":
        return ctx.label("audience_everyone")
    if audience.kind == "topic":
        return ctx.label("audience_topic", topic=ctx.label("topic_" + str(audience.value)))
    return ctx.label("audience_language", language=LANGUAGE_NAMES.get(str(audience.value), ""))


def render_audience_picker(ctx: RenderCtx) -> View:
    rows = [[ctx.button(audience_label(ctx, aud), "aud", code)] for code, aud in AUDIENCES.items()]
    rows.append([ctx.button(ctx.label("compose_cancel"), "acancel")])
    return View(ctx.t("announce_audience"), keyboard(*rows))


def render_when_picker(ctx: RenderCtx, people: int) -> View:
    rows = [
        [ctx.button("🚀 " + ctx.label("when_now"), "when", "now")],
        [
            ctx.button(ctx.label("when_in", minutes=10), "when", "10m"),
            ctx.button(ctx.label("when_in", minutes=60), "when", "60m"),
        ],
        [ctx.button(ctx.label("when_tomorrow", time="08:00"), "when", "tom8")],
        [ctx.button("🗓 " + ctx.label("when_type"), "when", "type")],
        [ctx.button(ctx.label("compose_cancel"), "acancel")],
    ]
    return View(ctx.t("announce_when", count=people), keyboard(*rows))


def when_text(ctx: RenderCtx, at: dt.datetime | None) -> str:
    if at is None:
        return ctx.t("when_now_text")
    local = ctx.local(at)
    return ctx.t("when_at_text", date=ctx.date(local.date()), time=f"{local:%H:%M}")


def render_confirm(
    ctx: RenderCtx, audience: Audience, people: int, at: dt.datetime | None
) -> View:
    text = ctx.tr(
        "announce_confirm",
        audience=esc(audience_label(ctx, audience)),
        count=people,
        when=when_text(ctx, at),
    )
    rows = [
        [ctx.button("✅ " + ctx.label("announce_confirm_button"), "aok")],
        [ctx.button(ctx.label("compose_cancel"), "acancel")],
    ]
    return View(text, keyboard(*rows))


def _summary_line(ctx: RenderCtx, b: Broadcast) -> str:
    text = next(iter(b.content.texts.values()), "")
    return clip(f"#{b.id} {ctx.label('kind_b_' + b.kind)}: {_plain(text)}", 60)


def _plain(text: str) -> str:
    """A one-line plain-text glimpse of Telegram HTML, for labels and summaries."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def render_scheduled(ctx: RenderCtx, items: list[Broadcast]) -> View:
    lines = [f"⏰ <b>{ctx.t('scheduled_title')}</b>", ""]
    rows = []
    for b in items:
        assert b.scheduled_at is not None
        lines.append(
            f"• {when_text(ctx, b.scheduled_at)} — {esc(audience_label(ctx, b.audience))}"
        )
        rows.append([ctx.button(_summary_line(ctx, b), "bview", b.id)])
    if not items:
        lines.append(ctx.t("scheduled_empty"))
    return View("\n".join(lines), keyboard(*rows))


def render_deliveries(ctx: RenderCtx, items: list[tuple[Broadcast, Report | None]]) -> View:
    lines = [f"📤 <b>{ctx.t('deliveries_title')}</b>", ""]
    rows = []
    for b, report in items:
        icon = STATUS_ICONS.get(b.status, "•")
        counts = ctx.t("report_short", sent=report.sent, total=report.total) if report else ""
        lines.append(f"{icon} #{b.id} {ctx.t('status_b_' + b.status)} · {counts}")
        rows.append([ctx.button(f"{icon} " + _summary_line(ctx, b), "bview", b.id)])
    if not items:
        lines.append(ctx.t("deliveries_empty"))
    return View("\n".join(lines), keyboard(*rows))


def render_broadcast(ctx: RenderCtx, b: Broadcast, report: Report | None) -> View:
    """One broadcast: what, to whom, when, and its report; actions that fit its state."""
    lines = [
        f"{STATUS_ICONS.get(b.status, '•')} <b>#{b.id} {ctx.t('kind_b_' + b.kind)}</b>"
        + (f" ({ctx.t('op_' + b.operation, parent=b.parent_id)})" if b.parent_id else ""),
        ctx.t("status_b_" + b.status),
        f"👥 {esc(audience_label(ctx, b.audience))}",
    ]
    if b.scheduled_at:
        lines.append(f"⏰ {when_text(ctx, b.scheduled_at)}")
    if report is not None and report.total:
        lines += ["", _report_lines(ctx, report)]
    text = b.content.text_for(ctx.lang)
    if text:
        lines += ["", "—", esc(_plain(text)[:600])]
    return View("\n".join(lines), keyboard(*_broadcast_rows(ctx, b)))


def _report_lines(ctx: RenderCtx, r: Report) -> str:
    took = ""
    if r.duration is not None:
        took = ctx.t("report_took", seconds=int(r.duration.total_seconds()))
    return ctx.t(
        "report_full",
        sent=r.sent, total=r.total, blocked=r.blocked, failed=r.failed, unknown=r.unknown,
        pending=r.remaining,
    ) + (f"\n{took}" if took else "")  # fmt: skip


def _broadcast_rows(ctx: RenderCtx, b: Broadcast) -> list[list]:
    rows = [[ctx.button("🔄 " + ctx.label("refresh"), "bview", b.id)]]
    if b.status == "scheduled":
        rows.append([
            ctx.button(ctx.label("resched_in", minutes=10), "bmove", b.id, "10m"),
            ctx.button(ctx.label("resched_in", minutes=60), "bmove", b.id, "60m"),
            ctx.button(ctx.label("when_tomorrow", time="08:00"), "bmove", b.id, "tom8"),
        ])  # fmt: skip
        rows.append([ctx.button("🗓 " + ctx.label("when_type"), "bmoveto", b.id)])
    if b.status in ("scheduled", "queued", "sending"):
        rows.append([ctx.button("✖ " + ctx.label("broadcast_cancel"), "bcancel", b.id)])
    if b.status == "done" and b.operation == "send":
        rows.append([
            ctx.button("✏️ " + ctx.label("broadcast_correct"), "bfix", b.id),
            ctx.button("🗑 " + ctx.label("broadcast_withdraw"), "bdel", b.id),
        ])  # fmt: skip
    return rows


def render_finished(ctx: RenderCtx, b: Broadcast, report: Report) -> View:
    """Told to the organiser who sent it, when the last message has gone."""
    return View(
        ctx.tr("broadcast_finished", id=b.id, report=_report_lines(ctx, report)),
        keyboard([ctx.button(ctx.label("deliveries_title"), "bview", b.id)]),
    )


def render_missed(ctx: RenderCtx, b: Broadcast) -> View:
    """Told to every organiser: a scheduled broadcast's time passed while the bot was down."""
    when = when_text(ctx, b.scheduled_at) if b.scheduled_at else ""
    return View(
        ctx.tr("broadcast_missed", id=b.id, when=when),
        keyboard([ctx.button(ctx.label("deliveries_title"), "bview", b.id)]),
    )
