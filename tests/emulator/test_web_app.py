"""Mini App buttons as Telegram checks them: https only, in private chats; the menu button."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, MenuButtonWebApp, WebAppInfo
from telegram import InlineKeyboardMarkup as Markup
from telegram.error import BadRequest

from forumbot.emulator import BotAPIEmulator
from tests.emulator.test_api import call


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    await emu.send_text(42, "hi")
    async with Bot(emu.token, base_url=emu.base_url) as ptb_bot:
        yield ptb_bot


def _app_button(url: str) -> Markup:
    return Markup([[InlineKeyboardButton("Open", web_app=WebAppInfo(url))]])


async def test_a_web_app_button_needs_https(emu: BotAPIEmulator, bot: Bot) -> None:
    sent = await bot.send_message(42, "app", reply_markup=_app_button("https://x.org/app/"))
    assert sent.reply_markup.inline_keyboard[0][0].web_app.url == "https://x.org/app/"
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await bot.send_message(42, "plain", reply_markup=_app_button("http://x.org/app/"))
    assert [m.text for m in emu.messages(42)] == ["app"]


async def test_a_web_app_button_is_refused_in_a_group(emu: BotAPIEmulator, bot: Bot) -> None:
    group = -100
    emu.add_group(group, members=[42])
    with pytest.raises(BadRequest, match=r"(?i)button_type_invalid"):
        await bot.send_message(group, "app", reply_markup=_app_button("https://x.org/app/"))


async def test_the_menu_button_opens_an_https_web_app(emu: BotAPIEmulator, bot: Bot, api) -> None:
    await bot.set_chat_menu_button(42, MenuButtonWebApp("Programme", WebAppInfo("https://x.org/")))
    button = await bot.get_chat_menu_button(42)
    assert isinstance(button, MenuButtonWebApp) and button.web_app.url == "https://x.org/"
    with pytest.raises(BadRequest, match=r"(?i)only https links are allowed"):
        await bot.set_chat_menu_button(menu_button=MenuButtonWebApp("P", WebAppInfo("http://x")))
    status, body = await call(api, "setChatMenuButton",
                              menu_button={"type": "web_app", "text": "",
                                           "web_app": {"url": "https://x.org/"}})  # fmt: skip
    assert (status, body["description"]) == (400, "Bad Request: BUTTON_TEXT_INVALID")
    status, body = await call(api, "setChatMenuButton", menu_button={"type": "bogus"})
    assert status == 400
    assert (await bot.get_chat_menu_button()).type == "default"  # nothing refused was kept
