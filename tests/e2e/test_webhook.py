"""Webhook mode: the emulator POSTs updates to the bot's webhook with the secret token, as
Telegram does; the bot answers; a forged POST (no secret, or a wrong one) is refused."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from forumbot.emulator import ApiError, BotAPIEmulator

ROOT = Path(__file__).parents[2]
SECRET = "e2e-Webhook_secret-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- the emulator's side, with a stand-in receiver ----------------------------------------


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[tuple[dict, dict]], list[int]]]:
    """A webhook receiver recording (headers, update); answers the statuses queued first."""
    got: list[tuple[dict, dict]] = []
    statuses: list[int] = []

    async def hook(request: web.Request) -> web.Response:
        got.append((dict(request.headers), await request.json()))
        return web.Response(status=statuses.pop(0) if statuses else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/hook", got, statuses
    finally:
        await runner.cleanup()


async def until(emu: BotAPIEmulator, predicate: Any, timeout: float = 10) -> None:
    assert await emu.state.wait_for(predicate, timeout)


async def test_a_set_webhook_receives_updates_with_the_secret_and_getupdates_conflicts(
    receiver: tuple[str, list[tuple[dict, dict]], list[int]],
) -> None:
    url, got, statuses = receiver
    async with BotAPIEmulator() as emu:
        await emu.send_text(5, "/before")  # waits for whoever asks first
        assert await emu.call("setWebhook", {"url": url, "secret_token": SECRET})
        with pytest.raises(ApiError) as conflict:
            await emu.call("getUpdates", {})
        assert conflict.value.code == 409

        statuses.append(500)  # the bot fails once: Telegram keeps the update and retries
        await emu.send_text(5, "/after")
        await until(emu, lambda: emu.webhook.delivered == 2)
        texts = [update["message"]["text"] for _headers, update in got]
        assert texts == ["/before", "/before", "/after"]  # in order, the failed one again
        assert {h["X-Telegram-Bot-Api-Secret-Token"] for h, _ in got} == {SECRET}
        info = await emu.call("getWebhookInfo", {})
        assert info["url"] == url and info["pending_update_count"] == 0
        assert "500" in info["last_error_message"] and "secret_token" not in info

        assert await emu.call("deleteWebhook", {})
        await emu.send_text(5, "/polled")
        [update] = await emu.call("getUpdates", {})
        assert update["message"]["text"] == "/polled" and len(got) == 3


async def test_set_webhook_refuses_a_bad_secret_and_an_empty_url_deletes() -> None:
    async with BotAPIEmulator() as emu:
        with pytest.raises(ApiError) as bad:
            await emu.call("setWebhook", {"url": "https://x.org/h", "secret_token": "a b"})
        assert bad.value.code == 400
        assert await emu.call("setWebhook", {"url": "https://x.org/h"})
        assert await emu.call("setWebhook", {"url": ""})
        assert (await emu.call("getWebhookInfo", {}))["url"] == ""


# ---- the real bot, as a process, in webhook mode ------------------------------------------


def bot_env(tmp_path: Path, emu: BotAPIEmulator, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUMBOT_")}
    env.update(
        FORUMBOT_TOKEN=emu.token, FORUMBOT_API_BASE_URL=emu.base_url,
        FORUMBOT_DB=str(tmp_path / "bot.sqlite3"), FORUMBOT_LOG_LEVEL="DEBUG",
        FORUMBOT_LOG_FORMAT="json", FORUMBOT_CLOCK_START="2023-06-22T10:45",
        FORUMBOT_CLOCK_SPEED="0", FORUMBOT_HEALTH_PORT="0",
    )  # fmt: skip
    env.update(extra)
    return env


async def start_bot(env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    """``bot.py run``, its log in a file (a DEBUG log would fill an unread pipe and stall)."""
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "bot.py", "run", cwd=ROOT, env=env, stdout=out, stderr=out
        )


async def stop_bot(proc: asyncio.subprocess.Process, log: Path) -> str:
    """SIGTERM, as Docker and systemd stop the bot; returns the log."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.wait(), timeout=30)
    return log.read_text(encoding="utf-8")


def forged_start(user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Mallory", "language_code": "en"}
    return {
        "update_id": 999_999,
        "message": {
            "message_id": 1, "date": 1_687_400_000, "text": "/start", "from": user,
            "chat": {"id": user_id, "type": "private", "first_name": "Mallory"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }  # fmt: skip


async def test_the_bot_answers_through_its_webhook_and_refuses_forged_updates(
    tmp_path: Path,
) -> None:
    port, health = free_port(), free_port()
    hook_url = f"http://127.0.0.1:{port}/telegram/hook"
    async with BotAPIEmulator(token="42:WEBHOOK") as emu:
        env = bot_env(
            tmp_path, emu, FORUMBOT_WEBHOOK_URL=hook_url, FORUMBOT_WEBHOOK_SECRET=SECRET,
            FORUMBOT_WEBHOOK_LISTEN="127.0.0.1", FORUMBOT_WEBHOOK_PORT=str(port),
            FORUMBOT_HEALTH_PORT=str(health),
        )  # fmt: skip
        log_file = tmp_path / "bot.log"
        proc = await start_bot(env, log_file)
        try:
            await until(emu, lambda: bool(emu.state.settings["webhook"]), timeout=30)
            assert emu.state.settings["webhook"]["url"] == hook_url
            assert emu.state.settings["webhook"]["secret_token"] == SECRET

            emu.add_user(60, language_code="en")
            welcome, _picker = await emu.ask(60, "/start", count=2, timeout=30)
            assert "Cholpon-Ata" in welcome.text

            async with aiohttp.ClientSession() as http:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret"}):
                    async with http.post(hook_url, json=forged_start(66), headers=headers) as r:
                        assert r.status == 403
                async with http.get(f"http://127.0.0.1:{health}/metrics") as r:
                    metrics = await r.text()
            # Refused before reaching the update queue: the next genuine update is answered,
            # and the forger's chat stays empty.
            [now] = await emu.ask(60, "/now", timeout=30)
            assert "10:45" in now.text
            assert emu.messages(66) == []
            assert 'forumbot_updates_total{type="message"} 1' in metrics  # /start only
        finally:
            log = await stop_bot(proc, log_file)
        assert proc.returncode == 0, log
        assert emu.token not in log and SECRET not in log
        entries = [json.loads(line) for line in log.splitlines()]
        assert any("forumbot is up" in e["message"] for e in entries)
        assert any(e["message"] == "Delivery stopped" for e in entries)  # on_shutdown ran
