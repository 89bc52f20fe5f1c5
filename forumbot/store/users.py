"""The people who talk to the bot: chat id, language, first seen, status and topics."""

from __future__ import annotations

import datetime as dt

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import User
from forumbot.store.db import Database

# Topics a participant can follow; announcements and summaries are on from the first /start.
# The daily digest is off until the person turns it on (it is offered after the first star).
# Feedback prompts are on from the first star (PersonalRepo.star writes the topic then,
# unless the person already chose), off for those who never starred anything.
TOPICS: tuple[str, ...] = ("announcements", "summaries", "digest", "feedback")
DEFAULT_TOPICS: tuple[str, ...] = ("announcements", "summaries")
SEEN_EVERY = 300  # seconds: a person's last_seen moves at most this often, written in batches


class UserRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._seen_at: dict[int, int] = {}  # chat id -> the last_seen last kept (epoch)
        self._seen_due: dict[int, int] = {}  # chat id -> a last_seen to write at the next flush

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
        """The user, first recorded with ``language`` and the default topics if they are new
        here; anyone who writes to the bot is active again (they no longer block it)."""
        t = to_epoch(now)
        self._seen_at[chat_id] = t
        self._seen_due.pop(chat_id, None)
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO users (chat_id, language, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (chat_id) DO NOTHING",
                (chat_id, language, t, t),
            )
            if cursor.rowcount:
                await conn.executemany(
                    "INSERT OR IGNORE INTO user_topics VALUES (?, ?, 1)",
                    [(chat_id, topic) for topic in DEFAULT_TOPICS],
                )
            else:
                await conn.execute(
                    "UPDATE users SET last_seen = ?, status = 'active', status_changed = CASE "
                    "WHEN status = 'active' THEN status_changed ELSE ? END WHERE chat_id = ?",
                    (t, t, chat_id),
                )
        user = await self.get(chat_id)
        assert user is not None
        return user

    def seen(self, chat_id: int, now: dt.datetime) -> None:
        """A known person wrote again: their last_seen moves at the next ``flush_seen``, at
        most once every SEEN_EVERY seconds (no store access per update)."""
        t = to_epoch(now)
        if t - self._seen_at.get(chat_id, t - SEEN_EVERY) >= SEEN_EVERY:
            self._seen_at[chat_id] = t
            self._seen_due[chat_id] = t

    async def flush_seen(self) -> int:
        """Write the last_seen moves kept since the last flush, in one transaction; people no
        longer in the store (forgotten) are not recorded again. Returns how many."""
        due, self._seen_due = self._seen_due, {}
        if due:
            async with self._db.transaction() as conn:
                await conn.executemany(
                    "UPDATE users SET last_seen = MAX(last_seen, ?) WHERE chat_id = ?",
                    [(t, chat_id) for chat_id, t in due.items()],
                )
        return len(due)

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

    async def languages(self, chat_ids: list[int]) -> dict[int, str]:
        if not chat_ids:
            return {}
        marks = ",".join("?" * len(chat_ids))
        rows = await self._db.fetchall(
            f"SELECT chat_id, language FROM users WHERE chat_id IN ({marks})", tuple(chat_ids)
        )
        return {int(r[0]): r[1] for r in rows}

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0

    async def topics(self, chat_id: int) -> dict[str, bool]:
        """Every topic and whether this person follows it."""
        rows = await self._db.fetchall(
            "SELECT topic, enabled FROM user_topics WHERE chat_id = ?", (chat_id,)
        )
        chosen = {row[0]: bool(row[1]) for row in rows}
        return {topic: chosen.get(topic, False) for topic in TOPICS}

    async def set_topics(self, chat_id: int, topics: dict[str, bool]) -> None:
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO user_topics VALUES (?, ?, ?) "
                "ON CONFLICT (chat_id, topic) DO UPDATE SET enabled = excluded.enabled",
                [(chat_id, topic, int(on)) for topic, on in topics.items() if topic in TOPICS],
            )

    async def readers(self, topic: str) -> list[tuple[int, str]]:
        """(chat id, language) of the active people who turned ``topic`` on, explicitly
        (for topics off by default: the digest, feedback)."""
        rows = await self._db.fetchall(
            "SELECT u.chat_id, u.language FROM users u JOIN user_topics t "
            "ON t.chat_id = u.chat_id AND t.topic = ? AND t.enabled = 1 "
            "WHERE u.status = 'active' ORDER BY u.chat_id",
            (topic,),
        )
        return [(int(r[0]), r[1]) for r in rows]

    async def status(self, chat_id: int) -> str | None:
        row = await self._db.fetchone("SELECT status FROM users WHERE chat_id = ?", (chat_id,))
        return row[0] if row else None

    def drop_seen(self, chat_id: int) -> None:
        """A person erased themselves: no last_seen of theirs is written later."""
        self._seen_due.pop(chat_id, None)
        self._seen_at.pop(chat_id, None)
