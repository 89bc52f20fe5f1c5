"""Sessions' links: the file's (rewritten by each import) and those set in the chat (kept),
a chat row of a kind hiding the file's of that kind; and the slides and recordings that
appeared, waiting to be told (forumbot/runtime/link_notices.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import LINK_KINDS, NEWS_KINDS, Link, Programme
from forumbot.store.db import Database
from forumbot.store.version import Version

Links = dict[str, tuple[Link, ...]]  # session id -> its links in service


@dataclass(frozen=True, slots=True)
class LinkNews:
    """Slides or a recording that appeared for a session."""

    id: int
    session_id: str
    kind: str
    url: str


@dataclass(slots=True)
class LinkDraft:
    """An organiser setting a session's link from the chat (forumbot/store/drafts.py keeps
    it): ``url`` None removes the link; ``typing`` while the address is asked for."""

    KIND: ClassVar[str] = "link"
    session_id: str | None = None
    kind: str | None = None
    url: str | None = None
    typing: bool = False


async def write_file_links(conn: aiosqlite.Connection, p: Programme) -> None:
    """Inside the import's transaction: the file's links replace the file's links."""
    await conn.execute("DELETE FROM session_links WHERE origin = 'file'")
    await conn.executemany(
        "INSERT INTO session_links (session_id, kind, url, title, origin, ord) "
        "VALUES (?, ?, ?, ?, 'file', ?)",
        [(s.id, x.kind, x.url, x.title, i) for s in p.sessions for i, x in enumerate(s.links)],
    )


def in_service(rows: Iterable[Sequence]) -> tuple[Link, ...]:
    """One session's (kind, url, title, origin) rows -> its links: the chat's rows of a kind
    replace the file's of that kind; an empty chat url removes the kind."""
    rows = list(rows)
    by_chat = {r[0] for r in rows if r[3] == "chat"}
    kept = [r for r in rows if (r[3] == "chat") == (r[0] in by_chat) and r[1]]
    order = {kind: i for i, kind in enumerate(LINK_KINDS)}
    kept.sort(key=lambda r: order.get(r[0], len(order)))
    return tuple(Link(r[0], r[1], r[2]) for r in kept)


async def read_links(conn: aiosqlite.Connection, ids: Sequence[str] | None = None) -> Links:
    """The links in service of these sessions (all when ``ids`` is None)."""
    where, params = "1", tuple[str, ...]()
    if ids is not None:
        if not ids:
            return {}
        where, params = f"session_id IN ({','.join('?' * len(ids))})", tuple(ids)
    rows: dict[str, list[Sequence]] = {}
    # One call (as Database.fetchall): no other statement between the execute and the fetch.
    for r in await conn.execute_fetchall(
        f"SELECT session_id, kind, url, title, origin FROM session_links WHERE {where} "
        "ORDER BY session_id, origin, ord",
        params,
    ):
        rows.setdefault(r[0], []).append(tuple(r[1:]))
    return {sid: found for sid, group in rows.items() if (found := in_service(group))}


def appeared(before: Mapping[str, tuple[Link, ...]], after: Links) -> list[tuple[str, Link]]:
    """Slides and recordings in ``after`` that ``before`` did not have (by address)."""
    found = []
    for sid, links in after.items():
        known = {(x.kind, x.url) for x in before.get(sid, ())}
        found += [(sid, x) for x in links if x.kind in NEWS_KINDS and (x.kind, x.url) not in known]
    return found


async def log_news(
    conn: aiosqlite.Connection, news: Sequence[tuple[str, Link]], now: dt.datetime
) -> None:
    await conn.executemany(
        "INSERT INTO link_news (at, session_id, kind, url) VALUES (?, ?, ?, ?)",
        [(to_epoch(now), sid, x.kind, x.url) for sid, x in news],
    )


async def mark_news_told(conn: aiosqlite.Connection, ids: Sequence[int]) -> None:
    marks = ",".join("?" * len(ids))
    await conn.execute(f"UPDATE link_news SET told = 1 WHERE id IN ({marks})", list(ids))


class LinkRepo:
    def __init__(self, db: Database, version: Version) -> None:
        self._db = db
        self._version = version

    async def of(self, session_id: str) -> tuple[Link, ...]:
        return (await read_links(self._db.conn, [session_id])).get(session_id, ())

    async def set_link(
        self, session_id: str, kind: str, url: str | None, by: int, now: dt.datetime
    ) -> bool:
        """Set (or with ``url`` None remove) the session's link of ``kind`` from the chat;
        False when nothing changes. Slides or a recording that is new is logged to be told."""
        if kind not in LINK_KINDS:
            raise ValueError(f"no link kind {kind!r}")
        before = await self.of(session_id)
        if [x.url for x in before if x.kind == kind] == ([url] if url else []):
            return False
        async with self._version.writing() as conn:
            await conn.execute(
                "DELETE FROM session_links WHERE session_id = ? AND kind = ? AND origin = 'chat'",
                (session_id, kind),
            )
            await conn.execute(
                "INSERT INTO session_links (session_id, kind, url, origin, ord, added_by, "
                "added_at) VALUES (?, ?, ?, 'chat', 0, ?, ?)",
                (session_id, kind, url or "", by, to_epoch(now)),
            )
            after = await read_links(conn, [session_id])
            await log_news(conn, appeared({session_id: before}, after), now)
        return True

    async def audience(self, session_ids: Iterable[str]) -> dict[int, set[str]]:
        """Active people who starred or rated any of these sessions -> which of them."""
        ids = list(session_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            "SELECT x.chat_id, x.session_id FROM ("
            f"SELECT chat_id, session_id FROM stars WHERE session_id IN ({marks}) UNION "
            f"SELECT chat_id, session_id FROM feedback WHERE session_id IN ({marks})"
            ") x JOIN users u ON u.chat_id = x.chat_id AND u.status = 'active'",
            (*ids, *ids),
        )
        found: dict[int, set[str]] = {}
        for chat_id, session_id in rows:
            found.setdefault(int(chat_id), set()).add(session_id)
        return found

    async def untold(self) -> tuple[list[LinkNews], dt.datetime | None]:
        """Slides and recordings not told yet, oldest first; and when the last appeared."""
        rows = await self._db.fetchall(
            "SELECT id, at, session_id, kind, url FROM link_news WHERE told = 0 ORDER BY id"
        )
        news = [LinkNews(int(r["id"]), r["session_id"], r["kind"], r["url"]) for r in rows]
        last = from_epoch(max(int(r["at"]) for r in rows)) if rows else None
        return news, last
