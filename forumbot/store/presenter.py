"""Presenter links: read-only views of a session's approved questions for the hall's screen,
each behind an unguessable token that organisers create, list and revoke."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.store.db import Database
from forumbot.store.staff import _audit

TOKEN_BYTES = 24  # 192 bits: not guessable, and short enough for a URL


@dataclass(frozen=True, slots=True)
class PresenterLink:
    token: str
    session_id: str
    created_by: int | None
    created_at: dt.datetime


class PresenterRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(self, session_id: str, by: int, now: dt.datetime) -> PresenterLink:
        """A new link for the session, audited."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO presenter_links (token, session_id, created_by, created_at) "
                "VALUES (?, ?, ?, ?)",
                (token, session_id, by, to_epoch(now)),
            )
            await _audit(conn, now, by, "presenter_link_created", {"session": session_id})
        return PresenterLink(token, session_id, by, now)

    async def active(self) -> list[PresenterLink]:
        """Every link not revoked, newest first."""
        rows = await self._db.fetchall(
            "SELECT token, session_id, created_by, created_at FROM presenter_links "
            "WHERE revoked_at IS NULL ORDER BY created_at DESC, rowid DESC"
        )
        return [PresenterLink(r[0], r[1], r[2], from_epoch(r[3])) for r in rows]

    async def session_of(self, token: str) -> str | None:
        """The session a live link shows; None for an unknown or revoked token."""
        row = await self._db.fetchone(
            "SELECT session_id FROM presenter_links WHERE token = ? AND revoked_at IS NULL",
            (token,),
        )
        return row[0] if row else None

    async def revoke(self, token: str, by: int, now: dt.datetime) -> bool:
        """Revoke a live link (audited); False if it was unknown or already revoked."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE presenter_links SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL",
                (to_epoch(now), token),
            )
            if cursor.rowcount != 1:
                return False
            row = await (
                await conn.execute(
                    "SELECT session_id FROM presenter_links WHERE token = ?", (token,)
                )
            ).fetchone()
            session = row[0] if row else None
            await _audit(conn, now, by, "presenter_link_revoked", {"session": session})
        return True
