"""A scheduled broadcast whose time passed while the bot was down: sent at start within the
grace window, otherwise marked missed and every organiser told, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.delivery.models import Audience, Content
from forumbot.delivery.outbox import Outbox
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import DEFAULT_DATA, Settings
from forumbot.runtime.services import import_programme
from forumbot.store import Store
from handlers.app import build_application, running
from tests.e2e.conftest import ORGANISER, bishkek

PARTICIPANT = 55
START = bishkek(22, 10, 45)


async def prepare(path: Path, emu: BotAPIEmulator, late: dt.timedelta) -> None:
    """Before the bot starts: a participant, the organiser, and an announcement that was due
    ``late`` ago."""
    store = await Store.open(path)
    try:
        await import_programme(store, DEFAULT_DATA, START)
        for chat, lang in ((PARTICIPANT, "ru"), (ORGANISER, "en")):
            await store.users.record(chat, lang, START)
            emu.add_user(chat, language_code=lang)
            emu.state.known_chats.add(chat)
        await Outbox(store.db).create(
            kind="announcement", audience=Audience.everyone(), now=START - late - late,
            content=Content(texts={"ru": "Начинаем!"}, default_language="ky"),
            scheduled_at=START - late, created_by=ORGANISER,
        )  # fmt: skip
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("late", "sent"), [(dt.timedelta(minutes=5), True), (dt.timedelta(hours=1), False)]
)
async def test_overdue_schedules_at_start(
    emu: BotAPIEmulator, tmp_path: Path, catalogs: Catalogs, late: dt.timedelta, sent: bool
) -> None:
    await prepare(tmp_path / "bot.sqlite3", emu, late)
    settings = Settings(
        token=emu.token, api_base_url=emu.base_url, db_path=tmp_path / "bot.sqlite3",
        organiser_ids=frozenset({ORGANISER}),
    )  # fmt: skip
    async with running(build_application(settings, SimulatedClock(START, speed=0)), 1):
        [event] = await emu.wait_events(ORGANISER if not sent else PARTICIPANT, 0, count=1)
        if sent:
            assert event.message.text == "Начинаем!"
        else:
            assert event.message.text.startswith("⚠️")
            assert "#1" in event.message.text
            assert emu.messages(PARTICIPANT) == []
