"""Round-table questions, their votes, blocked askers and each session's moderators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import Programme
from forumbot.rules.questions import PUBLIC, Blocked, Person, Question
from forumbot.store.db import Database

_SELECT = (
    "SELECT q.id, q.session_id, q.chat_id, q.text, q.status, q.created_at, q.decided_at, "
    "q.asker_name, q.asker_username, "
    "(SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id) AS votes, "
    "EXISTS (SELECT 1 FROM question_votes v WHERE v.question_id = q.id "
    "AND v.chat_id = :viewer) AS voted FROM questions q "
)


def _question(row: aiosqlite.Row) -> Question:
    return Question(
        id=int(row["id"]),
        session_id=row["session_id"],
        chat_id=int(row["chat_id"]),
        text=row["text"],
        status=row["status"],
        created_at=from_epoch(row["created_at"]),
        votes=int(row["votes"]),
        voted=bool(row["voted"]),
        asker=Person(int(row["chat_id"]), row["asker_name"], row["asker_username"]),
        decided_at=from_epoch(row["decided_at"]) if row["decided_at"] is not None else None,
    )


def _names(person: Person | None) -> tuple[str | None, str | None]:
    return (person.name, person.username) if person else (None, None)


class QuestionRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- questions --------------------------------------------------------------------------
    async def ask(
        self,
        session_id: str,
        chat_id: int,
        text: str,
        now: dt.datetime,
        asker: Person | None = None,
    ) -> int:
        """Store a question as pending (nobody else sees it yet), with the asker's name as
        Telegram gave it (moderators see who asks); its id."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO questions (session_id, chat_id, text, created_at, asker_name, "
                "asker_username) VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, chat_id, text, to_epoch(now), *_names(asker)),
            )
            assert cursor.lastrowid is not None
            return int(cursor.lastrowid)

    async def get(self, question_id: int, viewer: int = 0) -> Question | None:
        row = await self._db.fetchone(
            _SELECT + "WHERE q.id = :id", {"id": question_id, "viewer": viewer}
        )
        return _question(row) if row else None

    async def of_session(
        self, session_id: str, statuses: Iterable[str], viewer: int = 0
    ) -> list[Question]:
        """The session's questions in these statuses, oldest first, with their votes."""
        wanted = list(statuses)
        marks = ",".join(f":s{i}" for i in range(len(wanted)))
        params: dict[str, object] = {f"s{i}": s for i, s in enumerate(wanted)}
        rows = await self._db.fetchall(
            _SELECT + f"WHERE q.session_id = :sid AND q.status IN ({marks}) ORDER BY q.id",
            {**params, "sid": session_id, "viewer": viewer},
        )
        return [_question(r) for r in rows]

    async def public(self, session_id: str, viewer: int = 0) -> list[Question]:
        """What participants see: approved and answered questions."""
        return await self.of_session(session_id, PUBLIC, viewer)

    async def asked(self, chat_id: int, session_id: str) -> tuple[int, dt.datetime | None]:
        """How many questions this person asked about the session, and when their last
        question (about any session) was asked."""
        row = await self._db.fetchone(
            "SELECT (SELECT COUNT(*) FROM questions WHERE chat_id = :c AND session_id = :s), "
            "(SELECT MAX(created_at) FROM questions WHERE chat_id = :c)",
            {"c": chat_id, "s": session_id},
        )
        assert row is not None
        return int(row[0]), from_epoch(row[1]) if row[1] is not None else None

    async def move(
        self, question_id: int, before: str, after: str, by: int, now: dt.datetime
    ) -> bool:
        """Change the status only if it is still ``before`` (two moderators at once: one
        wins, the other is told it was already decided)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE questions SET status = ?, decided_at = ?, decided_by = ? "
                "WHERE id = ? AND status = ?",
                (after, to_epoch(now), by, question_id, before),
            )
            return cursor.rowcount == 1

    async def pending_counts(self) -> dict[str, int]:
        """Session id -> the number of questions waiting for a moderator."""
        rows = await self._db.fetchall(
            "SELECT session_id, COUNT(*) FROM questions WHERE status = 'pending' "
            "GROUP BY session_id"
        )
        return {r[0]: int(r[1]) for r in rows}

    # --- votes ------------------------------------------------------------------------------
    async def toggle_vote(self, question_id: int, chat_id: int, now: dt.datetime) -> bool:
        """Vote, or take the vote back; True if the person now votes for it."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM question_votes WHERE question_id = ? AND chat_id = ?",
                (question_id, chat_id),
            )
            if cursor.rowcount:
                return False
            await conn.execute(
                "INSERT INTO question_votes VALUES (?, ?, ?)",
                (question_id, chat_id, to_epoch(now)),
            )
            return True

    async def set_vote(self, question_id: int, chat_id: int, on: bool, now: dt.datetime) -> None:
        """Vote (``on``) or take the vote back; saying it twice changes nothing (one vote a
        person: the Mini App's queued taps may arrive twice)."""
        async with self._db.transaction() as conn:
            if on:
                await conn.execute(
                    "INSERT OR IGNORE INTO question_votes VALUES (?, ?, ?)",
                    (question_id, chat_id, to_epoch(now)),
                )
            else:
                await conn.execute(
                    "DELETE FROM question_votes WHERE question_id = ? AND chat_id = ?",
                    (question_id, chat_id),
                )

    async def decided(self, session_id: str, limit: int) -> list[Question]:
        """The session's answered and rejected questions, the latest decided first."""
        rows = await self._db.fetchall(
            _SELECT + "WHERE q.session_id = :sid AND q.status IN ('answered', 'rejected') "
            "ORDER BY q.decided_at DESC, q.id DESC LIMIT :limit",
            {"sid": session_id, "viewer": 0, "limit": limit},
        )
        return [_question(r) for r in rows]

    # --- blocked askers ---------------------------------------------------------------------
    async def block(
        self, forum_id: str, chat_id: int, by: int, now: dt.datetime, person: Person | None = None
    ) -> bool:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO question_blocks (forum_id, chat_id, blocked_by, "
                "blocked_at, name, username) VALUES (?, ?, ?, ?, ?, ?)",
                (forum_id, chat_id, by, to_epoch(now), *_names(person)),
            )
            return cursor.rowcount == 1

    async def unblock(self, forum_id: str, chat_id: int) -> bool:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM question_blocks WHERE forum_id = ? AND chat_id = ?",
                (forum_id, chat_id),
            )
            return cursor.rowcount == 1

    async def blocked(self, forum_id: str) -> list[Blocked]:
        """Everyone blocked from asking at this forum, the latest first."""
        rows = await self._db.fetchall(
            "SELECT chat_id, name, username, blocked_at FROM question_blocks "
            "WHERE forum_id = ? ORDER BY blocked_at DESC, chat_id",
            (forum_id,),
        )
        return [Blocked(Person(int(r[0]), r[1], r[2]), from_epoch(r[3])) for r in rows]

    async def is_blocked(self, forum_id: str, chat_id: int) -> bool:
        row = await self._db.fetchone(
            "SELECT 1 FROM question_blocks WHERE forum_id = ? AND chat_id = ?",
            (forum_id, chat_id),
        )
        return row is not None

    # --- moderators -------------------------------------------------------------------------
    async def moderator_people(self, session_id: str) -> list[tuple[Person, str]]:
        """The session's moderators by name (as far as known) and origin, the file's first."""
        rows = await self._db.fetchall(
            "SELECT chat_id, name, username, origin FROM session_moderators "
            "WHERE session_id = ? ORDER BY origin DESC, chat_id",
            (session_id,),
        )
        return [(Person(int(r[0]), r[1], r[2]), r[3]) for r in rows]

    async def name_moderator(self, person: Person) -> None:
        """A moderator wrote: their name, as Telegram gives it, for the organisers' screens."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE session_moderators SET name = ?, username = ? WHERE chat_id = ? "
                "AND (name IS NOT ? OR username IS NOT ?)",
                (person.name, person.username, person.chat_id, person.name, person.username),
            )

    async def moderators(self, session_id: str) -> dict[int, str]:
        """Telegram id -> origin ('file' or 'chat') of the session's moderators."""
        rows = await self._db.fetchall(
            "SELECT chat_id, origin FROM session_moderators WHERE session_id = ? "
            "ORDER BY origin DESC, chat_id",
            (session_id,),
        )
        return {int(r[0]): r[1] for r in rows}

    async def moderated_by(self, chat_id: int) -> set[str]:
        rows = await self._db.fetchall(
            "SELECT session_id FROM session_moderators WHERE chat_id = ?", (chat_id,)
        )
        return {r[0] for r in rows}

    async def add_moderator(
        self,
        session_id: str,
        chat_id: int,
        by: int,
        now: dt.datetime,
        person: Person | None = None,
    ) -> bool:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO session_moderators (session_id, chat_id, origin, "
                "added_by, added_at, name, username) VALUES (?, ?, 'chat', ?, ?, ?, ?)",
                (session_id, chat_id, by, to_epoch(now), *_names(person)),
            )
            return cursor.rowcount == 1

    async def remove_moderator(self, session_id: str, chat_id: int) -> bool:
        """Only those assigned in the chat: the file's stay until the file changes."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM session_moderators WHERE session_id = ? AND chat_id = ? "
                "AND origin = 'chat'",
                (session_id, chat_id),
            )
            return cursor.rowcount == 1


async def write_file_moderators(conn: aiosqlite.Connection, programme: Programme) -> None:
    """Inside an import's transaction: the file's moderators replace the previous file's;
    those assigned in the chat stay (a file moderator wins over the same chat one)."""
    await conn.execute("DELETE FROM session_moderators WHERE origin = 'file'")
    await conn.executemany(
        "INSERT OR REPLACE INTO session_moderators (session_id, chat_id, origin) "
        "VALUES (?, ?, 'file')",
        [(s.id, uid) for s in programme.sessions for uid in s.moderator_user_ids],
    )


async def forget_questions(conn: aiosqlite.Connection, chat_id: int) -> None:
    """Inside /forget's transaction: the person's votes and questions (and their votes)."""
    await conn.execute("DELETE FROM question_votes WHERE chat_id = ?", (chat_id,))
    await conn.execute("DELETE FROM questions WHERE chat_id = ?", (chat_id,))
