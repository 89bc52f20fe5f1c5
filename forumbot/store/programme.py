"""Reading the programme in service, and replacing it as a whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import (
    UI_LANGUAGES,
    Day,
    Forum,
    Info,
    Post,
    Programme,
    Room,
    Session,
    Speaker,
    Text,
)
from forumbot.rules.changes import Change, carry_cancelled, diff
from forumbot.rules.fuzzy import Suggester
from forumbot.rules.search import query_words
from forumbot.store.changes import log_changes
from forumbot.store.db import Database
from forumbot.store.editions import OtherForum, close_edition
from forumbot.store.info import (
    INFO_KEY,
    OVERRIDES_KEY,
    info_from_json,
    overrides_from_json,
    with_overrides,
    write_page_text,
)
from forumbot.store.links import appeared, log_news, read_links
from forumbot.store.programme_write import write_chat_post, write_programme
from forumbot.store.roles import ROLES_KEY, roles_from_json
from forumbot.store.rows import (
    forum_from,
    load_text,
    post_from,
    room_from,
    session_from,
    speaker_from,
)
from forumbot.store.suggest import read_suggester
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


@dataclass(frozen=True, slots=True)
class SearchResults:
    sessions: list[Session] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sessions) + len(self.speakers) + len(self.posts)


class ProgrammeRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        # Every write below goes through version.writing(): caches keyed on it see it at once.
        self.version = Version(db)
        self._forum: Memo[Forum] = Memo(self.version)
        self._rooms: Memo[dict[str, Room]] = Memo(self.version)
        self._suggester: Memo[Suggester] = Memo(self.version)

    async def replace(
        self,
        programme: Programme,
        source: str,
        now: dt.datetime,
        *,
        new_edition: bool = False,
        actor: int | None = None,
    ) -> list[Change]:
        """Put ``programme`` in service in one transaction (all or nothing), keeping the
        sessions it lacks as cancelled; the differences are logged (to be told) and returned.
        Another forum's programme is refused (OtherForum) unless ``new_edition`` says it was
        confirmed: then the edition in service goes to the archive first (store/editions.py).
        """
        meta = {"source": source, "imported_at": now.isoformat(timespec="seconds")}
        old = await self.load() if await self.has_programme() else None
        if old is not None and not _same_forum(old, programme) and not new_edition:
            raise OtherForum(old.forum.id, programme.forum.id)
        new = carry_cancelled(old, programme)
        changes = diff(old.sessions, new.sessions) if old and _same_forum(old, new) else []
        async with self.version.writing() as conn:
            if old is not None and not _same_forum(old, new):
                await close_edition(conn, now, actor)
            links_before = await read_links(conn)
            await write_programme(conn, new, meta)
            await log_changes(conn, changes, now)
            if old and _same_forum(old, new):
                await log_news(conn, appeared(links_before, await read_links(conn)), now)
        return changes

    async def preview(self, programme: Programme) -> list[Change]:
        """What ``replace`` would change, without changing anything."""
        if not await self.has_programme():
            return []
        old = await self.load()
        if not _same_forum(old, programme):
            return []
        return diff(old.sessions, carry_cancelled(old, programme).sessions)

    async def update_session(self, session: Session, now: dt.datetime) -> Change | None:
        """A quick change from the chat (time, room, cancelled): written and logged."""
        current = await self.session(session.id)
        if current is None:
            raise LookupError(f"no session {session.id!r}")
        changes = diff([current], [session])
        if not changes:
            return None
        async with self.version.writing() as conn:
            await conn.execute(
                'UPDATE sessions SET start = ?, "end" = ?, room_id = ?, status = ? WHERE id = ?',
                (
                    to_epoch(session.start),
                    to_epoch(session.end),
                    session.room_id,
                    "cancelled" if session.cancelled else "scheduled",
                    session.id,
                ),
            )
            await log_changes(conn, changes, now)
        return changes[0]

    async def load(self) -> Programme:
        """The whole programme in service, as the file it came from would build it (posts
        written in the chat are not the file's and stay out)."""
        forum = await self.forum()
        days = [d for d, _ in await self.days()]
        rooms = tuple((await self.rooms()).values())
        speakers = tuple(
            speaker_from(r) for r in await self._db.fetchall("SELECT * FROM speakers ORDER BY id")
        )
        sessions = tuple(await self._sessions("1 ORDER BY start, id", full=True))
        # The question moderators the file named (those added in the chat are not the file's).
        by_session: dict[str, list[int]] = {}
        for session_id, chat_id in await self._db.fetchall(
            "SELECT session_id, chat_id FROM session_moderators WHERE origin = 'file' "
            "ORDER BY session_id, chat_id"
        ):
            by_session.setdefault(session_id, []).append(int(chat_id))
        sessions = tuple(
            dataclasses.replace(s, moderator_user_ids=tuple(by_session[s.id]))
            if s.id in by_session
            else s
            for s in sessions
        )
        posts = tuple(
            post_from(r)
            for r in await self._db.fetchall(
                "SELECT * FROM posts WHERE origin = 'file' ORDER BY published, id"
            )
        )
        roles = roles_from_json(await self.meta(ROLES_KEY))
        info = await self._info()
        return Programme(forum, tuple(days), rooms, speakers, sessions, posts, info, roles)

    async def _info(self) -> Info | None:
        raw = await self.meta(INFO_KEY)
        return info_from_json(raw) if raw else None

    async def info(self) -> Info | None:
        """The venue and info pages, with the texts organisers edited in the chat."""
        info = await self._info()
        if info is None:
            return None
        return with_overrides(info, overrides_from_json(await self.meta(OVERRIDES_KEY)))

    async def set_info_page_text(self, page_id: str, body: Text) -> None:
        """An organiser's new text for an info page (some or all languages); it outlasts
        re-imports."""
        async with self.version.writing() as conn:
            await write_page_text(conn, page_id, body)

    async def publish_post(self, post: Post) -> None:
        """Add a post written in the chat (news or a summary) to the news, at once."""
        async with self.version.writing() as conn:
            await write_chat_post(conn, post)

    async def set_digest_time(self, hhmm: str) -> None:
        """The organisers' digest time; it outlasts re-imports."""
        async with self.version.writing() as conn:
            await conn.execute("INSERT OR REPLACE INTO meta VALUES ('digest_time', ?)", (hhmm,))

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

    async def set_meta(self, values: dict[str, str | None]) -> None:
        """Keep small facts beside the programme (e.g. the source URL's validators); None
        removes a key. Re-imports leave them alone."""
        async with self.version.writing() as conn:
            for key, value in values.items():
                if value is None:
                    await conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    await conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

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

    async def search(self, query: str, limit: int = 10) -> SearchResults:
        """Sessions, speakers and posts whose words start with every word of ``query``;
        a match in a title or name ranks above one in a description or bio."""
        terms = query_words(query)
        if not terms:
            return SearchResults()
        match = " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
        rows = await self._db.fetchall(
            "SELECT kind, ref FROM search_index WHERE search_index MATCH ? "
            "ORDER BY bm25(search_index, 0, 0, 10.0, 1.0), ref LIMIT 500",
            (match,),
        )
        refs: dict[str, list[str]] = {"session": [], "speaker": [], "post": []}
        for kind, ref in rows:
            if len(refs[kind]) < limit:
                refs[kind].append(ref)
        return await self._resolve(refs)

    async def suggest(self, query: str) -> list[Session | Speaker]:
        """The sessions and people whose title or name is closest to ``query`` (a typo's
        "did you mean"), closest first; the words are read once per programme version."""
        order = (await self._suggester.get(lambda: read_suggester(self._db))).suggest(query)
        ids = {k: [r for kind, r in order if kind == k] for k in ("session", "speaker")}
        sessions = {s.id: s for s in await self._sessions_by_ids(ids["session"])}
        people = await self.speakers(ids["speaker"])
        found = [(sessions if k == "session" else people).get(r) for k, r in order]
        return [x for x in found if x is not None]

    async def _resolve(self, refs: dict[str, list[str]]) -> SearchResults:
        sessions = {s.id: s for s in await self._sessions_by_ids(refs["session"])}
        speakers = await self.speakers(refs["speaker"])
        posts = [p for p in [await self.post(i) for i in refs["post"]] if p]
        return SearchResults(
            sessions=[sessions[i] for i in refs["session"] if i in sessions],
            speakers=[speakers[i] for i in refs["speaker"] if i in speakers],
            posts=posts,
        )

    async def _sessions_by_ids(self, ids: list[str]) -> list[Session]:
        if not ids:
            return []
        return await self._sessions(f"id IN ({','.join('?' * len(ids))})", tuple(ids))


def _same_forum(old: Programme | None, new: Programme) -> bool:
    return old is not None and old.forum.id == new.forum.id
