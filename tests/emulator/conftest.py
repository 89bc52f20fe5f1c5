"""Fixtures for the emulator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

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
