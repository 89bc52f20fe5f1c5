"""SIGTERM (docker stop, systemd, Kubernetes) in the middle of a broadcast, in polling and in
webhook mode: the bot exits cleanly through on_shutdown, the sends in flight finish and are
recorded, and after a restart every recipient has the message exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from forumbot.delivery.outbox import Outbox
from forumbot.emulator import BotAPIEmulator
from forumbot.store import Store

from .test_crash import AUDIENCE, delivered, prepare_store, wait_until
from .test_webhook import free_port

ROOT = Path(__file__).parents[2]


async def start_bot(
    emu: BotAPIEmulator, tmp_path: Path, mode: str, log: Path
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUMBOT_")}
    env.update(
        FORUMBOT_TOKEN=emu.token, FORUMBOT_API_BASE_URL=emu.base_url,
        FORUMBOT_DB=str(tmp_path / "bot.sqlite3"), FORUMBOT_BROADCAST_RATE="30",
        FORUMBOT_LOG_LEVEL="INFO", FORUMBOT_HEALTH_PORT="0",
    )  # fmt: skip
    if mode == "webhook":
        port = free_port()
        env.update(
            FORUMBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
            FORUMBOT_WEBHOOK_SECRET="shutdown-test", FORUMBOT_WEBHOOK_LISTEN="127.0.0.1",
            FORUMBOT_WEBHOOK_PORT=str(port),
        )  # fmt: skip
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "bot.py", "run", cwd=ROOT, env=env, stdout=out, stderr=out
        )


async def terminate(proc: asyncio.subprocess.Process, log: Path) -> str:
    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.wait(), timeout=30)
    text = log.read_text(encoding="utf-8")
    assert proc.returncode == 0, text
    return text


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigterm_mid_broadcast_loses_and_repeats_nothing(tmp_path: Path, mode: str) -> None:
    log = tmp_path / "bot.log"
    async with BotAPIEmulator(token="42:SIGTERM") as emu:
        await prepare_store(tmp_path / "bot.sqlite3", emu)
        first = await start_bot(emu, tmp_path, mode, log)
        try:
            await wait_until(emu, lambda got: len(got) >= AUDIENCE // 3)
        finally:
            text = await terminate(first, log)
        assert "Delivery stopped" in text  # post_shutdown ran: in-flight sends recorded
        at_term = delivered(emu)
        assert len(at_term) < AUDIENCE  # stopped in the middle
        assert set(at_term.values()) == {1}

        second = await start_bot(emu, tmp_path, mode, log)
        try:
            await wait_until(emu, lambda got: len(got) == AUDIENCE)
        finally:
            await terminate(second, log)

        got = delivered(emu)
        assert got == Counter(dict.fromkeys(range(1000, 1000 + AUDIENCE), 1))  # exactly once
        store = await Store.open(tmp_path / "bot.sqlite3")
        try:
            report = await Outbox(store.db).report(1)
        finally:
            await store.close()
        assert report is not None
        assert (report.sent, report.unknown, report.pending) == (AUDIENCE, 0, 0)
        assert "Recovered" not in log.read_text(encoding="utf-8")  # nothing was left in flight
