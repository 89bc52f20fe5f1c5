"""Erasing a person (/forget) everywhere the store holds their Telegram id, and remembering
only a keyed hash of it (computed by forumbot.runtime.privacy) until they /start again."""

from __future__ import annotations

import json

import aiosqlite

from forumbot.store.db import Database
from forumbot.store.questions import forget_questions

# Tables whose rows are the person's own: deleted whole.
_OWN_ROWS = (
    "deliveries",
    "user_topics",
    "stars",
    "hidden",
    "user_zones",
    "reminders",
    "feedback",
    "feedback_prompts",
    "feedback_respondents",
    "organisers",
    "drafts",
    "conversations",
    "people",
    "presence",
    "poll_votes",
    "user_roles",
    "invitation_uses",
)
# Columns naming the person as the one who acted on something that stays (a broadcast they
# sent, a question they moderated, an organiser or moderator they added): emptied.
_ACTOR_COLUMNS = (
    ("broadcasts", "created_by"),
    ("questions", "decided_by"),
    ("question_blocks", "blocked_by"),
    ("question_blocks_forgotten", "blocked_by"),
    ("organisers", "added_by"),
    ("session_moderators", "added_by"),
    ("audit", "actor"),
    ("session_links", "added_by"),
    ("polls", "created_by"),
    ("polls", "closed_by"),
    ("presenter_links", "created_by"),
    ("invitations", "created_by"),
    ("invitations", "revoked_by"),
)
FORGOTTEN_ID = "forgotten"  # what an audit entry's detail shows in place of the id


class PrivacyRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def forget(self, chat_id: int, id_hash: str) -> None:
        """Erase everything held about this person, in one transaction; keep ``id_hash``
        (so they stay forgotten) and, under it, any block on their asking questions."""
        async with self._db.transaction() as conn:
            await _hash_blocks(conn, chat_id, id_hash)
            for table in _OWN_ROWS:
                await conn.execute(f"DELETE FROM {table} WHERE chat_id = ?", (chat_id,))
            await forget_questions(conn, chat_id)
            await conn.execute(
                "DELETE FROM session_moderators WHERE chat_id = ? AND origin = 'chat'",
                (chat_id,),
            )
            for table, column in _ACTOR_COLUMNS:
                await conn.execute(
                    f"UPDATE {table} SET {column} = NULL WHERE {column} = ?", (chat_id,)
                )
            await _scrub_audit_details(conn, chat_id)
            await conn.execute("DELETE FROM users WHERE chat_id = ?", (chat_id,))
            await conn.execute("INSERT OR IGNORE INTO forgotten VALUES (?)", (id_hash,))

    async def hashes(self) -> set[str]:
        """The keyed hashes of everyone forgotten."""
        return {r[0] for r in await self._db.fetchall("SELECT id_hash FROM forgotten")}

    async def start_fresh(self, chat_id: int, id_hash: str) -> None:
        """A forgotten person sent /start: the hash goes, a block on them comes back."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO question_blocks (forum_id, chat_id, blocked_by, "
                "blocked_at) SELECT forum_id, ?, blocked_by, blocked_at "
                "FROM question_blocks_forgotten "
                "WHERE id_hash = ?",
                (chat_id, id_hash),
            )
            await conn.execute(
                "DELETE FROM question_blocks_forgotten WHERE id_hash = ?", (id_hash,)
            )
            await conn.execute("DELETE FROM forgotten WHERE id_hash = ?", (id_hash,))


async def _hash_blocks(conn: aiosqlite.Connection, chat_id: int, id_hash: str) -> None:
    await conn.execute(
        "INSERT OR IGNORE INTO question_blocks_forgotten SELECT forum_id, ?, blocked_by, "
        "blocked_at FROM question_blocks WHERE chat_id = ?",
        (id_hash, chat_id),
    )
    await conn.execute("DELETE FROM question_blocks WHERE chat_id = ?", (chat_id,))


async def _scrub_audit_details(conn: aiosqlite.Connection, chat_id: int) -> None:
    """An audit entry about the person (made a moderator or an organiser) keeps what was
    done, without whom to."""
    async with conn.execute(
        "SELECT id, detail FROM audit WHERE instr(detail, ?) > 0", (str(chat_id),)
    ) as cursor:
        rows = list(await cursor.fetchall())
    for row_id, detail in rows:
        values = json.loads(detail or "{}")
        scrubbed = {
            k: FORGOTTEN_ID if v in (chat_id, str(chat_id)) else v for k, v in values.items()
        }
        if scrubbed != values:
            await conn.execute(
                "UPDATE audit SET detail = ? WHERE id = ?",
                (json.dumps(scrubbed, ensure_ascii=False), row_id),
            )
