"""A session card's "back" travels in the star's own button: starring a card opened from a
speaker's card or a filtered list keeps "back" there (issue 11, part 6)."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import button_data, labels, start_in


def data_starting(message, prefix: str) -> str:
    for b in message.inline_buttons():
        if b.get("callback_data", "").startswith(prefix):
            return b["callback_data"]
    raise AssertionError(f"no {prefix!r} button")


async def follow(emu: BotAPIEmulator, chat: int, command: str, *prefixes: str) -> list[BotMessage]:
    """``command``, then the first button starting with each prefix in turn: every screen on
    the way."""
    [screen] = await emu.ask(chat, command)
    screens = [screen]
    for prefix in prefixes:
        await emu.tap(chat, screen.message_id, data=data_starting(screen, prefix), count=1)
        screen = emu.last_message(chat)
        screens.append(screen)
    return screens


def shown_in(emu: BotAPIEmulator, chat: int, message: BotMessage) -> BotMessage:
    """What ``message`` shows now, edited or not."""
    [now] = [m for m in emu.messages(chat) if m.message_id == message.message_id]
    return now


async def test_a_star_keeps_back_to_the_speaker(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 60, "en")
    _speakers, speaker, card = await follow(emu, 60, "/speakers", "spk:", "sesp:")
    back = button_data(card, catalogs.t("en", "back"))
    assert back.startswith("spks:")
    star = data_starting(card, "star:")
    assert star.endswith(":1:spks." + back.split(":")[1])
    await emu.tap(60, card.message_id, data=star, count=2)  # the card, and the digest offer
    starred = shown_in(emu, 60, card)
    assert button_data(starred, catalogs.t("en", "back")) == back
    assert data_starting(starred, "star:").split(":")[2] == "0"
    await emu.tap(60, starred.message_id, data=back, count=1)
    assert shown_in(emu, 60, card).text == speaker.text  # back on the speaker's card


async def test_a_star_from_a_day_list_carries_nothing_extra(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 61, "en")
    _days, _day, card = await follow(emu, 61, "/programme", "day:", "ses:")
    star = data_starting(card, "star:")
    assert star.count(":") == 2  # star:<session>:1, as before
    await emu.tap(61, card.message_id, data=star, count=2)  # the card, and the digest offer
    back = button_data(shown_in(emu, 61, card), catalogs.t("en", "back"))
    assert back.startswith("dayat:")


async def test_a_forged_back_on_a_star_is_out_of_date(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 62, "en")
    _days, day = await follow(emu, 62, "/programme", "day:")
    session_id = data_starting(day, "ses:").split(":")[1]
    since = emu.mark(62)
    await emu.press_raw(62, day.message_id, f"star:{session_id}:1:fltat.room")
    events = await emu.wait_events(62, since, count=1)
    assert events[0].data.get("text") == catalogs.t("en", "stale_button")
    assert emu.last_message(62).text == day.text  # nothing changed


@pytest.mark.parametrize("lang", ["ky", "ru"])
async def test_back_from_a_card_opened_in_my_agenda_returns_there(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    await start_in(emu, 63, lang)
    [card] = await emu.ask(63, "/start s_school-1")
    await emu.tap(63, card.message_id, data="star:school-1:1", count=2)  # and the digest offer
    [my] = await emu.ask(63, "/my")
    agenda = my.text
    await emu.tap(63, my.message_id, data="mys:school-1", count=1)
    opened = emu.last_message(63)
    assert opened.message_id == my.message_id and opened.text != agenda
    # Unstarred on the card, "back" still leads to my agenda, which no longer lists it.
    star = data_starting(opened, "star:")
    assert star == "star:school-1:0:myat"
    await emu.tap(63, opened.message_id, data=star, count=1)
    back = button_data(emu.last_message(63), catalogs.t(lang, "back"))
    assert back == "myat:school-1"
    await emu.tap(63, opened.message_id, data=back, count=1)
    shown = emu.last_message(63)
    assert shown.message_id == my.message_id
    assert shown.text.startswith("⭐") and "school-1" not in str(shown.reply_markup)


@pytest.mark.parametrize(("lang", "which"), [("en", "now"), ("ru", "next")])
async def test_back_from_a_card_opened_in_now_returns_there(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, which: str
) -> None:
    await start_in(emu, 64, lang)
    [listing] = await emu.ask(64, f"/{which}")
    before = listing.text
    await emu.tap(64, listing.message_id, data=data_starting(listing, f"nows:{which}:"), count=1)
    card = emu.last_message(64)
    assert card.message_id == listing.message_id and card.text != before
    back = button_data(card, catalogs.t(lang, "back"))
    assert back.startswith(f"nowat:{which}:")
    await emu.tap(64, card.message_id, data=back, count=1)
    assert emu.last_message(64).text == before  # /now (or /next) again, not the day


@pytest.mark.parametrize(("lang", "query"), [("ru", "выборы"), ("en", "youth")])
async def test_back_from_a_card_opened_in_search_results_reopens_them(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str, query: str
) -> None:
    await start_in(emu, 65, lang)
    [results] = await emu.ask(65, f"/search {query}")
    before, buttons_before = results.text, labels(results)
    await emu.tap(65, results.message_id, data=data_starting(results, "srs:"), count=1)
    card = emu.last_message(65)
    assert card.message_id == results.message_id and card.text != before
    back = button_data(card, catalogs.t(lang, "back"))
    assert back.startswith("srat:")
    star = data_starting(card, "star:")  # starring keeps the way back
    await emu.tap(65, card.message_id, data=star, count=2)  # the card, and the digest offer
    [starred] = [m for m in emu.messages(65) if m.message_id == card.message_id]
    assert button_data(starred, catalogs.t(lang, "back")) == back
    await emu.tap(65, card.message_id, data=back, count=1)
    [shown] = [m for m in emu.messages(65) if m.message_id == results.message_id]
    # The same results, the session just starred now with its ⭐ (issue 13, item 8).
    assert shown.text == before and labels(shown) == [
        ("⭐ " + b) if b == buttons_before[0] else b for b in buttons_before
    ]


async def test_words_too_long_for_a_button_lead_back_to_the_day(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 66, "ru")
    [results] = await emu.ask(66, "/search молодёжь молодёжь молодёжь")
    assert results.inline_buttons()
    assert all(not b["callback_data"].startswith("srs:") for b in results.inline_buttons())
