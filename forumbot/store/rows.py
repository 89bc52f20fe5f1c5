"""Rows to domain objects and back: JSON texts, UTC epoch seconds."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from forumbot.infra.timeutil import from_epoch
from forumbot.models import Forum, Post, Room, Session, Speaker, Text


def dump_text(text: Text | None) -> str | None:
    return None if text is None else json.dumps(dict(text), ensure_ascii=False)


def load_text(raw: str | None) -> dict[str, str] | None:
    return None if raw is None else json.loads(raw)


def session_from(row: sqlite3.Row, people: list[tuple[str, str]]) -> Session:
    """A session from its row and its (role, speaker id) pairs in order."""
    return Session(
        id=row["id"],
        day=dt.date.fromisoformat(row["day"]),
        start=from_epoch(row["start"]),
        end=from_epoch(row["end"]),
        room_id=row["room_id"],
        kind=row["kind"],
        title=load_text(row["title"]) or {},
        description=load_text(row["description"]),
        moderator_ids=tuple(sid for role, sid in people if role == "moderator"),
        speaker_ids=tuple(sid for role, sid in people if role == "speaker"),
        cancelled=row["status"] == "cancelled",
        description_html=bool(row["description_html"]),
        track=row["track"],
        language=row["language"],
    )


def speaker_from(row: sqlite3.Row) -> Speaker:
    return Speaker(
        id=row["id"],
        name=load_text(row["name"]) or {},
        position=load_text(row["position"]),
        organisation=load_text(row["organisation"]),
        bio=load_text(row["bio"]),
        bio_html=bool(row["bio_html"]),
    )


def room_from(row: sqlite3.Row) -> Room:
    return Room(row["id"], load_text(row["name"]) or {})


def post_from(row: sqlite3.Row) -> Post:
    return Post(
        id=row["id"],
        kind=row["kind"],
        published=from_epoch(row["published"]),
        title=load_text(row["title"]) or {},
        body=load_text(row["body"]) or {},
    )


def forum_from(raw: str, digest_time: str | None = None) -> Forum:
    """The forum from its JSON row (meta 'forum', or an archived edition's)."""
    f = json.loads(raw)
    return Forum(
        id=f["id"],
        title=f["title"],
        city=f["city"],
        timezone=f["timezone"],
        default_language=f["default_language"],
        languages=tuple(f["languages"]),
        url=f.get("url"),
        digest_time=digest_time or f.get("digest_time") or "08:00",
        note=f.get("note"),
    )
