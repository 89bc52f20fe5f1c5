"""The one sender: schedules, claims, paces and records every broadcast's deliveries.

A single loop task claims rows (never more than ``concurrency`` claimed and unrecorded, so a
crash can repeat at most that many), hands each to its own send task when the pacer allows,
and records outcomes in batches. Scheduling runs on the forum clock; pacing and backoff run
on a monotonic clock. A send whose outcome is unknown is tried once more and then reported
as unknown (the rule is in ``forumbot.delivery.policy``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import inspect
import itertools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from forumbot.delivery.botapi import BotApi, SendResult
from forumbot.delivery.models import Broadcast, Delivery, Outcome, Report
from forumbot.delivery.operations import perform
from forumbot.delivery.outbox import Outbox
from forumbot.delivery.pacing import Pacer
from forumbot.delivery.policy import RetryPolicy, decide, is_missed
from forumbot.infra.clock import Clock

logger = logging.getLogger(__name__)

OnFinished = Callable[[Broadcast, Report], Awaitable[None] | None]
OnMissed = Callable[[Broadcast], Awaitable[None] | None]


@dataclass(frozen=True, slots=True)
class SenderConfig:
    """The sender's knobs; tests shrink the intervals instead of waiting."""

    rate: float = 25.0
    concurrency: int = 32
    chat_interval: float = 1.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    grace: dt.timedelta = dt.timedelta(minutes=15)
    tick_interval: float = 1.0  # seconds between scheduler ticks while idle


@dataclass(slots=True)
class _Row:
    delivery: Delivery
    tries: int = 0  # HTTP calls made since this claim
    errors: int = 0  # consecutive 5xx/network errors
    uncertain: bool = False  # may have been delivered unseen: one more try at most

    def __post_init__(self) -> None:
        self.uncertain = self.uncertain or self.delivery.uncertain

    @property
    def key(self) -> tuple[int, int]:
        return (self.delivery.broadcast_id, self.delivery.chat_id)

    def outcome(
        self, status: str, message_id: int | None = None, error: str | None = None
    ) -> Outcome:
        attempts = self.delivery.attempts - 1 + self.tries  # the claim counted one ahead
        d = self.delivery
        return Outcome(
            d.broadcast_id, d.chat_id, status, attempts, message_id, error, self.uncertain
        )


@dataclass(frozen=True, slots=True)
class _Job:
    broadcast: Broadcast
    caption: bool  # edit the caption, not the text (the parent had media)


class Sender:
    """``start()`` once, ``wake()`` when a broadcast is created, ``stop()`` at shutdown."""

    def __init__(
        self,
        outbox: Outbox,
        api: BotApi,
        clock: Clock,
        config: SenderConfig | None = None,
        *,
        on_finished: OnFinished | None = None,
        on_missed: OnMissed | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or SenderConfig()
        self._outbox, self._api, self._clock = outbox, api, clock
        self._on_finished, self._on_missed = on_finished, on_missed
        self._mono = monotonic
        self.pacer = Pacer(
            self.config.rate, chat_interval=self.config.chat_interval, monotonic=monotonic
        )
        self._held: dict[tuple[int, int], _Row] = {}
        self._ready: list[tuple[float, int, _Row]] = []
        self._seq = itertools.count()
        self._sending: set[asyncio.Task[None]] = set()
        self._outcomes: list[Outcome] = []
        self._jobs: dict[int, _Job] = {}
        self._draining: set[int] = set()
        self._kick = asyncio.Event()
        self._tick_now = True
        self._last_tick = -float("inf")
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Recover rows in flight at a crash, settle overdue schedules, start the loop."""
        await self._outbox.recover()
        await self.tick()
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="broadcast-sender")

    async def stop(self) -> None:
        """Let sends in flight finish, record them, put unsent claimed rows back."""
        self._stopping = True
        self._kick.set()
        if self._task is not None:
            task, self._task = self._task, None
            await task
        if self._sending:
            await asyncio.gather(*self._sending)
        waiting = [row for _due, _seq, row in self._ready]
        self._ready.clear()
        self._outcomes.extend(row.outcome("pending") for row in waiting)
        await self._flush()

    def wake(self) -> None:
        """A broadcast was created or changed: tick and send at once."""
        self._tick_now = True
        self._kick.set()

    async def tick(self) -> None:
        """The scheduler: start due broadcasts; mark those overdue past the grace missed."""
        self._tick_now = False
        self._last_tick = self._mono()
        now = self._clock.now()
        for b in await self._outbox.due(now):
            if b.status == "scheduled" and is_missed(b.scheduled_at, now, self.config.grace):
                if await self._outbox.mark_missed(b.id, now):
                    logger.warning("Broadcast %d missed its time %s", b.id, b.scheduled_at)
                    await _call_back(self._on_missed, b)
            elif await self._outbox.materialise(b.id, now) is not None:
                self._draining.discard(b.id)
        self._kick.set()

    async def _run(self) -> None:
        """The loop: tick, record, claim, dispatch, or wait for something to do."""
        while not self._stopping:
            try:
                await self._step()
            except Exception:
                # A store error must not end broadcasting for good: log, wait, try again.
                logger.exception("The broadcast sender failed a step; retrying")
                await self._wait(self.config.tick_interval)

    async def _step(self) -> None:
        if self._tick_now or self._mono() - self._last_tick >= self.config.tick_interval:
            await self.tick()
        await self._maybe_flush()
        await self._refill()
        await self._finish_drained()
        if not await self._dispatch():
            await self._idle()

    async def _maybe_flush(self) -> None:
        due_now = bool(self._ready) and self._ready[0][0] <= self._mono()
        if len(self._outcomes) >= max(1, self.config.concurrency // 2) or not due_now:
            await self._flush()

    async def _flush(self) -> None:
        """Record finished rows in one transaction and free their places."""
        if not self._outcomes:
            return
        outcomes, self._outcomes = self._outcomes, []
        await self._outbox.record(outcomes, self._clock.now())
        for o in outcomes:
            self._held.pop((o.broadcast_id, o.chat_id), None)

    async def _refill(self) -> None:
        """Claim pending rows, oldest broadcast first, up to the free places."""
        free = self.config.concurrency - len(self._held)
        if free <= 0 or (self._held and free < max(1, self.config.concurrency // 2)):
            return
        now = self._clock.now()
        for broadcast_id in await self._outbox.sending():
            if broadcast_id in self._draining:
                continue
            rows = await self._outbox.claim(broadcast_id, free, now)
            if len(rows) < free:
                self._draining.add(broadcast_id)
            if rows:
                await self._load(broadcast_id)
            for delivery in rows:
                self._hold(_Row(delivery))
            free -= len(rows)
            if free <= 0:
                return

    def _hold(self, row: _Row, delay: float = 0.0) -> None:
        self._held[row.key] = row
        heapq.heappush(self._ready, (self._mono() + delay, next(self._seq), row))

    async def _load(self, broadcast_id: int) -> None:
        if broadcast_id in self._jobs:
            return
        b = await self._outbox.get(broadcast_id)
        assert b is not None
        parent = await self._outbox.get(b.parent_id) if b.parent_id is not None else None
        caption = parent is not None and parent.content.media is not None
        self._jobs[broadcast_id] = _Job(b, caption)

    async def _finish_drained(self) -> None:
        """Broadcasts with nothing left to claim or hold become 'done'."""
        held = {key[0] for key in self._held}
        for broadcast_id in sorted(self._draining - held):
            self._draining.discard(broadcast_id)
            self._jobs.pop(broadcast_id, None)  # loaded again if a row comes back
            if await self._outbox.finish(broadcast_id, self._clock.now()):
                b = await self._outbox.get(broadcast_id)
                report = await self._outbox.report(broadcast_id)
                assert b is not None and report is not None
                logger.info(
                    "Broadcast %d done: %d sent, %d unknown, of %d",
                    b.id, report.sent, report.unknown, report.total,
                )  # fmt: skip
                await _call_back(self._on_finished, b, report)

    async def _dispatch(self) -> bool:
        """Start the send of the next ready row when the pacer allows; False if none."""
        if not self._ready or self._ready[0][0] > self._mono():
            return False
        _due, _seq, row = heapq.heappop(self._ready)
        chat_id = row.delivery.chat_id
        if (chat_wait := self.pacer.chat_wait(chat_id)) > 0:
            self._hold(row, chat_wait)
            return True
        while (wait := self.pacer.acquire(chat_id)) > 0:
            await self._wait(wait)
            if self._stopping:
                self._hold(row)
                return False
        row.tries += 1
        task = asyncio.create_task(self._deliver(row))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        return True

    async def _deliver(self, row: _Row) -> None:
        """One send task: call, decide, and queue the outcome or the retry."""
        job = self._jobs[row.delivery.broadcast_id]
        try:
            result = await perform(self._api, job.broadcast, job.caption, row.delivery)
        except Exception as exc:
            # Not a Telegram answer but a bug or bad content: fail this row, keep going.
            logger.exception("Sending broadcast %d failed", job.broadcast.id)
            result = SendResult(ok=False, error_code=0, description=type(exc).__name__)
        decision = decide(
            result,
            row.errors,
            self.config.retry,
            uncertain=row.uncertain,
            repeatable=job.broadcast.operation != "send",
        )
        row.uncertain = decision.uncertain
        if decision.pause:
            logger.warning("429 from Telegram: pausing %.1f s", decision.pause)
            self.pacer.pause(decision.pause)
        if decision.action == "retry":
            row.errors += 1
            self._hold(row, self.config.retry.delay(row.errors))
        elif decision.action == "sent":
            self._outcomes.append(row.outcome("sent", result.message_id))
        else:
            self._outcomes.append(row.outcome(decision.action, error=decision.error))
        self._kick.set()

    async def _idle(self) -> None:
        """Wait for a kick, the next ready row, or the next tick."""
        timeout = self.config.tick_interval
        if self._ready:
            timeout = min(timeout, max(0.0, self._ready[0][0] - self._mono()))
        await self._wait(timeout)

    async def _wait(self, seconds: float) -> None:
        if not self._kick.is_set():
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self._kick.wait()
        self._kick.clear()


async def _call_back(callback: Callable[..., Any] | None, *args: Any) -> None:
    """Run a user callback; its failure is logged, never stops the sender."""
    if callback is None:
        return
    try:
        result = callback(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:
        logger.exception("Broadcast callback %r failed", callback)
