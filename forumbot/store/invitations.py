"""Invitation links (issue 15, part 4): made by organisers, used by opening them, revoked;
each step audited in the same transaction. Using one gives its role: checked, counted and
granted at once, so a one-time link serves exactly one person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import aiosqlite

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.rules.invitations import Invite, new_token
from forumbot.store.db import Database
from forumbot.store.roles import Held
from forumbot.store.staff import _audit


@dataclass(frozen=True, slots=True)
class Redeemed:
    """What opening a link did: ``outcome`` is "joined", "already" (this person used it
    before), "unknown" (no such link), or the link's state ("expired", "used_up",
    "revoked"); ``before`` the role the person held until now."""

    outcome: str
    invite: Invite | None = None
    before: Held | None = None


@dataclass(slots=True)
class InviteDraft:
    """An organiser making a link (forumbot/store/drafts.py keeps it): the role, the
    speaker it links to, how many may use it (0: no limit), ``typing`` "uses" or "expiry"
    while one is typed."""

    KIND: ClassVar[str] = "invite"
    role: str | None = None
    speaker_id: str | None = None
    max_uses: int | None = None
    typing: str | None = None


@dataclass(slots=True)
class PendingInvite:
    """A newcomer opened a link: it is used once they have picked their language."""

    KIND: ClassVar[str] = "invite_pending"
    token: str = ""


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(
        id=int(row["id"]),
        token=row["token"],
        role=row["role"],
        speaker_id=row["speaker_id"],
        max_uses=row["max_uses"],
        uses=int(row["uses"]),
        expires_at=from_epoch(row["expires_at"]),
        created_by=row["created_by"],
        created_at=from_epoch(row["created_at"]),
        revoked_at=from_epoch(row["revoked_at"]) if row["revoked_at"] is not None else None,
    )


class InvitationRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        role: str,
        speaker_id: str | None,
        max_uses: int | None,
        expires_at: dt.datetime,
        by: int,
        now: dt.datetime,
    ) -> Invite:
        """A new link with an unguessable token; audited."""
        token = new_token()
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO invitations (token, role, speaker_id, max_uses, expires_at, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token, role, speaker_id, max_uses, to_epoch(expires_at), by, to_epoch(now)),
            )
            invite_id = int(cursor.lastrowid or 0)
            detail = {"invite": invite_id, "role": role, "uses": max_uses or 0,
                      "until": expires_at.isoformat(), "named": speaker_id}  # fmt: skip
            await _audit(conn, now, by, "invite_created", detail)
        found = await self.get(invite_id)
        assert found is not None
        return found

    async def get(self, invite_id: int) -> Invite | None:
        row = await self._db.fetchone("SELECT * FROM invitations WHERE id = ?", (invite_id,))
        return _invite(row) if row else None

    async def live(self, now: dt.datetime) -> list[Invite]:
        """The links that still work, the soonest to expire first."""
        rows = await self._db.fetchall(
            "SELECT * FROM invitations WHERE revoked_at IS NULL AND expires_at > ? "
            "AND (max_uses IS NULL OR uses < max_uses) ORDER BY expires_at, id",
            (to_epoch(now),),
        )
        return [_invite(r) for r in rows]

    async def revoke(self, invite_id: int, by: int, now: dt.datetime) -> Invite | None:
        """Revoke a live link (audited, with how many used it); None if it was not live."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE invitations SET revoked_at = ?, revoked_by = ? WHERE id = ? "
                "AND revoked_at IS NULL",
                (to_epoch(now), by, invite_id),
            )
            if cursor.rowcount == 0:
                return None
            async with conn.execute(
                "SELECT uses FROM invitations WHERE id = ?", (invite_id,)
            ) as c:
                row = await c.fetchone()
            used = int(row[0]) if row else 0
            await _audit(conn, now, by, "invite_revoked", {"invite": invite_id, "people": used})
        return await self.get(invite_id)

    async def redeem(self, token: str, chat_id: int, now: dt.datetime) -> Redeemed:
        """Open the link ``token`` as ``chat_id``: give its role if it still works."""
        async with self._db.transaction() as conn:
            row = await _one(conn, "SELECT * FROM invitations WHERE token = ?", (token,))
            if row is None:
                return Redeemed("unknown")
            invite = _invite(row)
            held = await _one(
                conn, "SELECT role, speaker_id FROM user_roles WHERE chat_id = ?", (chat_id,)
            )
            before = Held(held[0], held[1]) if held else None
            used = await _one(
                conn,
                "SELECT 1 FROM invitation_uses WHERE invitation_id = ? AND chat_id = ?",
                (invite.id, chat_id),
            )
            if used is not None and invite.state(now) != "revoked":
                return Redeemed("already", invite, before)
            if (state := invite.state(now)) != "live":
                return Redeemed(state, invite, before)
            await conn.execute(
                "INSERT INTO invitation_uses VALUES (?, ?, ?)", (invite.id, chat_id, to_epoch(now))
            )
            await conn.execute("UPDATE invitations SET uses = uses + 1 WHERE id = ?", (invite.id,))
            await conn.execute(
                "INSERT OR REPLACE INTO user_roles VALUES (?, ?, ?, ?, ?)",
                (chat_id, invite.role, invite.speaker_id, invite.id, to_epoch(now)),
            )
            detail = {"invite": invite.id, "role": invite.role, "named": invite.speaker_id}
            await _audit(conn, now, chat_id, "invite_used", detail)
        return Redeemed("joined", invite, before)


async def _one(conn: aiosqlite.Connection, sql: str, params: tuple) -> aiosqlite.Row | None:
    async with conn.execute(sql, params) as cursor:
        return await cursor.fetchone()
