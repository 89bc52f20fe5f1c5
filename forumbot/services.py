"""What the bot runs on: settings, the store, the clock and the catalogs, opened together."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forumbot.clock import Clock, RealClock, SimulatedClock
from forumbot.i18n import Catalogs
from forumbot.privacy import Forgotten, load_key
from forumbot.programme import LoadResult
from forumbot.programme.worker import DEFAULT_LIMITS, Limits, load_in_worker
from forumbot.render.shared import SharedViews
from forumbot.settings import Settings
from forumbot.store import Store
from forumbot.timeutil import local_to_utc, zone_or_none

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    settings: Settings
    store: Store
    clock: Clock
    catalogs: Catalogs
    bot_username: str | None = None
    delivery: Any = None  # the DeliveryService, once the bot runs (forumbot.delivery)
    planner: Any = None  # the Planner (reminders, digests, change notices), once it runs
    wake: Any = None  # call after moving the clock: due broadcasts and reminders go at once
    forgotten: Forgotten | None = None  # who erased themselves (opened with the store)
    views: SharedViews = field(default_factory=SharedViews)  # what everyone sees, rendered once

    async def close(self) -> None:
        try:
            await self.store.users.flush_seen()
        finally:
            await self.store.close()


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
) -> LoadResult:
    """As import_programme, for any format (YAML, schedule.json, schedule.xml); returns the
    programme with the warnings the import noticed. ``zone`` reads files that name none.
    The file is checked in the worker (a child process) within ``limits``."""
    result = await load_in_worker(path, zone, limits=limits)
    await put_in_service(store, result, path, now, actor)
    return result


async def put_in_service(
    store: Store, result: LoadResult, path: Path | str, now: dt.datetime, actor: int | None = None
) -> LoadResult:
    """Replace the programme in service with a file already loaded and validated."""
    programme = result.programme
    await store.programme.replace(programme, str(path), now)
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
    settings: Settings, clock: Clock | None = None, catalogs: Catalogs | None = None
) -> Services:
    """Open the store, import the bundled programme if it is empty, load the catalogs."""
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
        forum = await store.programme.forum()
        clock = clock or make_clock(settings, forum.timezone)
        key = load_key(settings.privacy_key, settings.db_path)
        forgotten = await Forgotten.open(store, key)
        return Services(settings, store, clock, catalogs or Catalogs.load(), forgotten=forgotten)
    except BaseException:
        await store.close()
        raise
