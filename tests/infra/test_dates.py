"""Dates and times as readers see them: CLDR's names and patterns, the catalog's own ranges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from forumbot.plurals import short_time_pattern
from forumbot.render.context import RenderCtx

Ctx = Callable[[str], RenderCtx]
DAY1, DAY2 = dt.date(2023, 6, 22), dt.date(2023, 6, 23)


@pytest.mark.parametrize(
    ("lang", "date", "short"),
    [
        ("en", "Thursday, 22 June", "22 June"),
        ("ru", "четверг, 22 июня", "22 июня"),
        ("ky", "22-июнь, бейшемби", "22-июнь"),
    ],
)
def test_a_day(render_ctx: Ctx, lang: str, date: str, short: str) -> None:
    ctx = render_ctx(lang)
    assert (ctx.date(DAY1), ctx.short_date(DAY1)) == (date, short)


@pytest.mark.parametrize(
    ("lang", "days", "months"),
    [
        ("en", "22–23 June 2023", "30 June – 1 July 2023"),
        ("ru", "22–23 июня 2023 г.", "30 июня – 1 июля 2023 г."),
        ("ky", "2023-ж., 22–23-июнь", "2023-ж., 30-июнь – 1-июль"),
    ],
)
def test_a_range_of_days_names_the_month_once_and_in_full(
    render_ctx: Ctx, lang: str, days: str, months: str
) -> None:
    ctx = render_ctx(lang)
    assert ctx.date_range(DAY1, DAY2) == days
    assert ctx.date_range(dt.date(2023, 6, 30), dt.date(2023, 7, 1)) == months


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_times_are_cldr_24_hour_clock(lang: str) -> None:
    # The renderers write %H:%M: CLDR's short time in all three (English from en_GB).
    assert short_time_pattern(lang) == "HH:mm"
