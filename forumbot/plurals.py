"""Plural categories and dates from CLDR, through Babel, for the bot's languages.

Hand-written plural rules go wrong at the edges (Russian 11 vs 21 vs 111); CLDR's are the
ones every platform uses. English dates come from en_GB: day before month, 24-hour clock.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

# The CLDR locale behind each UI language.
CLDR_LOCALES = {"ky": "ky", "ru": "ru", "en": "en_GB"}


@cache
def cldr_locale(lang: str) -> Locale:
    return Locale.parse(CLDR_LOCALES.get(lang, "en_GB"))


@cache
def categories(lang: str) -> frozenset[str]:
    """The plural categories a text in ``lang`` needs ("other" always among them)."""
    return frozenset(cldr_locale(lang).plural_form.tags | {"other"})


def category(lang: str, count: int | float) -> str:
    """The CLDR plural category of ``count`` in ``lang``: "one", "few", "many" or "other"."""
    return str(cldr_locale(lang).plural_form(count))


@lru_cache(maxsize=4096)
def format_day(lang: str, day: dt.date, pattern: str) -> str:
    """``day`` by a CLDR date pattern ("EEEE, d MMMM"), with CLDR's month and weekday names
    in ``lang`` (Russian months in the genitive, as a date needs)."""
    return format_date(day, pattern, locale=cldr_locale(lang))


def short_time_pattern(lang: str) -> str:
    """CLDR's short time pattern for ``lang`` (HH:mm in all three: the bot's ``%H:%M``)."""
    return str(cldr_locale(lang).time_formats["short"].pattern)


def format_number(lang: str, value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and CLDR's separator: "4,0" in ky and ru, "4.0" in
    English."""
    return str(format_decimal(value, "0." + "0" * digits, locale=cldr_locale(lang)))
