"""Channels as Telegram runs them: posts on behalf of the channel, only an administrator with
the right posts, edits and deletes; pinning with its right and a real message; getChat by
@username and getChatMember for the bot's own rights."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, ChatMemberAdministrator
from telegram.error import BadRequest

from forumbot.emulator import BotAPIEmulator

CHANNEL = -1001234567890


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url) as ptb_bot:
        yield ptb_bot


async def test_a_post_is_on_behalf_of_the_channel(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.add_channel(CHANNEL, "Issyk-Kul Forum", "issykkulforum")
    message = await bot.send_message("@issykkulforum", "<b>Hello</b>", parse_mode="HTML")
    assert message.chat.type == "channel" and message.chat.id == CHANNEL
    assert message.sender_chat is not None and message.sender_chat.id == CHANNEL
    assert message.from_user is None
    edited = await bot.edit_message_text("Hello again", CHANNEL, message.message_id)
    assert isinstance(edited, type(message)) and edited.text == "Hello again"
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("Hello again", CHANNEL, message.message_id)
    assert await bot.delete_message(CHANNEL, message.message_id)
    assert emu.channel_posts(CHANNEL) == []


async def test_without_the_right_to_post_nothing_is_posted(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.add_channel(-1002, "Read only", None, admin=False)
    emu.add_channel(-1003, "No posting", None, rights={"can_edit_messages": True})
    for chat in (-1002, -1003):
        with pytest.raises(BadRequest, match=r"(?i)need administrator rights"):
            await bot.send_message(chat, "Hello")
    member = await bot.get_chat_member(-1002, bot.id)
    assert member.status == "member"


async def test_pinning_needs_the_right_and_a_real_message(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.add_channel(CHANNEL, "Issyk-Kul Forum", "issykkulforum")
    member = await bot.get_chat_member(CHANNEL, bot.id)
    assert isinstance(member, ChatMemberAdministrator) and member.can_edit_messages
    first = await bot.send_message(CHANNEL, "Programme")
    with pytest.raises(BadRequest, match=r"(?i)message to pin not found"):
        await bot.pin_chat_message(CHANNEL, first.message_id + 10)
    assert await bot.pin_chat_message(CHANNEL, first.message_id, disable_notification=True)
    pinned = emu.pinned(CHANNEL)
    assert pinned is not None and pinned.message_id == first.message_id
    assert emu.state.log[-1].data == {"disable_notification": True}
    assert await bot.unpin_chat_message(CHANNEL, first.message_id)
    assert emu.pinned(CHANNEL) is None
    with pytest.raises(BadRequest, match=r"(?i)message to unpin not found"):
        await bot.unpin_chat_message(CHANNEL, first.message_id)

    rights = {"can_post_messages": True}  # may post, may not edit: no pinning in a channel
    emu.add_channel(-1004, "Posting only", None, rights=rights)
    post = await bot.send_message(-1004, "Programme")
    with pytest.raises(BadRequest, match=r"(?i)not enough rights to manage pinned messages"):
        await bot.pin_chat_message(-1004, post.message_id)


async def test_get_chat_by_username_and_an_unknown_one(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.add_channel(CHANNEL, "Issyk-Kul Forum", "issykkulforum")
    chat = await bot.get_chat("@IssykKulForum")
    assert (chat.id, chat.type, chat.title, chat.username) == (
        CHANNEL, "channel", "Issyk-Kul Forum", "issykkulforum",
    )  # fmt: skip
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat("@nosuchchannel")


async def test_a_reader_presses_a_post_button(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.add_channel(CHANNEL, "Issyk-Kul Forum", "issykkulforum")
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "pv:1:0"}]]}
    message = await bot.send_message(CHANNEL, "Vote", reply_markup=markup)  # type: ignore[arg-type]
    query = await emu.press(42, message.message_id, data="pv:1:0", chat_id=CHANNEL)
    assert query["message"]["chat"]["type"] == "channel" and query["from"]["id"] == 42


async def test_in_a_group_the_bot_is_what_it_was_added_as(emu: BotAPIEmulator, bot: Bot) -> None:
    emu.add_group(-1005, members=[42], title="Delegates", kind="supergroup", privacy=False)
    emu.add_group(-1006, members=[42], title="Friends")
    admin = await bot.get_chat_member(-1005, bot.id)
    assert isinstance(admin, ChatMemberAdministrator) and admin.can_pin_messages
    assert (await bot.get_chat_member(-1006, bot.id)).status == "member"
    post = await bot.send_message(-1005, "Programme")
    assert await bot.pin_chat_message(-1005, post.message_id)
