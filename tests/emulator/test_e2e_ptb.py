"""End-to-end: a real PTB Application polling the emulator, driven as a user."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from forumbot.emulator import BotAPIEmulator
from tests.emulator.conftest import polling

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Программа", callback_data="prog:day1"),
            InlineKeyboardButton("Now", callback_data="now"),
        ],
        [InlineKeyboardButton("Site", url="https://example.org/forum")],
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet with HTML and a keyboard; echo the deep-link payload."""
    payload = " ".join(context.args or [])
    await update.effective_message.reply_text(
        f"<b>Welcome</b>, {update.effective_user.first_name} &amp; co!"
        + (f"\npayload: <code>{payload}</code>" if payload else ""),
        parse_mode=ParseMode.HTML,
        reply_markup=KEYBOARD,
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the query, then edit the message to show the choice."""
    query = update.callback_query
    await query.answer(text=f"chosen {query.data}")
    await query.edit_message_text(
        f"You chose <i>{query.data}</i>", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
    )


@pytest.fixture
async def app(emu: BotAPIEmulator) -> AsyncIterator[Application]:
    """A running PTB application polling the emulator."""
    async with polling(emu, CommandHandler("start", start), CallbackQueryHandler(on_button)) as a:
        yield a


async def test_start_and_button_roundtrip(emu: BotAPIEmulator, app: Application) -> None:
    [greeting] = await emu.ask(42, "/start")
    assert greeting.text == "Welcome, Aida & co!"
    assert greeting.html.startswith("<b>Welcome</b>")
    assert [b["text"] for b in greeting.inline_buttons()] == ["Программа", "Now", "Site"]

    result = await emu.tap(42, greeting.message_id, text="Программа", count=1)
    assert result.text == "chosen prog:day1"
    assert result.show_alert is False
    edited = emu.last_message(42)
    assert edited.message_id == greeting.message_id
    assert edited.text == "You chose prog:day1"
    assert edited.edited == 1
    assert [e.kind for e in result.events] == ["answered", "edited"]


async def test_deep_link_payload_and_command_entity(emu: BotAPIEmulator, app: Application) -> None:
    [reply] = await emu.ask(42, "/start talk-17")
    assert reply.text.endswith("payload: talk-17")
    assert {"type": "code", "offset": reply.text.index("talk-17"), "length": 7} in [
        {k: e[k] for k in ("type", "offset", "length")} for e in reply.entities
    ]


async def test_url_button_cannot_be_pressed(emu: BotAPIEmulator, app: Application) -> None:
    [greeting] = await emu.ask(42, "/start")
    with pytest.raises(ValueError, match="URL button"):
        await emu.press(42, greeting.message_id, text="Site")


async def test_bot_identity_and_stats(emu: BotAPIEmulator, app: Application) -> None:
    assert app.bot.username == "forumbot_demo_bot"
    await emu.ask(42, "/start")
    assert emu.stats["getMe"] == 1
    assert emu.stats["sendMessage"] == 1
    assert emu.stats["getUpdates"] >= 1


async def test_tampered_button_and_multiple_replies(emu: BotAPIEmulator, app: Application) -> None:
    [greeting] = await emu.ask(42, "/start")
    since = emu.mark(42)
    query = await emu.press_raw(42, greeting.message_id, "forged:💣")
    events = await emu.wait_events(42, since, count=2)
    answer = next(e for e in events if e.kind == "answered")
    assert answer.data["callback_query_id"] == query["id"]
    assert answer.data["text"] == "chosen forged:💣"
    assert emu.last_message(42).text == "You chose forged:💣"
