"""The people who talk to the bot: chat id, language, first seen."""

from __future__ import annotations

import datetime as dt

from forumbot.models import User
from forumbot.store.db import Database
from forumbot.timeutil import from_epoch, to_epoch


class UserRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, chat_id: int) -> User | None:
        row = await self._db.fetchone("SELECT * FROM users WHERE chat_id = ?", (chat_id,))
        if row is None:
            return None
        return User(
            chat_id=row["chat_id"],
            language=row["language"],
            first_seen=from_epoch(row["first_seen"]),
            language_chosen=bool(row["language_chosen"]),
        )

    async def record(self, chat_id: int, language: str, now: dt.datetime) -> User:
        """The user, first recorded with ``language`` if they are new here."""
        t = to_epoch(now)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (chat_id, language, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET last_seen = excluded.last_seen",
                (chat_id, language, t, t),
            )
        user = await self.get(chat_id)
        assert user is not None
        return user

    async def set_language(self, chat_id: int, language: str, now: dt.datetime) -> None:
        t = to_epoch(now)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (chat_id, language, language_chosen, first_seen, last_seen) "
                "VALUES (?, ?, 1, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
                "language = excluded.language, language_chosen = 1, "
                "last_seen = excluded.last_seen",
                (chat_id, language, t, t),
            )

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0
