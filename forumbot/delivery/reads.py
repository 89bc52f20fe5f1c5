"""The outbox's reading side: the broadcasts, whom they reach, and their reports.

``RECIPIENTS`` is the one place that says who an audience is: counted here, copied into
``deliveries`` by the writing side (``outbox.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import aiosqlite

from forumbot.delivery.models import Audience, Broadcast, Content, Report
from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database

_ACTIVE_USERS = "FROM users u WHERE u.status = 'active'"
# Announcements reach no one who turned them off, unless an organiser sends an urgent one.
_WANTS_ANNOUNCEMENTS = (
    "AND NOT EXISTS (SELECT 1 FROM user_topics o WHERE o.chat_id = u.chat_id "
    "AND o.topic = 'announcements' AND o.enabled = 0)"
)
RECIPIENTS = {
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
    "channel": "SELECT :id, 0, 'channel', NULL WHERE 0",  # no people: its row is added apart
    # Edits and deletions go to the messages the parent broadcast recorded (an edit only to
    # the languages it changes: :langs, comma-separated, or '' for all).
    # The channel's row (language 'channel') is no user's: it is edited and deleted too.
    "parent": (
        "SELECT :id, d.chat_id, d.language, d.message_id FROM deliveries d "
        "LEFT JOIN users u ON u.chat_id = d.chat_id "
        "WHERE (u.status = 'active' OR d.language = 'channel') "
        "AND d.broadcast_id = :v AND d.status = 'sent' AND d.message_id IS NOT NULL "
        "AND (:langs = '' OR instr(',' || :langs || ',', ',' || d.language || ',') > 0)"
    ),
}


# A broadcast with whether a withdrawal of it was queued (the cards offer no second one).
_WITH_WITHDRAWN = (
    "SELECT b.*, EXISTS (SELECT 1 FROM broadcasts d WHERE d.parent_id = b.id "
    "AND d.operation = 'delete' AND d.status != 'cancelled') AS withdrawn FROM broadcasts b "
)


class OutboxReads:
    """The outbox's queries; ``Outbox`` adds the statements that write."""

    def __init__(self, db: Database, topics_on_by_default: Iterable[str] = ()) -> None:
        self._db = db
        # A topic listed here reaches users without a user_topics row for it.
        self._default_on = frozenset(topics_on_by_default)
        # The forum's channel (its numeric chat id, once the bot has found it at start):
        # a broadcast whose audience says so gets one more row, in the channel.
        self.channel_id: int | None = None

    async def get(self, broadcast_id: int) -> Broadcast | None:
        row = await self._db.fetchone(_WITH_WITHDRAWN + "WHERE b.id = ?", (broadcast_id,))
        return None if row is None else broadcast_from_row(row)

    async def list_recent(self, limit: int = 20) -> list[Broadcast]:
        """The newest broadcasts first (personal ones, such as reminders, left out)."""
        rows = await self._db.fetchall(
            _WITH_WITHDRAWN + "WHERE json_extract(b.audience, '$.kind') != 'personal' "
            "ORDER BY b.id DESC LIMIT ?",
            (limit,),
        )
        return [broadcast_from_row(r) for r in rows]

    async def list_scheduled(self) -> list[Broadcast]:
        """Scheduled broadcasts, soonest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM broadcasts WHERE status = 'scheduled' ORDER BY scheduled_at, id"
        )
        return [broadcast_from_row(r) for r in rows]

    async def due(self, now: dt.datetime) -> list[Broadcast]:
        """Queued broadcasts, and scheduled ones whose time has come, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM broadcasts WHERE status = 'queued' "
            "OR (status = 'scheduled' AND scheduled_at <= ?) "
            "ORDER BY COALESCE(scheduled_at, created_at), id",
            (to_epoch(now),),
        )
        return [broadcast_from_row(r) for r in rows]

    async def sending(self) -> list[int]:
        """Ids of the broadcasts being sent, oldest first."""
        rows = await self._db.fetchall(
            "SELECT id FROM broadcasts WHERE status = 'sending' ORDER BY started_at, id"
        )
        return [int(r[0]) for r in rows]

    async def audience_size(self, audience: Audience) -> int:
        """How many active people a broadcast to ``audience`` would reach now."""
        params = {"id": 0, "v": audience.value, "on": int(audience.value in self._default_on)}
        sql = f"SELECT COUNT(*) FROM ({RECIPIENTS[audience.kind]})"
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

    async def message_of(self, broadcast_id: int, chat_id: int) -> int | None:
        """The message a sent broadcast left in ``chat_id`` (None: not sent there yet)."""
        row = await self._db.fetchone(
            "SELECT message_id FROM deliveries WHERE broadcast_id = ? AND chat_id = ? "
            "AND status = 'sent'",
            (broadcast_id, chat_id),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def reached(
        self, broadcast_id: int, languages: Sequence[str] = ()
    ) -> list[tuple[int, str]]:
        """(chat, language) of the active people a sent broadcast reached (in ``languages``,
        or all): whom its correction or withdrawal reaches."""
        params = {"id": 0, "v": broadcast_id, "langs": ",".join(languages)}
        rows = await self._db.fetchall(
            f"SELECT chat_id, language FROM ({RECIPIENTS['parent']}) ORDER BY 1", params
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def remaining(self, broadcast_id: int) -> int:
        """Rows still pending or in flight."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ? "
            "AND status IN ('pending', 'inflight')",
            (broadcast_id,),
        )
        return int(row[0]) if row else 0

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


def _at(value: int | None) -> dt.datetime | None:
    return None if value is None else from_epoch(value)


def broadcast_from_row(row: aiosqlite.Row) -> Broadcast:
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
        withdrawn="withdrawn" in row.keys() and bool(row["withdrawn"]),  # noqa: SIM118 (a Row's `in` reads values)
    )
