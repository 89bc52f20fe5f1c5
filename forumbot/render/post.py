"""An organiser's posts: the kept draft offered again, the post's card with edit and delete,
and the questions asked once before publishing or deleting. Pure."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardButton

from forumbot.models import Post
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.news import render_post
from forumbot.render.programme import clip
from forumbot.store.drafts import PostDraft


def render_post_resume(ctx: RenderCtx, draft: PostDraft) -> View:
    """/post while a draft is kept: continue it, or start anew (the draft is then dropped)."""
    kind = ctx.t("post_kind_summary" if draft.kind == "summary" else "post_kind_news")
    written = ", ".join(LANGUAGE_NAMES.get(code, code) for code in draft.texts)
    text = ctx.t("post_resume", kind=kind, languages=written or "—")
    return View(
        text,
        keyboard(
            [ctx.button("▶️ " + ctx.label("post_resume_go"), "presume", "go")],
            [ctx.button("🆕 " + ctx.label("post_resume_new"), "presume", "new")],
            [ctx.button(ctx.label("compose_cancel"), "pcancel")],
        ),
    )


def post_when(ctx: RenderCtx, at: dt.datetime | None) -> str:
    """ "now", or "on Friday, 23 June at 08:00" in the forum's zone, the zone named."""
    if at is None:
        return ctx.t("when_now_text")
    local = ctx.local(at)
    when = ctx.t("when_at_text", date=ctx.date(local.date()), time=f"{local:%H:%M}")
    return f"{when}, {esc(ctx.zone_label(at))}"


def render_post_write_again(ctx: RenderCtx, lang: str, current: tuple[str, str] | None) -> View:
    """Editing: the new text in ``lang``, or keep the current one (shown)."""
    lines = [ctx.t("post_edit_write", language=LANGUAGE_NAMES.get(lang, lang))]
    if current:
        lines.append(f"<i>{esc(current[0])}</i>\n{esc(clip(current[1], 300))}")
    keep = "post_edit_keep" if current else "post_skip"
    return View(
        "\n\n".join(lines),
        keyboard(
            [ctx.button(ctx.label(keep), "pskip"), ctx.button(ctx.label("post_done"), "pdone")],
            [ctx.button(ctx.label("compose_cancel"), "pcancel")],
        ),
    )


def render_post_confirm(
    ctx: RenderCtx,
    draft: PostDraft,
    people: int,
    sent_to: int | None = None,
    channel: str | None = None,
) -> View:
    """Before publishing: where it goes and to how many, when; a summary may be scheduled.
    Editing: it replaces the post in /news (``sent_to`` got the first text in their chats).
    With the forum's ``channel`` (its title), a new post may be mirrored there (a toggle)."""
    if draft.editing:
        lines = [ctx.t("post_confirm_edit")]
        if sent_to:
            lines.append(ctx.t("post_confirm_edit_sent", count=sent_to))
        publish = "✅ " + ctx.label("post_save")
        rows = [[ctx.button(publish, "ppub")]]
    elif draft.kind == "summary":
        lines = [
            ctx.tr("post_confirm_people", count=people),
            ctx.tr("post_confirm_when", when=post_when(ctx, draft.at)),
        ]
        key = "post_publish_at" if draft.at else "post_publish_to"
        rows = [
            [ctx.button("✅ " + ctx.label(key, count=people), "ppub")],
            _when_row(ctx, draft),
            [ctx.button("🗓 " + ctx.label("when_type"), "pwhen", "type")],
        ]
    else:
        lines = [ctx.t("post_confirm_news")]
        rows = [[ctx.button("✅ " + ctx.label("post_publish"), "ppub")]]
    if channel is not None and not draft.editing:
        if draft.channel:
            lines.append(ctx.t("post_mirror_note", channel=channel))
        label = ctx.label("post_mirror_on" if draft.channel else "post_mirror")
        rows.insert(1, [ctx.button(label, "pchan", int(not draft.channel))])
    rows.append([ctx.button(ctx.label("compose_cancel"), "pcancel")])
    return View("\n\n".join(lines), keyboard(*rows))


def _when_row(ctx: RenderCtx, draft: PostDraft) -> list[InlineKeyboardButton]:
    later = [
        ctx.button(ctx.label("when_in", minutes=60), "pwhen", "60m"),
        ctx.button(ctx.label("when_tomorrow", time="08:00"), "pwhen", "tom8"),
    ]
    if draft.at is not None:
        later.insert(0, ctx.button("🚀 " + ctx.label("when_now"), "pwhen", "now"))
    return later


def render_post_published(ctx: RenderCtx, draft: PostDraft, people: int, queued: bool) -> View:
    """What became of it: saved, scheduled (when, to how many, how to take it back), or out."""
    if draft.editing:
        return View(ctx.t("post_saved"))
    if draft.at is not None:
        when = post_when(ctx, draft.at)
        return View(ctx.tr("post_scheduled", when=when, count=people))
    if queued and draft.kind != "summary":  # a news post mirrored in the channel
        return View(ctx.t("post_published") + "\n" + ctx.t("post_published_channel"))
    return View(ctx.t("post_published_sent" if queued else "post_published"))


def render_post_card(
    ctx: RenderCtx, post: Post, page: int, organiser: bool, from_chat: bool
) -> View:
    """The post as /news shows it; an organiser sees edit and delete on a post from the chat
    (the file's posts change with the file)."""
    view = render_post(ctx, post, page)
    if not organiser:
        return view
    if not from_chat:
        return View(f"{view.text}\n\n<i>{ctx.t('post_from_file')}</i>", view.keyboard)
    rows = [
        [
            ctx.button("✏️ " + ctx.label("post_edit"), "pedit", post.id),
            ctx.button("🗑 " + ctx.label("post_delete"), "pdel", post.id, page),
        ],
        [ctx.back("news", page)],
    ]
    return View(view.text, keyboard(*rows))


def render_delete_confirm(
    ctx: RenderCtx, post: Post, page: int, reached: int, scheduled: bool
) -> View:
    """Delete asks once, saying where the post disappears from and from how many chats."""
    lines = [ctx.tr("post_delete_confirm", title=ctx.text(post.title))]
    if reached:
        lines.append(ctx.t("post_delete_chats", count=reached))
    if scheduled:
        lines.append(ctx.t("post_delete_scheduled"))
    lines.append(ctx.t("post_delete_final"))
    return View(
        "\n\n".join(lines),
        keyboard(
            [ctx.button("🗑 " + ctx.label("post_delete_yes"), "pdelok", post.id)],
            [ctx.back("post", post.id, page)],
        ),
    )
