"""Editions: the confirmation that opens a new one (old and new forum side by side), the
welcome-back message and its ask, and the archive of past editions, read-only."""

from __future__ import annotations

import dataclasses

from forumbot.models import Post
from forumbot.programme import Problem
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.news import render_post
from forumbot.render.paging import Page
from forumbot.render.programme import KIND_ICONS, clip
from forumbot.render.report import warnings_block
from forumbot.store.editions import ArchivedSession, Edition, EditionChange, Facts

PAGE_SIZE = 25  # an archived day's sessions, or posts, in one message; the rest on pages


def facts_lines(ctx: RenderCtx, facts: Facts) -> list[str]:
    """The forum's name, then its dates and place."""
    when = ctx.date_range(facts.first, facts.last) if facts.first and facts.last else "—"
    return [f"<b>{ctx.text(facts.title)}</b>", f"📅 {esc(when)} · 📍 {ctx.text(facts.city)}"]


def render_edition_confirm(
    ctx: RenderCtx,
    source: str,
    sessions: int,
    warnings: tuple[Problem, ...],
    change: EditionChange,
    token: str,
) -> View:
    """Another forum's file: the forum in service and the new one, what carries over and what
    ends, and the one button that opens the new edition (an ordinary import never does)."""
    ending = change.ending
    lines = [f"🆕 <b>{ctx.t('edition_other_forum', source=source)}</b>", ""]
    lines += warnings_block(ctx, source, warnings)
    lines += [ctx.t("edition_in_service"), *facts_lines(ctx, change.old), ""]
    lines += [ctx.t("edition_new", count=sessions), *facts_lines(ctx, change.new), ""]
    lines += [
        "✅ " + ctx.t("edition_carry", count=ending.people),
        "🗄 " + ctx.t("edition_archived"),
    ]
    if ending.starred:
        lines.append("⭐ " + ctx.t("edition_stars_end", count=ending.starred))
    if ending.questions:
        lines.append("❓ " + ctx.t("edition_questions_end", count=ending.questions))
    if ending.feedback:
        lines.append("💬 " + ctx.t("edition_feedback_kept", count=ending.feedback))
    lines += ["", ctx.t("edition_welcome_next")]
    kb = keyboard(
        [ctx.button(ctx.label("edition_open"), "edok", token)],
        [ctx.button(ctx.label("import_drop"), "impno", token)],
    )
    return View("\n".join(lines), kb)


def render_edition_opened(ctx: RenderCtx, facts: Facts, sessions: int) -> str:
    return "✅ " + ctx.t("edition_opened", count=sessions, title=ctx.plain(facts.title))


def render_welcome_back(ctx: RenderCtx, facts: Facts) -> View:
    """The message subscribers get: the new edition's name, dates and place."""
    lines = [f"👋 {ctx.t('edition_welcome_head')}", "", *facts_lines(ctx, facts), ""]
    lines.append(ctx.t("edition_welcome_body"))
    return View("\n".join(lines))


def render_welcome_ask(ctx: RenderCtx, message: View, count: int) -> View:
    """The organiser sees the message in their language and how many get it, and sends."""
    if not count:
        return View(f"👋 {ctx.t('edition_welcome_nobody')}")
    lines = [f"👋 <b>{ctx.t('edition_welcome_ask', count=count)}</b>", "", message.text]
    kb = keyboard(
        [ctx.button(ctx.label("edition_welcome_send", count=count), "welc", "send")],
        [ctx.button(ctx.label("edition_welcome_skip"), "welc", "skip")],
    )
    return View("\n".join(lines), kb)


# --- the archive --------------------------------------------------------------------------
def _in(ctx: RenderCtx, edition: Edition) -> RenderCtx:
    """The reader's language with the past edition's forum: its zone, its default language."""
    return dataclasses.replace(ctx, forum=edition.forum)


def render_archive(ctx: RenderCtx, editions: list[Edition]) -> View:
    lines = [f"🗄 <b>{ctx.t('archive_title')}</b>", ""]
    rows = []
    for e in editions:
        lines += [*facts_lines(_in(ctx, e), e.facts), ""]
        when = e.first_day.year if e.first_day else ""
        label = clip(f"{when} · {_in(ctx, e).plain(e.forum.title)}".lstrip(" ·"))
        rows.append([ctx.button("🗄 " + label, "arce", e.n)])
    if not editions:
        lines.append(ctx.t("archive_empty"))
    return View("\n".join(lines).rstrip(), keyboard(*rows))


def render_archive_edition(
    ctx: RenderCtx, edition: Edition, days: list[tuple], news: int, summaries: int
) -> View:
    """One past edition: its days, news and summary to open."""
    c = _in(ctx, edition)
    lines = [f"🗄 {ctx.t('archive_read_only')}", "", *facts_lines(c, edition.facts)]
    rows = [
        [
            ctx.button(
                ctx.label("day_button", date=c.date(d), count=n), "arcd", edition.n, f"{d:%Y%m%d}"
            )
        ]
        for d, _title, n in days
    ]
    if news:
        rows.append(
            [ctx.button(f"📰 {ctx.label('news_title')} ({news})", "arcn", edition.n, "news")]
        )
    if summaries:
        label = f"📝 {ctx.label('summary_label')} ({summaries})"
        rows.append([ctx.button(label, "arcn", edition.n, "summary")])
    rows.append([ctx.back("arc")])
    return View("\n".join(lines), keyboard(*rows))


def _session_line(ctx: RenderCtx, s: ArchivedSession) -> str:
    title = ctx.text(s.title)
    if s.cancelled:
        title = f"<s>{title}</s> ❌ {ctx.t('cancelled')}"
    room = f" · {ctx.text(s.room)}" if s.room else ""
    return f"<b>{ctx.span(s.start, s.end)}</b>{room}\n{KIND_ICONS.get(s.kind, '•')} {title}"


def render_archive_day(
    ctx: RenderCtx, edition: Edition, day: tuple, sessions: list[ArchivedSession], page: int = 0
) -> View:
    """A page of a past edition's day: its sessions, ← and → to the others."""
    c = _in(ctx, edition)
    date, title, _n = day
    shown = Page.of(sessions, page, PAGE_SIZE)
    head = " · ".join(filter(None, [f"<b>{esc(c.date(date))}</b>", esc(shown.words(ctx))]))
    lines = [f"🗄 {c.text(edition.forum.title)}", f"📅 {head}"]
    lines += [f"<i>{c.text(title)}</i>"] if title else []
    lines.append("")
    lines += [_session_line(c, s) + "\n" for s in shown.items]
    if sessions:
        lines.append(f"🕒 {c.zone_note(sessions[0].start)}")
    else:
        lines.append(ctx.t("day_empty"))
    pager = shown.row(ctx, "arcd", edition.n, f"{date:%Y%m%d}")
    return View("\n".join(lines).rstrip(), keyboard(pager, [ctx.back("arce", edition.n)]))


def render_archive_posts(
    ctx: RenderCtx, edition: Edition, kind: str, posts: list[tuple[int, Post]], page: int = 0
) -> View:
    """The edition's news (or summaries), newest first, each a button to open; in pages."""
    c = _in(ctx, edition)
    shown = Page.of(posts, page, PAGE_SIZE)
    head = ctx.t("news_title") if kind == "news" else ctx.t("summary_label")
    head = " · ".join(filter(None, [f"<b>{head}</b>", esc(shown.words(ctx))]))
    lines = [f"🗄 {c.text(edition.forum.title)}", head, ""]
    rows = []
    for n, post in shown.items:
        when = esc(c.short_date(c.local(post.published).date()))
        lines.append(f"<b>{when}</b> · {c.text(post.title)}")
        rows.append([ctx.button(clip(c.plain(post.title)), "arcp", edition.n, n)])
    if not posts:
        lines.append(ctx.t("news_empty"))
    rows += [shown.row(ctx, "arcn", edition.n, kind), [ctx.back("arce", edition.n)]]
    return View("\n".join(lines), keyboard(*rows))


def render_archive_post(ctx: RenderCtx, edition: Edition, post: Post) -> View:
    """One post of a past edition, in full, as /news shows it; back to its list."""
    view = render_post(_in(ctx, edition), post, 0)
    back = keyboard([ctx.back("arcn", edition.n, post.kind)])
    return View(f"🗄 {_in(ctx, edition).text(edition.forum.title)}\n\n{view.text}", back)


def render_source_other(ctx: RenderCtx, url: str, change: EditionChange) -> View:
    """The programme's URL holds another forum: said once; nothing switches by itself."""
    lines = [f"🆕 <b>{ctx.t('source_other_forum', url=url)}</b>", ""]
    lines += [ctx.t("edition_in_service"), *facts_lines(ctx, change.old), ""]
    lines += [ctx.t("edition_at_url"), *facts_lines(ctx, change.new), ""]
    return View("\n".join([*lines, ctx.t("source_other_forum_kept")]))
