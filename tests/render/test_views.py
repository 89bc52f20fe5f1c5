"""Rendered views: the text a participant reads and the buttons they can press."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from forumbot.infra.i18n import Catalogs
from forumbot.models import Speaker
from forumbot.render.callbacks import decode
from forumbot.render.context import RenderCtx, View
from forumbot.render.menu import render_language_picker
from forumbot.render.now import render_next, render_now
from forumbot.render.programme import render_day, render_days, render_session
from forumbot.render.speakers import render_speaker, render_speakers
from forumbot.rules.now import agenda_at, day_page
from forumbot.store import Store
from tests.helpers import BOT, bishkek, html_problems, open_store

LANGS = ("ky", "ru", "en")
Ctx = Callable[[str], RenderCtx]


def buttons(view: View) -> list[InlineKeyboardButton]:
    assert isinstance(view.keyboard, InlineKeyboardMarkup)
    return [b for row in view.keyboard.inline_keyboard for b in row]


async def session_view(store: Store, ctx: RenderCtx, session_id: str, now: dt.datetime) -> View:
    s = await store.programme.session(session_id)
    assert s is not None
    people = await store.programme.speakers([*s.moderator_ids, *s.speaker_ids])
    return render_session(ctx, s, await store.programme.rooms(), people, now)


async def now_view(store: Store, ctx: RenderCtx, moment: dt.datetime) -> View:
    agenda = await agenda_at(store.programme, moment)
    return render_now(ctx, agenda, await store.programme.rooms())


# --- escaping -------------------------------------------------------------------------------


async def test_speaker_bio_is_escaped_in_the_card(store: Store, render_ctx: Ctx) -> None:
    person = await store.programme.speaker("sharshenova")
    assert person is not None
    text = render_speaker(render_ctx("en"), person, [], ("spkl", 0)).text
    assert "On digitalisation &lt;and&gt; more &amp; more." in text
    assert "<and>" not in text
    assert html_problems(text) == []


def test_speaker_name_with_markup_is_shown_as_text(render_ctx: Ctx) -> None:
    person = Speaker("evil", {"en": "<b>Boss</b> & Co"}, position={"en": "<i>Chief</i>"})
    view = render_speaker(render_ctx("en"), person, [], ("spkl", 0))
    assert "&lt;b&gt;Boss&lt;/b&gt; &amp; Co" in view.text
    assert "&lt;i&gt;Chief&lt;/i&gt;" in view.text
    assert html_problems(view.text) == []
    listed = render_speakers(render_ctx("en"), [person], 0, 1).text
    assert "&lt;b&gt;Boss" in listed and html_problems(listed) == []


# --- the session card -----------------------------------------------------------------------


async def test_session_card_shows_time_room_people_and_link(store: Store, render_ctx: Ctx) -> None:
    text = (await session_view(store, render_ctx("en"), "rt1", bishkek(21, 9))).text
    assert "10:30–12:30" in text  # Bishkek time, not UTC 04:30
    assert "Thursday, 22 June" in text
    assert "📍 Main hall" in text
    assert "Moderator:" in text and "Ainura Usupbekova" in text
    assert text.index("I. Sharshenova") < text.index("Timur Mon")
    assert "https://t.me/forumbot_demo_bot?start=s_rt1" in text
    assert "on now" not in text


async def test_session_card_in_kyrgyz(store: Store, render_ctx: Ctx, catalogs: Catalogs) -> None:
    text = (await session_view(store, render_ctx("ky"), "rt1", bishkek(22, 11))).text
    assert "Чоң зал" in text and "Аныктыктын технологиясы" in text
    assert catalogs.t("ky", "kind_round_table") in text
    assert f"🔴 {catalogs.t('ky', 'on_now')}" in text


async def test_session_card_buttons_open_people_and_go_back_to_the_day(
    store: Store, render_ctx: Ctx
) -> None:
    view = await session_view(store, render_ctx("en"), "rt1", bishkek(21, 9))
    data = [b.callback_data for b in buttons(view) if b.callback_data]
    assert data == [
        "spks:usupbekova:rt1",
        "spks:sharshenova:rt1",
        "spks:mon:rt1",
        "qask:rt1",  # a round table takes questions
        "qlist:rt1",
        "dayat:20230622:rt1",
    ]
    share = [b for b in buttons(view) if b.url]
    assert len(share) == 1 and share[0].url.startswith("https://t.me/share/url?url=")


async def test_without_bot_username_there_is_no_share_link(
    store: Store, catalogs: Catalogs
) -> None:
    ctx = RenderCtx("en", catalogs, await store.programme.forum(), None)
    view = await session_view(store, ctx, "rt1", bishkek(21, 9))
    assert "t.me" not in view.text
    assert not [b for b in buttons(view) if b.url]


# --- the day view ---------------------------------------------------------------------------


async def day_text(store: Store, ctx: RenderCtx, now: dt.datetime) -> str:
    days = await store.programme.days()
    day = days[0][0]
    listing = await day_page(store.programme, day.date)
    return render_day(ctx, day, listing, await store.programme.rooms(), now).text


async def test_day_lists_sessions_in_time_order(store: Store, render_ctx: Ctx) -> None:
    text = await day_text(store, render_ctx("ru"), bishkek(21, 9))
    assert text.index("10:00–10:30") < text.index("Открытие")
    assert text.index("Открытие") < text.index("10:30–12:30") < text.index("Технологии")
    assert "🔴" not in text


@pytest.mark.parametrize(
    ("moment", "live"),
    [(bishkek(22, 10, 10), "Opening"), (bishkek(22, 10, 30), "Technology of authenticity")],
)
async def test_day_marks_the_session_on_now(
    store: Store, render_ctx: Ctx, moment: dt.datetime, live: str
) -> None:
    text = await day_text(store, render_ctx("en"), moment)
    assert text.count("🔴 on now") == 1
    marked = text.split("🔴 on now", 1)[1].split("\n")[1]
    assert live in marked


# --- now, in every language and phase -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_now_before_the_forum(
    store: Store, render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = (await now_view(store, render_ctx(lang), bishkek(20, 9))).text
    assert catalogs.t(lang, "forum_not_started") in text
    assert catalogs.t(lang, "in_days", count=2) in text
    assert "10:00–10:30" in text


@pytest.mark.parametrize("lang", LANGS)
async def test_now_during_a_session(
    store: Store, render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    view = await now_view(store, render_ctx(lang), bishkek(22, 11))
    assert catalogs.t(lang, "on_now") in view.text
    assert "10:30–12:30" in view.text
    assert catalogs.t(lang, "nothing_now") not in view.text
    assert "nows:now:rt1" in [b.callback_data for b in buttons(view)]


@pytest.mark.parametrize("lang", LANGS)
async def test_now_between_sessions_of_a_day(
    store: Store, render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = (await now_view(store, render_ctx(lang), bishkek(23, 9, 15))).text
    assert catalogs.t(lang, "nothing_now") in text
    assert catalogs.t(lang, "today_at", time="10:00") in text
    assert catalogs.t(lang, "in_minutes", minutes=45) in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "(in 14 min)"), ("ru", "(через 14 мин)"), ("ky", "(14 мүнөттөн кийин)")],
)
async def test_the_countdown_agrees_with_the_clock_shown(
    store: Store, render_ctx: Ctx, lang: str, said: str
) -> None:
    # Half a minute into 10:16 the clock reads 10:16: the 10:30 session is 14 minutes away.
    moment = bishkek(22, 10, 16) + dt.timedelta(seconds=30)
    text = (await now_view(store, render_ctx(lang), moment)).text
    assert "10:16" in text.split("\n")[0]
    assert said in text


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "(in 2 h)"), ("ru", "(через 2 ч)"), ("ky", "(2 сааттан кийин)")]
)
async def test_a_countdown_of_whole_hours_names_no_minutes(
    store: Store, render_ctx: Ctx, lang: str, said: str
) -> None:
    text = (await now_view(store, render_ctx(lang), bishkek(23, 8))).text
    assert said in text
    assert " 0 " not in text


@pytest.mark.parametrize("lang", LANGS)
async def test_now_between_days_says_tomorrow(
    store: Store, render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    text = (await now_view(store, render_ctx(lang), bishkek(22, 18))).text
    assert catalogs.t(lang, "nothing_now") in text
    assert catalogs.t(lang, "tomorrow_at", time="10:00") in text


@pytest.mark.parametrize("lang", LANGS)
async def test_now_after_the_forum(
    store: Store, render_ctx: Ctx, catalogs: Catalogs, lang: str
) -> None:
    view = await now_view(store, render_ctx(lang), bishkek(23, 12))
    assert catalogs.t(lang, "forum_over") in view.text
    assert catalogs.t(lang, "on_now") not in view.text
    assert [b.callback_data for b in buttons(view)] == ["now"]


async def test_now_shows_the_clock_in_the_forum_zone(store: Store, render_ctx: Ctx) -> None:
    text = (await now_view(store, render_ctx("en"), bishkek(22, 11, 5))).text
    assert text.startswith("⏱ <b>Now</b> · 11:05, 22 June")
    assert "Bishkek time (UTC+6)" in text


async def test_now_on_an_empty_store(tmp_path: Path, render_ctx: Ctx, catalogs: Catalogs) -> None:
    store = await Store.open(tmp_path / "empty.sqlite3")
    try:
        agenda = await agenda_at(store.programme, bishkek(22, 11))
        assert catalogs.t("en", "programme_empty") in render_now(render_ctx("en"), agenda, {}).text
    finally:
        await store.close()


# --- the language picker --------------------------------------------------------------------


@pytest.mark.parametrize("current", LANGS)
def test_language_picker_marks_the_current_language(render_ctx: Ctx, current: str) -> None:
    view = render_language_picker(render_ctx("en"), current)
    marked = [b.callback_data for b in buttons(view) if b.text.startswith("✅")]
    assert marked == [f"lang:{current}"]
    assert len(buttons(view)) == 3


def test_language_picker_asks_in_all_three_languages(render_ctx: Ctx, catalogs: Catalogs) -> None:
    text = render_language_picker(render_ctx("ky"), "ky").text
    for lang in LANGS:
        assert catalogs.t(lang, "choose_language") in text


# --- every button of every view fits and decodes --------------------------------------------


async def all_views(store: Store, ctx: RenderCtx, now: dt.datetime) -> list[View]:
    repo = store.programme
    rooms = await repo.rooms()
    days = await repo.days()
    views = [render_days(ctx, days), render_language_picker(ctx, ctx.lang)]
    agenda = await agenda_at(repo, now)
    views += [render_now(ctx, agenda, rooms), render_next(ctx, agenda, rooms)]
    for day, _ in days:
        views.append(render_day(ctx, day, await day_page(repo, day.date), rooms, now))
        for s in await repo.sessions_on(day.date):
            people = await repo.speakers([*s.moderator_ids, *s.speaker_ids])
            views.append(render_session(ctx, s, rooms, people, now))
            for person in people:
                views.append(render_session(ctx, s, rooms, people, now, from_speaker=person))
    page, total = await repo.speakers_page(ctx.lang, 0, 100)
    views.append(render_speakers(ctx, page[:8], 0, total))
    for person in page:
        sessions = await repo.sessions_of(person.id)
        views.append(render_speaker(ctx, person, sessions, ("spkl", 0)))
        views += [render_speaker(ctx, person, sessions, ("ses", s.id)) for s in sessions]
    return views


def assert_buttons_fit(views: list[View]) -> int:
    checked = 0
    for view in views:
        for button in buttons(view):
            if button.url:
                continue
            assert button.callback_data is not None, button
            assert len(button.callback_data.encode("utf-8")) <= 64
            decode(button.callback_data)
            checked += 1
    return checked


@pytest.mark.parametrize("lang", LANGS)
async def test_every_button_of_the_bundled_forum_fits(
    bundled_store: Store, catalogs: Catalogs, lang: str
) -> None:
    ctx = RenderCtx(lang, catalogs, await bundled_store.programme.forum(), BOT)
    views = await all_views(bundled_store, ctx, bishkek(22, 11))
    assert assert_buttons_fit(views) > 50


async def test_buttons_fit_even_with_the_longest_ids(
    tmp_path: Path, mini_text: str, catalogs: Catalogs
) -> None:
    long_session, long_speaker = "s" * 40, "p" * 40
    text = mini_text.replace("rt1", long_session).replace("sharshenova", long_speaker)
    path = tmp_path / "long.yaml"
    path.write_text(text, "utf-8")
    store = await open_store(tmp_path / "s.sqlite3", path)
    try:
        ctx = RenderCtx("en", catalogs, await store.programme.forum(), BOT)
        views = await all_views(store, ctx, bishkek(22, 11))
        assert assert_buttons_fit(views) > 10
        data = {b.callback_data for v in views for b in buttons(v)}
        assert f"ses:{long_session}" in data
    finally:
        await store.close()


async def test_every_view_is_valid_telegram_html(bundled_store: Store, catalogs: Catalogs) -> None:
    for lang in LANGS:
        ctx = RenderCtx(lang, catalogs, await bundled_store.programme.forum(), BOT)
        for view in await all_views(bundled_store, ctx, bishkek(22, 11)):
            assert html_problems(view.text) == [], view.text
