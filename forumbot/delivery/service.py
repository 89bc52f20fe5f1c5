"""DeliveryService: the outbox, the lean Bot API client and the sender, wired together."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence

import aiosqlite

from forumbot.delivery.botapi import BotApi
from forumbot.delivery.models import CHANNEL_LANGUAGE, Audience, Broadcast, Content, Personal
from forumbot.delivery.outbox import Outbox
from forumbot.delivery.sender import OnFinished, OnMissed, Sender, SenderConfig
from forumbot.infra.clock import Clock
from forumbot.infra.settings import Settings
from forumbot.store.db import Database

logger = logging.getLogger(__name__)
_TEXT, _CAPTION = 4096, 1024  # Telegram's limits of a text and a caption, in UTF-16 units


class DeliveryService:
    """What the bot holds: ``open`` in post_init, ``start``, and ``stop`` in post_shutdown."""

    def __init__(self, outbox: Outbox, api: BotApi, sender: Sender, clock: Clock) -> None:
        self.outbox = outbox
        self.api = api
        self.sender = sender
        self.clock = clock
        self.channel_languages: tuple[str, ...] = ()  # the channel's posts (settings)
        # Told the id of a broadcast withdrawn, whoever withdrew it (what rode on it goes
        # too: a summary's post leaves /news).
        self.on_retract: list[Callable[[int], Awaitable[object]]] = []

    @classmethod
    async def open(
        cls,
        db: Database,
        settings: Settings,
        clock: Clock,
        base_url: str | None = None,
        token: str | None = None,
        on_finished: OnFinished | None = None,
        on_missed: OnMissed | None = None,
        *,
        config: SenderConfig | None = None,
        topics_on_by_default: Iterable[str] = (),
    ) -> DeliveryService:
        """Build the parts from the settings; the HTTP session opens here, sending at start()."""
        token = token or settings.token
        if not token:
            raise ValueError("the delivery service needs the bot token")
        config = config or SenderConfig(
            rate=settings.broadcast_rate, grace=settings.schedule_grace
        )
        api = BotApi(
            base_url or settings.api_base_url,
            token,
            paid_broadcasts=settings.paid_broadcasts,
            connections=max(config.concurrency, 1),
        )
        await api.open()
        outbox = Outbox(db, topics_on_by_default)
        sender = Sender(outbox, api, clock, config, on_finished=on_finished, on_missed=on_missed)
        service = cls(outbox, api, sender, clock)
        service.channel_languages = settings.channel_languages
        return service

    async def start(self) -> None:
        """Recover from a crash, settle overdue schedules and start sending."""
        await self.sender.start()
        logger.info("Delivery started at %.0f messages/s", self.sender.config.rate)

    async def stop(self) -> None:
        """Finish the sends in flight, record them, close the HTTP session."""
        try:
            await self.sender.stop()
        finally:
            await self.api.close()
        logger.info("Delivery stopped")

    async def create(
        self,
        *,
        kind: str,
        audience: Audience,
        content: Content,
        created_by: int | None = None,
        scheduled_at: dt.datetime | None = None,
        operation: str = "send",
        parent_id: int | None = None,
    ) -> int:
        """Store a broadcast (now, or at ``scheduled_at``) and wake the sender; its id. One
        that reaches the channel carries the channel's post too (``Content.for_channel``)."""
        if audience.channel and operation == "send":
            content = self.for_channel(content)
        broadcast_id = await self.outbox.create(
            kind=kind,
            audience=audience,
            content=content,
            now=self.clock.now(),
            created_by=created_by,
            scheduled_at=scheduled_at,
            operation=operation,
            parent_id=parent_id,
        )
        self.sender.wake()
        return broadcast_id

    async def create_personal(
        self,
        purpose: str,
        rows: Sequence[Personal],
        also: Callable[[aiosqlite.Connection, int], Awaitable[None]] | None = None,
    ) -> int:
        """Queue one message per recipient, each with its own text; ``also`` records, in
        the same transaction, what was decided. Returns the broadcast id."""
        broadcast_id = await self.outbox.create_personal(
            purpose=purpose, rows=rows, now=self.clock.now(), also=also
        )
        self.sender.wake()
        return broadcast_id

    async def correct(
        self,
        parent_id: int,
        content: Content,
        by: int | None = None,
        languages: Sequence[str] = (),
    ) -> int:
        """Edit a sent broadcast's text for everyone who got it (reading ``languages``, if
        given: the variants that changed)."""
        parent = await self.outbox.get(parent_id)
        if parent is not None and parent.audience.channel:
            content = self.for_channel(content)
            if languages:
                languages = self.edited(parent, content, languages)
        audience = Audience.language(",".join(languages)) if languages else None
        return await self._follow_up("edit", parent_id, content, by, audience)

    def edited(self, parent: Broadcast, new: Content, languages: Sequence[str]) -> tuple[str, ...]:
        """The readers' ``languages`` a correction edits, and the channel's copy when its
        post changes too (the channel's languages may be others than those changed)."""
        if parent.audience.channel and self.for_channel(new).channel != parent.content.channel:
            return (*languages, CHANNEL_LANGUAGE)
        return tuple(languages)

    def for_channel(self, content: Content) -> Content:
        """The content with the channel's post in the channel's languages."""
        return content.for_channel(self.channel_languages, _CAPTION if content.media else _TEXT)

    async def withdraw(self, parent_id: int, by: int | None = None) -> int:
        """Delete a sent broadcast everywhere."""
        withdrawal = await self._follow_up("delete", parent_id, Content(), by)
        await self._retracted(parent_id)
        return withdrawal

    async def cancel(self, broadcast_id: int) -> bool:
        """Cancel a scheduled or running broadcast; False if it is finished or unknown."""
        done = await self.outbox.cancel(broadcast_id, self.clock.now())
        self.sender.wake()
        return done

    async def _retracted(self, broadcast_id: int) -> None:
        for listener in self.on_retract:
            await listener(broadcast_id)

    async def reschedule(self, broadcast_id: int, at: dt.datetime) -> bool:
        """Move a scheduled (or missed) broadcast to ``at``."""
        done = await self.outbox.reschedule(broadcast_id, at)
        self.sender.wake()
        return done

    async def send_now(self, broadcast_id: int) -> bool:
        """A scheduled broadcast goes out now."""
        done = await self.outbox.send_now(broadcast_id)
        self.sender.wake()
        return done

    async def restore(self, broadcast_id: int) -> bool:
        """A cancelled scheduled broadcast is scheduled again (only before its time)."""
        done = await self.outbox.restore(broadcast_id, self.clock.now())
        self.sender.wake()
        return done

    async def _follow_up(
        self,
        operation: str,
        parent_id: int,
        content: Content,
        by: int | None,
        audience: Audience | None = None,
    ) -> int:
        parent = await self.outbox.get(parent_id)
        if (
            parent is None
            or parent.operation != "send"
            or parent.status != "done"
            or parent.withdrawn
        ):
            raise ValueError(f"broadcast {parent_id} is not a finished send")
        return await self.create(
            kind=parent.kind,
            audience=audience or parent.audience,
            content=content,
            created_by=by,
            operation=operation,
            parent_id=parent_id,
        )
