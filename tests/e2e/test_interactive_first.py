"""Participants' replies never wait behind a broadcast: proven by order, not by the clock."""

from __future__ import annotations

import pytest

from forumbot.delivery.models import Audience, Content
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import DEFAULT_DATA, Settings
from handlers.app import build_application, running
from tests.e2e.conftest import bishkek

AUDIENCE = range(2000, 2200)
ASKER = 3000


@pytest.fixture
async def busy_bot(emu: BotAPIEmulator, tmp_path):
    """The bot at Telegram's 30 messages a second, 200 subscribers and one participant."""
    settings = Settings(
        token=emu.token, api_base_url=emu.base_url, db_path=tmp_path / "bot.sqlite3",
        data_path=DEFAULT_DATA, broadcast_rate=30,
    )  # fmt: skip
    clock = SimulatedClock(bishkek(22, 10, 45), speed=0)
    async with running(build_application(settings, clock), poll_timeout=1) as app:
        users = app.bot_data["services"].store.users
        for chat in [*AUDIENCE, ASKER]:
            emu.add_user(chat, language_code="en")
            emu.state.known_chats.add(chat)
            await users.record(chat, "en", clock.now())
        yield app


async def test_now_is_answered_while_a_broadcast_is_still_going_out(
    emu: BotAPIEmulator, busy_bot
) -> None:
    delivery = busy_bot.bot_data["services"].delivery
    text = "Coffee break extended by 15 minutes."
    await delivery.create(
        kind="announcement", audience=Audience.topic("announcements"),
        content=Content(texts={"en": text}, default_language="en"), created_by=None,
    )  # fmt: skip
    # The broadcast's sends to most of the audience are held until the reply has come: if
    # the reply waited behind the broadcast, it would never come (proven by order).
    held = emu.hold("sendMessage", AUDIENCE[len(AUDIENCE) // 2 - 10 :])
    first = AUDIENCE[0]
    await emu.wait_events(first, 0, count=1)  # the broadcast has begun
    [reply] = await emu.ask(ASKER, "/now")
    after_reply = emu.mark(ASKER)
    held.set()
    assert "10:45" in reply.text
    # When the reply came, most of the audience was still waiting for the broadcast.
    waiting = [chat for chat in AUDIENCE if not emu.messages(chat)]
    assert len(waiting) > len(AUDIENCE) // 2
    # …and the broadcast then reaches everyone, the asker included.
    for chat in AUDIENCE:
        await emu.wait_events(chat, 0, count=1, timeout=30)
    [announcement] = await emu.wait_events(ASKER, after_reply, count=1, timeout=30)
    assert announcement.message.text == text  # after the reply, though it was queued first
