"""Session feedback: each person's answer per session (a rating, an optional comment, whether
the organisers may see their name), a stable pseudonym per respondent, and what the bot
already decided to ask (after a session, at the end of a day): a restart neither repeats nor
drops a prompt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database
from forumbot.store.decided import DecidedDays


@dataclass(frozen=True, slots=True)
class PromptCandidate:
    """A starred session that has ended, for a person with the feedback topic on, not yet
    decided (prompted or dropped)."""

    chat_id: int
    language: str
    session_id: str
    end: dt.datetime


@dataclass(frozen=True, slots=True)
class Answer:
    session_id: str
    rating: int
    comment: str | None
    named: bool
    submitted_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One answer as the organisers' export needs it; ``name`` only when the person agreed."""

    session_id: str
    rating: int
    comment: str | None
    submitted_at: dt.datetime
    pseudonym: int
    chat_id: int
    name: str | None


_ANSWER = "SELECT session_id, rating, comment, named, submitted_at FROM feedback "


def _answer(row: aiosqlite.Row) -> Answer:
    return Answer(row[0], int(row[1]), row[2], bool(row[3]), from_epoch(row[4]))


class FeedbackRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.days = DecidedDays(db, "feedback_days")  # the end-of-day prompts decided

    # --- answers ----------------------------------------------------------------------------
    async def rate(self, chat_id: int, session_id: str, rating: int, now: dt.datetime) -> None:
        """One rating per person and session; a new one replaces it (the comment stays)."""
        if not 1 <= rating <= 5:
            raise ValueError(f"rating {rating} is not 1 to 5")
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO feedback_respondents (chat_id) VALUES (?)", (chat_id,)
            )
            await conn.execute(
                "INSERT INTO feedback (chat_id, session_id, rating, submitted_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, session_id) DO UPDATE SET "
                "rating = excluded.rating, submitted_at = excluded.submitted_at",
                (chat_id, session_id, rating, to_epoch(now)),
            )

    async def set_comment(
        self, chat_id: int, session_id: str, comment: str, now: dt.datetime
    ) -> bool:
        """Replace the comment of an answer; False if there is no answer (no rating) yet."""
        return await self._update(
            "comment = ?, submitted_at = ?", (comment, to_epoch(now)), chat_id, session_id
        )

    async def set_named(self, chat_id: int, session_id: str, name: str | None) -> bool:
        """Show ``name`` to the organisers with this answer, or (None) keep it anonymous."""
        return await self._update(
            "named = ?, name = ?", (int(name is not None), name), chat_id, session_id
        )

    async def _update(self, sets: str, values: tuple, chat_id: int, session_id: str) -> bool:
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                f"UPDATE feedback SET {sets} WHERE chat_id = ? AND session_id = ?",
                (*values, chat_id, session_id),
            )
            return cursor.rowcount == 1

    async def answer(self, chat_id: int, session_id: str) -> Answer | None:
        row = await self._db.fetchone(
            _ANSWER + "WHERE chat_id = ? AND session_id = ?", (chat_id, session_id)
        )
        return _answer(row) if row else None

    async def ratings(self, session_ids: Iterable[str]) -> dict[int, dict[str, int]]:
        """Person -> session -> rating, for these sessions."""
        ids = list(session_ids)
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            f"SELECT chat_id, session_id, rating FROM feedback WHERE session_id IN ({marks})",
            tuple(ids),
        )
        found: dict[int, dict[str, int]] = {}
        for chat_id, session_id, rating in rows:
            found.setdefault(int(chat_id), {})[session_id] = int(rating)
        return found

    async def distribution(self) -> dict[str, list[int]]:
        """Session -> how many people gave 1, 2, 3, 4 and 5."""
        rows = await self._db.fetchall(
            "SELECT session_id, rating, COUNT(*) FROM feedback GROUP BY session_id, rating"
        )
        found: dict[str, list[int]] = {}
        for session_id, rating, count in rows:
            found.setdefault(session_id, [0] * 5)[int(rating) - 1] = int(count)
        return found

    async def export_rows(self) -> list[ExportRow]:
        rows = await self._db.fetchall(
            "SELECT f.session_id, f.rating, f.comment, f.submitted_at, r.n, f.chat_id, "
            "CASE WHEN f.named = 1 THEN f.name END FROM feedback f "
            "JOIN feedback_respondents r ON r.chat_id = f.chat_id "
            "ORDER BY f.session_id, f.submitted_at, r.n"
        )
        return [
            ExportRow(r[0], int(r[1]), r[2], from_epoch(r[3]), int(r[4]), int(r[5]), r[6])
            for r in rows
        ]

    # --- prompts after a session -----------------------------------------------------------
    async def prompt_candidates(self, now: dt.datetime) -> list[PromptCandidate]:
        """Starred sessions (not cancelled) that have ended, for active people with the
        feedback topic on, neither decided nor already rated."""
        rows = await self._db.fetchall(
            'SELECT st.chat_id, u.language, s.id, s."end" FROM stars st '
            "JOIN sessions s ON s.id = st.session_id "
            "JOIN users u ON u.chat_id = st.chat_id AND u.status = 'active' "
            "JOIN user_topics t ON t.chat_id = st.chat_id AND t.topic = 'feedback' "
            "AND t.enabled = 1 WHERE s.\"end\" <= ? AND s.status = 'scheduled' "
            "AND NOT EXISTS (SELECT 1 FROM feedback_prompts p "
            "WHERE p.chat_id = st.chat_id AND p.session_id = s.id) "
            "AND NOT EXISTS (SELECT 1 FROM feedback f "
            "WHERE f.chat_id = st.chat_id AND f.session_id = s.id) "
            'ORDER BY s."end", s.id, st.chat_id',
            (to_epoch(now),),
        )
        return [PromptCandidate(int(r[0]), r[1], r[2], from_epoch(r[3])) for r in rows]

    async def prompted(self, session_ids: Iterable[str]) -> dict[int, set[str]]:
        """Person -> which of these sessions they were asked about after it ended."""
        ids = list(session_ids)
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            "SELECT chat_id, session_id FROM feedback_prompts "
            f"WHERE status = 'sent' AND session_id IN ({marks})",
            tuple(ids),
        )
        found: dict[int, set[str]] = {}
        for chat_id, session_id in rows:
            found.setdefault(int(chat_id), set()).add(session_id)
        return found

    async def involved(self, session_ids: Iterable[str]) -> dict[int, set[str]]:
        """Person -> which of these sessions they took part in: starred, asked a question
        there or voted on one."""
        ids = list(session_ids)
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            f"SELECT chat_id, session_id FROM stars WHERE session_id IN ({marks}) "
            f"UNION SELECT chat_id, session_id FROM questions WHERE session_id IN ({marks}) "
            "UNION SELECT v.chat_id, q.session_id FROM question_votes v "
            f"JOIN questions q ON q.id = v.question_id WHERE q.session_id IN ({marks})",
            tuple(ids) * 3,
        )
        found: dict[int, set[str]] = {}
        for chat_id, session_id in rows:
            found.setdefault(int(chat_id), set()).add(session_id)
        return found

    async def prompt_counts(self) -> dict[str, int]:
        rows = await self._db.fetchall(
            "SELECT status, COUNT(*) FROM feedback_prompts GROUP BY status"
        )
        return {r[0]: int(r[1]) for r in rows}


async def record_prompts(
    conn: aiosqlite.Connection,
    decided: Iterable[PromptCandidate],
    status: str,
    now: dt.datetime,
    broadcast_id: int | None,
) -> None:
    """Inside the caller's transaction: these prompts are decided (sent or dropped)."""
    await conn.executemany(
        "INSERT OR IGNORE INTO feedback_prompts VALUES (?, ?, ?, ?, ?)",
        [(c.chat_id, c.session_id, status, to_epoch(now), broadcast_id) for c in decided],
    )
