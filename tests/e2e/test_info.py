"""/info and /venue as participants see them in ky, ru and en, and an organiser's edit of a
page: preview, confirm, seen by participants at once, kept by a re-import. Participants
cannot edit, whatever buttons they forge."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.services import import_programme
from tests.e2e.conftest import LANGS, ORGANISER, start_in

USER = 51
PAGES = ("infop:halls", "infop:wifi", "infop:contacts", "infop:conduct")
WIFI = {"ky": "Тармак: IKEF-2023", "ru": "Сеть: IKEF-2023", "en": "Network: IKEF-2023"}
VENUE = {
    "ky": "Ысык-Көл электоралдык форуму, Чолпон-Ата",
    "ru": "Иссык-Кульский электоральный форум, Чолпон-Ата",
    "en": "Issyk-Kul Electoral Forum, Cholpon-Ata",
}


def data_of(message: BotMessage) -> list[str]:
    return [b["callback_data"] for b in message.inline_buttons()]


async def open_page(emu: BotAPIEmulator, user: int, data: str) -> BotMessage:
    """/info, then a page's button: the list turns into the page."""
    [listing] = await emu.ask(user, "/info")
    await emu.tap(user, listing.message_id, data=data, count=1)
    return emu.messages(user)[-1]


@pytest.mark.parametrize("lang", LANGS)
async def test_info_lists_the_pages_opens_one_and_goes_back(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    [listing] = await emu.ask(USER, "/info")
    assert catalogs.t(lang, "info_title") in listing.text
    assert data_of(listing) == ["venue", *PAGES]
    await emu.tap(USER, listing.message_id, data="infop:wifi", count=1)
    page = emu.messages(USER)[-1]
    assert page.message_id == listing.message_id  # navigation edits in place
    assert WIFI[lang] in page.text
    assert data_of(page) == ["info"]  # back only: no edit button for a participant
    await emu.tap(USER, page.message_id, data="info", count=1)
    assert data_of(emu.messages(USER)[-1]) == ["venue", *PAGES]


@pytest.mark.parametrize("lang", LANGS)
async def test_venue_sends_a_map_pin_in_the_readers_language_and_how_to_get_there(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, USER, lang)
    pin, how = await emu.ask(USER, "/venue", count=2)
    assert pin.kind == "venue"
    venue = pin.extra["venue"]
    assert venue["location"] == {"latitude": 42.65, "longitude": 77.08}
    assert venue["title"] == VENUE[lang]
    assert "Чолпон-Ата" in venue["address"] or "Cholpon-Ata" in venue["address"]
    assert catalogs.t(lang, "venue_how_to_get") in how.text
    # The list's venue button sends the same, under the list.
    [listing] = await emu.ask(USER, "/info")
    await emu.tap(USER, listing.message_id, data="venue", count=2)
    assert emu.messages(USER)[-2].extra["venue"]["title"] == VENUE[lang]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_main_menu_has_the_info_button(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    confirmation = await start_in(emu, USER, lang)
    rows = [[b["text"] for b in row] for row in confirmation.reply_markup["keyboard"]]
    assert catalogs.t(lang, "menu_info") in rows[-1]
    [listing] = await emu.ask(USER, catalogs.t(lang, "menu_info"))
    assert data_of(listing) == ["venue", *PAGES]
    commands = emu.commands(scope={"type": "chat", "chat_id": USER})
    assert {"info", "venue"} <= {c["command"] for c in commands}


async def test_a_participant_cannot_edit_even_with_forged_buttons(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "ru")
    page = await open_page(emu, USER, "infop:wifi")
    for data in ("infoed:wifi", "infoedl:wifi:ru", "infoedl:wifi:all", "infook:wifi"):
        mark = emu.mark(USER)
        await emu.press_raw(USER, page.message_id, data)
        [answer, *_] = await emu.wait_events(USER, mark, count=1)
        assert answer.data["text"] == catalogs.t("ru", "unknown_command")
    [listing] = await emu.ask(USER, "Новая сеть")  # text after a forged button is a search
    assert "IKEF-2023" not in listing.text
    info = await bot.bot_data["services"].store.programme.info()
    assert info.page("wifi").body["ru"].startswith(WIFI["ru"])


async def test_tampered_and_stale_page_buttons_are_answered_politely(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, USER, "en")
    [listing] = await emu.ask(USER, "/info")
    for data, key in (("infop:nowhere", "info_page_gone"), ("infop:a:b", "stale_button")):
        mark = emu.mark(USER)
        await emu.press_raw(USER, listing.message_id, data)
        [answer, *_] = await emu.wait_events(USER, mark, count=1)
        assert answer.data["text"] == catalogs.t("en", key)


async def edit_page(emu: BotAPIEmulator, page_id: str, which: str, text: str) -> BotMessage:
    """The organiser opens the page, presses Edit, picks ``which`` language, sends ``text``;
    returns the preview."""
    page = await open_page(emu, ORGANISER, f"infop:{page_id}")
    assert f"infoed:{page_id}" in data_of(page)
    await emu.tap(ORGANISER, page.message_id, data=f"infoed:{page_id}", count=1)
    picker = emu.messages(ORGANISER)[-1]
    assert data_of(picker)[-2:] == [f"infoedl:{page_id}:all", f"infop:{page_id}"]
    await emu.tap(ORGANISER, picker.message_id, data=f"infoedl:{page_id}:{which}", count=1)
    [preview] = await emu.ask(ORGANISER, text)
    return preview


@pytest.mark.parametrize("lang", LANGS)
async def test_an_organiser_edits_a_page_participants_see_it_and_a_reimport_keeps_it(
    emu: BotAPIEmulator, bot, clock, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    await start_in(emu, USER, lang)
    store = bot.bot_data["services"].store
    preview = await edit_page(emu, "wifi", lang, "Network: FORUM <5G> & more")
    assert "Network: FORUM <5G> & more" in preview.text  # escaped, so Telegram took it as text
    assert data_of(preview) == ["infook:wifi", "infono:wifi"]
    assert WIFI[lang] in (await open_page(emu, USER, "infop:wifi")).text  # not yet
    await emu.tap(ORGANISER, preview.message_id, data="infook:wifi", count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t(lang, "info_edit_saved")
    page = await open_page(emu, USER, "infop:wifi")
    assert "Network: FORUM <5G> & more" in page.text and WIFI[lang] not in page.text
    [edited] = [e for e in await store.staff.audit_log() if e.action == "info_edited"]
    assert edited.actor == ORGANISER and edited.detail["languages"] == [lang]
    assert edited.detail["page"] == "wifi" and "title" in edited.detail  # named in /audit
    await import_programme(store, DEFAULT_DATA, clock.now())
    assert "Network: FORUM <5G> & more" in (await open_page(emu, USER, "infop:wifi")).text


async def test_one_text_for_all_languages_and_a_dropped_edit(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, ORGANISER, "en")
    preview = await edit_page(emu, "conduct", "all", "Be kind.")
    await emu.tap(ORGANISER, preview.message_id, data="infook:conduct", count=1)
    for lang in LANGS:
        reader = 60 + LANGS.index(lang)
        await start_in(emu, reader, lang)
        assert "Be kind." in (await open_page(emu, reader, "infop:conduct")).text
    preview = await edit_page(emu, "halls", "ru", "Не сохранять")
    await emu.tap(ORGANISER, preview.message_id, data="infono:halls", count=1)
    assert emu.messages(ORGANISER)[-1].text == catalogs.t("en", "info_edit_dropped")
    await start_in(emu, USER, "ru")
    assert "Не сохранять" not in (await open_page(emu, USER, "infop:halls")).text
    [again] = await emu.ask(ORGANISER, "/info")  # the conversation is over: /info works
    assert data_of(again)[0] == "venue"


@pytest.mark.parametrize("lang", LANGS)
async def test_a_menu_button_while_the_text_is_awaited_opens_its_screen_and_the_edit_waits(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, ORGANISER, lang)
    page = await open_page(emu, ORGANISER, "infop:wifi")
    await emu.tap(ORGANISER, page.message_id, data="infoed:wifi", count=1)
    picker = emu.messages(ORGANISER)[-1]
    await emu.tap(ORGANISER, picker.message_id, data=f"infoedl:wifi:{lang}", count=1)
    [news] = await emu.ask(ORGANISER, catalogs.t(lang, "menu_news"))
    assert catalogs.t(lang, "news_title") in news.text  # the menu's screen, not a preview
    [preview] = await emu.ask(ORGANISER, "Network: FORUM-5G")  # still the awaited text
    assert "Network: FORUM-5G" in preview.text
    assert data_of(preview) == ["infook:wifi", "infono:wifi"]
