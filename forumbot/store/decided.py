"""Once-a-day decisions (the digest, the end-of-day feedback prompt): per forum day, what the
bot decided (sent, missed, empty), kept so that a restart neither repeats nor drops one."""

from __future__ import annotations

import datetime as dt

import aiosqlite

from forumbot.infra.timeutil import to_epoch
from forumbot.store.db import Database

# The tables of (day, status, at, broadcast_id) this serves; names never come from outside.
TABLES = frozenset({"digests", "feedback_days"})


class DecidedDays:
    def __init__(self, db: Database, table: str) -> None:
        if table not in TABLES:
            raise ValueError(f"{table!r} is not a table of decided days")
        self._db, self._table = db, table

    async def decided(self) -> set[dt.date]:
        """The days decided already, whatever was decided (one query, not one a day)."""
        rows = await self._db.fetchall(f"SELECT day FROM {self._table}")
        return {dt.date.fromisoformat(r[0]) for r in rows}

    async def mark(self, day: dt.date, status: str, now: dt.datetime) -> None:
        """Decided without a message (missed, empty)."""
        async with self._db.transaction() as conn:
            await self.record(conn, day, status, now, None)

    async def record(
        self,
        conn: aiosqlite.Connection,
        day: dt.date,
        status: str,
        now: dt.datetime,
        broadcast_id: int | None,
    ) -> None:
        """Inside the caller's transaction (with the messages it queues): decided once."""
        await conn.execute(
            f"INSERT OR IGNORE INTO {self._table} VALUES (?, ?, ?, ?)",
            (day.isoformat(), status, to_epoch(now), broadcast_id),
        )
