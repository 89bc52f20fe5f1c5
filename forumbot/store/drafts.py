"""Organisers' drafts (an announcement, a post, a quick change), typed and kept in the store
while they are composed: another organiser can see them, a restart keeps them. One draft of
each kind per organiser's chat; its body is the dataclass as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database


class Draft(Protocol):
    """A draft dataclass: its kind names it in the store."""

    KIND: ClassVar[str]
    __dataclass_fields__: ClassVar[dict[str, Any]]


D = TypeVar("D", bound=Draft)


@dataclass(slots=True)
class AnnounceDraft:
    """/announce: one text for all or a variant per language, optional media, the audience
    and when."""

    KIND: ClassVar[str] = "announce"
    mode: str = "one"  # "one" text for everyone, or a variant "per" language
    texts: dict[str, str] = field(default_factory=dict)  # language -> Telegram HTML
    media: dict[str, str] | None = None
    next: int = 0  # the index of the language asked for next
    audience: str | None = None  # a code of forumbot.delivery.audiences.audience_of
    at: dt.datetime | None = None  # when to send; None: now
    default: str | None = None  # the variant readers of a skipped language get
    source: int | None = None  # the broadcast this draft is a copy of


@dataclass(slots=True)
class PostDraft:
    """/post: news or summary, a title and body per language."""

    KIND: ClassVar[str] = "post"
    kind: str | None = None
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # language -> (title, body)
    next: int = 0
    at: dt.datetime | None = None  # when it is published; None: now
    editing: str | None = None  # the id of the post this draft replaces (edit from its card)
    channel: bool = False  # mirrored in the forum's channel too


@dataclass(slots=True)
class QuickChangeDraft:
    """An organiser's quick change: the session, and what it becomes (forumbot.rules.changes'
    State fields); ``typing_for`` is the session whose new time is being typed."""

    KIND: ClassVar[str] = "quickchange"
    session_id: str | None = None
    day: dt.date | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room_id: str | None = None
    cancelled: bool = False
    typing_for: str | None = None


_TIMES = {"at", "start", "end"}


def _dump(draft: Draft) -> str:
    body: dict[str, Any] = {}
    for f in dataclasses.fields(draft):
        value = getattr(draft, f.name)
        if isinstance(value, dt.datetime):
            value = to_epoch(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        body[f.name] = value
    return json.dumps(body, ensure_ascii=False)


def _load(kind: type[D], raw: str) -> D:
    body = json.loads(raw)
    names = {f.name for f in dataclasses.fields(kind)}
    for name, value in list(body.items()):
        if name not in names:
            del body[name]  # written by a newer bot, or a field since dropped
        elif value is not None and name in _TIMES:
            body[name] = from_epoch(value)
        elif value is not None and name == "day":
            body[name] = dt.date.fromisoformat(value)
        elif name == "texts" and kind is PostDraft:
            body[name] = {lang: tuple(pair) for lang, pair in value.items()}
    return kind(**body)


class DraftRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, kind: type[D], chat_id: int) -> D | None:
        row = await self._db.fetchone(
            "SELECT body FROM drafts WHERE kind = ? AND chat_id = ?", (kind.KIND, chat_id)
        )
        return None if row is None else _load(kind, row[0])

    async def put(self, chat_id: int, draft: Draft, now: dt.datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO drafts (kind, chat_id, body, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, chat_id) DO UPDATE SET body = excluded.body, "
                "updated_at = excluded.updated_at",
                (draft.KIND, chat_id, _dump(draft), to_epoch(now)),
            )

    async def drop(self, kind: str, chat_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM drafts WHERE kind = ? AND chat_id = ?", (kind, chat_id)
            )

    async def waiting(self, kind: type[D]) -> list[tuple[int, dt.datetime, D]]:
        """Every organiser's draft of this kind: (chat, last changed, draft), newest first."""
        rows = await self._db.fetchall(
            "SELECT chat_id, updated_at, body FROM drafts WHERE kind = ? "
            "ORDER BY updated_at DESC, chat_id",
            (kind.KIND,),
        )
        return [(r[0], from_epoch(r[1]), _load(kind, r[2])) for r in rows]

    # --- the step each persistent conversation is at (handlers/persistence.py) -----------
    async def conversations(self, name: str) -> dict[tuple[int, int], object]:
        rows = await self._db.fetchall(
            "SELECT chat_id, user_id, state FROM conversations WHERE name = ?", (name,)
        )
        return {(r[0], r[1]): json.loads(r[2]) for r in rows}

    async def set_conversation(
        self, name: str, key: tuple[int, int], state: object | None
    ) -> None:
        """Record the step (JSON), or forget the conversation when it ended (None)."""
        async with self._db.transaction() as conn:
            if state is None:
                await conn.execute(
                    "DELETE FROM conversations WHERE name = ? AND chat_id = ? AND user_id = ?",
                    (name, *key),
                )
                return
            await conn.execute(
                "INSERT INTO conversations (name, chat_id, user_id, state) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name, chat_id, user_id) DO UPDATE SET state = excluded.state",
                (name, *key, json.dumps(state)),
            )
