"""Replacing the programme in service: one transaction, all or nothing."""

from __future__ import annotations

import json

import aiosqlite

from forumbot.infra.timeutil import to_epoch
from forumbot.models import UI_LANGUAGES, Post, Programme, pick
from forumbot.programme.richtext import plain_text
from forumbot.rules.search import index_text, sort_key
from forumbot.store.info import write_info
from forumbot.store.links import write_file_links
from forumbot.store.questions import write_file_moderators
from forumbot.store.roles import write_roles
from forumbot.store.rows import dump_text

_TABLES = ("session_people", "sessions", "speakers", "rooms", "days")
# Posts published in the chat (origin 'chat') are not the file's: a re-import keeps them.
_KEEP_CHAT_POSTS = (
    "DELETE FROM posts WHERE origin = 'file'",
    "DELETE FROM search_index WHERE NOT (kind = 'post' AND ref IN "
    "(SELECT id FROM posts WHERE origin = 'chat'))",
)


def _all(text, is_html: bool = False) -> list[str]:
    """Every language's string; HTML texts without their tags (the index holds words)."""
    if not text:
        return []
    return [plain_text(t) for t in text.values()] if is_html else list(text.values())


async def write_programme(conn: aiosqlite.Connection, p: Programme, meta: dict[str, str]) -> None:
    """Replace everything programme-shaped inside the caller's transaction."""
    for table in _TABLES:
        await conn.execute(f"DELETE FROM {table}")
    for statement in _KEEP_CHAT_POSTS:
        await conn.execute(statement)
    forum = p.forum
    forum_json = {
        "id": forum.id,
        "title": forum.title,
        "city": forum.city,
        "timezone": forum.timezone,
        "default_language": forum.default_language,
        "languages": list(forum.languages),
        "url": forum.url,
        "digest_time": forum.digest_time,
        "note": forum.note,
    }
    rows = {"forum": json.dumps(forum_json, ensure_ascii=False), **meta}
    await conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows.items())
    await write_info(conn, p.info)
    await write_roles(conn, p.roles)
    await conn.executemany(
        "INSERT INTO days VALUES (?, ?)",
        [(d.date.isoformat(), dump_text(d.title)) for d in p.days],
    )
    await conn.executemany(
        "INSERT INTO rooms (id, name, ord, stream) VALUES (?, ?, ?, ?)",
        [(r.id, dump_text(r.name), i, r.stream) for i, r in enumerate(p.rooms)],
    )
    default = forum.default_language
    await conn.executemany(
        "INSERT INTO speakers (id, name, position, organisation, bio, sort_ky, sort_ru, sort_en, "
        "bio_html, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                dump_text(s.name),
                dump_text(s.position),
                dump_text(s.organisation),
                dump_text(s.bio),
                *(sort_key(pick(s.name, lang, default)) for lang in UI_LANGUAGES),
                int(s.bio_html),
                s.photo,
            )
            for s in p.speakers
        ],
    )
    await _write_sessions(conn, p)
    await write_file_moderators(conn, p)
    await write_file_links(conn, p)
    await conn.executemany(
        "INSERT INTO posts (id, kind, published, title, body) VALUES (?, ?, ?, ?, ?)",
        [
            (x.id, x.kind, to_epoch(x.published), dump_text(x.title), dump_text(x.body))
            for x in p.posts
        ],
    )
    await _write_index(conn, p)


async def _write_sessions(conn: aiosqlite.Connection, p: Programme) -> None:
    await conn.executemany(
        'INSERT INTO sessions (id, day, start, "end", room_id, kind, title, description, status, '
        "description_html, track, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                s.day.isoformat(),
                to_epoch(s.start),
                to_epoch(s.end),
                s.room_id,
                s.kind,
                dump_text(s.title),
                dump_text(s.description),
                "cancelled" if s.cancelled else "scheduled",
                int(s.description_html),
                s.track,
                s.language,
            )
            for s in p.sessions
        ],
    )
    people = []
    for s in p.sessions:
        people += [(s.id, sid, "moderator", i) for i, sid in enumerate(s.moderator_ids)]
        people += [(s.id, sid, "speaker", i) for i, sid in enumerate(s.speaker_ids)]
    await conn.executemany("INSERT INTO session_people VALUES (?, ?, ?, ?)", people)


async def _write_index(conn: aiosqlite.Connection, p: Programme) -> None:
    names = {s.id: _all(s.name) for s in p.speakers}
    rows = []
    for s in p.sessions:
        people = [n for sid in (*s.moderator_ids, *s.speaker_ids) for n in names.get(sid, [])]
        rows.append(
            (
                "session",
                s.id,
                index_text(*_all(s.title)),
                index_text(*_all(s.description, s.description_html), *people),
            )
        )
    for sp in p.speakers:
        rows.append(
            (
                "speaker",
                sp.id,
                index_text(*_all(sp.name)),
                index_text(*_all(sp.position), *_all(sp.organisation), *_all(sp.bio, sp.bio_html)),
            )
        )
    for post in p.posts:
        rows.append(("post", post.id, index_text(*_all(post.title)), index_text(*_all(post.body))))
    await conn.executemany(
        "INSERT INTO search_index (kind, ref, head, body) VALUES (?, ?, ?, ?)", rows
    )


async def write_chat_post(conn: aiosqlite.Connection, post: Post) -> None:
    """A post published in the chat: in the news at once, searchable, kept by re-imports."""
    await conn.execute(
        "INSERT INTO posts (id, kind, published, title, body, origin) "
        "VALUES (?, ?, ?, ?, ?, 'chat')",
        (
            post.id,
            post.kind,
            to_epoch(post.published),
            dump_text(post.title),
            dump_text(post.body),
        ),
    )
    await conn.execute(
        "INSERT INTO search_index (kind, ref, head, body) VALUES ('post', ?, ?, ?)",
        (post.id, index_text(*_all(post.title)), index_text(*_all(post.body))),
    )
