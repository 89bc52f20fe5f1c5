"""Browsing by track, hall or session language: the facets, their values, their sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from forumbot.models import Room
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.programme import (
    FACET_ICONS,
    FILTER_ICON,
    clip,
    facet_button,
    session_label,
    session_line,
)
from forumbot.rules.filters import Facet
from forumbot.rules.now import DayPage

VALUES_PAGE = 10  # values a page: FOSDEM has some thirty tracks and as many halls
# A session's language is a code from the file; each language is named in itself, as a
# language picker does (no catalog can list every language a file may hold).
ENDONYMS = {
    **LANGUAGE_NAMES,
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "pt": "Português",
    "pl": "Polski",
    "tr": "Türkçe",
    "uk": "Українська",
    "kk": "Қазақша",
    "uz": "Oʻzbekcha",
    "tg": "Тоҷикӣ",
    "zh": "中文",
    "ja": "日本語",
    "ar": "العربية",
}


def value_label(ctx: RenderCtx, facet: str, value: str, rooms: Mapping[str, Room]) -> str:
    """A facet's value as plain text: a track as the file names it, a hall in the reader's
    language, a session language by its own name."""
    if facet == "room":
        return ctx.plain(rooms[value].name) if value in rooms else value
    if facet == "lang":
        name = ENDONYMS.get(value)
        return f"{name} ({value})" if name else value
    return value


def render_filters(ctx: RenderCtx, facets: list[Facet]) -> View:
    """Which way to browse: one button per facet the programme has."""
    lines = [f"{FILTER_ICON} <b>{ctx.t('filter_title')}</b>", "", ctx.t("filter_intro")]
    rows = [[facet_button(ctx, f)] for f in facets]
    if not facets:
        lines = [ctx.t("filter_none")]
    rows.append([ctx.back("days")])
    return View("\n".join(lines), keyboard(*rows))


def render_values(
    ctx: RenderCtx, facet: Facet, rooms: Mapping[str, Room], page: int, alone: bool = False
) -> View:
    """One page of a facet's values, each with its number of sessions; "back" leads to the
    facets, or to the days when this facet is ``alone`` (no screen of one choice between)."""
    pages = max(1, -(-len(facet.values) // VALUES_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * VALUES_PAGE
    head = f"{FACET_ICONS[facet.name]} <b>{ctx.t('filter_head_' + facet.name)}</b>"
    lines = [head + (f" · {page + 1}/{pages}" if pages > 1 else ""), ""]
    rows = []
    for index in range(first, min(first + VALUES_PAGE, len(facet.values))):
        value, count = facet.values[index]
        label = value_label(ctx, facet.name, value, rooms)
        lines.append(f"• {esc(label)} — {ctx.t('filter_count', count=count)}")
        rows.append([ctx.button(clip(f"{label} ({count})"), "flts", facet.name, index, 0)])
    pager = []
    if page > 0:
        pager.append(ctx.button("‹", "fltv", facet.name, page - 1))
    if pages > 1:
        pager.append(ctx.button(f"{page + 1}/{pages}", "noop"))
    if page + 1 < pages:
        pager.append(ctx.button("›", "fltv", facet.name, page + 1))
    back = ctx.back("days") if alone else ctx.back("flt")
    return View("\n".join(lines), keyboard(*rows, pager, [back]))


def render_value_sessions(
    ctx: RenderCtx,
    facet: Facet,
    index: int,
    listing: DayPage,
    rooms: Mapping[str, Room],
    now: dt.datetime,
) -> View:
    """One page of the sessions having one value, labelled by day, each one tap away."""
    value, _count = facet.values[index]
    page, pages, shown = listing.page, listing.pages, listing.sessions
    name = esc(value_label(ctx, facet.name, value, rooms))
    head = f"{FACET_ICONS[facet.name]} {ctx.tr('filter_of_' + facet.name, name=f'<b>{name}</b>')}"
    lines = [head + (f" · {page + 1}/{pages}" if pages > 1 else "")]
    day: dt.date | None = None
    for s in shown:
        if s.day != day:
            day = s.day
            lines += ([""] if lines[-1] else []) + [f"📅 <b>{esc(ctx.date(day))}</b>"]
        lines += [session_line(ctx, s, rooms, now), ""]
    lines.append(f"🕒 {ctx.zone_note(shown[0].start)}" if shown else ctx.t("filter_empty"))
    rows = [
        [ctx.button(session_label(ctx, s, with_day=True), "fses", facet.name, index, s.id)]
        for s in shown
    ]
    pager = []
    if page > 0:
        pager.append(ctx.button("‹", "flts", facet.name, index, page - 1))
    if pages > 1:
        pager.append(ctx.button(f"{page + 1}/{pages}", "noop"))
    if page + 1 < pages:
        pager.append(ctx.button("›", "flts", facet.name, index, page + 1))
    nav = [
        ctx.back("fltv", facet.name, index // VALUES_PAGE),
        ctx.button("↑ " + ctx.label("days_button"), "days"),
    ]
    return View("\n".join(lines).rstrip(), keyboard(*rows, pager, nav))
