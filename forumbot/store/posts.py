"""Posts published in the chat, after publishing: the broadcast that carried a summary,
an edit, a deletion (the file's posts change only with the file)."""

from __future__ import annotations

from forumbot.infra.timeutil import to_epoch
from forumbot.models import Post
from forumbot.rules.search import index_text
from forumbot.store.db import Database
from forumbot.store.programme_write import _all
from forumbot.store.rows import dump_text


class PostRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def link_broadcast(self, post_id: str, broadcast_id: int) -> None:
        """The summary's broadcast to its subscribers (deleting one retracts the other)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE posts SET broadcast_id = ? WHERE id = ?", (broadcast_id, post_id)
            )

    async def broadcast_of(self, post_id: str) -> int | None:
        row = await self._db.fetchone("SELECT broadcast_id FROM posts WHERE id = ?", (post_id,))
        return int(row[0]) if row and row[0] is not None else None

    async def from_chat(self, post_id: str) -> bool:
        """Published in the chat (editable and deletable here), not by the programme file."""
        row = await self._db.fetchone("SELECT origin FROM posts WHERE id = ?", (post_id,))
        return row is not None and row[0] == "chat"

    async def replace(self, post: Post) -> bool:
        """An edited post: its texts and date in /news and in search; False if it is gone."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE posts SET title = ?, body = ?, published = ? "
                "WHERE id = ? AND origin = 'chat'",
                (dump_text(post.title), dump_text(post.body), to_epoch(post.published),
                 post.id),
            )  # fmt: skip
            if cursor.rowcount != 1:
                return False
            await conn.execute(
                "UPDATE search_index SET head = ?, body = ? WHERE kind = 'post' AND ref = ?",
                (index_text(*_all(post.title)), index_text(*_all(post.body)), post.id),
            )
            return True

    async def delete(self, post_id: str) -> bool:
        """Gone from /news and from search; False if it was not there (or is the file's)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM posts WHERE id = ? AND origin = 'chat'", (post_id,)
            )
            if cursor.rowcount != 1:
                return False
            await conn.execute(
                "DELETE FROM search_index WHERE kind = 'post' AND ref = ?", (post_id,)
            )
            return True

    async def delete_by_broadcast(self, broadcast_id: int) -> str | None:
        """The summary its broadcast carried, deleted (the broadcast was withdrawn from the
        chats, in /deliveries); its id, or None if no post rode on that broadcast."""
        row = await self._db.fetchone(
            "SELECT id FROM posts WHERE broadcast_id = ? AND origin = 'chat'", (broadcast_id,)
        )
        if row is None:
            return None
        return row[0] if await self.delete(row[0]) else None
