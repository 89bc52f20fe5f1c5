"""The programme: days, one day's sessions, a session card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from forumbot.models import Day, Room, Session, Speaker
from forumbot.render import callbacks
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.links import links_line, shown_links
from forumbot.rules.filters import Facet
from forumbot.rules.now import DayPage
from forumbot.rules.questions import accepts_questions

KIND_ICONS = {
    "opening": "🎉",
    "plenary": "🏛",
    "round_table": "🗣",
    "school": "🎓",
    "resolution": "📜",
    "closing": "🏁",
    "break": "☕",
    "other": "•",
}


def day_code(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def parse_day_code(code: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(code, "%Y%m%d").date()
    except ValueError:
        return None


FILTER_ICON = "🗂"  # not Search's 🔎: browsing by hall is not searching
FACET_ICONS = {"track": "🏷", "room": "📍", "lang": "🗣"}


def clip(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def session_label(ctx: RenderCtx, s: Session, with_day: bool = False, limit: int = 48) -> str:
    """A session's button: "10:30 Title…", or in a list across days "22 June, 15:00
    Title…": two sessions of one name, cut alike, still read apart by when they are."""
    when = ctx.hhmm(s.start)
    if with_day:
        when = f"{ctx.short_date(s.day)}, {when}"
    return clip(f"{when} {ctx.plain(s.title)}", limit)


def facet_button(ctx: RenderCtx, facet: Facet) -> InlineKeyboardButton:
    """ "📍 By hall (2)": straight to one facet's values."""
    label = ctx.label("filter_by_" + facet.name, count=len(facet.values))
    return ctx.button(f"{FACET_ICONS[facet.name]} {label}", "fltv", facet.name, 0)


def filter_button(ctx: RenderCtx, facets: list[Facet]) -> InlineKeyboardButton | None:
    """The way to browse by track, hall or language: with one facet (the bundled forum has
    only halls) its values are one tap away, no screen that offers a single choice."""
    if len(facets) == 1:
        return facet_button(ctx, facets[0])
    return ctx.button(f"{FILTER_ICON} " + ctx.label("filter_button"), "flt") if facets else None


def forum_head(ctx: RenderCtx) -> list[str]:
    """The forum's title and, when it has one, its note, each followed by a blank line."""
    note = [f"<i>{ctx.text(ctx.forum.note)}</i>", ""] if ctx.forum.note else []
    return [ctx.text(ctx.forum.title), "", *note]


def render_days(
    ctx: RenderCtx, days: list[tuple[Day, int]], facets: list[Facet] | None = None
) -> View:
    """The forum's days; ``facets`` add the way to browse by track, hall or language."""
    lines = [f"📅 <b>{ctx.t('programme_title')}</b>", *forum_head(ctx)]
    rows = []
    for day, count in days:
        title = f" — {ctx.text(day.title)}" if day.title else ""
        lines.append(f"• <b>{esc(ctx.date(day.date))}</b>{title}")
        label = ctx.label("day_button", date=ctx.short_date(day.date), count=count)
        rows.append([ctx.button(label, "day", day_code(day.date), 0)])
    if not days:
        lines.append(ctx.t("programme_empty"))
    browse = filter_button(ctx, facets or [])
    if browse:
        rows.append([browse])
    return View("\n".join(lines), keyboard(*rows))


def over_mark(ctx: RenderCtx, s: Session, now: dt.datetime) -> str:
    """ " · ⏹ over" after a session that has ended (a cancelled one says so instead)."""
    return f" · ⏹ {ctx.t('session_over')}" if s.end <= now and not s.cancelled else ""


def session_line(ctx: RenderCtx, s: Session, rooms: Mapping[str, Room], now: dt.datetime) -> str:
    room = ctx.text(rooms[s.room_id].name) if s.room_id in rooms else ""
    live = f" 🔴 {ctx.t('on_now')}" if s.is_on(now) else over_mark(ctx, s, now)
    icon = KIND_ICONS.get(s.kind, "•")
    title = ctx.text(s.title)
    if s.cancelled:
        title = f"<s>{title}</s> ❌ {ctx.t('cancelled')}"
    return f"<b>{ctx.span(s.start, s.end)}</b> · {room}{live}\n{icon} {title}"


def render_day(
    ctx: RenderCtx,
    day: Day,
    listing: DayPage,
    rooms: Mapping[str, Room],
    now: dt.datetime,
    neighbours: tuple[dt.date | None, dt.date | None] = (None, None),
) -> View:
    """One page of a day's sessions, with the pages around it and the neighbouring days."""
    page, pages, shown = listing.page, listing.pages, listing.sessions
    head = f"📅 <b>{esc(ctx.date(day.date))}</b>" + (f" · {page + 1}/{pages}" if pages > 1 else "")
    lines = [head] + ([f"<i>{ctx.text(day.title)}</i>"] if day.title else []) + [""]
    lines += [session_line(ctx, s, rooms, now) + "\n" for s in shown]
    if shown:
        lines.append(f"🕒 {ctx.zone_note(shown[0].start)}")
    else:
        lines.append(ctx.t("day_empty"))
    rows = [[ctx.button(session_label(ctx, s), "ses", s.id)] for s in shown]
    code = day_code(day.date)
    pager = []
    if page > 0:
        pager.append(ctx.button("‹", "day", code, page - 1))
    if pages > 1:
        pager.append(ctx.button(f"{page + 1}/{pages}", "noop"))
    if page + 1 < pages:
        pager.append(ctx.button("›", "day", code, page + 1))
    before, after = neighbours
    nav = []
    if before:
        nav.append(ctx.button("‹ " + ctx.short_date(before), "day", day_code(before), 0))
    nav.append(ctx.button("↑ " + ctx.label("days_button"), "days"))
    if after:
        nav.append(ctx.button(ctx.short_date(after) + " ›", "day", day_code(after), 0))
    return View("\n".join(lines).rstrip(), keyboard(*rows, pager, nav))


def role_of(ctx: RenderCtx, person: Speaker) -> str:
    """ "Director, Civic Platform" — the position, and the organisation unless the position
    names it already, whole or by its short name before a parenthesis (Kyrgyz puts the
    organisation first, in the genitive: "КМШ МПА МИМРДдин эксперти")."""
    position, organisation = ctx.text(person.position), ctx.text(person.organisation)
    short = organisation.split(" (", 1)[0].casefold()
    if organisation and short not in position.casefold():
        return f"{position}, {organisation}" if position else organisation
    return position


def person_line(ctx: RenderCtx, person: Speaker) -> str:
    role = role_of(ctx, person)
    return f"<b>{ctx.text(person.name)}</b>" + (f" — {role}" if role else "")


def render_session(
    ctx: RenderCtx,
    s: Session,
    rooms: Mapping[str, Room],
    people: Mapping[str, Speaker],
    now: dt.datetime,
    from_speaker: str | None = None,
    starred: bool | None = None,
    organiser: bool = False,
    back_to: tuple[str, ...] | None = None,
) -> View:
    """The card; ``starred`` None shows no star button; an organiser also gets "change";
    ``back_to`` (an action and its arguments) is where "back" leads, when not its day."""
    room = ctx.text(rooms[s.room_id].name) if s.room_id in rooms else ""
    title = f"<s>{ctx.text(s.title)}</s>" if s.cancelled else ctx.text(s.title)
    lines = [
        f"{KIND_ICONS.get(s.kind, '•')} <b>{title}</b>",
        f"<i>{ctx.t('kind_' + s.kind)}</i>",
    ]
    if s.cancelled:
        lines.append(f"❌ <b>{ctx.t('session_cancelled')}</b>")
    lines += [
        "",
        f"🗓 {esc(ctx.date(s.day))} · <b>{ctx.span(s.start, s.end)}</b>"
        f"{ctx.own_span(s.start, s.end)}{over_mark(ctx, s, now)}",
        f"📍 {room}",
        f"🕒 {ctx.zone_note(s.start)}",
    ]
    if s.is_on(now):
        lines.append(f"🔴 {ctx.t('on_now')}")
    if shown := links_line(ctx, shown_links(s, rooms)):
        lines.append(shown)
    if s.description:
        lines += ["", ctx.rich(s.description, s.description_html)]
    moderators = [people[i] for i in s.moderator_ids if i in people]
    speakers = [people[i] for i in s.speaker_ids if i in people]
    lines += _people_lines(ctx, moderators, speakers)
    link = ctx.deep_link(f"s_{s.id}")
    if link:
        lines += ["", f"🔗 {ctx.t('share_link')}: {esc(link)}"]
    target = card_back(s, from_speaker, back_to)
    rows = [[_person_button(ctx, p, s.id)] for p in (*moderators, *speakers)]
    rows = _action_rows(ctx, s, starred, organiser, rows, target)
    share = share_button(ctx, link, ctx.plain(s.title))
    back = ctx.back(*target)
    return View("\n".join(lines), keyboard(*rows, [back] + ([share] if share else [])))


def _people_lines(ctx: RenderCtx, moderators: list[Speaker], speakers: list[Speaker]) -> list[str]:
    lines: list[str] = []
    if moderators:
        lines += ["", f"🎙 {ctx.t('moderator' if len(moderators) == 1 else 'moderators')}:"]
        lines += [f"• {person_line(ctx, p)}" for p in moderators]
    if speakers:
        lines += ["", f"🗣 {ctx.t('speakers')}:"]
        lines += [f"• {person_line(ctx, p)}" for p in speakers]
    return lines


def _action_rows(
    ctx: RenderCtx,
    s: Session,
    starred: bool | None,
    organiser: bool,
    people_rows: list,
    back_to: tuple[str, ...],
) -> list:
    """The star first, the people, then questions and (for organisers) changes."""
    rows = list(people_rows)
    if starred is not None:
        rows.insert(0, star_row(ctx, s.id, starred, back_to))
    if accepts_questions(s):
        ask = ctx.button("❓ " + ctx.label("q_ask_button"), "qask", s.id)
        rows.append([ask, ctx.button("👍 " + ctx.label("q_list_button"), "qlist", s.id)])
    if organiser:
        rows.append([ctx.button("🛠 " + ctx.label("qc_button"), "qc", s.id)])
        rows.append([ctx.button("🔗 " + ctx.label("links_button"), "lnk", s.id)])
        if accepts_questions(s):
            rows.append([ctx.button("🛡 " + ctx.label("q_mods_button"), "qmods", s.id)])
    return rows


def star_row(
    ctx: RenderCtx, session_id: str, starred: bool, back_to: tuple[str, ...] | None = None
) -> list[InlineKeyboardButton]:
    """The star button; it carries where the card's "back" leads (when not its day and when
    that fits in the button), so the card it redraws keeps it."""
    label = ("⭐ " + ctx.label("unstar")) if starred else ("☆ " + ctx.label("star"))
    fields: tuple[str, ...] = (session_id, "0" if starred else "1")
    if back_to and back_to[0] != "dayat" and callbacks.fits(*back_to):
        with_back = (*fields, callbacks.back_token(back_to))
        fields = with_back if callbacks.fits("star", *with_back) else fields
    return [ctx.button(label, "star", *fields)]


def with_star(
    ctx: RenderCtx,
    card: View,
    session_id: str,
    starred: bool | None,
    back_to: tuple[str, ...] | None = None,
) -> View:
    """A card rendered for everyone (``starred`` None) with one reader's star on top, as
    ``render_session`` with ``starred`` (and this ``back_to``) would have put it."""
    if starred is None:
        return card
    rows = card.keyboard.inline_keyboard if isinstance(card.keyboard, InlineKeyboardMarkup) else ()
    star = star_row(ctx, session_id, starred, back_to)
    return View(card.text, InlineKeyboardMarkup([star, *rows]))


def card_back(
    s: Session, from_speaker: str | None, back_to: tuple[str, ...] | None
) -> tuple[str, ...]:
    """Where "back" leads (an action and its fields): the list it came from, a speaker's
    card, or its day."""
    if back_to and callbacks.fits(*back_to):
        return back_to
    if from_speaker and callbacks.fits("spks", from_speaker, s.id):
        return ("spks", from_speaker, s.id)
    return ("dayat", day_code(s.day), s.id)


def _person_button(ctx: RenderCtx, person: Speaker, session_id: str) -> InlineKeyboardButton:
    label = "👤 " + clip(ctx.plain(person.name))
    if callbacks.fits("spks", person.id, session_id):
        return ctx.button(label, "spks", person.id, session_id)
    return ctx.button(label, "spk", person.id, 0)


def share_button(ctx: RenderCtx, link: str | None, title: str) -> InlineKeyboardButton | None:
    if not link:
        return None
    url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(title, safe='')}"
    return InlineKeyboardButton("↗ " + ctx.label("share"), url=url)
