"""What the bot posted in the forum's channel, by key (see migration 19): the pinned
programme, the "starting now" posts, the programme changes told there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from forumbot.infra.timeutil import to_epoch
from forumbot.store.db import Database


@dataclass(frozen=True, slots=True)
class ChannelPost:
    key: str
    broadcast_id: int | None
    text: str | None
    pinned: bool


async def record_post(
    conn: aiosqlite.Connection,
    key: str,
    broadcast_id: int | None,
    text: str | None,
    now: dt.datetime,
) -> None:
    """Inside the caller's transaction (with the post it queues): decided once; the text
    (and broadcast) of a key already there are replaced, its pin kept."""
    await conn.execute(
        "INSERT INTO channel_posts (key, broadcast_id, text, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET text = excluded.text, at = excluded.at, "
        "broadcast_id = COALESCE(excluded.broadcast_id, channel_posts.broadcast_id)",
        (key, broadcast_id, text, to_epoch(now)),
    )


class ChannelRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> ChannelPost | None:
        row = await self._db.fetchone(
            "SELECT key, broadcast_id, text, pinned FROM channel_posts WHERE key = ?", (key,)
        )
        return None if row is None else ChannelPost(row[0], row[1], row[2], bool(row[3]))

    async def decided(self, prefix: str) -> set[str]:
        """The keys starting with ``prefix`` (one query for a tick)."""
        rows = await self._db.fetchall(
            "SELECT key FROM channel_posts WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return {str(r[0]) for r in rows}

    async def record(
        self, key: str, broadcast_id: int | None, text: str | None, now: dt.datetime
    ) -> None:
        async with self._db.transaction() as conn:
            await record_post(conn, key, broadcast_id, text, now)

    async def mark_pinned(self, key: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute("UPDATE channel_posts SET pinned = 1 WHERE key = ?", (key,))
