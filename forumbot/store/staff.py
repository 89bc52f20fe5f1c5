"""Who may do what: owners (from the settings) add organisers in the chat; everything an
organiser does goes into the audit log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database
from forumbot.store.version import Memo, Version


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: dt.datetime
    actor: int | None
    action: str
    detail: dict[str, object]
    id: int = 0


@dataclass(frozen=True, slots=True)
class Person:
    """How screens name someone: their name as Telegram gave it, and @username if any."""

    chat_id: int
    name: str
    username: str | None = None


class StaffRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        # Asked on every card: the organisers added in the chat, read once per change.
        self._changes = Version(db)
        self._ids: Memo[frozenset[int]] = Memo(self._changes)
        self._named: dict[int, Person] = {}  # names written: an unchanged one is not again

    async def organisers(self) -> list[tuple[int, int | None, dt.datetime]]:
        """Organisers added in the chat: (user id, added by, when), oldest first."""
        rows = await self._db.fetchall(
            "SELECT chat_id, added_by, added_at FROM organisers ORDER BY added_at, chat_id"
        )
        return [(r[0], r[1], from_epoch(r[2])) for r in rows]

    async def is_organiser(self, user_id: int) -> bool:
        return user_id in await self._ids.get(self._load_ids)

    async def _load_ids(self) -> frozenset[int]:
        rows = await self._db.fetchall("SELECT chat_id FROM organisers")
        return frozenset(int(r[0]) for r in rows)

    async def add_organiser(self, user_id: int, by: int, now: dt.datetime) -> bool:
        """Add; False if they already were one."""
        async with self._changes.writing() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO organisers VALUES (?, ?, ?)", (user_id, by, to_epoch(now))
            )
            added = cursor.rowcount > 0
            if added:
                await _audit(conn, now, by, "organiser_added", {"user_id": user_id})
        return added

    async def remove_organiser(self, user_id: int, by: int, now: dt.datetime) -> bool:
        async with self._changes.writing() as conn:
            cursor = await conn.execute("DELETE FROM organisers WHERE chat_id = ?", (user_id,))
            removed = cursor.rowcount > 0
            if removed:
                await _audit(conn, now, by, "organiser_removed", {"user_id": user_id})
        return removed

    async def audit(
        self, actor: int | None, action: str, now: dt.datetime, **detail: object
    ) -> None:
        async with self._db.transaction() as conn:
            await _audit(conn, now, actor, action, detail)

    async def audit_log(
        self, limit: int = 30, offset: int = 0, actions: Collection[str] | None = None
    ) -> list[AuditEntry]:
        """The newest entries first; only ``actions`` when given."""
        where, params = "", ()  # type: tuple[str, tuple[str, ...]]
        if actions is not None:
            where = f"WHERE action IN ({','.join('?' * len(actions))}) "
            params = tuple(actions)
        rows = await self._db.fetchall(
            "SELECT at, actor, action, detail, id FROM audit "
            f"{where}ORDER BY id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [
            AuditEntry(from_epoch(r[0]), r[1], r[2], json.loads(r[3] or "{}"), r[4]) for r in rows
        ]

    async def remember(self, person: Person) -> None:
        """Keep how to name this person (written only when it changed)."""
        if self._named.get(person.chat_id) == person:
            return
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR REPLACE INTO people VALUES (?, ?, ?)",
                (person.chat_id, person.name, person.username),
            )
        self._named[person.chat_id] = person

    def forget_name(self, chat_id: int) -> None:
        """The person was erased (/forget): their name must be written again if it comes."""
        self._named.pop(chat_id, None)

    async def people(self, ids: Collection[int]) -> dict[int, Person]:
        """The names known of these people (those unknown are left out)."""
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            return {}
        rows = await self._db.fetchall(
            f"SELECT chat_id, name, username FROM people WHERE chat_id IN "
            f"({','.join('?' * len(wanted))})",
            tuple(wanted),
        )
        return {r[0]: Person(r[0], r[1], r[2]) for r in rows}


async def _audit(conn, now: dt.datetime, actor: int | None, action: str, detail: dict) -> None:
    await conn.execute(
        "INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
        (to_epoch(now), actor, action, json.dumps(detail, ensure_ascii=False, default=str)),
    )
