"""Inline mode: "@bot words" in any chat offers sessions and speakers as cards that link
back into the bot, in the reader's language; an empty query offers what is on now and next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.i18n import Catalogs
from forumbot.runtime.services import import_file
from tests.e2e.conftest import LANGS, start_in

LINK = "https://t.me/forumbot_demo_bot?start="
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
SHARSHENOVA = {"ky": "И. Шаршенова", "ru": "И. Шаршенова", "en": "I. Sharshenova"}
ROUND_TABLE_1 = {
    "ky": "Аныктыктын жана айкындыктын технологиясы",
    "ru": "Технологии подлинности и прозрачности",
    "en": "Technology of authenticity and transparency",
}
MAIN_HALL = {"ky": "Чоң зал", "ru": "Большой зал", "en": "Main hall"}


@pytest.mark.parametrize("lang", LANGS)
async def test_words_offer_sessions_and_speakers_in_the_readers_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 60, lang)  # their Telegram app is in Russian: the choice wins
    answer = await emu.inline_query(60, "Шаршенова")
    assert answer.is_personal and answer.cache_time is not None and answer.cache_time <= 60
    ids = [r.id for r in answer.results]
    assert ids == ["s_rt-technology", "p_sharshenova"]
    session, speaker = answer.results
    assert session.title == ROUND_TABLE_1[lang]
    assert "10:30–13:00" in session.description and MAIN_HALL[lang] in session.description
    assert ROUND_TABLE_1[lang] in session.text and "📍 " + MAIN_HALL[lang] in session.text
    assert catalogs.t(lang, "zone_Asia_Bishkek") in session.text  # the forum's zone
    assert LINK + "s_rt-technology" in session.text
    assert session.url_buttons() == [LINK + "s_rt-technology"]
    assert speaker.title == SHARSHENOVA[lang] and SHARSHENOVA[lang] in speaker.text
    assert speaker.url_buttons() == [LINK + "p_sharshenova"]


async def test_someone_who_never_started_the_bot_reads_their_apps_language(
    emu: BotAPIEmulator, bot
) -> None:
    emu.add_user(61, language_code="en-GB")
    answer = await emu.inline_query(61, "sharsh")
    assert answer.titles() == [ROUND_TABLE_1["en"], SHARSHENOVA["en"]]


async def test_an_empty_query_offers_what_is_on_now_and_next(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 62, "ky")
    answer = await emu.inline_query(62, "")  # at 10:45 on 22 June: round table 1 is on
    assert answer.results[0].id == "s_rt-technology"
    assert answer.results[0].description.startswith(catalogs.t("ky", "inline_on_now"))
    later = answer.results[1:]
    assert later and all(
        r.description.startswith(catalogs.t("ky", "inline_up_next")) for r in later
    )


async def test_nothing_found_offers_a_way_into_the_bot(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 63, "ru")
    answer = await emu.inline_query(63, "квантовая гравитация")
    assert answer.results == []
    assert answer.button == {
        "text": catalogs.t("ru", "inline_nothing"),
        "start_parameter": "inline",
    }


async def test_a_broad_query_stays_within_telegrams_limits(emu: BotAPIEmulator, bot) -> None:
    """The emulator refuses more than 50 results, or ids over 64 bytes or repeated."""
    emu.add_user(64, language_code="ky")
    answer = await emu.inline_query(64, "шайлоо")
    assert 10 < len(answer.results) <= 50


async def test_the_articles_keyboard_substitute_letter_finds_the_same(
    emu: BotAPIEmulator, bot, tmp_path: Path
) -> None:
    """ "ѳ" (the article's keyboard substitute) and "ө" fold to one letter."""
    text = MINI.read_text(encoding="utf-8").replace(
        '    name: {ky: "Тимур Мон", ru: "Тимур Мон", en: "Timur Mon"}\n',
        '    name: {ky: "Тимур Мон", ru: "Тимур Мон", en: "Timur Mon"}\n'
        '    position: {ky: "Өкмөттүн кеңешчиси", ru: "Советник правительства", '
        'en: "Government adviser"}\n',
    )
    path = tmp_path / "govt.yaml"
    path.write_text(text, encoding="utf-8")
    store = bot.bot_data["services"].store  # the mini forum in the bundled one's place
    await import_file(store, path, dt.datetime.now(dt.UTC), new_edition=True)
    emu.add_user(65, language_code="ky")
    proper = await emu.inline_query(65, "өкмөт")
    substitute = await emu.inline_query(65, "ѳкмѳт")
    assert [r.id for r in proper.results] == [r.id for r in substitute.results] == ["p_mon"]
    assert proper.results[0].description == "Өкмөттүн кеңешчиси"
