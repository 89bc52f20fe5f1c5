"""The persistent outbox: broadcasts and one delivery row per recipient, in SQLite.

Recipients are copied by one ``INSERT … SELECT`` and claimed in small batches, so memory
never grows with the audience. Times are stored as UTC epoch seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence

import aiosqlite

from forumbot.delivery.models import Audience, Content, Delivery, Outcome, Personal
from forumbot.delivery.reads import RECIPIENTS, OutboxReads, broadcast_from_row
from forumbot.infra.timeutil import to_epoch

logger = logging.getLogger(__name__)


class Outbox(OutboxReads):
    """Every SQL statement of the delivery engine: the writing ones here, the queries in
    ``reads.py``."""

    async def create(
        self,
        *,
        kind: str,
        audience: Audience,
        content: Content,
        now: dt.datetime,
        created_by: int | None = None,
        scheduled_at: dt.datetime | None = None,
        operation: str = "send",
        parent_id: int | None = None,
    ) -> int:
        """A new broadcast: 'scheduled' if a time is given, else 'queued'; returns its id."""
        if operation not in ("send", "edit", "delete"):
            raise ValueError(f"unknown operation {operation!r}")
        if (operation == "send") != (parent_id is None):
            raise ValueError("edit and delete need a parent broadcast; send has none")
        status = "queued" if scheduled_at is None else "scheduled"
        at = None if scheduled_at is None else to_epoch(scheduled_at)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO broadcasts (kind, operation, parent_id, audience, content, status, "
                "created_at, created_by, scheduled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    operation,
                    parent_id,
                    audience.to_json(),
                    content.to_json(),
                    status,
                    to_epoch(now),
                    created_by,
                    at,
                ),
            )
            broadcast_id = cursor.lastrowid
        assert broadcast_id is not None
        logger.info("Broadcast %d (%s, %s) created: %s", broadcast_id, kind, operation, status)
        return broadcast_id

    async def create_personal(
        self,
        *,
        purpose: str,
        rows: Sequence[Personal],
        now: dt.datetime,
        also: Callable[[aiosqlite.Connection, int], Awaitable[None]] | None = None,
    ) -> int:
        """A broadcast whose recipients each get their own text, queued at once; ``also``
        runs in the same transaction (to record what was decided: never twice, never lost)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO broadcasts (kind, operation, audience, content, status, created_at) "
                "VALUES (?, 'send', ?, ?, 'queued', ?)",
                (
                    purpose,
                    Audience.personal(purpose).to_json(),
                    Content().to_json(),
                    to_epoch(now),
                ),
            )
            broadcast_id = cursor.lastrowid
            assert broadcast_id is not None
            await conn.executemany(
                "INSERT INTO deliveries (broadcast_id, chat_id, language, personal) "
                "VALUES (?, ?, ?, ?)",
                [(broadcast_id, r.chat_id, r.language, r.to_json()) for r in rows],
            )
            if also is not None:
                await also(conn, broadcast_id)
        logger.info("Broadcast %d (%s): %d personal messages", broadcast_id, purpose, len(rows))
        return broadcast_id

    async def materialise(self, broadcast_id: int, now: dt.datetime) -> int | None:
        """Fill in the recipients and start sending; None if it was not due to start."""
        async with self._db.transaction() as conn:
            row = await _fetchone(conn, "SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
            if row is None or row["status"] not in ("queued", "scheduled"):
                return None
            b = broadcast_from_row(row)
            source = "parent" if b.operation != "send" else b.audience.kind
            value = b.parent_id if b.operation != "send" else b.audience.value
            params = {"id": broadcast_id, "v": value, "on": int(value in self._default_on),
                      "langs": ",".join(b.languages)}  # fmt: skip
            if source == "personal":  # its rows were written with it
                cursor = await conn.execute(
                    "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", (broadcast_id,)
                )
                counted = await cursor.fetchone()
                await cursor.close()
                count = int(counted[0]) if counted else 0
            else:
                cursor = await conn.execute(
                    "INSERT OR IGNORE INTO deliveries (broadcast_id, chat_id, language, "
                    "message_id) " + RECIPIENTS[source],
                    params,
                )
                count = cursor.rowcount
            await conn.execute(
                "UPDATE broadcasts SET status = 'sending', started_at = ? WHERE id = ?",
                (to_epoch(now), broadcast_id),
            )
        logger.info("Broadcast %d: %d recipients", broadcast_id, count)
        return count

    async def claim(self, broadcast_id: int, limit: int, now: dt.datetime) -> list[Delivery]:
        """Up to ``limit`` pending rows, lowest chat ids first, now 'inflight'."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET status = 'inflight', attempts = attempts + 1, "
                "updated_at = ? WHERE broadcast_id = ? AND chat_id IN (SELECT chat_id "
                "FROM deliveries WHERE broadcast_id = ? AND status = 'pending' "
                "ORDER BY chat_id LIMIT ?) "
                "RETURNING chat_id, language, attempts, message_id, uncertain, personal",
                (to_epoch(now), broadcast_id, broadcast_id, limit),
            )
            rows = await cursor.fetchall()
            await cursor.close()
        claimed = [
            Delivery(
                broadcast_id, r[0], r[1], r[2], r[3], bool(r[4]),
                None if r[5] is None else Personal.from_row(r[0], r[1], r[5]),
            )
            for r in rows
        ]  # fmt: skip
        return sorted(claimed, key=lambda d: d.chat_id)

    async def record(self, outcomes: Iterable[Outcome], now: dt.datetime) -> None:
        """Write a batch of outcomes in one transaction; a 'blocked' one blocks the user."""
        outcomes = list(outcomes)
        if not outcomes:
            return
        t = to_epoch(now)
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE deliveries SET status = ?, attempts = ?, "
                "message_id = COALESCE(?, message_id), last_error = ?, updated_at = ?, "
                "uncertain = MAX(uncertain, ?) WHERE broadcast_id = ? AND chat_id = ?",
                [_recorded(o, t) for o in outcomes],
            )
            await conn.executemany(
                "UPDATE users SET status = 'blocked', status_changed = ? "
                "WHERE chat_id = ? AND status != 'blocked'",
                [(t, o.chat_id) for o in outcomes if o.status == "blocked"],
            )

    async def finish(self, broadcast_id: int, now: dt.datetime) -> bool:
        """'sending' becomes 'done' once nothing is pending or in flight."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET status = 'done', finished_at = ? "
                "WHERE id = ? AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM deliveries "
                "WHERE broadcast_id = ? AND status IN ('pending', 'inflight'))",
                (to_epoch(now), broadcast_id, broadcast_id),
            )
        return cursor.rowcount == 1

    async def recover(self) -> int:
        """At start-up: rows in flight at a crash go back to pending, marked uncertain."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET status = 'pending', uncertain = 1 WHERE status = 'inflight'"
            )
        if cursor.rowcount:
            logger.warning("Recovered %d deliveries in flight at a crash", cursor.rowcount)
        return cursor.rowcount

    async def cancel(self, broadcast_id: int, now: dt.datetime) -> bool:
        """Cancel a broadcast not finished yet; its pending rows are never sent."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE broadcasts SET status = 'cancelled', finished_at = ? "
                "WHERE id = ? AND status IN ('scheduled', 'queued', 'sending')",
                (to_epoch(now), broadcast_id),
            )
            if cursor.rowcount != 1:
                return False
            await conn.execute(
                "UPDATE deliveries SET status = 'cancelled' "
                "WHERE broadcast_id = ? AND status = 'pending'",
                (broadcast_id,),
            )
        return True

    async def reschedule(self, broadcast_id: int, at: dt.datetime) -> bool:
        """Move a scheduled (or missed) broadcast to ``at``."""
        return await self._update(
            "UPDATE broadcasts SET status = 'scheduled', scheduled_at = ?, finished_at = NULL "
            "WHERE id = ? AND status IN ('scheduled', 'missed')",
            (to_epoch(at), broadcast_id),
        )

    async def send_now(self, broadcast_id: int) -> bool:
        """A scheduled broadcast goes out now instead of at its time."""
        return await self._update(
            "UPDATE broadcasts SET status = 'queued' WHERE id = ? AND status = 'scheduled'",
            (broadcast_id,),
        )

    async def restore(self, broadcast_id: int, now: dt.datetime) -> bool:
        """A cancelled scheduled broadcast is scheduled again, while its time is to come."""
        return await self._update(
            "UPDATE broadcasts SET status = 'scheduled', finished_at = NULL WHERE id = ? "
            "AND status = 'cancelled' AND started_at IS NULL AND scheduled_at > ?",
            (broadcast_id, to_epoch(now)),
        )

    async def mark_missed(self, broadcast_id: int, now: dt.datetime) -> bool:
        """A scheduled broadcast whose time passed too long ago: never sent."""
        return await self._update(
            "UPDATE broadcasts SET status = 'missed', finished_at = ? "
            "WHERE id = ? AND status = 'scheduled'",
            (to_epoch(now), broadcast_id),
        )

    async def _update(self, sql: str, params: tuple) -> bool:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(sql, params)
        return cursor.rowcount == 1


async def _fetchone(conn: aiosqlite.Connection, sql: str, params: tuple) -> aiosqlite.Row | None:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()


def _recorded(o: Outcome, t: int) -> tuple:
    """The parameters of ``record``'s update for one outcome."""
    return (o.status, o.attempts, o.message_id, o.error, t, o.uncertain, o.broadcast_id, o.chat_id)
