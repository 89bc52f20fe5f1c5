"""What the bot runs on: settings, the store, the clock, the catalogs, the delivery engine and
the planner, opened together and handed over whole."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from forumbot.delivery.sender import OnFinished, OnMissed
from forumbot.delivery.service import DeliveryService
from forumbot.infra.clock import Clock, RealClock, SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from forumbot.infra.timeutil import local_to_utc, zone_or_none
from forumbot.programme import LoadResult
from forumbot.programme.worker import DEFAULT_LIMITS, Limits, load_in_worker
from forumbot.render.shared import SharedViews
from forumbot.runtime.channel import ChannelPoster, describe, probe
from forumbot.runtime.planner import Planner
from forumbot.runtime.privacy import Forgotten, load_key
from forumbot.store import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """Built whole by ``open_services``; nothing is filled in afterwards."""

    settings: Settings
    store: Store
    clock: Clock
    catalogs: Catalogs
    forgotten: Forgotten  # who erased themselves (opened with the store)
    delivery: DeliveryService  # broadcasts and personal messages (forumbot.delivery)
    planner: Planner  # reminders, digests, change notices, feedback prompts
    wake: Callable[[], None]  # after moving the clock: due broadcasts and reminders go at once
    bot_username: str | None = None
    channel: ChannelPoster | None = None  # the forum's channel, when set and found at start
    views: SharedViews = field(default_factory=SharedViews)  # what everyone sees, rendered once
    # Set when a refresh from the programme URL has ended (the one at start, then each).
    source_refreshed: asyncio.Event = field(default_factory=asyncio.Event)

    async def is_organiser(self, user_id: int) -> bool:
        """The settings' organisers and owners, and the organisers the owners added in the
        chat: asked on every organiser action, in the chat and in the Mini App."""
        settings = self.settings
        if user_id in settings.organiser_ids or user_id in settings.owner_ids:
            return True
        return await self.store.staff.is_organiser(user_id)

    async def close(self) -> None:
        try:
            await self.store.users.flush_seen()
        finally:
            await self.store.close()


@dataclass(frozen=True, slots=True)
class Hooks:
    """What the adapter hands in: who the bot is, and whom the engine tells what."""

    bot_username: str | None = None
    wake: Callable[[], None] = lambda: None
    on_finished: OnFinished | None = None
    on_missed: OnMissed | None = None


async def import_programme(
    store: Store,
    path: Path,
    now: dt.datetime,
    actor: int | None = None,
    zone: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Validate the file at ``path`` and put it in service; raises ProgrammeError (and
    changes nothing) when the file is refused. Returns the number of sessions."""
    result = await import_file(store, path, now, actor, zone, limits)
    return len(result.programme.sessions)


async def import_file(
    store: Store,
    path: Path,
    now: dt.datetime,
    actor: int | None = None,
    zone: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    new_edition: bool = False,
) -> LoadResult:
    """As import_programme, for any format (YAML, schedule.json, schedule.xml); returns the
    programme with the warnings the import noticed. ``zone`` reads files that name none.
    The file is checked in the worker (a child process) within ``limits``; another forum's
    only as a confirmed ``new_edition``."""
    result = await load_in_worker(path, zone, limits=limits)
    await put_in_service(store, result, path, now, actor, new_edition=new_edition)
    return result


async def put_in_service(
    store: Store,
    result: LoadResult,
    path: Path | str,
    now: dt.datetime,
    actor: int | None = None,
    *,
    new_edition: bool = False,
) -> LoadResult:
    """Replace the programme in service with a file already loaded and validated; another
    forum's only when ``new_edition`` was confirmed (else OtherForum, nothing changed)."""
    programme = result.programme
    await store.programme.replace(programme, str(path), now, new_edition=new_edition, actor=actor)
    await store.staff.audit(
        actor, "imported", now, file=str(path), sessions=len(programme.sessions)
    )
    return result


def make_clock(settings: Settings, zone_name: str | None) -> Clock:
    """The real clock, or a simulated one from FORUMBOT_CLOCK_START (in the forum's zone)."""
    if settings.clock_start is None:
        return RealClock()
    zone = zone_or_none(zone_name or "") or dt.UTC
    return SimulatedClock(local_to_utc(settings.clock_start, zone), settings.clock_speed)


async def open_services(
    settings: Settings,
    clock: Clock | None = None,
    catalogs: Catalogs | None = None,
    hooks: Hooks | None = None,
) -> Services:
    """Open the store (importing the bundled programme if it is empty), the delivery engine
    (not sending until ``delivery.start()``) and the planner; load the catalogs."""
    hooks = hooks or Hooks()
    store = await _open_store(settings, clock)
    try:
        forum = await store.programme.forum()
        clock = clock or make_clock(settings, forum.timezone)
        catalogs = catalogs or Catalogs.load()
        forgotten = await Forgotten.open(store, load_key(settings.privacy_key, settings.db_path))
        delivery = await DeliveryService.open(
            store.db, settings, clock, on_finished=hooks.on_finished, on_missed=hooks.on_missed
        )
        delivery.on_retract.append(store.posts.delete_by_broadcast)  # a summary leaves /news
        channel = await _find_channel(settings, store, catalogs, delivery, hooks.bot_username)
    except BaseException:
        await store.close()
        raise
    planner = Planner(
        store,
        catalogs,
        clock,
        delivery,
        bot_username=hooks.bot_username,
        change_window=settings.change_window,
        feedback_day_time=settings.feedback_day_time,
        channel=channel,
    )
    return Services(
        settings, store, clock, catalogs, forgotten, delivery, planner, hooks.wake,
        hooks.bot_username, channel,
    )  # fmt: skip


async def _find_channel(
    settings: Settings,
    store: Store,
    catalogs: Catalogs,
    delivery: DeliveryService,
    bot_username: str | None,
) -> ChannelPoster | None:
    """The forum's channel, if set: found once at start (off the hot path), its problems
    said in the log; the engine learns its chat id when the bot may post there."""
    if not settings.channel:
        return None
    info = await probe(delivery.api, settings.channel)
    (logger.warning if info.problem else logger.info)("%s", describe(info, settings))
    if info.usable:
        delivery.outbox.channel_id = info.chat_id
    return ChannelPoster(info, settings, store, catalogs, delivery, bot_username)


async def _open_store(settings: Settings, clock: Clock | None) -> Store:
    """The store, with the bundled programme imported if it holds none."""
    store = await Store.open(settings.db_path)
    try:
        if not await store.programme.has_programme():
            logger.info("The store is empty: importing %s", settings.data_path)
            now = (clock or RealClock()).now()
            limits = Limits.from_settings(settings)
            count = await import_programme(
                store, settings.data_path, now, zone=settings.source_zone, limits=limits
            )
            logger.info("Imported %d sessions", count)
    except BaseException:
        await store.close()
        raise
    return store
