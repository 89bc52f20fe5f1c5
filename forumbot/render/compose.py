"""Organisers' composers: prompts and previews, exactly as participants will see the result."""

from __future__ import annotations

from forumbot.models import Post
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.news import render_post


def render_post_kind(ctx: RenderCtx) -> View:
    return View(
        f"✍️ <b>{ctx.t('post_title')}</b>\n\n{ctx.t('post_choose_kind')}",
        keyboard(
            [
                ctx.button("📰 " + ctx.label("post_kind_news"), "pkind", "news"),
                ctx.button("📝 " + ctx.label("post_kind_summary"), "pkind", "summary"),
            ],
            [ctx.button(ctx.label("compose_cancel"), "pcancel")],
        ),
    )


def render_post_write(ctx: RenderCtx, lang: str, written: list[str]) -> View:
    """Ask for the text in ``lang``; the languages already written are listed."""
    done = ", ".join(LANGUAGE_NAMES.get(code, code) for code in written)
    lines = [ctx.t("post_write", language=LANGUAGE_NAMES.get(lang, lang))]
    if done:
        lines.append(ctx.t("post_written", languages=done))
    row = [ctx.button(ctx.label("post_skip"), "pskip")]
    if written:
        row.append(ctx.button(ctx.label("post_done"), "pdone"))
    return View(
        "\n\n".join(lines), keyboard(row, [ctx.button(ctx.label("compose_cancel"), "pcancel")])
    )


def render_post_preview(ctx: RenderCtx, post: Post, languages: list[str]) -> list[View]:
    """One preview per written language, as /news shows it, then the confirm buttons."""
    views = []
    for lang in languages:
        shown = RenderCtx(lang, ctx.catalogs, ctx.forum, ctx.bot_username)
        views.append(
            View(f"👁 {LANGUAGE_NAMES.get(lang, lang)}\n\n" + render_post(shown, post, 0).text)
        )
    note = ctx.t("post_confirm_summary" if post.kind == "summary" else "post_confirm_news")
    views.append(
        View(
            note,
            keyboard(
                [ctx.button("✅ " + ctx.label("post_publish"), "ppub")],
                [ctx.button(ctx.label("compose_cancel"), "pcancel")],
            ),
        )
    )
    return views


def render_announce_mode(ctx: RenderCtx) -> View:
    return View(
        f"📣 <b>{ctx.t('announce_title')}</b>\n\n{ctx.t('announce_mode')}",
        keyboard(
            [ctx.button(ctx.label("announce_mode_one"), "amode", "one")],
            [ctx.button(ctx.label("announce_mode_per"), "amode", "per")],
            [ctx.button(ctx.label("compose_cancel"), "acancel")],
        ),
    )


def render_announce_write(ctx: RenderCtx, lang: str | None, written: list[str]) -> View:
    """Ask for the announcement (``lang`` None: one text for everyone)."""
    if lang is None:
        lines = [ctx.t("announce_write_one")]
    else:
        lines = [ctx.t("announce_write_lang", language=LANGUAGE_NAMES.get(lang, lang))]
    if written:
        done = ", ".join(LANGUAGE_NAMES.get(code, code) for code in written)
        lines.append(ctx.t("post_written", languages=done))
    row = []
    if lang is not None:
        row.append(ctx.button(ctx.label("post_skip"), "askip"))
        if written:
            row.append(ctx.button(ctx.label("post_done"), "adone"))
    cancel = [ctx.button(ctx.label("compose_cancel"), "acancel")]
    return View("\n\n".join(lines), keyboard(row, cancel))
