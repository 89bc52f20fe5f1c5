"""The once-a-day step both planners share (the digest, the end-of-day feedback prompt): the
days past saying are marked missed; the due day's messages are queued with its key, or the
day is marked empty when nobody has one."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

import aiosqlite

from forumbot.delivery.models import Personal
from forumbot.delivery.service import DeliveryService
from forumbot.render.context import View
from forumbot.store.decided import DecidedDays


async def mark_missed(
    days: DecidedDays,
    missed: Iterable[dt.date],
    now: dt.datetime,
    log: logging.Logger,
    what: str,
    why: str,
) -> None:
    """Days whose moment passed too long ago: decided as missed, each logged by the caller's
    logger ("The digest of 2023-06-22 was not sent: ...")."""
    for day in missed:
        await days.mark(day, "missed", now)
        log.warning("The %s of %s was not sent: %s", what, day, why)


async def queue_for_day(
    delivery: DeliveryService,
    days: DecidedDays,
    kind: str,
    day: dt.date,
    rows: Sequence[Personal],
    now: dt.datetime,
) -> None:
    """The day's messages and its key in one transaction; no messages: the day is empty."""

    async def record(conn: aiosqlite.Connection, broadcast_id: int) -> None:
        await days.record(conn, day, "sent", now, broadcast_id)

    if rows:
        await delivery.create_personal(kind, rows, record)
    else:
        await days.mark(day, "empty", now)


class Reader(Protocol):
    @property
    def chat_id(self) -> int: ...

    @property
    def language(self) -> str: ...


def personal_rows(readers: Iterable[Reader], render: Callable[[str], View]) -> list[Personal]:
    """One message per reader, each language's view rendered once (reminders, prompts)."""
    return zoned_rows(readers, lambda lang, _zone: render(lang), {})


def zoned_rows(
    readers: Iterable[Reader],
    render: Callable[[str, str | None], View],
    zones: Mapping[int, str],
) -> list[Personal]:
    """As ``personal_rows``, each view rendered once per language and the reader's own time
    zone (``zones``: those who chose one; the others read the forum's, None)."""
    views: dict[tuple[str, str | None], View] = {}
    rows = []
    for reader in readers:
        key = (reader.language, zones.get(reader.chat_id))
        if key not in views:
            views[key] = render(*key)
        rows.append(views[key].personal(reader.chat_id, reader.language))
    return rows
