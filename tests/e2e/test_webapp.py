"""The Mini App beside the chat: the bot sets the menu button and offers "Open the
programme"; a star made in the app is the chat's star (/my, reminders), in ky, ru and en."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from handlers.app import build_application, running
from tests.e2e.conftest import LANGS, ORGANISER, bishkek
from tests.e2e.test_agenda import wait_for_text
from webapp.auth import WebUser, demo_init_data

URL = "https://forum.example.org/app/"
USER = 501


@pytest.fixture
async def bot(emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path):
    settings = Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
        data_path=data_path,
        organiser_ids=frozenset({ORGANISER}),
        webapp_url=URL,
        webapp_port=0,  # any free port: the test reads which
    )
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        yield app


@pytest.fixture
async def web(
    bot, emu: BotAPIEmulator, clock: SimulatedClock
) -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client at the Mini App's server, signed in as USER as Telegram would."""
    port = bot.bot_data["webapp"].port
    # Signed now, as Telegram signs it when the app opens (the forum's clock is another).
    now = dt.datetime.now(dt.UTC)
    init_data = demo_init_data(WebUser(USER, "Aida", language_code="en"), emu.token, now)
    headers = {"Authorization": "tma " + init_data}
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}", headers=headers) as session:
        yield session


async def start_in(emu: BotAPIEmulator, user_id: int, lang: str) -> None:
    """A newcomer starts the bot (welcome, the Mini App offered, the language picker) and
    picks ``lang``."""
    emu.add_user(user_id, first_name="Aida", language_code="ru")
    _welcome, _offer, picker = await emu.ask(user_id, "/start", count=3)
    await emu.tap(user_id, picker.message_id, data=f"lang:{lang}", count=1 if lang == "ru" else 2)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_bot_offers_the_mini_app_in_my_language(
    emu: BotAPIEmulator, bot, catalogs: Catalogs, lang: str
) -> None:
    default = emu.state.settings["menu_buttons"][None]
    assert default == {"type": "web_app", "text": catalogs.t("en", "webapp_menu_button"),
                       "web_app": {"url": URL}}  # fmt: skip
    await start_in(emu, USER, lang)
    offer = next(m for m in emu.messages(USER) if m.text == catalogs.t("ru", "webapp_open_text"))
    [button] = offer.inline_buttons()
    assert button["web_app"] == {"url": URL}
    mine = emu.state.settings["menu_buttons"].get(USER)
    if lang != "ru":  # choosing Telegram's own language again changes nothing
        assert mine["text"] == catalogs.t(lang, "webapp_menu_button")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_star_from_the_app_shows_in_my_and_brings_its_reminder(
    emu: BotAPIEmulator,
    bot,
    web: aiohttp.ClientSession,
    clock: SimulatedClock,
    catalogs: Catalogs,
    lang: str,
) -> None:
    await start_in(emu, USER, lang)
    response = await web.put("/app/api/stars/school-1")
    assert (await response.json())["starred"] is True
    [agenda] = await emu.ask(USER, "/my")
    session = await bot.bot_data["services"].store.programme.session("school-1")
    assert session.title[lang] in agenda.text and "15:00–17:30" in agenda.text
    mark = emu.mark(USER)
    clock.set(bishkek(22, 14, 50))  # ten minutes before, the default lead
    bot.bot_data["services"].wake()
    reminder = await wait_for_text(emu, USER, mark, "⏰")
    assert catalogs.t(lang, "reminder_title") in reminder.text
    assert session.title[lang] in reminder.text


async def test_without_a_url_there_is_no_mini_app(emu: BotAPIEmulator, tmp_path: Path) -> None:
    settings = Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "b.sqlite3",
    )
    async with running(build_application(settings), poll_timeout=1) as app:
        assert "webapp" not in app.bot_data
        emu.add_user(USER, first_name="Aida", language_code="en")
        messages = await emu.ask(USER, "/start", count=2)
        assert all("web_app" not in b for m in messages for b in m.inline_buttons())
    assert emu.state.settings["menu_buttons"] == {}
