"""The bot's request layer over aiohttp, against the emulator: what arrives, time-outs and
dropped connections as PTB's errors (without the token), and the replies counted."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from forumbot.emulator import BotAPIEmulator
from forumbot.ops.metrics import Metrics
from handlers.metrics import CountingRequest
from handlers.request import AiohttpRequest

PERSON = 42


def bot_over(emu: BotAPIEmulator, request: AiohttpRequest) -> Bot:
    emu.add_user(PERSON)
    emu.state.known_chats.add(PERSON)
    return Bot(emu.token, base_url=emu.base_url, request=request)


async def test_a_message_with_a_keyboard_arrives_as_sent(emu) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Зал ө", callback_data="ses:a")]])
    async with bot_over(emu, AiohttpRequest()) as bot:
        sent = await bot.send_message(PERSON, "<b>Өнүгүү</b> «co»", "HTML", reply_markup=markup)
    (msg,) = emu.messages(PERSON)
    assert (sent.message_id, msg.html) == (msg.message_id, "<b>Өнүгүү</b> «co»")
    assert msg.inline_buttons() == [{"text": "Зал ө", "callback_data": "ses:a"}]


async def test_a_file_goes_as_multipart(emu) -> None:
    async with bot_over(emu, AiohttpRequest()) as bot:
        await bot.send_document(PERSON, b"id,title\n1,x\n", filename="export.csv", caption="Ok")
    (msg,) = emu.messages(PERSON)
    assert (msg.document_name, msg.document_bytes, msg.caption) == (
        "export.csv",
        b"id,title\n1,x\n",
        "Ok",
    )


async def test_a_slow_answer_times_out_by_the_call_or_the_default(emu) -> None:
    emu.hang_next("sendMessage", seconds=0.5, times=2)
    async with bot_over(emu, AiohttpRequest(read_timeout=0.1)) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(PERSON, "x")
        with pytest.raises(TimedOut):
            await bot.send_message(PERSON, "x", read_timeout=0.05)
        await bot.send_message(PERSON, "y", read_timeout=2)  # the hang is over: answered
    assert [m.text for m in emu.messages(PERSON)] == ["y"]


async def test_a_dropped_connection_is_a_network_error_without_the_token(emu) -> None:
    emu.drop_next("sendMessage")
    async with bot_over(emu, AiohttpRequest()) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(PERSON, "x")
    assert not isinstance(caught.value, TimedOut)
    assert emu.token.split(":")[1] not in str(caught.value)
    assert emu.messages(PERSON) == []


async def test_replies_and_429s_are_counted(emu) -> None:
    metrics = Metrics()
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with bot_over(emu, CountingRequest(metrics)) as bot:
        with pytest.raises(Exception, match="Flood control"):
            await bot.send_message(PERSON, "x")
        await bot.send_message(PERSON, "x")
        await bot.get_me()
    assert (metrics.sent.get("reply"), metrics.retry_after.get("reply")) == (1, 1)
