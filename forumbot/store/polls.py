"""Polls at round tables: created for a running session, answered with inline buttons (one
row per person and chosen answer), closed on demand. Results come from
``forumbot.rules.polls.tally`` over ``votes``."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import ClassVar

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.rules.polls import Poll, Results, tally
from forumbot.store.db import Database


@dataclass(slots=True)
class PollDraft:
    """A poll being composed (forumbot/store/drafts.py keeps it): the session, the typed
    question and answers, one answer or several; ``typing`` while the text is asked for."""

    KIND: ClassVar[str] = "poll"
    session_id: str | None = None
    question: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    typing: bool = True
    channel: bool = False  # posted in the forum's channel too


def _poll(row: aiosqlite.Row) -> Poll:
    return Poll(
        id=int(row["id"]),
        session_id=row["session_id"],
        question=row["question"],
        options=tuple(json.loads(row["options"])),
        multiple=bool(row["multiple"]),
        open=row["status"] == "open",
        created_at=from_epoch(row["created_at"]),
        created_by=row["created_by"],
    )


async def create_poll(
    conn: aiosqlite.Connection,
    session_id: str,
    question: str,
    options: tuple[str, ...],
    multiple: bool,
    by: int,
    now: dt.datetime,
) -> int:
    """Inside the caller's transaction (with the messages that carry it): the new poll's id."""
    cursor = await conn.execute(
        "INSERT INTO polls (session_id, question, options, multiple, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (session_id, question, json.dumps(options, ensure_ascii=False), int(multiple), by,
         to_epoch(now)),
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


class PollRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, poll_id: int) -> Poll | None:
        row = await self._db.fetchone("SELECT * FROM polls WHERE id = ?", (poll_id,))
        return _poll(row) if row else None

    async def of_session(self, session_id: str) -> list[Poll]:
        rows = await self._db.fetchall(
            "SELECT * FROM polls WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [_poll(r) for r in rows]

    async def choices(self, poll_id: int, chat_id: int) -> set[int]:
        rows = await self._db.fetchall(
            "SELECT option FROM poll_votes WHERE poll_id = ? AND chat_id = ?", (poll_id, chat_id)
        )
        return {int(r[0]) for r in rows}

    async def choose(self, poll: Poll, chat_id: int, option: int, now: dt.datetime) -> set[int]:
        """One answer: it replaces the person's answer; several: it toggles. Returns the
        person's answers now."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM poll_votes WHERE poll_id = ? AND chat_id = ? AND option = ?",
                (poll.id, chat_id, option),
            )
            toggled_off = poll.multiple and cursor.rowcount == 1
            if not toggled_off:
                if not poll.multiple:
                    await conn.execute(
                        "DELETE FROM poll_votes WHERE poll_id = ? AND chat_id = ?",
                        (poll.id, chat_id),
                    )
                await conn.execute(
                    "INSERT INTO poll_votes (poll_id, chat_id, option, at) VALUES (?, ?, ?, ?)",
                    (poll.id, chat_id, option, to_epoch(now)),
                )
        return await self.choices(poll.id, chat_id)

    async def close(self, poll_id: int, by: int, now: dt.datetime) -> bool:
        """False when it was closed already."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE polls SET status = 'closed', closed_by = ?, closed_at = ? "
                "WHERE id = ? AND status = 'open'",
                (by, to_epoch(now), poll_id),
            )
            return cursor.rowcount == 1

    async def results(self, poll_id: int) -> Results | None:
        """The poll and its counts now (None: no such poll)."""
        poll = await self.get(poll_id)
        if poll is None:
            return None
        rows = await self._db.fetchall(
            "SELECT chat_id, option FROM poll_votes WHERE poll_id = ?", (poll_id,)
        )
        return tally(poll, [(int(r[0]), int(r[1])) for r in rows])
