"""Search results: sessions, speakers and posts, each one tap away."""

from __future__ import annotations

from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import KIND_ICONS, clip
from forumbot.store.programme import SearchResults


def render_search_prompt(ctx: RenderCtx) -> View:
    return View(ctx.t("search_prompt"))


def render_results(ctx: RenderCtx, query: str, found: SearchResults) -> View:
    """Every result listed has its button, so the count is what can be opened (the store
    returns at most 10 of each kind: 30 buttons, within Telegram's 100)."""
    if not len(found):
        return View(ctx.t("nothing_found", query=query))
    lines = [f"🔎 {ctx.t('results_for', query=query, count=len(found))}"]
    rows = []
    if found.sessions:
        lines += ["", f"<b>{ctx.t('sessions')}</b>"]
        for s in found.sessions:
            when = f"{esc(ctx.short_date(s.day))}, {ctx.hhmm(s.start)}"
            lines.append(f"{KIND_ICONS.get(s.kind, '•')} {ctx.text(s.title)} — {when}")
            rows.append([ctx.button(clip(ctx.plain(s.title)), "ses", s.id)])
    if found.speakers:
        lines += ["", f"<b>{ctx.t('speakers')}</b>"]
        for p in found.speakers:
            lines.append(f"👤 {ctx.text(p.name)}")
            rows.append([ctx.button("👤 " + clip(ctx.plain(p.name)), "spk", p.id, 0)])
    if found.posts:
        lines += ["", f"<b>{ctx.t('news_title')}</b>"]
        for post in found.posts:
            lines.append(f"📰 {ctx.text(post.title)}")
            rows.append([ctx.button("📰 " + clip(ctx.plain(post.title)), "post", post.id, 0)])
    return View("\n".join(lines), keyboard(*rows))
