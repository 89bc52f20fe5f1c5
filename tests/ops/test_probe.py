"""The container's health check command, run as Docker runs it, against a real endpoint."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable

import pytest

from forumbot.infra.settings import Settings
from forumbot.ops.health import Health, HealthServer, OutboxDepth
from forumbot.ops.metrics import Metrics
from forumbot.ops.probe import healthz_url

from . import ROOT


async def probe_exit(port: int, listen: str = "127.0.0.1") -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUMBOT_")}
    env.update(FORUMBOT_HEALTH_PORT=str(port), FORUMBOT_HEALTH_LISTEN=listen)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "forumbot.ops.probe", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=30)
    return proc.returncode or 0, out.decode("utf-8")


def answering(health: Health) -> Callable[[], Awaitable[Health]]:
    async def probe() -> Health:
        return health

    return probe


@pytest.mark.parametrize(
    ("health", "code"),
    [
        (Health("ok", store=True, outbox=OutboxDepth(0, 0, 0)), 0),
        (Health("store_failed", store=False, error="OperationalError"), 1),
    ],
)
async def test_the_probe_passes_only_when_healthz_says_ok(health: Health, code: int) -> None:
    server = HealthServer("127.0.0.1", 0, Metrics(), answering(health))
    await server.start()
    try:
        # 0.0.0.0, as the image sets it, is probed through the loopback address.
        assert await probe_exit(server.port, "0.0.0.0") == (code, _expected(health, code))
    finally:
        await server.stop()


def _expected(health: Health, code: int) -> str:
    body = json.dumps(health.to_json())
    return body + "\n" if code == 0 else f"unhealthy: HTTP 503 {body}\n"


async def test_nothing_listening_is_unhealthy() -> None:
    server = HealthServer("127.0.0.1", 0, Metrics(), answering(Health("starting", False)))
    await server.start()
    port = server.port
    await server.stop()  # the port is free again: the bot is not there
    code, out = await probe_exit(port)
    assert code == 1 and out.startswith("unhealthy:")


async def test_with_the_endpoint_off_there_is_nothing_to_check() -> None:
    assert await probe_exit(0) == (
        0,
        "FORUMBOT_HEALTH_PORT is 0: there is no health endpoint to check\n",
    )


def test_the_url_for_each_listen_address() -> None:
    def url(listen: str) -> str | None:
        return healthz_url(Settings(health_listen=listen, health_port=8080))

    assert url("0.0.0.0") == "http://127.0.0.1:8080/healthz"
    assert url("::") == "http://[::1]:8080/healthz"
    assert url("10.0.0.5") == "http://10.0.0.5:8080/healthz"
    assert healthz_url(Settings(health_port=0)) is None
