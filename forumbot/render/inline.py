"""Inline mode: sessions and speakers offered as short cards to share in any chat.

Each card says what matters on its own (title, time and hall in the forum's zone; a
speaker's name and role) and links back into the bot (``/start s_<id>`` / ``p_<id>``).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
)

from forumbot.models import Room, Session, Speaker
from forumbot.render.context import RenderCtx
from forumbot.render.html import esc
from forumbot.render.programme import KIND_ICONS, role_of

MAX_RESULTS = 50  # Telegram's limit for one answer
MAX_ID_BYTES = 64


def _article(
    ctx: RenderCtx, result_id: str, title: str, description: str, lines: list[str]
) -> InlineQueryResultArticle:
    """An article whose message ends with the deep link, also offered as a button."""
    link = ctx.deep_link(result_id)  # "s_<id>" / "p_<id>" are also the /start payloads
    markup = None
    if link:
        lines += ["", "🔗 " + ctx.t("inline_more", link=link)]
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(ctx.label("inline_open"), url=link)]])
    content = InputTextMessageContent(
        "\n".join(lines),
        parse_mode="HTML",
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    return InlineQueryResultArticle(
        result_id, title, content, reply_markup=markup, description=description or None
    )


def session_result(
    ctx: RenderCtx, s: Session, rooms: Mapping[str, Room], label: str = ""
) -> InlineQueryResultArticle:
    """A session: its title; the day, time and hall; ``label`` ("on now") before them."""
    room = ctx.plain(rooms[s.room_id].name) if s.room_id in rooms else ""
    when = ctx.label(
        "inline_when", date=ctx.short_date(s.day), time=ctx.span(s.start, s.end), room=room
    )
    title = f"<s>{ctx.text(s.title)}</s> ❌" if s.cancelled else ctx.text(s.title)
    lines = [
        f"{KIND_ICONS.get(s.kind, '•')} <b>{title}</b>",
        f"🗓 {esc(ctx.date(s.day))} · <b>{ctx.span(s.start, s.end)}</b>",
        f"📍 {esc(room)}",
        f"🕒 {ctx.zone_note(s.start)}",
    ]
    if s.cancelled:
        lines.insert(1, f"<b>{ctx.t('session_cancelled')}</b>")
    description = f"{label} · {when}" if label else when
    return _article(ctx, f"s_{s.id}", ctx.plain(s.title), description, lines)


def speaker_result(ctx: RenderCtx, person: Speaker) -> InlineQueryResultArticle:
    """A speaker or moderator: the name, and the role and organisation."""
    role = role_of(ctx, person)  # escaped: it is built from ctx.text
    lines = [f"👤 <b>{ctx.text(person.name)}</b>"] + ([role] if role else [])
    return _article(ctx, f"p_{person.id}", ctx.plain(person.name), html.unescape(role), lines)


def render_inline(
    ctx: RenderCtx,
    sessions: list[tuple[Session, str]],
    speakers: list[Speaker],
    rooms: Mapping[str, Room],
) -> list[InlineQueryResultArticle]:
    """Sessions (each with its label, maybe "") then speakers: at most 50, ids unique."""
    results: dict[str, InlineQueryResultArticle] = {}
    for s, label in sessions:
        results.setdefault(f"s_{s.id}", session_result(ctx, s, rooms, label))
    for person in speakers:
        results.setdefault(f"p_{person.id}", speaker_result(ctx, person))
    fitting = [r for key, r in results.items() if len(key.encode()) <= MAX_ID_BYTES]
    return fitting[:MAX_RESULTS]


def now_and_next(
    ctx: RenderCtx, current: list[Session], upcoming: list[Session], now: dt.datetime
) -> list[tuple[Session, str]]:
    """An empty query offers what is on now and what comes next, labelled so."""
    on = [(s, ctx.label("inline_on_now")) for s in current if s.is_on(now)]
    return on + [(s, ctx.label("inline_up_next")) for s in upcoming]
