"""Kill the bot process (SIGKILL) while it sends a session's reminders, start it again: each
person gets their reminder, none twice except the sends in flight at the kill (counted as
"unknown"), and the planner does not decide the same reminders again."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from pathlib import Path

from forumbot.delivery.outbox import Outbox
from forumbot.delivery.sender import SenderConfig
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.settings import DEFAULT_DATA
from forumbot.runtime.services import import_programme
from forumbot.store import Store
from tests.e2e.conftest import bishkek
from tests.e2e.test_crash import start_bot

FANS = range(2000, 2300)


async def prepare_store(path: Path, emu: BotAPIEmulator) -> None:
    """300 people who starred the first round table (22 June 10:30), reminders 10 min ahead."""
    store = await Store.open(path)
    try:
        now = bishkek(22, 9, 0)  # they starred it in the morning
        await import_programme(store, DEFAULT_DATA, now)
        for chat in FANS:
            await store.users.record(chat, "en", now)
            await store.personal.star(chat, "rt-technology", now)
            emu.add_user(chat, language_code="en")
            emu.state.known_chats.add(chat)
    finally:
        await store.close()


def reminded(emu: BotAPIEmulator) -> Counter[int]:
    return Counter(
        chat for chat in FANS
        for message in emu.messages(chat) if message.text.startswith("⏰")
    )  # fmt: skip


async def wait_until(emu: BotAPIEmulator, enough) -> None:
    async with asyncio.timeout(90):
        while not enough(reminded(emu)):
            await emu.state.wait_for(lambda: enough(reminded(emu)), 5.0)


async def test_a_kill_while_reminding_neither_loses_nor_repeats_reminders(
    tmp_path: Path,
) -> None:
    clock = {"FORUMBOT_CLOCK_START": "2023-06-22T10:21", "FORUMBOT_CLOCK_SPEED": "0"}
    async with BotAPIEmulator(token="42:REMIND") as emu:
        await prepare_store(tmp_path / "bot.sqlite3", emu)
        first = await start_bot(emu, tmp_path, **clock)
        try:
            await wait_until(emu, lambda got: len(got) >= len(FANS) // 3)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        assert len(reminded(emu)) < len(FANS)  # killed in the middle

        second = await start_bot(emu, tmp_path, **clock)
        try:
            await wait_until(emu, lambda got: len(got) == len(FANS))
        finally:
            second.send_signal(signal.SIGTERM)
            await second.wait()

        got = reminded(emu)
        assert set(got) == set(FANS)  # nobody lost
        repeats = sum(n - 1 for n in got.values())
        assert repeats <= SenderConfig().concurrency  # only what was in flight at the kill
        store = await Store.open(tmp_path / "bot.sqlite3")
        try:
            assert await store.personal.reminder_counts() == {"sent": len(FANS)}
            rows = await store.db.fetchall("SELECT id FROM broadcasts WHERE kind = 'reminder'")
            assert len(rows) == 1  # decided once, not again after the restart
            report = await Outbox(store.db).report(rows[0][0])
        finally:
            await store.close()
        assert report is not None and report.sent + report.unknown == len(FANS)
        assert report.unknown >= repeats  # counted honestly: a repeat is never "sent"
