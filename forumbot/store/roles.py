"""Roles (issue 15, part 4): the roles the programme file defines (or the defaults), and the
role each person holds, a speaker's perhaps linked to their programme entry. People get a
role by opening an invitation link (forumbot/store/invitations.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from forumbot.models import DEFAULT_ROLES, Role
from forumbot.store.db import Database

ROLES_KEY = "roles"  # the meta row holding the file's roles block (absent: the defaults)


@dataclass(frozen=True, slots=True)
class Held:
    """The role a person holds, and the speaker they were linked to (if any)."""

    role: str
    speaker_id: str | None = None


def roles_to_json(roles: Iterable[Role]) -> str:
    return json.dumps([{"id": r.id, "name": r.name} for r in roles], ensure_ascii=False)


def roles_from_json(raw: str | None) -> tuple[Role, ...]:
    """The file's roles; () when it had none."""
    return tuple(Role(r["id"], r.get("name")) for r in json.loads(raw)) if raw else ()


async def write_roles(conn: aiosqlite.Connection, roles: tuple[Role, ...]) -> None:
    """Inside the import's transaction: the file's roles block, or none (the defaults)."""
    if roles:
        await conn.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", (ROLES_KEY, roles_to_json(roles))
        )
    else:
        await conn.execute("DELETE FROM meta WHERE key = ?", (ROLES_KEY,))


class RoleRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def from_file(self) -> tuple[Role, ...]:
        """The roles block of the programme in service; () when it has none."""
        row = await self._db.fetchone("SELECT value FROM meta WHERE key = ?", (ROLES_KEY,))
        return roles_from_json(row[0] if row else None)

    async def defined(self) -> tuple[Role, ...]:
        """The roles invitations can give: the file's, else the defaults (named by the
        catalogs)."""
        return await self.from_file() or tuple(Role(r) for r in DEFAULT_ROLES)

    async def of(self, chat_id: int) -> Held | None:
        row = await self._db.fetchone(
            "SELECT role, speaker_id FROM user_roles WHERE chat_id = ?", (chat_id,)
        )
        return Held(row[0], row[1]) if row else None

    async def counts(self) -> dict[str, int]:
        """Role -> the people holding it who have not blocked the bot, most first."""
        rows = await self._db.fetchall(
            "SELECT r.role, COUNT(*) FROM user_roles r JOIN users u ON u.chat_id = r.chat_id "
            "WHERE u.status != 'blocked' GROUP BY r.role ORDER BY 2 DESC, 1"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def linked_speakers(self, speaker_ids: Iterable[str]) -> dict[str, list[int]]:
        """Speaker id -> the active people linked to that programme entry."""
        ids = sorted(set(speaker_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._db.fetchall(
            "SELECT r.speaker_id, r.chat_id FROM user_roles r JOIN users u "
            f"ON u.chat_id = r.chat_id AND u.status = 'active' WHERE r.speaker_id IN ({marks}) "
            "ORDER BY r.chat_id",
            tuple(ids),
        )
        found: dict[str, list[int]] = {}
        for speaker_id, chat_id in rows:
            found.setdefault(str(speaker_id), []).append(int(chat_id))
        return found

    async def linked_to(self, speaker_id: str) -> int:
        """How many people are linked to this speaker."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM user_roles WHERE speaker_id = ?", (speaker_id,)
        )
        return int(row[0]) if row else 0
