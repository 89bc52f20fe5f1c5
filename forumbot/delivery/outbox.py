"""The persistent outbox: broadcasts and one delivery row per recipient, in SQLite.

Recipients are copied by one ``INSERT … SELECT`` and claimed in small batches, so memory
never grows with the audience. Times are stored as UTC epoch seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence

import aiosqlite

from forumbot.delivery.models import (
    Audience,
    Broadcast,
    Content,
    Delivery,
    Outcome,
    Personal,
    Report,
)
from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database

logger = logging.getLogger(__name__)

_ACTIVE_USERS = "FROM users u WHERE u.status = 'active'"
# Announcements reach no one who turned them off, unless an organiser sends an urgent one.
_WANTS_ANNOUNCEMENTS = (
    "AND NOT EXISTS (SELECT 1 FROM user_topics o WHERE o.chat_id = u.chat_id "
    "AND o.topic = 'announcements' AND o.enabled = 0)"
)
_RECIPIENTS = {
    "everyone": f"SELECT :id, u.chat_id, u.language, NULL {_ACTIVE_USERS} {_WANTS_ANNOUNCEMENTS}",
    "urgent": f"SELECT :id, u.chat_id, u.language, NULL {_ACTIVE_USERS}",
    "language": (
        f"SELECT :id, u.chat_id, u.language, NULL {_ACTIVE_USERS} AND u.language = :v "
        + _WANTS_ANNOUNCEMENTS
    ),
    "role": (
        "SELECT :id, u.chat_id, u.language, NULL FROM users u JOIN user_roles r "
        "ON r.chat_id = u.chat_id AND r.role = :v WHERE u.status = 'active' "
        + _WANTS_ANNOUNCEMENTS
    ),
    "topic": (
        "SELECT :id, u.chat_id, u.language, NULL FROM users u "
        "LEFT JOIN user_topics t ON t.chat_id = u.chat_id AND t.topic = :v "
        "WHERE u.status = 'active' AND COALESCE(t.enabled, :on) = 1"
    ),
    # Edits and deletions go to the messages the parent broadcast recorded (an edit only to
    # the languages it changes: :langs, comma-separated, or '' for all).
    "parent": (
        "SELECT :id, d.chat_id, d.language, d.message_id FROM deliveries d "
        "JOIN users u ON u.chat_id = d.chat_id AND u.status = 'active' "
        "WHERE d.broadcast_id = :v AND d.status = 'sent' AND d.message_id IS NOT NULL "
        "AND (:langs = '' OR instr(',' || :langs || ',', ',' || d.language || ',') > 0)"
    ),
}


class Outbox:
    """Every SQL statement of the delivery engine."""

    def __init__(self, db: Database, topics_on_by_default: Iterable[str] = ()) -> None:
        self._db = db
        # A topic listed here reaches users without a user_topics row for it.
        self._default_on = frozenset(topics_on_by_default)

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

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self._db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return None if row is None else _broadcast(row)

    async def list_recent(self, limit: int = 20) -> list[Broadcast]:
        """The newest broadcasts first (personal ones, such as reminders, left out)."""
        rows = await self._db.fetchall(
            "SELECT * FROM broadcasts WHERE json_extract(audience, '$.kind') != 'personal' "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [_broadcast(r) for r in rows]

    async def list_scheduled(self) -> list[Broadcast]:
        """Scheduled broadcasts, soonest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM broadcasts WHERE status = 'scheduled' ORDER BY scheduled_at, id"
        )
        return [_broadcast(r) for r in rows]

    async def due(self, now: dt.datetime) -> list[Broadcast]:
        """Queued broadcasts, and scheduled ones whose time has come, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM broadcasts WHERE status = 'queued' "
            "OR (status = 'scheduled' AND scheduled_at <= ?) "
            "ORDER BY COALESCE(scheduled_at, created_at), id",
            (to_epoch(now),),
        )
        return [_broadcast(r) for r in rows]

    async def sending(self) -> list[int]:
        """Ids of the broadcasts being sent, oldest first."""
        rows = await self._db.fetchall(
            "SELECT id FROM broadcasts WHERE status = 'sending' ORDER BY started_at, id"
        )
        return [int(r[0]) for r in rows]

    async def audience_size(self, audience: Audience) -> int:
        """How many active people a broadcast to ``audience`` would reach now."""
        params = {"id": 0, "v": audience.value, "on": int(audience.value in self._default_on)}
        sql = f"SELECT COUNT(*) FROM ({_RECIPIENTS[audience.kind]})"
        row = await self._db.fetchone(sql, params)
        return int(row[0]) if row else 0

    async def opted_out(self, audience: Audience) -> int:
        """How many active people of ``audience`` (everyone, urgent, one language or one
        role) turned announcements off: left out, or, urgent, reached all the same."""
        sql = (
            "SELECT COUNT(*) FROM users u JOIN user_topics o ON o.chat_id = u.chat_id "
            "AND o.topic = 'announcements' AND o.enabled = 0 WHERE u.status = 'active'"
        )
        params: tuple = ()
        if audience.kind == "language":
            sql, params = sql + " AND u.language = ?", (audience.value,)
        elif audience.kind == "role":
            sql += " AND u.chat_id IN (SELECT chat_id FROM user_roles WHERE role = ?)"
            params = (audience.value,)
        elif audience.kind not in ("everyone", "urgent"):
            return 0
        row = await self._db.fetchone(sql, params)
        return int(row[0]) if row else 0

    async def reached(
        self, broadcast_id: int, languages: Sequence[str] = ()
    ) -> list[tuple[int, str]]:
        """(chat, language) of the active people a sent broadcast reached (in ``languages``,
        or all): whom its correction or withdrawal reaches."""
        params = {"id": 0, "v": broadcast_id, "langs": ",".join(languages)}
        rows = await self._db.fetchall(
            f"SELECT chat_id, language FROM ({_RECIPIENTS['parent']}) ORDER BY 1", params
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def materialise(self, broadcast_id: int, now: dt.datetime) -> int | None:
        """Fill in the recipients and start sending; None if it was not due to start."""
        async with self._db.transaction() as conn:
            row = await _fetchone(conn, "SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
            if row is None or row["status"] not in ("queued", "scheduled"):
                return None
            b = _broadcast(row)
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
                    "message_id) " + _RECIPIENTS[source],
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

    async def remaining(self, broadcast_id: int) -> int:
        """Rows still pending or in flight."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ? "
            "AND status IN ('pending', 'inflight')",
            (broadcast_id,),
        )
        return int(row[0]) if row else 0

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

    async def report(self, broadcast_id: int) -> Report | None:
        """Counts by status; a finished row that is uncertain counts as ``unknown`` only."""
        b = await self.get(broadcast_id)
        if b is None:
            return None
        rows = await self._db.fetchall(
            "SELECT CASE WHEN uncertain AND status NOT IN ('pending', 'inflight') "
            "THEN 'unknown' ELSE status END AS bucket, COUNT(*) FROM deliveries "
            "WHERE broadcast_id = ? GROUP BY bucket",
            (broadcast_id,),
        )
        counts = {r[0]: int(r[1]) for r in rows}
        duration = None
        if b.started_at and b.finished_at:
            duration = b.finished_at - b.started_at
        return Report(
            broadcast_id=broadcast_id,
            total=sum(counts.values()),
            pending=counts.get("pending", 0),
            inflight=counts.get("inflight", 0),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            blocked=counts.get("blocked", 0),
            cancelled=counts.get("cancelled", 0),
            unknown=counts.get("unknown", 0),
            duration=duration,
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


def _at(value: int | None) -> dt.datetime | None:
    return None if value is None else from_epoch(value)


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(
        id=row["id"],
        kind=row["kind"],
        operation=row["operation"],
        parent_id=row["parent_id"],
        audience=Audience.from_json(row["audience"]),
        content=Content.from_json(row["content"]),
        status=row["status"],
        created_at=from_epoch(row["created_at"]),
        created_by=row["created_by"],
        scheduled_at=_at(row["scheduled_at"]),
        started_at=_at(row["started_at"]),
        finished_at=_at(row["finished_at"]),
    )
