"""/programme: days → a day → a session card → a speaker card → back, in ky, ru and en."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import LANGS, button_data, labels, start_in

ROUND_TABLE_1 = {
    "ky": "Аныктыктын жана айкындыктын технологиясы",
    "ru": "Технологии подлинности и прозрачности",
    "en": "Technology of authenticity and transparency",
}
ROUND_TABLE_2 = {
    "ky": "Жаштар жана шайлоо",
    "ru": "Молодёжь и выборы",
    "en": "Youth and elections",
}
USUPBEKOVA = {"ky": "Айнура Усупбекова", "ru": "Айнура Усупбекова", "en": "Ainura Usupbekova"}
MURSABEKOV = {
    "ky": "Исламбек Мурсабеков",
    "ru": "Исламбек Мурсабеков",
    "en": "Islambek Mursabekov",
}
SHARSHENOVA = {"ky": "И. Шаршенова", "ru": "И. Шаршенова", "en": "I. Sharshenova"}
DAY1 = {"ky": "22-июнь", "ru": "22 июня", "en": "22 June"}
DAY2 = {"ky": "23-июнь", "ru": "23 июня", "en": "23 June"}


async def open_day(emu: BotAPIEmulator, user: int, lang: str, day: dict[str, str]):
    [days] = await emu.ask(user, "/programme")
    await emu.tap(user, days.message_id, data=button_data(days, day[lang]), count=1)
    return emu.last_message(user)


@pytest.mark.parametrize("lang", LANGS)
async def test_days_show_both_forum_days(emu: BotAPIEmulator, bot, lang: str) -> None:
    await start_in(emu, 10, lang)
    [days] = await emu.ask(10, "/programme")
    assert DAY1[lang] in days.text and DAY2[lang] in days.text
    assert len(labels(days)) == 3  # the two days, then "📍 By hall (2)"


@pytest.mark.parametrize("lang", LANGS)
async def test_the_round_tables_with_their_moderators(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 11, lang)
    day1 = await open_day(emu, 11, lang, DAY1)
    assert ROUND_TABLE_1[lang] in day1.text
    assert "10:30–13:00" in day1.text  # Bishkek time, as the programme file says
    await emu.tap(11, day1.message_id, data=button_data(day1, ROUND_TABLE_1[lang][:20]), count=1)
    card = emu.last_message(11)
    assert card.message_id == day1.message_id  # navigation edits, it does not flood the chat
    assert catalogs.t(lang, "kind_round_table") in card.text
    assert catalogs.t(lang, "moderator") in card.text and USUPBEKOVA[lang] in card.text
    assert SHARSHENOVA[lang] in card.text
    assert "https://t.me/forumbot_demo_bot?start=s_rt-technology" in card.text

    day2 = await open_day(emu, 11, lang, DAY2)
    assert ROUND_TABLE_2[lang] in day2.text
    await emu.tap(11, day2.message_id, data="ses:rt-youth", count=1)
    assert MURSABEKOV[lang] in emu.last_message(11).text


@pytest.mark.parametrize("lang", LANGS)
async def test_session_to_speaker_and_back(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 12, lang)
    day1 = await open_day(emu, 12, lang, DAY1)
    mid = day1.message_id
    await emu.tap(12, mid, data="ses:rt-technology", count=1)
    await emu.tap(12, mid, data=button_data(emu.last_message(12), SHARSHENOVA[lang]), count=1)
    speaker = emu.last_message(12)
    assert SHARSHENOVA[lang] in speaker.text
    assert catalogs.t(lang, "speaker_sessions") in speaker.text  # her sessions
    assert ROUND_TABLE_1[lang] in speaker.text
    # back → the session she came from → back → the day
    await emu.tap(12, mid, data=button_data(speaker, catalogs.t(lang, "back")), count=1)
    assert USUPBEKOVA[lang] in emu.last_message(12).text
    back = button_data(emu.last_message(12), catalogs.t(lang, "back"))
    await emu.tap(12, mid, data=back, count=1)
    assert ROUND_TABLE_1[lang] in emu.last_message(12).text
    assert DAY1[lang] in emu.last_message(12).text
    assert len(emu.messages(12)) == 3 + 1  # welcome, picker, confirmation, the programme


async def test_share_button_links_back_into_the_bot(emu: BotAPIEmulator, bot) -> None:
    await start_in(emu, 13, "en")
    day1 = await open_day(emu, 13, "en", DAY1)
    await emu.tap(13, day1.message_id, data="ses:rt-technology", count=1)
    urls = [b["url"] for b in emu.last_message(13).inline_buttons() if "url" in b]
    assert len(urls) == 1
    assert urls[0].startswith("https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fforumbot_demo_bot")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [("s_rt-youth", "Youth and elections"), ("p_sharshenova", "I. Sharshenova")],
)
async def test_deep_links_open_a_session_or_a_speaker(
    emu: BotAPIEmulator, bot, payload: str, expected: str
) -> None:
    emu.add_user(14, language_code="en")
    card, picker = await emu.ask(14, f"/start {payload}", count=2)
    assert expected in card.text
    assert "English" in str(picker.reply_markup)  # a newcomer still gets the language choice


async def test_menu_button_opens_the_programme(emu: BotAPIEmulator, bot, catalogs) -> None:
    await start_in(emu, 15, "ky")
    [days] = await emu.ask(15, catalogs.t("ky", "menu_programme"))
    assert DAY1["ky"] in days.text
    [days_ru] = await emu.ask(15, catalogs.t("ru", "menu_speakers"))  # a label in another UI
    assert catalogs.t("ky", "speakers_title") in days_ru.text  # answered in the chosen language
