"""The health endpoint an operator and an orchestrator read: /healthz (store and outbox, 200 or
503) and /metrics (Prometheus text: updates, messages sent, 429s, outbox depth)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import socket
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import aiohttp
import pytest
from telegram.ext import Application

from forumbot.delivery.models import Audience, Content
from forumbot.delivery.outbox import Outbox
from forumbot.emulator import BotAPIEmulator
from forumbot.infra.clock import RealClock
from forumbot.ops.health import HealthError, HealthServer, OutboxDepth, check_health
from forumbot.ops.metrics import Metrics
from forumbot.store import Store
from handlers.app import probe

from .conftest import start_in


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, response.headers["Content-Type"], await response.text()


def sample(metrics: str, name: str) -> float:
    """The value of one sample line, e.g. ``forumbot_updates_total{type="message"}``."""
    match = re.search(rf"^{re.escape(name)} (\S+)$", metrics, re.MULTILINE)
    assert match, f"no sample {name} in:\n{metrics}"
    return float(match.group(1))


@pytest.fixture
async def health(bot: Application) -> AsyncIterator[HealthServer]:
    """The running bot's endpoint, as run() serves it, on a free port."""
    server = HealthServer("127.0.0.1", 0, bot.bot_data["metrics"], partial(probe, bot))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def test_healthz_reports_the_store_and_an_empty_outbox(health: HealthServer) -> None:
    status, content_type, body = await get(f"http://127.0.0.1:{health.port}/healthz")
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == (
        '{"status": "ok", "store": true, "outbox": {"pending_deliveries": 0, "sending": 0, '
        '"scheduled": 0}, "error": null}'
    )


async def test_metrics_count_updates_replies_broadcasts_and_429s(
    emu: BotAPIEmulator, bot: Application, health: HealthServer
) -> None:
    url = f"http://127.0.0.1:{health.port}/metrics"
    await start_in(emu, 41, "en")  # /start: welcome and picker sent; a button pressed
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await emu.ask(41, "/now")  # refused once, then sent
    services = bot.bot_data["services"]
    for chat in (51, 52):
        emu.add_user(chat, language_code="en")
        emu.state.known_chats.add(chat)  # they pressed /start some time ago
        await services.store.users.record(chat, "en", services.clock.now())
    since = {41: emu.mark(41), 51: 0, 52: 0}
    broadcast = await services.delivery.create(
        kind="announcement", audience=Audience.language("en"),
        content=Content(texts={"en": "Lunch moves to 13:30."}, default_language="en"),
    )  # fmt: skip
    for chat, seen in since.items():
        await emu.wait_events(chat, seen, count=1)
    # Arrived is not yet recorded: the sender writes outcomes in batches, a moment later.
    async with asyncio.timeout(10):
        while await services.delivery.outbox.remaining(broadcast):
            await asyncio.sleep(0.05)
    status, content_type, metrics = await get(url)
    assert status == 200 and content_type == "text/plain; version=0.0.4; charset=utf-8"
    assert sample(metrics, 'forumbot_updates_total{type="message"}') == 2
    assert sample(metrics, 'forumbot_updates_total{type="callback_query"}') == 1
    # The welcome, the language picker, "language set" and /now (edits are no new messages).
    assert sample(metrics, 'forumbot_messages_sent_total{path="reply"}') == 4
    assert sample(metrics, 'forumbot_messages_sent_total{path="broadcast"}') == 3
    assert sample(metrics, 'forumbot_telegram_429_total{path="reply"}') == 1
    assert sample(metrics, 'forumbot_telegram_429_total{path="broadcast"}') == 0
    assert sample(metrics, "forumbot_store_up") == 1
    assert sample(metrics, "forumbot_outbox_pending_deliveries") == 0
    assert "# TYPE forumbot_messages_sent_total counter" in metrics


async def test_the_outbox_depth_counts_pending_deliveries_and_broadcasts(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "s.sqlite3")
    try:
        now = RealClock().now()
        outbox = Outbox(store.db)
        for chat in (1, 2, 3):
            await store.users.record(chat, "en", now)
        content = Content(texts={"en": "hi"}, default_language="en")
        sending = await outbox.create(
            kind="announcement", audience=Audience.everyone(), content=content, now=now
        )
        await outbox.materialise(sending, now)
        await outbox.create(
            kind="announcement", audience=Audience.everyone(), content=content, now=now,
            scheduled_at=now + dt.timedelta(hours=1),
        )  # fmt: skip
        health = await check_health(store, outbox)
    finally:
        await store.close()
    assert health.ok and health.outbox == OutboxDepth(pending_deliveries=3, sending=1, scheduled=1)


async def test_a_store_that_does_not_answer_is_503(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "s.sqlite3")
    await store.close()  # every query now fails
    server = HealthServer("127.0.0.1", 0, Metrics(), partial(check_health, store, None))
    await server.start()
    try:
        status, _, body = await get(f"http://127.0.0.1:{server.port}/healthz")
        assert status == 503 and '"status": "store_failed"' in body
        status, _, metrics = await get(f"http://127.0.0.1:{server.port}/metrics")
        assert status == 200 and sample(metrics, "forumbot_store_up") == 0
    finally:
        await server.stop()


async def test_before_the_services_open_the_bot_says_starting() -> None:
    health = await check_health(None, None)
    assert (health.ok, health.status) == (False, "starting")


async def test_a_port_in_use_is_named_as_the_setting_to_change() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = HealthServer("127.0.0.1", port, Metrics(), partial(check_health, None, None))
        with pytest.raises(
            HealthError, match=f"FORUMBOT_HEALTH_PORT: cannot listen on 127.0.0.1:{port}"
        ):
            await server.start()
