"""Organisers' composers: prompts and previews, exactly as participants will see the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from forumbot.delivery.audiences import AUDIENCES, ROLE_CODE, offered
from forumbot.delivery.models import Audience
from forumbot.models import Post, Role
from forumbot.render.broadcasts import audience_label, when_text
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.news import render_post
from forumbot.render.roles import role_label


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
    if written:  # the text is being written again: what was written may stay
        row.append(ctx.button(ctx.label("post_done"), "adone"))
    cancel = [ctx.button(ctx.label("compose_cancel"), "acancel")]
    return View("\n\n".join(lines), keyboard(row, cancel))


def _languages(codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(LANGUAGE_NAMES.get(code, code) for code in codes)


def render_announce_resume(ctx: RenderCtx, written: list[str]) -> View:
    """/announce again while a draft waits: go on with it, or start afresh."""
    note = ctx.t("announce_resume_written", languages=_languages(written)) if written else ""
    return View(
        "\n\n".join(filter(None, [ctx.t("announce_resume"), note])),
        keyboard(
            [ctx.button("▶️ " + ctx.label("announce_continue"), "acont")],
            [ctx.button("🗑 " + ctx.label("announce_discard"), "adiscard")],
        ),
    )


def render_default_picker(ctx: RenderCtx, written: list[str], missing: list[str]) -> View:
    """Per-language variants with a language skipped: which variant do its readers get?"""
    rows = [[ctx.button(LANGUAGE_NAMES.get(code, code), "adef", code)] for code in written]
    rows.append([ctx.button(ctx.label("compose_cancel"), "acancel")])
    return View(ctx.t("announce_default_pick", missing=_languages(missing)), keyboard(*rows))


def render_fallback_note(ctx: RenderCtx, default: str, missing: list[str]) -> View:
    """Named in the preview: readers of a skipped language get the chosen default variant."""
    return View(
        ctx.t(
            "announce_fallback",
            missing=_languages(missing),
            language=LANGUAGE_NAMES.get(default, default),
        )
    )


def _edit_row(ctx: RenderCtx) -> list:
    return [ctx.button("✏️ " + ctx.label("announce_edit"), "aedit")]


def render_audience_picker(
    ctx: RenderCtx,
    roles: Sequence[tuple[Role, int]] = (),
    known: Mapping[str, Role] | None = None,
    channel: str | None = None,
) -> View:
    """Everyone, summaries' subscribers, one language, urgent; with the forum's channel (its
    title), the channel alone or with everyone; then each role that someone holds, with how
    many hold it ("Speaker only (4)")."""
    codes = offered(channel is not None)
    rows = [[ctx.button(audience_label(ctx, AUDIENCES[code]), "aud", code)] for code in codes]
    for role, count in roles:
        name = role_label(ctx, role.id, known or {})
        label = ctx.label("audience_role_count", role=name, count=count)
        rows.append([ctx.button(label, "aud", ROLE_CODE + role.id)])
    rows += [_edit_row(ctx), [ctx.button(ctx.label("compose_cancel"), "acancel")]]
    return View(ctx.t("announce_audience"), keyboard(*rows))


def audience_note(ctx: RenderCtx, audience: Audience, left_out: int) -> str | None:
    """Who it leaves out (those who turned announcements off, if any), or, urgent, reaches
    all the same (always said: it labels the choice)."""
    if audience.kind == "urgent":
        return ctx.t("announce_urgent_note", count=left_out)
    if audience.kind in ("everyone", "language", "role") and left_out:
        return ctx.t("announce_opted_out", count=left_out)
    return None


def channel_note(ctx: RenderCtx, audience: Audience, channel: str | None) -> str | None:
    """ "…and the channel «Name»" (or "the channel only"), when it reaches the channel."""
    if not audience.channel or channel is None:
        return None
    key = "announce_channel_only" if audience.kind == "channel" else "announce_and_channel"
    return ctx.t(key, channel=channel)


def render_when_picker(
    ctx: RenderCtx, audience: Audience, people: int, left_out: int, channel: str | None = None
) -> View:
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
    reach = None if audience.kind == "channel" else ctx.t("announce_when", count=people)
    lines = [reach, channel_note(ctx, audience, channel), audience_note(ctx, audience, left_out)]
    text = "\n".join(filter(None, lines)) + "\n\n" + ctx.t("announce_when_ask")
    return View(text, keyboard(*rows))


def render_confirm(
    ctx: RenderCtx,
    audience: Audience,
    people: int,
    left_out: int,
    at: dt.datetime | None,
    roles: Mapping[str, Role] | None = None,
    channel: str | None = None,
) -> View:
    if audience.kind == "channel":
        text = ctx.tr("announce_confirm_channel", channel=esc(channel or ""),
                      when=when_text(ctx, at))  # fmt: skip
    else:
        text = ctx.tr(
            "announce_confirm",
            audience=esc(audience_label(ctx, audience, roles)),
            count=people,
            when=when_text(ctx, at),
        )
    for note in (channel_note(ctx, audience, channel), audience_note(ctx, audience, left_out)):
        if note and audience.kind != "channel":
            text += "\n" + note
    rows = [
        [ctx.button("✅ " + ctx.label("announce_confirm_button"), "aok")],
        [ctx.button("🧪 " + ctx.label("announce_test"), "atest")],
        _edit_row(ctx),
        [ctx.button(ctx.label("compose_cancel"), "acancel")],
    ]
    return View(text, keyboard(*rows))
