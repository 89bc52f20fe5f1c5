"""Search results: sessions, speakers and posts, each one tap away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from forumbot.models import Session, Speaker
from forumbot.render import callbacks
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.programme import KIND_ICONS, clip, over_mark, session_label
from forumbot.store.programme import SearchResults

MAX_SUGGESTIONS = 12  # "did you mean" buttons


def _opens(query: str, session_id: str) -> tuple[str, ...]:
    """A result's card leads back to these results when the words fit in its buttons (about
    30 bytes of UTF-8, the star's too); longer ones lead back to the session's day."""
    token = callbacks.words_token(query)
    star = ("star", session_id, "1", callbacks.back_token(("srat", token, session_id)))
    if callbacks.fits("srs", token, session_id) and callbacks.fits(*star):
        return ("srs", token, session_id)
    return ("ses", session_id)


def render_search_prompt(ctx: RenderCtx) -> View:
    return View(ctx.t("search_prompt"))


def render_results(
    ctx: RenderCtx,
    query: str,
    found: SearchResults,
    close: Sequence[Session | Speaker] = (),
    now: dt.datetime | None = None,
) -> View:
    """Every result listed has its button, so the count is what can be opened (the store
    returns at most 10 of each kind: 30 buttons, within Telegram's 100); when nothing was
    found, the ``close`` titles and names as buttons."""
    if not len(found):
        return _nothing_found(ctx, query, close)
    lines = [f"🔎 {ctx.t('results_for', query=query, count=len(found))}"]
    rows = []
    if found.sessions:
        lines += ["", f"<b>{ctx.t('sessions')}</b>"]
        for s in found.sessions:
            when = f"{esc(ctx.short_date(s.day))}, {ctx.hhmm(s.start)}"
            over = over_mark(ctx, s, now) if now else ""
            lines.append(f"{KIND_ICONS.get(s.kind, '•')} {ctx.text(s.title)} — {when}{over}")
            label = session_label(ctx, s, with_day=True)
            rows.append([ctx.button(label, *_opens(query, s.id))])
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


def _nothing_found(ctx: RenderCtx, query: str, close: Sequence[Session | Speaker]) -> View:
    """ "Nothing found", and "did you mean" with a button for each close title or name."""
    text = ctx.t("nothing_found", query=query)
    if not close:
        return View(text)
    rows = []
    for item in close[:MAX_SUGGESTIONS]:
        if isinstance(item, Session):
            icon = KIND_ICONS.get(item.kind, "•")
            rows.append([ctx.button(f"{icon} " + session_label(ctx, item, True), "ses", item.id)])
        else:
            rows.append([ctx.button("👤 " + clip(ctx.plain(item.name)), "spk", item.id, 0)])
    return View(f"{text}\n\n{ctx.t('did_you_mean')}", keyboard(*rows))
