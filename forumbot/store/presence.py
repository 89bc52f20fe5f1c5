"""Presence at running sessions ("📍 I'm here"): recorded once per person and session,
counted for organisers, and read as "attended" (the end-of-day feedback prompt may ask
about the sessions a person attended as well as those they starred)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from forumbot.infra.timeutil import to_epoch
from forumbot.store.db import Database


class PresenceRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def check_in(self, session_id: str, chat_id: int, now: dt.datetime) -> bool:
        """Record that this person is at the session; False if they were already."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO presence (session_id, chat_id, at) VALUES (?, ?, ?)",
                (session_id, chat_id, to_epoch(now)),
            )
            return cursor.rowcount == 1

    async def count(self, session_id: str) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM presence WHERE session_id = ?", (session_id,)
        )
        return int(row[0]) if row else 0

    async def present(self, session_id: str) -> set[int]:
        """Active people who said they are at this session."""
        rows = await self._db.fetchall(
            "SELECT p.chat_id FROM presence p JOIN users u ON u.chat_id = p.chat_id "
            "AND u.status = 'active' WHERE p.session_id = ?",
            (session_id,),
        )
        return {int(r[0]) for r in rows}

    async def attended(self, chat_id: int, session_ids: Iterable[str] | None = None) -> set[str]:
        """The sessions this person said they were at (among ``session_ids``, if given)."""
        rows = await self._db.fetchall(
            "SELECT session_id FROM presence WHERE chat_id = ?", (chat_id,)
        )
        found = {r[0] for r in rows}
        return found if session_ids is None else found & set(session_ids)
