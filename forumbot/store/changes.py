"""The log of programme changes waiting to be told to the people who starred them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.rules.changes import Change, State
from forumbot.store.db import Database


async def log_changes(
    conn: aiosqlite.Connection, changes: Sequence[Change], now: dt.datetime
) -> None:
    """Inside the caller's transaction: the change is written with the programme or not at all."""
    await conn.executemany(
        "INSERT INTO changes (at, session_id, before, after) VALUES (?, ?, ?, ?)",
        [
            (to_epoch(now), c.session_id, c.before.to_json() if c.before else None,
             c.after.to_json())
            for c in changes
        ],
    )  # fmt: skip


async def mark_told(conn: aiosqlite.Connection, ids: Sequence[int]) -> None:
    """Inside the caller's transaction (with the notices it queues): these changes are told."""
    marks = ",".join("?" * len(ids))
    await conn.execute(f"UPDATE changes SET told = 1 WHERE id IN ({marks})", list(ids))


class ChangeLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def untold(self) -> tuple[list[tuple[int, Change]], dt.datetime | None]:
        """Changes not told yet, oldest first, with their ids; and when the last was made."""
        rows = await self._db.fetchall(
            "SELECT id, at, session_id, before, after FROM changes WHERE told = 0 ORDER BY id"
        )
        found = []
        for r in rows:
            after = State.from_json(r["after"])
            assert after is not None
            found.append(
                (int(r["id"]), Change(r["session_id"], State.from_json(r["before"]), after))
            )
        last = from_epoch(max(int(r["at"]) for r in rows)) if rows else None
        return found, last

    async def since(self, after: int) -> tuple[list[tuple[int, Change]], dt.datetime | None]:
        """Changes logged after id ``after`` (told to stargazers or not), oldest first, and
        when the last was made: what the channel's public post has not told yet."""
        rows = await self._db.fetchall(
            "SELECT id, at, session_id, before, after FROM changes WHERE id > ? ORDER BY id",
            (after,),
        )
        found = []
        for r in rows:
            after_state = State.from_json(r["after"])
            assert after_state is not None
            found.append(
                (int(r["id"]), Change(r["session_id"], State.from_json(r["before"]), after_state))
            )
        last = from_epoch(max(int(r["at"]) for r in rows)) if rows else None
        return found, last

    async def newest(self) -> int:
        """The id of the newest change logged (0: none)."""
        row = await self._db.fetchone("SELECT MAX(id) FROM changes")
        return int(row[0]) if row and row[0] is not None else 0
