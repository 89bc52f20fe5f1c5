"""/speakers, /news (with the post-event summary) and search, in ky, ru and en."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, bishkek, button_data, labels, start_in

SUMMARY_TITLE = {
    "ky": "Маалыматтык технологиялар шайлоо процессинде",
    "ru": "Информационные технологии",
    "en": "Information technologies ensure",
}


@pytest.mark.parametrize("lang", LANGS)
async def test_speakers_are_paginated_and_open_a_bio(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 30, lang)
    [page1] = await emu.ask(30, "/speakers")
    assert "(15)" in page1.text
    assert "1/2" in labels(page1)
    first_page = set(labels(page1))  # the message object follows later edits
    await emu.tap(30, page1.message_id, data="spkl:1", count=1)
    page2 = emu.last_message(30)
    assert "2/2" in labels(page2)
    assert first_page.isdisjoint(label for label in labels(page2) if "👤" in label)
    first_person = next(b for b in page2.inline_buttons() if b["text"].startswith("👤"))
    await emu.tap(30, page2.message_id, data=first_person["callback_data"], count=1)
    card = emu.last_message(30)
    assert first_person["text"].removeprefix("👤 ") in card.text
    assert catalogs.t(lang, "speaker_sessions") in card.text
    await emu.tap(30, card.message_id, data=button_data(card, catalogs.t(lang, "back")), count=1)
    assert "2/2" in labels(emu.last_message(30))  # back to the page it came from


@pytest.mark.parametrize("lang", LANGS)
async def test_the_summary_is_not_news_before_its_date(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 37, lang)  # 22 June 10:45; the summary is dated 23 June 18:00
    [news] = await emu.ask(37, "/news")
    assert len(labels(news)) == 1 and not labels(news)[0].startswith("📝")
    assert catalogs.t(lang, "summary_label") not in news.text
    since = emu.mark(37)
    await emu.press_raw(37, news.message_id, "post:summary:0")  # a button sent too early
    [answer] = await emu.wait_events(37, since, count=1)
    assert answer.data.get("text") == catalogs.t(lang, "post_gone")
    clock.set(bishkek(23, 17, 59))
    [news] = await emu.ask(37, "/news")
    assert len(labels(news)) == 1
    clock.set(bishkek(23, 18, 0))
    [news] = await emu.ask(37, "/news")
    assert labels(news)[0].startswith("📝")


@pytest.mark.parametrize("lang", LANGS)
async def test_news_newest_first_with_the_summary(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 31, lang)
    clock.set(bishkek(23, 18, 30))  # the summary is out
    [news] = await emu.ask(31, "/news")
    posts = labels(news)
    assert len(posts) == 2 and posts[0].startswith("📝")  # the summary, 23 June, comes first
    assert catalogs.t(lang, "summary_label") in news.text
    await emu.tap(31, news.message_id, index=0, count=1)
    post = emu.last_message(31)
    assert SUMMARY_TITLE[lang] in post.text
    assert "Шаршенова" in post.text or "Sharshenova" in post.text  # the article itself
    assert len(post.text) > 3000


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ru", "/search Шаршенова", "И. Шаршенова"),
        # the article's "ѳ" finds the summary, whose text the bot writes with the proper "ө"
        ("ky", "/search ѳнүгүү", "Маалыматтык технологиялар"),
        ("en", "/search Шаршенoва", "I. Sharshenova"),  # a Latin "o" in a Cyrillic word
        ("en", "/search SHARSH", "I. Sharshenova"),  # case and word prefix
        ("ky", "жаштар", "Жаштар жана шайлоо"),  # plain text is a search
        ("ru", "молодежь", "Молодёжь и выборы"),  # ё typed as е
        ("en", "youth elections", "Youth and elections"),  # every word must match
    ],
)
async def test_search_finds_across_languages_and_look_alikes(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, lang: str, query: str, expected: str
) -> None:
    await start_in(emu, 32, lang)
    clock.set(bishkek(23, 19, 0))  # the summary is out: search finds it
    [results] = await emu.ask(32, query)
    assert expected in results.text


async def test_search_results_open_cards_and_nothing_found_is_polite(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 33, "ru")
    [results] = await emu.ask(33, "Мурсабеков")
    await emu.tap(33, results.message_id, data=button_data(results, "Мурсабеков"), count=1)
    assert "Молодёжь и выборы" in emu.last_message(33).text
    [none] = await emu.ask(33, "квантовая гравитация")
    assert none.text == catalogs.t("ru", "nothing_found", query="квантовая гравитация")
    [prompt] = await emu.ask(33, "/search")
    assert prompt.text.startswith("🔎")


@pytest.mark.parametrize(
    ("lang", "typo", "person", "name"),
    [
        ("ru", "Шаршинова", "sharshenova", "И. Шаршенова"),
        ("en", "Santurani", "santuriani", "Giorgi Santuriani"),
        ("ky", "Жылкыбев", "zhylkybaev", "Узарбек Жылкыбаев"),
    ],
)
async def test_a_typo_is_offered_the_closest_names(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, typo: str, person: str, name: str
) -> None:
    await start_in(emu, 34, lang)
    [none] = await emu.ask(34, typo)
    nothing = catalogs.t(lang, "nothing_found", query=typo)
    assert none.text == f"{nothing}\n\n{catalogs.t(lang, 'did_you_mean')}"
    assert labels(none) == [f"👤 {name}"]
    await emu.tap(34, none.message_id, data=f"spk:{person}:0", count=1)
    card = emu.last_message(34)
    assert name in card.text and catalogs.t(lang, "speaker_sessions") in card.text


async def test_a_typo_in_a_title_opens_the_session(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 35, "ky")
    [none] = await emu.ask(35, "/search жаштр шайлоо")
    assert catalogs.t("ky", "did_you_mean") in none.text
    [label] = labels(none)
    assert "Жаштар жана шайлоо" in label
    await emu.tap(35, none.message_id, data=button_data(none, "Жаштар жана шайлоо"), count=1)
    assert "Жаштар жана шайлоо" in emu.last_message(35).text


@pytest.mark.parametrize("lang", ["ky", "en"])
async def test_the_page_counter_is_a_label_not_an_out_of_date_button(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 36, lang)
    [page1] = await emu.ask(36, "/speakers")
    tapped = await emu.tap(36, page1.message_id, text="1/2")
    assert tapped.text is None  # no "This button is out of date"
    assert emu.last_message(36).text == page1.text  # and nothing else happens


@pytest.mark.parametrize(
    ("lang", "query", "count"), [("ru", "выборы", 13), ("en", "election", 16)]
)
async def test_every_result_counted_can_be_opened(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, query: str, count: int
) -> None:
    await start_in(emu, 38, lang)
    [results] = await emu.ask(38, f"/search {query}")
    assert catalogs.t(lang, "results_for", query=query, count=count) in results.text
    assert len(labels(results)) == count
    last = results.inline_buttons()[-1]  # the one past the old cut of 12
    await emu.tap(38, results.message_id, data=last["callback_data"], count=1)
    shown = emu.last_message(38)  # the card, in place of the results
    assert shown.message_id == results.message_id
    assert shown.text.startswith(last["text"])


async def test_search_finds_the_summary_only_from_its_date(
    emu: BotAPIEmulator, bot, clock: SimulatedClock, catalogs: Catalogs
) -> None:
    await start_in(emu, 39, "en")
    [before] = await emu.ask(39, "/search election")
    assert catalogs.t("en", "news_title") not in before.text  # 22 June: not out yet
    clock.set(bishkek(23, 18, 0))
    [after] = await emu.ask(39, "/search election")
    assert catalogs.t("en", "results_for", query="election", count=17) in after.text
    assert any(label.startswith("📰") for label in labels(after))
