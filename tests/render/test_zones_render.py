"""A reader's own time beside the forum's (issue 15, part 5): added to a single time when the
UTC offsets differ at that moment, a "Yours:" sentence under a list, nothing otherwise."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from forumbot.infra.i18n import Catalogs
from forumbot.infra.timeutil import known_zone
from forumbot.models import Forum
from forumbot.render.agenda import render_changes
from forumbot.render.context import RenderCtx
from forumbot.render.zones import render_zones
from forumbot.rules.changes import diff
from tests.render.test_personal_views import DAY1, ROOMS, A

START = dt.datetime(2023, 6, 22, 4, 30, tzinfo=dt.UTC)  # 10:30 in Bishkek (UTC+6)
END = START + dt.timedelta(hours=2, minutes=30)
YOURS = {"ky": "(сизде 06:30–09:00)", "ru": "(у вас 06:30–09:00)", "en": "(your time 06:30–09:00)"}


def ctx_in(catalogs: Catalogs, forum: Forum, lang: str, zone: str | None) -> RenderCtx:
    return RenderCtx(lang, catalogs, forum, None, ZoneInfo(zone) if zone else None)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_berlin_gets_its_time_beside_the_forums(
    catalogs: Catalogs, forum: Forum, lang: str
) -> None:
    ctx = ctx_in(catalogs, forum, lang, "Europe/Berlin")
    assert ctx.span(START, END) + ctx.own_span(START, END) == f"10:30–13:00 {YOURS[lang]}"
    note = ctx.zone_note(START)
    forum_note = ctx_in(catalogs, forum, lang, None).zone_note(START)
    berlin = catalogs.t(lang, "zone_Europe_Berlin")
    assert note == forum_note + " " + catalogs.t(lang, "times_yours", zone=berlin, offset="UTC+2")


def test_the_same_offset_or_no_choice_adds_nothing(catalogs: Catalogs, forum: Forum) -> None:
    for zone in (None, "Asia/Almaty"):  # Almaty was UTC+6 in 2023, as Bishkek is
        ctx = ctx_in(catalogs, forum, "en", zone)
        assert ctx.own_span(START, END) == "" and ctx.own_hhmm(START) == ""
        assert "Yours" not in ctx.zone_note(START)


def test_the_offset_is_the_one_at_that_moment(catalogs: Catalogs, forum: Forum) -> None:
    winter = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)  # 15:00 in Bishkek, 10:00 in Berlin
    ctx = ctx_in(catalogs, forum, "en", "Europe/Berlin")
    assert ctx.hhmm(winter) + ctx.own_hhmm(winter) == "15:00 (your time 10:00)"
    assert ctx.zone_note(winter).endswith("Yours: Berlin time (UTC+1).")


def test_the_screen_ticks_the_choice_and_skips_the_forums_own(
    catalogs: Catalogs, forum: Forum
) -> None:
    view = render_zones(ctx_in(catalogs, forum, "en", "Europe/Berlin"), START)
    labels = [b.text for row in view.keyboard.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert labels[0] == "⬜ The forum's: Bishkek time (UTC+6)"
    assert "✅ Berlin time (UTC+2)" in labels and "⬜ Moscow time (UTC+3)" in labels
    assert not any("Bishkek" in label for label in labels[1:])


def test_typed_zones_are_spelled_as_the_database_does() -> None:
    assert known_zone(" europe/berlin ") == "Europe/Berlin"
    assert known_zone("America/New York") == "America/New_York"
    assert known_zone("Mars/Olympus") is None and known_zone("") is None


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_change_notice_adds_my_time_to_each_moved_time(
    catalogs: Catalogs, forum: Forum, lang: str
) -> None:
    ctx = ctx_in(catalogs, forum, lang, "Europe/Berlin")
    hour = dt.timedelta(hours=1)
    later = replace(A, start=A.start + hour, end=A.end + hour)
    text = render_changes(ctx, diff([A], [later]), ROOMS).text
    short = ctx.short_date(DAY1)
    before = f"{short} 10:00–11:00 " + catalogs.t(lang, "your_time", time="06:00–07:00")
    after = f"{short} 11:00–12:00 " + catalogs.t(lang, "your_time", time="07:00–08:00")
    assert catalogs.t(lang, "change_time", before=before, after=after) in text


# The word for "time" in each language: said once a sentence, not "Убакыт … Бишкек убактысы".
TIME_WORD = {"ky": r"убак", "ru": r"врем", "en": r"\btimes?\b"}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_zone_screen_and_its_answers_say_time_once_a_sentence(
    catalogs: Catalogs, forum: Forum, lang: str
) -> None:
    texts = [render_zones(ctx_in(catalogs, forum, lang, z), START).text for z in (None, "UTC")]
    texts += [render_zones(ctx_in(catalogs, forum, lang, "Europe/Berlin"), START).text]
    texts += [ctx_in(catalogs, forum, lang, "Europe/Berlin").zone_note(START)]
    texts += [catalogs.t(lang, "help_zone")]
    for key, zone in (("tz_set", "zone_Europe_Berlin"), ("tz_set_forum", "zone_Asia_Bishkek")):
        texts.append(catalogs.t(lang, key, zone=catalogs.t(lang, zone)))
    for text in texts:
        for sentence in re.split(r"[.?!]\s|\n", text):
            said = re.findall(TIME_WORD[lang], sentence, flags=re.IGNORECASE)
            assert len(said) <= 1, sentence


# 09:00 in Bishkek on 23 June is still 22 June in New York (23:00, UTC-4).
MORNING = dt.datetime(2023, 6, 23, 3, 0, tzinfo=dt.UTC)
NEW_YORK_DAY = {"ky": "22-июнь", "ru": "22 июня", "en": "22 June"}
YOURS_WORD = {"ky": "сизде", "ru": "у вас", "en": "your time"}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_my_time_names_my_date_when_my_day_is_not_the_forums(
    catalogs: Catalogs, forum: Forum, lang: str
) -> None:
    ctx = ctx_in(catalogs, forum, lang, "America/New_York")
    day, yours = NEW_YORK_DAY[lang], YOURS_WORD[lang]
    assert ctx.hhmm(MORNING) + ctx.own_hhmm(MORNING) == f"09:00 ({yours} {day}, 23:00)"
    later = MORNING + dt.timedelta(minutes=45)
    assert ctx.own_span(MORNING, later) == f" ({yours} {day}, 23:00–23:45)"
    # My clock passes midnight during the session: the end says its own date.
    long = MORNING + dt.timedelta(hours=2)
    next_day = {"ky": "23-июнь", "ru": "23 июня", "en": "23 June"}[lang]
    assert ctx.own_span(MORNING, long) == f" ({yours} {day}, 23:00 – {next_day}, 01:00)"
    # Berlin is on the forum's day: no date, as before.
    assert ctx_in(catalogs, forum, lang, "Europe/Berlin").own_hhmm(MORNING).count(",") == 0
