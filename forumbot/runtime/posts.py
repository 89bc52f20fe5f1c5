"""A summary post's way to its subscribers (and a post's to the forum's channel, when the
organiser mirrors it there): one broadcast through the delivery engine, each subscriber in
their language (else the forum's), the channel in its languages, now or at its time, linked
to the post so that retracting either takes both (from the channel too)."""

from __future__ import annotations

import datetime as dt

from forumbot.delivery.models import Audience, Content
from forumbot.models import Post
from forumbot.render.context import RenderCtx
from forumbot.render.html import MAX_TEXT, split_html, utf16_len
from forumbot.render.news import render_post
from forumbot.runtime.services import Services

SUMMARIES = Audience.topic("summaries")


async def subscribers(svc: Services) -> int:
    """How many active people follow summaries now."""
    return await svc.delivery.outbox.audience_size(SUMMARIES) if svc.delivery else 0


async def reached(svc: Services, post_id: str) -> int:
    """How many chats have a summary post already (sent, or maybe sent)."""
    broadcast = await svc.store.posts.broadcast_of(post_id)
    report = await svc.delivery.outbox.report(broadcast) if broadcast and svc.delivery else None
    return report.sent + report.unknown if report else 0


async def send_summary(
    svc: Services, post: Post, actor: int, at: dt.datetime | None, channel: bool = False
) -> bool:
    """Queue the summary for its subscribers, and, ``channel``, a news post or a summary for
    the forum's channel (a news post reaches nobody else); False when nothing is sent."""
    to_channel = channel and svc.channel is not None and svc.channel.title is not None
    if svc.delivery is None or (post.kind != "summary" and not to_channel):
        return False
    forum = await svc.store.programme.forum()
    texts = {}
    for lang in post.title:
        ctx = RenderCtx(lang, svc.catalogs, forum, svc.bot_username)
        text = render_post(ctx, post, 0).text
        if utf16_len(text) > MAX_TEXT:  # the rest is one tap away, in /news
            more = "\n\n" + ctx.t("post_continued")
            text = split_html(text, MAX_TEXT - utf16_len(more) - 8)[0] + "…" + more
        texts[lang] = text
    content = Content(texts=texts, default_language=forum.default_language)
    audience = SUMMARIES if post.kind == "summary" else Audience.channel_only()
    broadcast = await svc.delivery.create(
        kind="summary" if post.kind == "summary" else "news",
        audience=audience.with_channel() if to_channel else audience,
        content=content,
        created_by=actor,
        scheduled_at=at,
    )
    await svc.store.posts.link_broadcast(post.id, broadcast)
    return True
