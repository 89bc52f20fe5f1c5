"""Info pages and the venue: the list, a page, the map pin, and an organiser's edit."""

from __future__ import annotations

from dataclasses import dataclass

from forumbot.models import Info, InfoPage, Text, Venue
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.html import esc
from forumbot.render.menu import LANGUAGE_NAMES
from forumbot.render.programme import clip, forum_head

ALL_LANGUAGES = "all"  # an edit that replaces the page's text in every language


@dataclass(frozen=True, slots=True)
class VenuePin:
    """What ``send_venue`` needs, in the reader's language. Plain text: Telegram shows a
    venue's title and address as they are, without parsing markup."""

    latitude: float
    longitude: float
    title: str
    address: str


def _paragraphs(ctx: RenderCtx, text: Text | None) -> str:
    """Plain text in the reader's language, escaped; blank lines separate paragraphs."""
    parts = [p.strip() for p in ctx.plain(text).split("\n\n") if p.strip()]
    return "\n\n".join(esc(p) for p in parts)


def render_info_list(ctx: RenderCtx, info: Info | None) -> View:
    """The venue and the pages as buttons; a polite word when the programme has none."""
    if info is None or (info.venue is None and not info.pages):
        return View(ctx.t("info_empty"))
    lines = [f"ℹ️ <b>{ctx.t('info_title')}</b>", *forum_head(ctx), ctx.t("info_pick")]
    rows = []
    if info.venue is not None:
        rows.append([ctx.button(ctx.label("info_venue_button"), "venue")])
    rows += [[ctx.button(clip(ctx.plain(p.title)), "infop", p.id)] for p in info.pages]
    return View("\n".join(lines), keyboard(*rows))


def render_info_page(ctx: RenderCtx, page: InfoPage, organiser: bool = False) -> View:
    """One page; organisers also get the edit button (checked again when pressed)."""
    text = f"ℹ️ <b>{ctx.text(page.title)}</b>\n\n{_paragraphs(ctx, page.body)}"
    edit_row = [ctx.button(ctx.label("info_edit"), "infoed", page.id)] if organiser else None
    return View(text, keyboard(edit_row, [ctx.back("info")]), page.image)


def render_venue(ctx: RenderCtx, venue: Venue) -> tuple[VenuePin, View]:
    """The map pin, then a message with the address and how to get there."""
    pin = VenuePin(
        venue.latitude, venue.longitude, ctx.plain(venue.name), ctx.plain(venue.address)
    )
    lines = [f"📍 <b>{ctx.text(venue.name)}</b>", ctx.text(venue.address)]
    if venue.how_to_get:
        lines += ["", f"<b>{ctx.t('venue_how_to_get')}</b>", _paragraphs(ctx, venue.how_to_get)]
    more = [ctx.button("ℹ️ " + ctx.label("info_title"), "info")]
    return pin, View("\n".join(lines), keyboard(more), venue.image)  # a map, if given


def language_name(ctx: RenderCtx, lang: str) -> str:
    if lang == ALL_LANGUAGES:
        return ctx.label("info_all_languages")
    return LANGUAGE_NAMES.get(lang, lang)


def render_info_edit_pick(ctx: RenderCtx, page: InfoPage, languages: list[str]) -> View:
    """Which text the organiser replaces: one language, or all of them with one text."""
    rows = [
        [
            ctx.button(
                ctx.label("info_edit_lang", language=language_name(ctx, lang)),
                "infoedl",
                page.id,
                lang,
            )
        ]
        for lang in languages
    ]
    rows.append([ctx.button(ctx.label("info_edit_all"), "infoedl", page.id, ALL_LANGUAGES)])
    rows.append([ctx.back("infop", page.id)])
    return View(ctx.t("info_edit_pick", title=ctx.plain(page.title)), keyboard(*rows))


def render_info_edit_write(ctx: RenderCtx, page: InfoPage, lang: str) -> View:
    return View(
        ctx.t("info_edit_write", title=ctx.plain(page.title), language=language_name(ctx, lang))
    )


def render_info_edit_preview(ctx: RenderCtx, page: InfoPage, lang: str) -> View:
    """The page exactly as participants will see it in ``lang`` (the organiser's own
    language for one text in all), then save or drop."""
    shown = ctx if lang == ALL_LANGUAGES else RenderCtx(lang, ctx.catalogs, ctx.forum)
    note = ctx.t("info_edit_preview", language=language_name(ctx, lang))
    text = f"👁 {note}\n\n{render_info_page(shown, page).text}"
    return View(
        text,
        keyboard(
            [ctx.button(ctx.label("info_edit_save"), "infook", page.id)],
            [ctx.button(ctx.label("compose_cancel"), "infono", page.id)],
        ),
    )
