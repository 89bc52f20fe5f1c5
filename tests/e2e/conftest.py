"""End to end: the real PTB Application polling the local Bot API emulator over HTTP.

Each test drives the bot as people do (commands, menu buttons, inline buttons) and asserts
what they see. Time is the injected simulated clock (speed 0), moved by the tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from forumbot.emulator import BotAPIEmulator, BotMessage
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA, Settings
from handlers.app import build_application, running

BISHKEK = ZoneInfo("Asia/Bishkek")
ORGANISER = 1
OWNER = 2
LANGS = ("ky", "ru", "en")


def bishkek(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of June 2023 in the forum's zone."""
    return dt.datetime(2023, 6, day, hour, minute, tzinfo=BISHKEK)


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs.load()


@pytest.fixture
async def emu() -> AsyncIterator[BotAPIEmulator]:
    async with BotAPIEmulator(token="123456:E2E-TOKEN") as emulator:
        yield emulator


@pytest.fixture
def clock() -> SimulatedClock:
    """The first forum morning, during round table 1 (10:30–13:00 in the bundled data)."""
    return SimulatedClock(bishkek(22, 10, 45), speed=0)


@pytest.fixture
def data_path() -> Path:
    return DEFAULT_DATA


def settings_for(emu: BotAPIEmulator, tmp_path: Path, **more: Any) -> Settings:
    """The bot's settings in these tests: the emulator, a store in ``tmp_path``, the
    organiser and the owner; ``more`` adds or replaces settings."""
    settings = Settings(
        token=emu.token,
        api_base_url=emu.base_url,
        api_base_file_url=emu.base_file_url,
        db_path=tmp_path / "bot.sqlite3",
        organiser_ids=frozenset({ORGANISER}),
        owner_ids=frozenset({OWNER}),
    )
    return dataclasses.replace(settings, **more)


@pytest.fixture
async def bot(emu: BotAPIEmulator, clock: SimulatedClock, tmp_path: Path, data_path: Path):
    settings = settings_for(emu, tmp_path, data_path=data_path)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        yield app


async def start_in(emu: BotAPIEmulator, user_id: int, lang: str) -> BotMessage:
    """A newcomer starts the bot and picks ``lang``; returns the confirmation message."""
    emu.add_user(user_id, first_name="Aida", language_code="ru")
    _welcome, picker = await emu.ask(user_id, "/start", count=2)
    # Choosing another language also re-marks the picker (an edit); the same one does not.
    count = 1 if lang == "ru" else 2
    await emu.tap(user_id, picker.message_id, data=f"lang:{lang}", count=count)
    return emu.last_message(user_id)


def labels(message: BotMessage) -> list[str]:
    return [b["text"] for b in message.inline_buttons()]


def button_data(message: BotMessage, label_part: str) -> str:
    """The callback data of the first inline button whose label contains ``label_part``."""
    for b in message.inline_buttons():
        if label_part in b["text"] and "callback_data" in b:
            return b["callback_data"]
    raise AssertionError(f"no button with {label_part!r} in {labels(message)}")
