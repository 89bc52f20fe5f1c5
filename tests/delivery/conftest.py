"""Fixtures for delivery: a real SQLite store, the simulated clock, the emulator, a sender."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from forumbot.delivery import (
    BotApi,
    Broadcast,
    Outbox,
    Report,
    RetryPolicy,
    Sender,
    SenderConfig,
)
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import SimulatedClock
from forumbot.store import Store

START = dt.datetime(2023, 6, 22, 4, 45, tzinfo=dt.UTC)  # 10:45 in Bishkek
# Tiny intervals so retries and per-chat spacing never make a test wait; a time-out for
# anything that would hang, far above what a passing test needs.
FAST = SenderConfig(
    rate=1000.0,
    concurrency=8,
    chat_interval=0.0,
    retry=RetryPolicy(max_attempts=3, backoff=0.001, backoff_cap=0.01),
    grace=dt.timedelta(minutes=15),
    tick_interval=0.05,
)
PATIENCE = 20.0


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START, speed=0)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


@pytest.fixture
def outbox(store: Store) -> Outbox:
    return Outbox(store.db)


@pytest.fixture
async def emu() -> AsyncIterator[BotAPIEmulator]:
    async with BotAPIEmulator(token="123456:DELIVERY-TOKEN") as emulator:
        yield emulator


async def add_people(
    store: Store,
    clock: SimulatedClock,
    chat_ids: Iterable[int],
    language: str = "ru",
    emu: BotAPIEmulator | None = None,
) -> None:
    """People who pressed /start: in the store and, if given, known to the emulator."""
    for chat_id in chat_ids:
        await store.users.record(chat_id, language, clock.now())
        if emu is not None:
            emu.add_user(chat_id, language_code=language)
            emu.state.known_chats.add(chat_id)


async def set_topic(store: Store, chat_id: int, topic: str, enabled: bool | None) -> None:
    """Turn a topic on or off for someone; None removes the row altogether."""
    async with store.db.transaction() as conn:
        await conn.execute(
            "DELETE FROM user_topics WHERE chat_id = ? AND topic = ?", (chat_id, topic)
        )
        if enabled is not None:
            await conn.execute(
                "INSERT INTO user_topics (chat_id, topic, enabled) VALUES (?, ?, ?)",
                (chat_id, topic, int(enabled)),
            )


@dataclass
class Harness:
    """A sender against the emulator, with events to wait on instead of sleeping."""

    outbox: Outbox
    api: BotApi
    clock: SimulatedClock
    config: SenderConfig
    finished: dict[int, Report] = field(default_factory=dict)
    missed: list[Broadcast] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    sender: Sender | None = None

    def new_sender(self) -> Sender:
        self.sender = Sender(
            self.outbox,
            self.api,
            self.clock,
            self.config,
            on_finished=self._finished,
            on_missed=self._missed,
        )
        return self.sender

    async def _finished(self, broadcast: Broadcast, report: Report) -> None:
        self.finished[broadcast.id] = report
        self.changed.set()

    def _missed(self, broadcast: Broadcast) -> None:
        self.missed.append(broadcast)
        self.changed.set()

    async def done(self, broadcast_id: int) -> Report:
        """Wait until the broadcast is done; its report."""

        async def wait() -> Report:
            while broadcast_id not in self.finished:
                self.changed.clear()
                await self.changed.wait()
            return self.finished[broadcast_id]

        return await asyncio.wait_for(wait(), PATIENCE)


@pytest.fixture
async def harness(
    outbox: Outbox, emu: BotAPIEmulator, clock: SimulatedClock
) -> AsyncIterator[Harness]:
    async with BotApi(emu.base_url, emu.token, timeout=2.0) as api:
        h = Harness(outbox, api, clock, FAST)
        yield h
        if h.sender is not None:
            await h.sender.stop()
