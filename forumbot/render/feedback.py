"""Session feedback on screen: the prompt after a session (rate, comment, show my name), the
end-of-day prompt, and the organisers' figures. Pure; participants' comments are escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from forumbot.models import Day, Room, Session
from forumbot.render.agenda import room_name
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import KIND_ICONS, clip
from forumbot.rules.feedback import RATINGS, Stats
from forumbot.store.feedback import Answer

PROMPT, DAY_PROMPT, STATS = "📝", "📋", "📊"
DAY_BUTTONS = 20  # a day prompt offers at most this many sessions as buttons


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


def render_prompt(
    ctx: RenderCtx,
    s: Session,
    rooms: Mapping[str, Room],
    answer: Answer | None = None,
    note: str | None = None,
) -> View:
    """Rate 1 to 5; once rated, the rating (changeable) and the comment step; once
    commented, the choice to show one's name to the organisers (off by default)."""
    lines = [f"{PROMPT} <b>{ctx.t('feedback_prompt_title')}</b>", ""]
    if note:
        lines += [note, ""]
    lines += [
        f"{KIND_ICONS.get(s.kind, '•')} <b>{ctx.text(s.title)}</b>",
        f"🗓 {esc(ctx.date(s.day))} · {ctx.span(s.start, s.end)} · "
        f"{room_name(ctx, rooms, s.room_id)}",
        "",
    ]
    row = [
        ctx.button(f"✅ {r}" if answer and answer.rating == r else str(r), "fb", s.id, r)
        for r in RATINGS
    ]
    rows = [row]
    if answer is None:
        lines.append(ctx.t("feedback_prompt_ask"))
        return View("\n".join(lines), keyboard(*rows))
    lines.append(f"{stars(answer.rating)} {ctx.t('feedback_your_rating', rating=answer.rating)}")
    if answer.comment:
        lines.append("💬 " + ctx.t("feedback_your_comment", comment=answer.comment))
    comment_key = "feedback_comment_replace" if answer.comment else "feedback_comment_button"
    rows.append([ctx.button(ctx.label(comment_key), "fbc", s.id)])
    if answer.comment:
        lines += ["", ctx.t("feedback_name_hint")]
        name_key = "feedback_name_on" if answer.named else "feedback_name_off"
        rows.append([ctx.button(ctx.label(name_key), "fbname", s.id, int(not answer.named))])
    return View("\n".join(lines), keyboard(*rows))


def render_comment_ask(ctx: RenderCtx, s: Session, limit: int) -> View:
    return View(ctx.tr("feedback_comment_ask", title=ctx.text(s.title), count=limit))


def render_day_prompt(
    ctx: RenderCtx,
    day: Day,
    items: Sequence[tuple[Session, int | None]],
    rooms: Mapping[str, Room],
) -> View:
    """The day's sessions to rate, each a button; a rated one shows its rating."""
    lines = [f"{DAY_PROMPT} <b>{ctx.t('feedback_day_title', date=ctx.date(day.date))}</b>", ""]
    rows = []
    for i, (s, rating) in enumerate(items):
        mark = f"{stars(rating)} " if rating else ""
        lines.append(
            f"{mark}<b>{ctx.span(s.start, s.end)}</b> · {room_name(ctx, rooms, s.room_id)}\n"
            f"{ctx.text(s.title)}"
        )
        if i < DAY_BUTTONS:
            label = f"{rating}★ " if rating else "☆ "
            label += f"{ctx.hhmm(s.start)} {ctx.plain(s.title)}"
            rows.append([ctx.button(clip(label, 48), "fbopen", s.id)])
    lines += ["", ctx.t("feedback_day_ask")]
    return View("\n".join(lines), keyboard(*rows))


def render_stats(
    ctx: RenderCtx,
    stats: Sequence[Stats],
    sessions: Mapping[str, Session],
    people: int,
    prompts: Mapping[str, int],
) -> View:
    """Per session: how many answered, the average and the distribution; the CSV button."""
    lines = [f"{STATS} <b>{ctx.t('feedback_stats_title')}</b>", ""]
    answers = sum(st.count for st in stats)
    lines.append(
        ctx.t(
            "feedback_stats_totals",
            answers=answers,
            count=people,
            sent=prompts.get("sent", 0),
            dropped=prompts.get("dropped", 0),
        )
    )
    lines.append("")
    if not stats:
        lines.append(ctx.t("feedback_stats_none"))
        return View("\n".join(lines))
    for st in stats:
        s = sessions.get(st.session_id)
        title = ctx.text(s.title) if s else esc(st.session_id)
        when = f"{esc(ctx.short_date(s.day))} {ctx.hhmm(s.start)} · " if s else ""
        spread = " · ".join(f"{r}★ {n}" for r, n in zip(RATINGS, st.counts, strict=True))
        lines += [
            f"• {when}<b>{title}</b>",
            "   " + ctx.t("feedback_stats_line", average=ctx.decimal(st.average), count=st.count),
            f"   {spread}",
        ]
    return View("\n".join(lines), keyboard([ctx.button(ctx.label("feedback_stats_csv"), "fbcsv")]))


def csv_name(forum_id: str, now: dt.datetime) -> str:
    return f"{forum_id}-feedback-{now:%Y%m%d-%H%M}.csv"
