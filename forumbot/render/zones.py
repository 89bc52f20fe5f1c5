"""A time zone of one's own (issue 15, part 5): the screen opened from /settings.

Times stay in the forum's zone everywhere; a reader in another zone gets theirs beside a single
time ("15:00 (your time 10:00)": cards, reminders, /now's clock, change notices) and, under a
list, one line naming both zones rather than every row doubled (RenderCtx.zone_note)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from forumbot.render.context import RenderCtx, View, keyboard, zone_name

# The zones of the forum's languages' regions, offered as buttons; any other is typed.
COMMON_ZONES = (
    "Asia/Bishkek",
    "Asia/Almaty",
    "Europe/Moscow",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "UTC",
)


def zone_line(ctx: RenderCtx) -> str:
    """ "Times are shown in the forum's zone: Bishkek time." or with the reader's own."""
    if ctx.own_zone is None:
        forum = zone_name(ctx.catalogs, ctx.lang, ctx.forum.timezone)
        return ctx.t("tz_now_forum", zone=forum)
    return ctx.t("tz_now_own", zone=zone_name(ctx.catalogs, ctx.lang, str(ctx.own_zone)))


def render_zones(ctx: RenderCtx, now: dt.datetime) -> View:
    """The choice: the forum's zone (ticked when no other is chosen), the common ones (their
    offsets at ``now``), typing another; back to the settings."""
    own = str(ctx.own_zone) if ctx.own_zone is not None else None
    forum = ctx.label("tz_forum_choice", zone=ctx.zone_label(now))
    rows = [[ctx.button(f"{'✅' if own is None else '⬜'} {forum}", "tzset", "f")]]
    for index, name in enumerate(COMMON_ZONES):
        if name == ctx.forum.timezone:
            continue
        mark = "✅" if name == own else "⬜"
        label = ctx.zone_label(now, ZoneInfo(name))
        rows.append([ctx.button(f"{mark} {label}", "tzset", index)])
    rows.append([ctx.button(ctx.label("tz_type"), "tzask")])
    rows.append([ctx.back("settings")])
    lines = [f"🕒 <b>{ctx.t('tz_title')}</b>", "", zone_line(ctx), "", ctx.tr("tz_about")]
    return View("\n".join(lines), keyboard(*rows))
