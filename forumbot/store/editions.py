"""Editions: the forum in service is one edition; opening another (a file with a new forum
id, confirmed) closes it into the archive, read-only.

What carries over: people, their languages and topics, organisers, the audit log. Roles and
invitation links end with the edition. What the
old edition's sessions held does not apply to the new one's (a session id such as "opening"
may come back next year meaning another session): stars, reminder keys, questions and their
votes, feedback prompts and moderators assigned in the chat end with it; feedback answers
stay in the archive without who gave them; untold change notices are dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import Forum, Post, Text
from forumbot.store.db import Database
from forumbot.store.info import OVERRIDES_KEY
from forumbot.store.rows import forum_from, load_text, post_from


class OtherForum(Exception):
    """A file of another forum reached an ordinary import: only a confirmed new edition
    may replace the forum in service."""

    def __init__(self, old_id: str, new_id: str) -> None:
        super().__init__(
            f"this file is another forum ({new_id!r}, the one in service is {old_id!r}): "
            "opening a new edition needs a confirmation"
        )
        self.old_id = old_id
        self.new_id = new_id


@dataclass(frozen=True, slots=True)
class Facts:
    """What names an edition to people: the forum's name, its dates and its place."""

    id: str
    title: Text
    city: Text
    first: dt.date | None
    last: dt.date | None

    @classmethod
    def of(cls, forum: Forum, days: list[dt.date]) -> Facts:
        return cls(
            forum.id, forum.title, forum.city, min(days, default=None), max(days, default=None)
        )


@dataclass(frozen=True, slots=True)
class Edition:
    """A past edition in the archive."""

    n: int
    forum: Forum
    first_day: dt.date | None
    last_day: dt.date | None
    closed_at: dt.datetime

    @property
    def facts(self) -> Facts:
        return Facts(
            self.forum.id, self.forum.title, self.forum.city, self.first_day, self.last_day
        )


@dataclass(frozen=True, slots=True)
class ArchivedSession:
    id: str
    start: dt.datetime
    end: dt.datetime
    room: Text | None
    kind: str
    title: Text
    cancelled: bool


@dataclass(frozen=True, slots=True)
class Ending:
    """What ends with the edition in service: counted before anyone confirms."""

    people: int  # who carry over (with their languages and topics)
    starred: int  # people who starred any of its sessions
    questions: int
    feedback: int


@dataclass(frozen=True, slots=True)
class EditionChange:
    """The edition in service and the one a file would open, shown before the confirmation."""

    old: Facts
    new: Facts
    ending: Ending
    subscribers: int  # with announcements on: who a welcome-back message would reach


# The old edition's per-session data, deleted in the same transaction (see the docstring).
_ENDING = (
    "DELETE FROM stars",
    "DELETE FROM reminders",
    "DELETE FROM question_votes",
    "DELETE FROM questions",
    "DELETE FROM feedback_prompts",
    "DELETE FROM feedback",
    "DELETE FROM session_moderators WHERE origin = 'chat'",
    "UPDATE changes SET told = 1 WHERE told = 0",
    "DELETE FROM session_links WHERE origin = 'chat'",
    "UPDATE link_news SET told = 1 WHERE told = 0",
    "DELETE FROM presence",
    "DELETE FROM poll_votes",
    "DELETE FROM polls",
    "UPDATE presenter_links SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER)"
    " WHERE revoked_at IS NULL",
    "DELETE FROM posts",
    # Roles are the edition's (a speaker of this year is not one of the next), and so are
    # its invitation links.
    "DELETE FROM user_roles",
    "UPDATE invitations SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER)"
    " WHERE revoked_at IS NULL",
    f"DELETE FROM meta WHERE key = '{OVERRIDES_KEY}'",
)


async def close_edition(conn: aiosqlite.Connection, now: dt.datetime, actor: int | None) -> int:
    """Inside the import's transaction, before the new programme is written: copy the
    edition in service into the archive and end its per-session data. Returns its number."""
    cursor = await conn.execute(
        "INSERT INTO editions (forum_id, forum, first_day, last_day, closed_at, closed_by) "
        "SELECT json_extract(value, '$.id'), value, (SELECT MIN(date) FROM days), "
        "(SELECT MAX(date) FROM days), ?, ? FROM meta WHERE key = 'forum'",
        (to_epoch(now), actor),
    )
    n = cursor.lastrowid
    await conn.execute("INSERT INTO edition_days SELECT ?, date, title FROM days", (n,))
    await conn.execute(
        'INSERT INTO edition_sessions SELECT ?, s.id, s.day, s.start, s."end", r.name, s.kind, '
        "s.title, s.status FROM sessions s LEFT JOIN rooms r ON r.id = s.room_id",
        (n,),
    )
    await conn.execute(
        "INSERT INTO edition_posts (edition, id, kind, published, title, body) "
        "SELECT ?, id, kind, published, title, body FROM posts",
        (n,),
    )
    await conn.execute(
        "INSERT INTO edition_feedback SELECT ?, session_id, rating, comment FROM feedback", (n,)
    )
    for statement in _ENDING:
        await conn.execute(statement)
    assert n is not None
    return n


class EditionRepo:
    """The archive of past editions, read-only, and what would end with the current one."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def ending(self) -> Ending:
        row = await self._db.fetchone(
            "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(DISTINCT chat_id) FROM stars), "
            "(SELECT COUNT(*) FROM questions), (SELECT COUNT(*) FROM feedback)"
        )
        assert row is not None
        return Ending(*(int(x) for x in row))

    async def past(self) -> list[Edition]:
        """The past editions, the latest closed first."""
        rows = await self._db.fetchall("SELECT * FROM editions ORDER BY n DESC")
        return [_edition(r) for r in rows]

    async def get(self, n: int) -> Edition | None:
        row = await self._db.fetchone("SELECT * FROM editions WHERE n = ?", (n,))
        return _edition(row) if row else None

    async def days(self, n: int) -> list[tuple[dt.date, Text | None, int]]:
        """Each day of edition ``n`` with its title and number of sessions."""
        rows = await self._db.fetchall(
            "SELECT d.date, d.title, COUNT(s.id) FROM edition_days d LEFT JOIN "
            "edition_sessions s ON s.edition = d.edition AND s.day = d.date "
            "WHERE d.edition = ? GROUP BY d.date ORDER BY d.date",
            (n,),
        )
        return [(dt.date.fromisoformat(r[0]), load_text(r[1]), int(r[2])) for r in rows]

    async def sessions_on(self, n: int, day: dt.date) -> list[ArchivedSession]:
        rows = await self._db.fetchall(
            'SELECT id, start, "end", room, kind, title, status FROM edition_sessions '
            "WHERE edition = ? AND day = ? ORDER BY start, id",
            (n, day.isoformat()),
        )
        return [
            ArchivedSession(
                r[0],
                from_epoch(r[1]),
                from_epoch(r[2]),
                load_text(r[3]),
                r[4],
                load_text(r[5]) or {},
                r[6] == "cancelled",
            )
            for r in rows
        ]

    async def posts(self, n: int, kind: str) -> list[tuple[int, Post]]:
        """The edition's posts of ``kind`` (news or summary), newest first, by number."""
        rows = await self._db.fetchall(
            "SELECT * FROM edition_posts WHERE edition = ? AND kind = ? "
            "ORDER BY published DESC, n",
            (n, kind),
        )
        return [(int(r["n"]), post_from(r)) for r in rows]

    async def post(self, n: int, post_n: int) -> Post | None:
        row = await self._db.fetchone(
            "SELECT * FROM edition_posts WHERE edition = ? AND n = ?", (n, post_n)
        )
        return post_from(row) if row else None

    async def feedback(self, n: int) -> list[tuple[str, int, str | None]]:
        """The edition's feedback answers, without who gave them: (session, rating, comment)."""
        rows = await self._db.fetchall(
            "SELECT session_id, rating, comment FROM edition_feedback WHERE edition = ? "
            "ORDER BY session_id, rating",
            (n,),
        )
        return [(r[0], int(r[1]), r[2]) for r in rows]


def _edition(row) -> Edition:
    return Edition(
        n=int(row["n"]),
        forum=forum_from(row["forum"]),
        first_day=dt.date.fromisoformat(row["first_day"]) if row["first_day"] else None,
        last_day=dt.date.fromisoformat(row["last_day"]) if row["last_day"] else None,
        closed_at=from_epoch(row["closed_at"]),
    )
