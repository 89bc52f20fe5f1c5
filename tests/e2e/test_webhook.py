"""Webhook mode: the emulator POSTs updates to a set webhook with the secret token, as
Telegram does, and getUpdates answers 409 meanwhile."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

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
