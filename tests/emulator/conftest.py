"""Fixtures for the emulator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from telegram.ext import Application, BaseHandler

from forumbot.emulator import BotAPIEmulator

TOKEN = "123456:TEST-TOKEN"


@pytest.fixture
async def emu() -> AsyncIterator[BotAPIEmulator]:
    """A started emulator with one known user (42), stopped after the test."""
    async with BotAPIEmulator(token=TOKEN) as emulator:
        emulator.add_user(42, first_name="Aida", language_code="ru")
        yield emulator


@pytest.fixture
async def api(emu: BotAPIEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A raw HTTP client pointed at the bot's API root (…/bot<token>/)."""
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{TOKEN}/") as client:
        yield client


@asynccontextmanager
async def polling(
    emu: BotAPIEmulator, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[Application]:
    """A bare PTB application with ``handlers``, polling the emulator; shut down in PTB's
    documented order."""
    application = Application.builder().token(emu.token).base_url(emu.base_url).build()
    for handler in handlers:
        application.add_handler(handler)
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
