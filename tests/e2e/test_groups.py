"""Group chats: the public views for anyone who asks, in their own language; nothing
personal, no organiser data, no subscriber made of a group; chatter left alone."""

from __future__ import annotations

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.i18n import Catalogs
from tests.e2e.conftest import ORGANISER, start_in

GROUP = -1002001
BOT = "forumbot_demo_bot"
PRIVATE_CHAT = f"https://t.me/{BOT}"


def store_of(bot):
    return bot.bot_data["services"].store


async def user_ids(bot) -> set[int]:
    rows = await store_of(bot).db.fetchall("SELECT chat_id FROM users")
    return {r[0] for r in rows}


def points_to_private_chat(message: BotMessage, catalogs: Catalogs, lang: str) -> bool:
    urls = [b.get("url") for b in message.inline_buttons()]
    line = catalogs.t(lang, "group_private", bot=f"@{BOT}")
    return message.html == line and urls == [PRIVATE_CHAT]


async def quiet_then(emu: BotAPIEmulator, user_id: int, texts: list[str]) -> list[BotMessage]:
    """Send ``texts`` in the group, then /now: what the bot said after them (the /now answer
    proves the bot has read them all, in order)."""
    since = emu.mark(GROUP)
    for text in texts:
        await emu.send_text(user_id, text, chat_id=GROUP)
    await emu.ask(user_id, "/now", chat_id=GROUP)
    return [e.message for e in emu.events(GROUP, since) if e.message]


async def test_start_in_a_group_says_hello_and_makes_nobody_a_subscriber(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    emu.add_user(31, language_code="ru")
    emu.add_group(GROUP, members=[31])
    await emu.wait_events(GROUP, 0)  # the hello on being added
    [hello] = await emu.ask(31, f"/start@{BOT}", chat_id=GROUP)
    assert hello.html == catalogs.t("ru", "group_hello", bot=f"@{BOT}")
    assert [b.get("url") for b in hello.inline_buttons()] == [PRIVATE_CHAT]
    assert hello.reply_markup.get("keyboard") is None  # no menu keyboard pops up for all
    assert await user_ids(bot) == set()


async def test_added_to_a_group_hello_in_the_adders_language_and_removal_is_quiet(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    emu.add_user(32, language_code="ky")
    emu.add_user(33, language_code="en")
    emu.add_group(GROUP, members=[32, 33], added_by=32)
    [hello] = [e.message for e in await emu.wait_events(GROUP, 0)]
    assert hello.html == catalogs.t("ky", "group_hello", bot=f"@{BOT}")
    since = emu.mark(GROUP)
    emu.remove_from_group(GROUP, by=32)
    emu.add_group(GROUP, members=[32, 33], added_by=33)  # added again, by an English reader
    [again] = [e.message for e in await emu.wait_events(GROUP, since)]
    assert again.html == catalogs.t("en", "group_hello", bot=f"@{BOT}")  # removal said nothing
    assert await user_ids(bot) == set()


@pytest.mark.parametrize("privacy", [True, False])
async def test_chatter_menu_labels_and_other_bots_commands_get_nothing(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, privacy: bool
) -> None:
    emu.add_user(34, language_code="en")
    emu.add_group(GROUP, members=[34], privacy=privacy)  # an admin bot reads everything
    await emu.wait_events(GROUP, 0)
    chatter = ["hello everyone", catalogs.t("en", "menu_now"), "/now@other_bot", "/frobnicate"]
    [answer] = await quiet_then(emu, 34, chatter)
    assert catalogs.t("en", "on_now") in answer.text
    assert await user_ids(bot) == set()


async def test_public_views_in_each_senders_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    await start_in(emu, 35, "ky")  # chose Kyrgyz in the private chat (app in Russian)
    emu.add_user(36, language_code="en-GB")  # never wrote to the bot
    emu.add_user(37, language_code="")  # no language: the forum's default
    default = (await store_of(bot).programme.forum()).default_language
    emu.add_group(GROUP, members=[35, 36, 37], added_by=36)
    await emu.wait_events(GROUP, 0)
    for user_id, lang, command in [(35, "ky", "/now"), (36, "en", f"/now@{BOT}"),
                                   (37, default, "/now")]:  # fmt: skip
        [now] = await emu.ask(user_id, command, chat_id=GROUP)
        assert catalogs.t(lang, "on_now") in now.text, lang
    [speakers] = await emu.ask(36, "/speakers", chat_id=GROUP)
    [found] = await emu.ask(36, "/search election", chat_id=GROUP)
    assert speakers.text and found.text
    assert await user_ids(bot) == {35}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_personal_and_organiser_commands_point_to_the_private_chat(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    emu.add_user(ORGANISER, language_code=lang)
    emu.add_user(38, language_code=lang)
    emu.add_group(GROUP, members=[ORGANISER, 38])
    await emu.wait_events(GROUP, 0)
    organiser = ["/status", "/audit", "/deliveries", "/feedback", "/export", "/announce"]
    for command in organiser:
        [reply] = await emu.ask(ORGANISER, command, chat_id=GROUP)
        assert points_to_private_chat(reply, catalogs, lang), command
    for command in ["/forget", "/my", "/settings", "/ask", "/language", "/subscribe"]:
        [reply] = await emu.ask(38, f"{command}@{BOT}", chat_id=GROUP)
        assert points_to_private_chat(reply, catalogs, lang), command
    assert await user_ids(bot) == set()


async def test_buttons_of_public_messages_work_for_anyone_but_a_star_stays_private(
    emu: BotAPIEmulator, bot, catalogs: Catalogs
) -> None:
    emu.add_user(39, language_code="ru")
    emu.add_user(40, language_code="en")
    emu.add_group(GROUP, members=[39, 40])
    await emu.wait_events(GROUP, 0)
    [now] = await emu.ask(39, "/now", chat_id=GROUP)
    card_data = next(b["callback_data"] for b in now.inline_buttons()
                     if b.get("callback_data", "").startswith("nows:"))  # fmt: skip
    await emu.tap(40, now.message_id, data=card_data, count=1, chat_id=GROUP)
    card = emu.last_message(GROUP)
    assert card is not None and card.message_id == now.message_id  # the card, in its place
    star = next(b["callback_data"] for b in card.inline_buttons()
                if b.get("callback_data", "").startswith("star:"))  # fmt: skip
    assert star.split(":")[2] == "1"  # nobody's star shows in a group
    pressed = await emu.tap(40, card.message_id, data=star, chat_id=GROUP)
    assert pressed.text == catalogs.t("en", "group_private", bot=f"@{BOT}")
    assert pressed.show_alert
    stars = await store_of(bot).db.fetchall("SELECT * FROM stars")
    assert stars == [] and await user_ids(bot) == set()
