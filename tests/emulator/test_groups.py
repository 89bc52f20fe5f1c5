"""Group chats as Telegram runs them: adding and removing the bot, members, privacy mode,
and how PTB's CommandHandler treats /cmd, /cmd@thisbot and /cmd@otherbot there."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import Forbidden
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from forumbot.emulator import BotAPIEmulator
from tests.emulator.conftest import polling

GROUP = -1001
BOT = "forumbot_demo_bot"


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    async with Bot(emu.token, base_url=emu.base_url) as ptb_bot:
        yield ptb_bot


def kinds(emu: BotAPIEmulator) -> list[str]:
    return [next(k for k in u if k != "update_id") for u in emu.state.updates]


async def test_adding_the_bot_is_a_my_chat_member_update(emu: BotAPIEmulator) -> None:
    emu.add_group(GROUP, members=[42, 43], title="Delegates", kind="supergroup")
    (update,) = emu.state.updates
    change = update["my_chat_member"]
    assert change["chat"] == {"id": GROUP, "type": "supergroup", "title": "Delegates"}
    assert change["from"]["id"] == 42
    assert (change["old_chat_member"]["status"], change["new_chat_member"]["status"]) == (
        "left",
        "member",
    )


async def test_privacy_mode_lets_only_commands_for_this_bot_through(
    emu: BotAPIEmulator,
) -> None:
    emu.add_group(GROUP, members=[42, 43])
    emu.state.updates.clear()
    for text in ("hello all", "/now", f"/now@{BOT}", "/now@other_bot", f"hi @{BOT}"):
        await emu.send_text(43, text, chat_id=GROUP)
    texts = [u["message"]["text"] for u in emu.state.updates]
    assert texts == ["/now", f"/now@{BOT}", f"hi @{BOT}"]
    message = emu.state.updates[0]["message"]
    assert message["chat"]["type"] == "group" and message["from"]["id"] == 43


async def test_an_admin_bot_gets_every_message(emu: BotAPIEmulator) -> None:
    emu.add_group(GROUP, members=[42], privacy=False)
    assert emu.state.updates[0]["my_chat_member"]["new_chat_member"]["status"] == ("administrator")
    emu.state.updates.clear()
    await emu.send_text(42, "hello all", chat_id=GROUP)
    await emu.send_text(42, "/now@other_bot", chat_id=GROUP)
    assert kinds(emu) == ["message", "message"]


async def test_only_members_write_and_removal_closes_the_chat(
    emu: BotAPIEmulator, bot: Bot
) -> None:
    emu.add_group(GROUP, members=[42])
    with pytest.raises(PermissionError):
        await emu.send_text(99, "/now", chat_id=GROUP)
    assert (await bot.send_message(GROUP, "hello group")).chat.type == "group"
    emu.remove_from_group(GROUP, by=42)
    assert emu.state.updates[-1]["my_chat_member"]["new_chat_member"]["status"] == "left"
    with pytest.raises(Forbidden, match="kicked from the group chat"):
        await bot.send_message(GROUP, "still here?")
    await emu.send_text(42, "/now", chat_id=GROUP)
    assert kinds(emu)[-1] == "my_chat_member"  # the bot is gone: nothing reaches it


@pytest.fixture
async def app(emu: BotAPIEmulator) -> AsyncIterator[Application]:
    """A bare PTB application: /now answers with who asked; a button says who pressed."""

    async def now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("again", callback_data="x")]])
        await update.effective_message.reply_text(
            f"now for {update.effective_user.id}", reply_markup=markup
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer(f"pressed by {update.effective_user.id}")

    async with polling(emu, CommandHandler("now", now), CallbackQueryHandler(pressed)) as a:
        yield a


async def test_ptb_command_handler_skips_commands_for_other_bots(
    emu: BotAPIEmulator, app: Application
) -> None:
    emu.add_group(GROUP, members=[42, 43], privacy=False)  # so /now@other_bot reaches it
    (reply,) = await emu.ask(43, f"/now@{BOT}", chat_id=GROUP)
    assert reply.text == "now for 43"
    since = emu.mark(GROUP)
    await emu.send_text(42, "/now@other_bot", chat_id=GROUP)
    (reply,) = await emu.ask(42, "/now", chat_id=GROUP)
    assert reply.text == "now for 42"
    assert [e.message.text for e in emu.events(GROUP, since) if e.message] == ["now for 42"]
    tapped = await emu.tap(43, reply.message_id, data="x", chat_id=GROUP)
    assert tapped.text == "pressed by 43"
