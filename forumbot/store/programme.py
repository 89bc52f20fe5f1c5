"""Reading the programme in service, and replacing it as a whole.

The queries are in ``programme_read.py``, search in ``programme_search.py``; ``ProgrammeRepo``
is all three.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from forumbot.infra.timeutil import to_epoch
from forumbot.models import Info, Post, Programme, Session, Text
from forumbot.rules.changes import Change, carry_cancelled, diff
from forumbot.store.changes import log_changes
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
from forumbot.store.programme_search import ProgrammeSearch, SearchResults
from forumbot.store.programme_write import write_chat_post, write_programme
from forumbot.store.roles import ROLES_KEY, roles_from_json
from forumbot.store.rows import post_from, speaker_from

__all__ = ["ProgrammeRepo", "SearchResults"]


class ProgrammeRepo(ProgrammeSearch):
    """The programme: its reads and search, and every write (each through
    ``version.writing()``, so caches keyed on the version see it at once)."""

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

    async def set_meta(self, values: dict[str, str | None]) -> None:
        """Keep small facts beside the programme (e.g. the source URL's validators); None
        removes a key. Re-imports leave them alone."""
        async with self.version.writing() as conn:
            for key, value in values.items():
                if value is None:
                    await conn.execute("DELETE FROM meta WHERE key = ?", (key,))
                else:
                    await conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _same_forum(old: Programme | None, new: Programme) -> bool:
    return old is not None and old.forum.id == new.forum.id
