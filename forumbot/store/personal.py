"""Each person's agenda: stars, reminder lead time, and what the bot already decided to send
them (reminders, digests): the keys that make a restart neither repeat nor drop a message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database
from forumbot.store.decided import DecidedDays

LEAD_CHOICES: tuple[int, ...] = (5, 10, 15, 30)  # minutes; 0 turns reminders off
DEFAULT_LEAD = 10
MAX_LEAD = max(LEAD_CHOICES)
PAST_WINDOW = 12 * 3600  # seconds: how far back undecided reminders are still looked at


@dataclass(frozen=True, slots=True)
class Candidate:
    """A starred session whose reminder moment has come and that nobody decided yet."""

    chat_id: int
    language: str
    lead: int  # minutes
    session_id: str
    start: dt.datetime

    @property
    def due(self) -> dt.datetime:
        return self.start - dt.timedelta(minutes=self.lead)


class PersonalRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.digests = DecidedDays(db, "digests")  # the days whose digest was decided

    # --- stars ----------------------------------------------------------------------------
    async def star(self, chat_id: int, session_id: str, now: dt.datetime) -> bool:
        """Star a session; True if this is the person's first star ever (offer the digest)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO stars VALUES (?, ?, ?)",
                (chat_id, session_id, to_epoch(now)),
            )
            cursor = await conn.execute(
                "UPDATE users SET starred_once = 1 WHERE chat_id = ? AND starred_once = 0",
                (chat_id,),
            )
            first = cursor.rowcount == 1
            # Feedback prompts are on for people who star, unless they chose otherwise.
            await conn.execute(
                "INSERT OR IGNORE INTO user_topics VALUES (?, 'feedback', 1)", (chat_id,)
            )
            await _skip_passed(conn, chat_id, session_id, now)
        return first

    async def unstar(self, chat_id: int, session_id: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM stars WHERE chat_id = ? AND session_id = ?", (chat_id, session_id)
            )

    async def is_starred(self, chat_id: int, session_id: str) -> bool:
        row = await self._db.fetchone(
            "SELECT 1 FROM stars WHERE chat_id = ? AND session_id = ?", (chat_id, session_id)
        )
        return row is not None

    async def starred(self, chat_id: int) -> set[str]:
        rows = await self._db.fetchall(
            "SELECT session_id FROM stars WHERE chat_id = ?", (chat_id,)
        )
        return {r[0] for r in rows}

    async def stargazers(self, session_ids: Iterable[str]) -> dict[int, set[str]]:
        """Active people who starred any of these sessions -> which of them."""
        ids = list(session_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            "SELECT st.chat_id, st.session_id FROM stars st JOIN users u "
            "ON u.chat_id = st.chat_id AND u.status = 'active' "
            f"WHERE st.session_id IN ({marks}) ORDER BY st.chat_id",
            tuple(ids),
        )
        found: dict[int, set[str]] = {}
        for chat_id, session_id in rows:
            found.setdefault(int(chat_id), set()).add(session_id)
        return found

    # --- reminder lead time -----------------------------------------------------------------
    async def lead(self, chat_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT reminder_lead FROM users WHERE chat_id = ?", (chat_id,)
        )
        return int(row[0]) if row else DEFAULT_LEAD

    async def set_lead(self, chat_id: int, minutes: int, now: dt.datetime) -> None:
        """Set the lead time (0: reminders off). Reminders whose new moment has already
        passed are not sent all at once: they are decided as skipped."""
        if minutes != 0 and minutes not in LEAD_CHOICES:
            raise ValueError(f"lead time {minutes} is not one of {LEAD_CHOICES}")
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE users SET reminder_lead = ? WHERE chat_id = ?", (minutes, chat_id)
            )
            await _skip_passed(conn, chat_id, None, now)

    # --- reminders --------------------------------------------------------------------------
    async def reminder_candidates(self, now: dt.datetime) -> list[Candidate]:
        """Starred, scheduled sessions whose reminder moment is at or before ``now`` and not
        decided yet (a session that moves has a new start, so a new reminder).

        Only sessions that started less than PAST_WINDOW ago are looked at: older ones were
        decided long since (or the bot was down for half a day: those are not counted). The
        CROSS JOIN keeps SQLite starting from those few sessions, by their start index."""
        t = to_epoch(now)
        rows = await self._db.fetchall(
            "SELECT st.chat_id, u.language, u.reminder_lead, s.id, s.start "
            "FROM sessions s CROSS JOIN stars st CROSS JOIN users u "
            "WHERE st.session_id = s.id AND u.chat_id = st.chat_id "
            "AND s.start > :past AND s.start <= :horizon "
            "AND s.status = 'scheduled' AND u.status = 'active' "
            "AND u.reminder_lead > 0 AND s.start - u.reminder_lead * 60 <= :now "
            "AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.chat_id = st.chat_id "
            "AND r.session_id = s.id AND r.start = s.start) "
            "ORDER BY s.start, s.id, st.chat_id",
            {"now": t, "horizon": t + MAX_LEAD * 60, "past": t - PAST_WINDOW},
        )
        return [Candidate(r[0], r[1], r[2], r[3], from_epoch(r[4])) for r in rows]

    async def reminder_counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM reminders GROUP BY status")
        return {r[0]: int(r[1]) for r in rows}

    async def count_stars(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM stars")
        return int(row[0]) if row else 0


async def record_reminders(
    conn: aiosqlite.Connection,
    decided: Iterable[Candidate],
    status: str,
    now: dt.datetime,
    broadcast_id: int | None,
) -> None:
    """Inside the caller's transaction: these reminders are decided (sent or dropped)."""
    await conn.executemany(
        "INSERT OR IGNORE INTO reminders VALUES (?, ?, ?, ?, ?, ?)",
        [
            (c.chat_id, c.session_id, to_epoch(c.start), status, to_epoch(now), broadcast_id)
            for c in decided
        ],
    )


async def _skip_passed(
    conn: aiosqlite.Connection, chat_id: int, session_id: str | None, now: dt.datetime
) -> None:
    """Reminders whose moment passed before the person starred the session (or chose this
    lead time) are decided as skipped: a star is never answered with an instant reminder."""
    only = "AND st.session_id = :sid" if session_id is not None else ""
    await conn.execute(
        "INSERT OR IGNORE INTO reminders "
        "SELECT st.chat_id, s.id, s.start, 'skipped', :now, NULL FROM stars st "
        "JOIN sessions s ON s.id = st.session_id JOIN users u ON u.chat_id = st.chat_id "
        f"WHERE st.chat_id = :chat {only} AND u.reminder_lead > 0 "
        "AND s.start - u.reminder_lead * 60 <= :now",
        {"chat": chat_id, "sid": session_id, "now": to_epoch(now)},
    )
