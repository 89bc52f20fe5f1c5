"""Webhook delivery, as Telegram does it: while a webhook is set, POST each update to its URL
with the secret token header, in order, one at a time; retry until the bot answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aiohttp

from forumbot.emulator.state import EmuState

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookPusher:
    """Runs beside the server; ``start()`` with it, ``stop()`` before it closes."""

    def __init__(self, state: EmuState, retry_delay: float = 0.2, max_delay: float = 5.0) -> None:
        self.state = state
        self.retry_delay = retry_delay
        self.max_delay = max_delay
        self.delivered = 0
        self.refused: list[int] = []  # HTTP statuses of failed deliveries, for tests
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._task = asyncio.create_task(self._run(), name="emulator-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            task, self._task = self._task, None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def _run(self) -> None:
        delay = self.retry_delay
        while not self.state.closing:
            update = await self._next()
            hook = self.state.settings["webhook"]
            if update is None or not hook:
                continue
            if await self._post(hook, update):
                # Confirmed: like getUpdates with the next offset.
                self.state.pending_updates(update["update_id"] + 1, None)
                self.delivered += 1
                delay = self.retry_delay
            else:
                await asyncio.sleep(delay)  # Telegram retries later, backing off
                delay = min(delay * 2, self.max_delay)

    async def _next(self) -> dict[str, Any] | None:
        """The oldest update waiting while a webhook is set, or None after a while."""

        def waiting() -> list[dict[str, Any]]:
            hook = self.state.settings["webhook"]
            if not hook:
                return []
            return self.state.pending_updates(None, _allowed(hook))

        await self.state.wait_for(lambda: bool(waiting()), 5.0)
        updates = waiting()
        return updates[0] if updates else None

    async def _post(self, hook: dict[str, Any], update: dict[str, Any]) -> bool:
        assert self._session is not None
        headers = {}
        if hook.get("secret_token"):
            headers[SECRET_HEADER] = str(hook["secret_token"])
        try:
            async with self._session.post(hook["url"], json=update, headers=headers) as answer:
                status = answer.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._failed(hook, f"Connection failed: {type(exc).__name__}", 0)
            return False
        if 200 <= status < 300:
            return True
        self._failed(hook, f"Wrong response from the webhook: {status}", status)
        return False

    def _failed(self, hook: dict[str, Any], message: str, status: int) -> None:
        logger.info("webhook delivery failed: %s", message)
        hook["last_error_date"] = self.state.now()
        hook["last_error_message"] = message
        self.refused.append(status)


def _allowed(hook: dict[str, Any]) -> list[str] | None:
    allowed = hook.get("allowed_updates")
    return allowed if isinstance(allowed, list) and allowed else None
