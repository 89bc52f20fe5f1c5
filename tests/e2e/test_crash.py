"""Kill the bot process (SIGKILL) in the middle of a broadcast, start it again: the
broadcast resumes, nobody is skipped, and the only repeats are the sends that were in flight,
which the report counts as "unknown"."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

from forumbot.delivery.models import Audience, Content
from forumbot.delivery.outbox import Outbox
from forumbot.delivery.sender import SenderConfig
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import RealClock
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.services import import_programme
from forumbot.store import Store

ROOT = Path(__file__).parents[2]
AUDIENCE = 300
TEXT = "The closing ceremony moves to 17:00."


async def prepare_store(path: Path, emu: BotAPIEmulator) -> None:
    """A store with the programme, 300 participants and one queued announcement."""
    store = await Store.open(path)
    try:
        now = RealClock().now()
        await import_programme(store, DEFAULT_DATA, now)
        for chat in range(1000, 1000 + AUDIENCE):
            await store.users.record(chat, "en", now)
            emu.add_user(chat, language_code="en")
            emu.state.known_chats.add(chat)  # they pressed /start before the bot went down
        await Outbox(store.db).create(
            kind="announcement", audience=Audience.topic("announcements"),
            content=Content(texts={"en": TEXT}, default_language="en"), now=now, created_by=1,
        )  # fmt: skip
    finally:
        await store.close()


def delivered(emu: BotAPIEmulator) -> Counter[int]:
    return Counter(
        chat for chat in range(1000, 1000 + AUDIENCE)
        for message in emu.messages(chat) if message.text == TEXT
    )  # fmt: skip


async def start_bot(
    emu: BotAPIEmulator, tmp_path: Path, **extra: str
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUMBOT_")}
    env.update(
        FORUMBOT_TOKEN=emu.token, FORUMBOT_API_BASE_URL=emu.base_url,
        FORUMBOT_DB=str(tmp_path / "bot.sqlite3"), FORUMBOT_BROADCAST_RATE="30",
        FORUMBOT_LOG_LEVEL="WARNING", FORUMBOT_HEALTH_PORT="0",
    )  # fmt: skip
    env.update(extra)
    return await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


async def wait_until(emu: BotAPIEmulator, enough) -> None:
    """Until ``enough(delivered)`` holds; wakes on every change the emulator sees."""
    async with asyncio.timeout(90):
        while not enough(delivered(emu)):
            await emu.state.wait_for(lambda: enough(delivered(emu)), 5.0)


async def test_a_killed_broadcast_resumes_without_skipping_anyone(tmp_path: Path) -> None:
    async with BotAPIEmulator(token="42:CRASH") as emu:
        await prepare_store(tmp_path / "bot.sqlite3", emu)
        first = await start_bot(emu, tmp_path)
        try:
            await wait_until(emu, lambda got: len(got) >= AUDIENCE // 3)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        at_kill = len(delivered(emu))
        assert at_kill < AUDIENCE  # killed in the middle

        second = await start_bot(emu, tmp_path)
        try:
            await wait_until(emu, lambda got: len(got) == AUDIENCE)
        finally:
            second.send_signal(signal.SIGTERM)
            await second.wait()

        got = delivered(emu)
        assert set(got) == set(range(1000, 1000 + AUDIENCE))  # nobody skipped
        repeats = sum(n - 1 for n in got.values())
        assert repeats <= SenderConfig().concurrency  # only what was in flight at the kill
        store = await Store.open(tmp_path / "bot.sqlite3")
        try:
            report = await Outbox(store.db).report(1)
        finally:
            await store.close()
        assert report is not None and report.sent + report.unknown == AUDIENCE
        assert report.unknown >= repeats  # counted honestly: a repeat is never "sent"
