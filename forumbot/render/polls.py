"""Polls at round tables: the composer's preview, the message each participant answers with
inline buttons (their own choices marked), and the live results for organisers and the
session's moderators. Pure: the question and answers are the moderator's words, escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from forumbot.models import Session
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.rules.polls import Poll, Results

BAR = 10  # characters in a result's bar


def _mode(ctx: RenderCtx, multiple: bool) -> str:
    return ctx.t("poll_mode_several" if multiple else "poll_mode_one")


def render_poll_preview(
    ctx: RenderCtx,
    s: Session,
    question: str,
    options: Sequence[str],
    multiple: bool,
    people: int,
    channel: str | None = None,
    to_channel: bool = False,
) -> View:
    """What will be sent, to how many, one answer or several, and (with the forum's
    ``channel``, its title) whether it goes there too; send or drop."""
    lines = [
        f"📊 <b>{ctx.t('poll_preview_title', title=ctx.plain(s.title))}</b>",
        "",
        f"<b>{esc(question)}</b>",
        *(f"{i}. {esc(option)}" for i, option in enumerate(options, start=1)),
        "",
        f"<i>{_mode(ctx, multiple)}</i>",
        ctx.t("poll_people", count=people),
    ]
    one = ("🔘 " if not multiple else "⚪ ") + ctx.label("poll_one")
    several = ("🔘 " if multiple else "⚪ ") + ctx.label("poll_several")
    rows = [[ctx.button(one, "pollm", s.id, 0), ctx.button(several, "pollm", s.id, 1)]]
    if channel is not None:
        if to_channel:
            lines.append(ctx.t("announce_and_channel", channel=channel))
        label = ctx.label("poll_channel_on" if to_channel else "poll_channel")
        rows.append([ctx.button(label, "pollch", s.id, int(not to_channel))])
    rows += [
        [ctx.button("📤 " + ctx.label("poll_send", count=people), "pollgo", s.id)],
        [ctx.button("✖ " + ctx.label("poll_drop"), "pollno", s.id)],
    ]
    return View("\n".join(lines), keyboard(*rows))


def render_poll_message(
    ctx: RenderCtx, poll: Poll, s: Session, chosen: Collection[int] = ()
) -> View:
    """A participant's poll: the question and a button per answer, theirs marked ✅."""
    lines = [
        f"📊 <b>{ctx.t('poll_title', title=ctx.plain(s.title))}</b>",
        "",
        f"<b>{esc(poll.question)}</b>",
        "",
        f"<i>{_mode(ctx, poll.multiple)}</i>",
    ]
    if chosen:
        lines.append(ctx.t("poll_counted"))
    rows = [
        [ctx.button(("✅ " if i in chosen else "") + option, "pv", poll.id, i)]
        for i, option in enumerate(poll.options)
    ]
    return View("\n".join(lines), keyboard(*rows))


def render_results(ctx: RenderCtx, results: Results, s: Session, now: dt.datetime) -> View:
    """Counts, shares and bars; refresh, close (while open) and the CSV."""
    poll = results.poll
    state = ctx.t("poll_open" if poll.open else "poll_closed_state")
    lines = [
        f"📊 <b>{ctx.t('poll_results_title', title=ctx.plain(s.title))}</b>",
        "",
        f"<b>{esc(poll.question)}</b>",
        "",
    ]
    for i, option in enumerate(poll.options):
        share = results.share(i)
        bar = "▓" * round(BAR * share / 100) + "░" * (BAR - round(BAR * share / 100))
        lines.append(f"{esc(option)}\n{bar} {results.counts[i]} · {share}%")
    lines += [
        "",
        ctx.t("poll_voters", count=results.voters),
        f"{state} · {ctx.t('poll_as_of', time=ctx.hhmm(now))}",
    ]
    rows = [[ctx.button("🔄 " + ctx.label("refresh"), "pres", poll.id)]]
    if poll.open:
        rows[0].append(ctx.button("⏹ " + ctx.label("poll_close"), "pclose", poll.id))
    rows.append([ctx.button("📄 " + ctx.label("poll_csv"), "pcsv", poll.id)])
    return View("\n".join(lines), keyboard(*rows))


def render_close_confirm(ctx: RenderCtx, results: Results) -> View:
    """Closing is for good: say how many answered, ask once."""
    return View(
        ctx.t("poll_close_confirm", count=results.voters),
        keyboard(
            [
                ctx.button("⏹ " + ctx.label("poll_close"), "pcloseok", results.poll.id),
                ctx.button("← " + ctx.label("back"), "pres", results.poll.id),
            ]
        ),
    )
