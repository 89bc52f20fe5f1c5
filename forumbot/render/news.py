"""News and post-event summaries."""

from __future__ import annotations

from forumbot.models import Post
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import clip
from forumbot.render.speakers import pager, pages

NEWS_PAGE = 5


def _icon(post: Post) -> str:
    return "📝" if post.kind == "summary" else "📰"


def render_news(ctx: RenderCtx, posts: list[Post], page: int, total: int) -> View:
    lines = [f"📰 <b>{ctx.t('news_title')}</b>", ""]
    rows = []
    for post in posts:
        when = esc(ctx.short_date(ctx.local(post.published).date()))
        kind = f"{ctx.t('summary_label')}: " if post.kind == "summary" else ""
        lines.append(f"{_icon(post)} <b>{when}</b> · {kind}{ctx.text(post.title)}")
        rows.append(
            [ctx.button(_icon(post) + " " + clip(ctx.plain(post.title)), "post", post.id, page)]
        )
    if not posts:
        lines.append(ctx.t("news_empty"))
    return View(
        "\n".join(lines), keyboard(*rows, pager(ctx, "news", page, pages(total, NEWS_PAGE)))
    )


def render_post(ctx: RenderCtx, post: Post, page: int) -> View:
    local = ctx.local(post.published)
    label = ctx.t("summary_label") if post.kind == "summary" else ctx.t("news_label")
    paragraphs = [p.strip() for p in ctx.plain(post.body).split("\n\n") if p.strip()]
    lines = [
        f"{_icon(post)} <b>{ctx.text(post.title)}</b>",
        f"<i>{label} · {esc(ctx.date(local.date()))}, {local:%H:%M}</i>",
        "",
        "\n\n".join(esc(p) for p in paragraphs),
    ]
    return View("\n".join(lines), keyboard([ctx.back("news", page)]))
