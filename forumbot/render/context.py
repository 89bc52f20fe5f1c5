"""What every renderer needs: the reader's language, the catalogs, the forum and its zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Union

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from forumbot.delivery.models import Personal
from forumbot.infra.i18n import Catalogs
from forumbot.models import Forum, Text, pick
from forumbot.plurals import format_day, format_number
from forumbot.programme.richtext import telegram_html
from forumbot.render import callbacks
from forumbot.render.html import esc

Keyboard = Union[InlineKeyboardMarkup, ReplyKeyboardMarkup, None]  # noqa: UP007


@dataclass(frozen=True, slots=True)
class View:
    """A message to show: HTML text (split by the sender if long) and its keyboard; a
    ``photo`` (an https:// URL or a Telegram file id) goes with it where it can."""

    text: str
    keyboard: Keyboard = None
    photo: str | None = None

    def personal(self, chat_id: int, language: str) -> Personal:
        """This view as one person's message for the delivery engine (reminders, notices)."""
        markup = self.keyboard.to_dict() if self.keyboard is not None else None
        return Personal(chat_id, language, self.text, markup)


@dataclass(frozen=True, slots=True)
class RenderCtx:
    lang: str
    catalogs: Catalogs
    forum: Forum
    bot_username: str | None = None
    own_zone: dt.tzinfo | None = None  # the reader's own zone when they chose one (settings)

    def t(self, key: str, **values: object) -> str:
        """A catalog text; values are data, so they are escaped here."""
        safe = {k: esc(v) if isinstance(v, str) else v for k, v in values.items()}
        return self.catalogs.t(self.lang, key, **safe)

    def tr(self, key: str, **values: object) -> str:
        """A catalog text whose values are already HTML (built by a renderer)."""
        return self.catalogs.t(self.lang, key, **values)

    def label(self, key: str, **values: object) -> str:
        """A catalog text for a button label: plain text, never escaped."""
        return self.catalogs.t(self.lang, key, **values)

    def text(self, value: Text | None) -> str:
        """Programme data in the reader's language (or the forum's default), escaped."""
        return esc(pick(value, self.lang, self.forum.default_language))

    def rich(self, value: Text | None, is_html: bool) -> str:
        """A description or bio: plain text escaped, or imported Telegram HTML, sanitised
        once more here (it came from outside the bot)."""
        if not is_html:
            return self.text(value)
        return telegram_html(pick(value, self.lang, self.forum.default_language))

    def plain(self, value: Text | None) -> str:
        return pick(value, self.lang, self.forum.default_language)

    # --- time, always shown in the forum's zone -------------------------------------------
    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.forum.zone)

    def hhmm(self, moment: dt.datetime) -> str:
        return self.local(moment).strftime("%H:%M")

    def span(self, start: dt.datetime, end: dt.datetime) -> str:
        return f"{self.hhmm(start)}–{self.hhmm(end)}"

    def date(self, day: dt.date) -> str:
        """ "Thursday, 22 June": CLDR's names, in the order the catalog's pattern gives."""
        return format_day(self.lang, day, self.catalogs.raw(self.lang, "date_pattern"))

    def short_date(self, day: dt.date) -> str:
        return format_day(self.lang, day, self.catalogs.raw(self.lang, "short_date_pattern"))

    def date_range(self, first: dt.date, last: dt.date) -> str:
        """ "22–23 June 2023"; across months "30 June – 1 July 2023"."""
        if (first.year, first.month) == (last.year, last.month):
            month = format_day(self.lang, last, "MMMM")
            return self.label("date_range", first=first.day, last=last.day, month=month,
                              year=last.year)  # fmt: skip
        return self.label(
            "date_range_months",
            first=self.short_date(first),
            last=self.short_date(last),
            year=last.year,
        )

    def decimal(self, value: float, digits: int = 1) -> str:
        """A number with decimals as the reader writes it: "4,0" in ky and ru, "4.0" in en."""
        return format_number(self.lang, value, digits)

    def zone_note(self, moment: dt.datetime) -> str:
        """ "Times: Bishkek time (UTC+6)." — a sentence of its own, under a list of times;
        for a reader in another zone " Yours: Berlin time (UTC+1)." follows."""
        zone, offset = self._zone_parts(moment)
        note = self.catalogs.t(self.lang, "times_in_zone", zone=zone, offset=offset)
        if self.own_zone is None or not self.differs(moment):
            return note
        zone, offset = self._zone_parts(moment, self.own_zone)
        return note + " " + self.catalogs.t(self.lang, "times_yours", zone=zone, offset=offset)

    def zone_label(self, moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
        """ "Bishkek time (UTC+6)" — to follow a time inside a sentence (the forum's zone,
        or ``zone``)."""
        return "{} ({})".format(*self._zone_parts(moment, zone))

    def differs(self, moment: dt.datetime) -> bool:
        """Whether the reader's own zone is another UTC offset than the forum's at ``moment``."""
        if self.own_zone is None:
            return False
        return moment.astimezone(self.own_zone).utcoffset() != self.local(moment).utcoffset()

    def own_hhmm(self, moment: dt.datetime) -> str:
        """ " (your time 11:00)" after a forum's time, for a reader in another zone; else "".
        Its date is said when the reader's day is not the forum's: " (your time 22 June,
        23:00)"."""
        if self.own_zone is None or not self.differs(moment):
            return ""
        own = self._own(moment, self.local(moment).date())
        return " " + self.catalogs.t(self.lang, "your_time", time=own)

    def own_span(self, start: dt.datetime, end: dt.datetime) -> str:
        """ " (your time 11:00–12:00)" after a forum's span, as ``own_hhmm``; the end's date
        too when the reader's clock passes midnight in between."""
        if self.own_zone is None or not self.differs(start):
            return ""
        assert self.own_zone is not None
        begin = self._own(start, self.local(start).date())
        finish = self._own(end, start.astimezone(self.own_zone).date())
        dated = finish != f"{end.astimezone(self.own_zone):%H:%M}"  # spaced around a date
        joined = f"{begin} – {finish}" if dated else f"{begin}–{finish}"
        return " " + self.catalogs.t(self.lang, "your_time", time=joined)

    def _own(self, moment: dt.datetime, day: dt.date) -> str:
        """``moment`` on the reader's clock: "23:00", or "22 June, 23:00" when the reader's
        date is not ``day`` (the forum's at a start, the reader's start's at an end)."""
        assert self.own_zone is not None
        own = moment.astimezone(self.own_zone)
        if own.date() == day:
            return f"{own:%H:%M}"
        return self.label("own_day_time", date=self.short_date(own.date()), time=f"{own:%H:%M}")

    def _zone_parts(self, moment: dt.datetime, zone: dt.tzinfo | None = None) -> tuple[str, str]:
        zone = zone or self.forum.zone
        offset = moment.astimezone(zone).utcoffset() or dt.timedelta()
        hours, rest = divmod(int(offset.total_seconds()), 3600)
        label = f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "")
        return zone_name(self.catalogs, self.lang, str(zone)), label

    # --- buttons --------------------------------------------------------------------------
    def button(self, label: str, action: str, *args: object) -> InlineKeyboardButton:
        """A button whose label is plain text (Telegram shows labels verbatim)."""
        return InlineKeyboardButton(label, callback_data=callbacks.encode(action, *args))

    def back(self, action: str, *args: object) -> InlineKeyboardButton:
        return self.button("← " + self.label("back"), action, *args)

    def deep_link(self, payload: str) -> str | None:
        if not self.bot_username:
            return None
        return f"https://t.me/{self.bot_username}?start={payload}"


def zone_name(catalogs: Catalogs, lang: str, name: str) -> str:
    """ "Bishkek time" for a zone the catalogs name, else "Europe/Vilnius time"."""
    key = f"zone_{name.replace('/', '_')}"
    if key in catalogs.keys(lang):
        return catalogs.t(lang, key)
    return catalogs.t(lang, "zone_generic", zone=name)


def keyboard(*rows: list[InlineKeyboardButton] | None) -> InlineKeyboardMarkup | None:
    """The non-empty rows; None when there are none (Telegram refuses an empty keyboard)."""
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None
