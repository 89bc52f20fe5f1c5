"""The health endpoint: ``GET /healthz`` (JSON, 200 or 503) and ``GET /metrics`` (Prometheus),
on their own port, served by aiohttp on the bot's event loop.

The bot hands in a probe that finds its services (None while starting or stopping); the probe
asks the store a trivial query and the outbox its depth, each within a time limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass

from aiohttp import web

from forumbot.delivery.outbox import Outbox
from forumbot.ops.metrics import CONTENT_TYPE, Metrics
from forumbot.store import Store

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 2.0  # seconds; a store slower than this is reported as not answering


class HealthError(RuntimeError):
    """The endpoint could not listen; the message names the setting to change."""


@dataclass(frozen=True, slots=True)
class OutboxDepth:
    pending_deliveries: int  # not yet sent, of the broadcasts being sent
    sending: int  # broadcasts being sent
    scheduled: int  # broadcasts waiting for their time


@dataclass(frozen=True, slots=True)
class Health:
    status: str  # ok, starting (services not open yet, or closed), store_failed
    store: bool
    outbox: OutboxDepth | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict:
        return asdict(self)


async def check_health(store: Store | None, outbox: Outbox | None) -> Health:
    """The store answers ``SELECT 1``; the outbox says how much is waiting."""
    if store is None:
        return Health("starting", store=False)
    try:
        async with asyncio.timeout(PROBE_TIMEOUT):
            await store.db.fetchone("SELECT 1")
            depth = await _depth(outbox or Outbox(store.db))
    except Exception as exc:  # any failure means "not healthy"; the reason is reported
        return Health("store_failed", store=False, error=type(exc).__name__)
    return Health("ok", store=True, outbox=depth)


async def _depth(outbox: Outbox) -> OutboxDepth:
    sending = await outbox.sending()
    pending = 0
    for broadcast_id in sending:
        pending += await outbox.remaining(broadcast_id)
    return OutboxDepth(pending, len(sending), len(await outbox.list_scheduled()))


class HealthServer:
    """``start()`` binds (or raises HealthError), ``stop()`` closes."""

    def __init__(
        self,
        host: str,
        port: int,
        metrics: Metrics,
        probe: Callable[[], Awaitable[Health]],
    ) -> None:
        self.host, self.port = host, port
        self.metrics = metrics
        self._probe = probe
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise HealthError(
                f"FORUMBOT_HEALTH_PORT: cannot listen on {self.host}:{self.port} "
                f"({exc.strerror or exc}); choose another port, or 0 to turn the endpoint off"
            ) from None
        self._runner = runner
        if self.port == 0:  # an ephemeral port (tests): say which
            self.port = runner.addresses[0][1]
        logger.info("Health endpoint on http://%s:%d/healthz and /metrics", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def health(self) -> Health:
        return await self._probe()

    async def _healthz(self, request: web.Request) -> web.Response:
        health = await self.health()
        return web.json_response(health.to_json(), status=200 if health.ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        health = await self.health()
        self.metrics.store_up.set(1 if health.store else 0)
        if health.outbox is not None:
            self.metrics.outbox_depth.set(health.outbox.pending_deliveries)
            self.metrics.broadcasts.set(health.outbox.sending, "sending")
            self.metrics.broadcasts.set(health.outbox.scheduled, "scheduled")
        body = self.metrics.render().encode("utf-8")
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})
