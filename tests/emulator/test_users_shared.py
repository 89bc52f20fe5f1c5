"""Telegram's user picker: a person's choice reaches the bot as users_shared, only for a
picker button the bot offered in that chat, within what the button allows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, KeyboardButton, KeyboardButtonRequestUsers, ReplyKeyboardMarkup

from forumbot.emulator import BotAPIEmulator

BAKYT, ELENA, HELPER_BOT = 51, 52, 53


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    """A PTB Bot, user 42 has written to it; two people and a bot are known to Telegram."""
    await emu.send_text(42, "hi")
    emu.add_user(BAKYT, first_name="Bakyt", language_code="ky", username="bakyt_a")
    emu.add_user(ELENA, first_name="Elena", last_name="Sokolova", language_code="ru")
    emu.state.users[HELPER_BOT] = {"id": HELPER_BOT, "is_bot": True, "first_name": "Helper"}
    async with Bot(emu.token, base_url=emu.base_url) as ptb_bot:
        yield ptb_bot


async def offer(bot: Bot, request_id: int, **request: object) -> None:
    picker = KeyboardButtonRequestUsers(request_id=request_id, **request)  # type: ignore[arg-type]
    button = KeyboardButton("Pick a person", request_users=picker)
    await bot.send_message(42, "Who?", reply_markup=ReplyKeyboardMarkup([[button]]))


async def shared_of(bot: Bot):
    """The users_shared the bot receives next."""
    [update] = await bot.get_updates(offset=-1, timeout=0)
    return update.message.users_shared


async def test_a_pick_reaches_the_bot_with_what_the_button_requested(
    emu: BotAPIEmulator, bot: Bot
) -> None:
    await offer(bot, 7, user_is_bot=False, request_name=True, request_username=True)
    message = await emu.share_user(42, 7, BAKYT)
    assert message["users_shared"] == {
        "request_id": 7,
        "users": [{"user_id": BAKYT, "first_name": "Bakyt", "username": "bakyt_a"}],
    }
    shared = await shared_of(bot)
    assert shared.request_id == 7
    assert [(u.user_id, u.first_name, u.username) for u in shared.users] == [
        (BAKYT, "Bakyt", "bakyt_a")
    ]


async def test_names_come_only_when_requested_and_several_within_max_quantity(
    emu: BotAPIEmulator, bot: Bot
) -> None:
    await offer(bot, 3, max_quantity=2)
    await emu.share_user(42, 3, BAKYT, ELENA)
    shared = await shared_of(bot)
    assert [(u.user_id, u.first_name, u.username) for u in shared.users] == [
        (BAKYT, None, None),
        (ELENA, None, None),
    ]
    with pytest.raises(ValueError, match="1 to 2"):
        await emu.share_user(42, 3, BAKYT, ELENA, 42)
    with pytest.raises(ValueError, match="different"):
        await emu.share_user(42, 3, BAKYT, BAKYT)


async def test_refused_without_a_matching_picker_button(emu: BotAPIEmulator, bot: Bot) -> None:
    before = len(emu.state.updates)
    with pytest.raises(LookupError, match="no user picker button with request_id 1"):
        await emu.share_user(42, 1, BAKYT)  # no picker offered at all
    await offer(bot, 2)
    with pytest.raises(LookupError, match="request_id 1"):
        await emu.share_user(42, 1, BAKYT)  # a picker, but another request_id
    emu.add_user(43, first_name="Nurlan")
    await emu.send_text(43, "hi")
    with pytest.raises(LookupError, match="chat 43"):
        await emu.share_user(43, 2, BAKYT)  # offered to someone else, not in this chat
    await offer(bot, 4, user_is_bot=False)
    with pytest.raises(ValueError, match="user_is_bot"):
        await emu.share_user(42, 4, HELPER_BOT)
    with pytest.raises(LookupError, match="no user 99"):
        await emu.share_user(42, 2, 99)
    assert all("users_shared" not in u.get("message", {}) for u in emu.state.updates[before:])


async def test_a_deleted_picker_can_no_longer_be_used(emu: BotAPIEmulator, bot: Bot) -> None:
    await offer(bot, 5)
    prompt = emu.last_message(42)
    assert prompt is not None
    await bot.delete_message(42, prompt.message_id)
    with pytest.raises(LookupError):
        await emu.share_user(42, 5, BAKYT)
