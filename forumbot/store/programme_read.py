"""Reading the programme in service: days, rooms, sessions, speakers and posts."""

from __future__ import annotations

import datetime as dt

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import UI_LANGUAGES, Day, Forum, Post, Room, Session, Speaker
from forumbot.store.db import Database
from forumbot.store.links import read_links
from forumbot.store.rows import (
    forum_from,
    load_text,
    post_from,
    room_from,
    session_from,
    speaker_from,
)
from forumbot.store.version import Memo, Version

_SESSION_COLUMNS = (
    'id, day, start, "end", room_id, kind, title, description, status, description_html, '
    "track, language"
)
# Lists never show descriptions: leave them out of the query and of the JSON decoding.
_LIST_COLUMNS = (
    'id, day, start, "end", room_id, kind, title, NULL AS description, status, '
    "0 AS description_html, track, language"
)


# A summary whose scheduled sending was cancelled (in /scheduled) is not published either, and
# is again if the sending is restored: the post follows its broadcast (the delivery engine's
# table, read here only). A withdrawn summary's post is deleted (forumbot/runtime/services.py).
_LIVE = (
    "NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = posts.broadcast_id "
    "AND b.status = 'cancelled')"
)


class ProgrammeReads:
    """The programme's queries; ``ProgrammeRepo`` (programme.py) adds search and writing."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Every write goes through version.writing(): caches keyed on it see it at once.
        self.version = Version(db)
        self._forum: Memo[Forum] = Memo(self.version)
        self._rooms: Memo[dict[str, Room]] = Memo(self.version)

    async def starred_sessions(self, chat_id: int) -> list[Session]:
        """The sessions this person starred, in time order (cancelled ones included)."""
        return await self._sessions(
            "id IN (SELECT session_id FROM stars WHERE chat_id = ?) ORDER BY start, id",
            (chat_id,),
        )

    async def sessions_by_ids(self, ids: list[str], full: bool = False) -> dict[str, Session]:
        if not ids:
            return {}
        found = await self._sessions(f"id IN ({','.join('?' * len(ids))})", tuple(ids), full)
        return {s.id: s for s in found}

    async def has_programme(self) -> bool:
        return await self._db.fetchone("SELECT 1 FROM meta WHERE key = 'forum'") is not None

    async def meta(self, key: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    async def forum(self) -> Forum:
        """The forum row, read once per programme version."""
        return await self._forum.get(self._load_forum)

    async def _load_forum(self) -> Forum:
        raw = await self.meta("forum")
        if raw is None:
            raise LookupError("the store holds no programme; import one first")
        return forum_from(raw, await self.meta("digest_time"))

    async def rooms(self) -> dict[str, Room]:
        """The rooms, read once per programme version."""
        return await self._rooms.get(self._load_rooms)

    async def _load_rooms(self) -> dict[str, Room]:
        rows = await self._db.fetchall("SELECT * FROM rooms ORDER BY ord")
        return {r["id"]: room_from(r) for r in rows}

    async def days(self) -> list[tuple[Day, int]]:
        """Each day with its number of sessions, in date order."""
        rows = await self._db.fetchall(
            "SELECT d.date, d.title, COUNT(s.id) AS n FROM days d "
            "LEFT JOIN sessions s ON s.day = d.date GROUP BY d.date ORDER BY d.date"
        )
        return [(Day(dt.date.fromisoformat(r[0]), load_text(r[1])), r[2]) for r in rows]

    async def _sessions(self, where: str, params: tuple = (), full: bool = False) -> list[Session]:
        """Sessions matching ``where``; descriptions only when ``full`` (a session card)."""
        columns = _SESSION_COLUMNS if full else _LIST_COLUMNS
        rows = await self._db.fetchall(
            f"SELECT {columns} FROM sessions WHERE {where}",
            params,
        )
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))
        people: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
        for p in await self._db.fetchall(
            "SELECT session_id, role, speaker_id FROM session_people "
            f"WHERE session_id IN ({marks}) ORDER BY ord",
            tuple(ids),
        ):
            people[p[0]].append((p[1], p[2]))
        links = await read_links(self._db.conn, ids)
        return [session_from(r, people[r["id"]], links.get(r["id"], ())) for r in rows]

    async def sessions_on(self, day: dt.date) -> list[Session]:
        return await self._sessions("day = ? ORDER BY start, room_id, id", (day.isoformat(),))

    async def sessions_on_page(
        self, day: dt.date, offset: int, limit: int
    ) -> tuple[list[Session], int]:
        """A slice of one day's sessions in time order, and how many the day has."""
        found = await self._sessions(
            "day = ? ORDER BY start, room_id, id LIMIT ? OFFSET ?",
            (day.isoformat(), limit, offset),
        )
        total = await self._db.fetchone(
            "SELECT COUNT(*) FROM sessions WHERE day = ?", (day.isoformat(),)
        )
        return found, int(total[0]) if total else 0

    async def position_in_day(self, session_id: str) -> int | None:
        """How many sessions of its day come before this one in the day's order."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM sessions o, sessions s WHERE s.id = ? AND o.day = s.day "
            "AND (o.start, o.room_id, o.id) < (s.start, s.room_id, s.id)",
            (session_id,),
        )
        return int(row[0]) if row else None

    async def session(self, session_id: str) -> Session | None:
        found = await self._sessions("id = ?", (session_id,), full=True)
        return found[0] if found else None

    async def sessions_now(self, now: dt.datetime) -> list[Session]:
        t = to_epoch(now)
        return await self._sessions(
            "status = 'scheduled' AND start <= ? AND \"end\" > ? ORDER BY start, room_id", (t, t)
        )

    async def sessions_during(self, start: dt.datetime, end: dt.datetime) -> list[Session]:
        """The sessions not cancelled that run at some moment between ``start`` and ``end``."""
        return await self._sessions(
            "status = 'scheduled' AND start < ? AND \"end\" > ? ORDER BY start, room_id, id",
            (to_epoch(end), to_epoch(start)),
        )

    async def sessions_next(self, now: dt.datetime) -> list[Session]:
        """The sessions that start next after ``now`` (all of those sharing that start)."""
        t = to_epoch(now)
        return await self._sessions(
            "status = 'scheduled' AND start = (SELECT MIN(start) FROM sessions "
            "WHERE start > ? AND status = 'scheduled') ORDER BY room_id",
            (t,),
        )

    async def span(self) -> tuple[dt.datetime, dt.datetime] | None:
        """When the first session starts and the last one ends."""
        row = await self._db.fetchone(  # two subqueries, so that each uses its index
            'SELECT (SELECT MIN(start) FROM sessions), (SELECT MAX("end") FROM sessions)'
        )
        if row is None or row[0] is None:
            return None
        return from_epoch(row[0]), from_epoch(row[1])

    async def sessions_of(self, speaker_id: str) -> list[Session]:
        return await self._sessions(
            "id IN (SELECT session_id FROM session_people WHERE speaker_id = ?) ORDER BY start",
            (speaker_id,),
        )

    async def speaker(self, speaker_id: str) -> Speaker | None:
        row = await self._db.fetchone("SELECT * FROM speakers WHERE id = ?", (speaker_id,))
        return speaker_from(row) if row else None

    async def speakers(self, ids: tuple[str, ...] | list[str]) -> dict[str, Speaker]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            f"SELECT * FROM speakers WHERE id IN ({marks})",
            tuple(ids),
        )
        return {r["id"]: speaker_from(r) for r in rows}

    async def speakers_page(self, lang: str, offset: int, limit: int) -> tuple[list[Speaker], int]:
        """One page of speakers in alphabetical order of their name in ``lang``."""
        column = f"sort_{lang}" if lang in UI_LANGUAGES else "id"
        rows = await self._db.fetchall(
            f"SELECT * FROM speakers ORDER BY {column}, id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        total = await self._db.fetchone("SELECT COUNT(*) FROM speakers")
        return [speaker_from(r) for r in rows], int(total[0]) if total else 0

    async def posts(self, offset: int, limit: int, until: dt.datetime) -> tuple[list[Post], int]:
        """Posts published by ``until``, newest first (a post dated later waits for its date:
        the summary of the last evening is not news in the morning)."""
        until_epoch = to_epoch(until)
        rows = await self._db.fetchall(
            f"SELECT * FROM posts WHERE published <= ? AND {_LIVE} ORDER BY published DESC, id "
            "LIMIT ? OFFSET ?",
            (until_epoch, limit, offset),
        )
        total = await self._db.fetchone(
            f"SELECT COUNT(*) FROM posts WHERE published <= ? AND {_LIVE}", (until_epoch,)
        )
        return [post_from(r) for r in rows], int(total[0]) if total else 0

    async def post(self, post_id: str) -> Post | None:
        """The post, unless its summary's sending was cancelled (see ``_LIVE``)."""
        row = await self._db.fetchone(f"SELECT * FROM posts WHERE id = ? AND {_LIVE}", (post_id,))
        return post_from(row) if row else None
