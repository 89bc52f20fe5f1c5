"""The tracks and kinds each person hides, held in memory too: every list a person opens
asks, and almost nobody hides anything, so that answer must cost nothing."""

from __future__ import annotations

from forumbot.rules.hidden import FACETS, Hidden
from forumbot.store.db import Database


class HiddenRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._by_chat: dict[int, Hidden] | None = None  # only people who hide something
        self._writes = 0  # a load that saw a write begin meanwhile is read again

    async def _all(self) -> dict[int, Hidden]:
        while self._by_chat is None:
            writes = self._writes
            rows = await self._db.fetchall("SELECT chat_id, facet, value FROM hidden")
            found: dict[int, dict[str, set[str]]] = {}
            for chat_id, facet, value in rows:
                found.setdefault(chat_id, {f: set() for f in FACETS})[facet].add(value)
            if writes == self._writes:
                self._by_chat = {c: Hidden.of(v) for c, v in found.items()}
        return self._by_chat

    async def of(self, chat_id: int) -> Hidden:
        """What this person hides (empty: nothing)."""
        return (await self._all()).get(chat_id, Hidden())

    async def toggle(self, chat_id: int, facet: str, value: str) -> bool:
        """Hide ``value`` if shown, show it if hidden; True when it is now hidden."""
        if facet not in FACETS:
            raise ValueError(f"not a facet one can hide: {facet!r}")
        before = await self.of(chat_id)
        now_hidden = value not in before.values(facet)
        self._writes += 1
        async with self._db.transaction() as conn:
            if now_hidden:
                await conn.execute(
                    "INSERT OR IGNORE INTO hidden VALUES (?, ?, ?)", (chat_id, facet, value)
                )
            else:
                await conn.execute(
                    "DELETE FROM hidden WHERE chat_id = ? AND facet = ? AND value = ?",
                    (chat_id, facet, value),
                )
        values = {f: set(before.values(f)) for f in FACETS}
        if now_hidden:
            values[facet].add(value)
        else:
            values[facet].discard(value)
        self._writes += 1
        after = Hidden.of(values)
        if self._by_chat is not None:
            if after:
                self._by_chat[chat_id] = after
            else:
                self._by_chat.pop(chat_id, None)
        return now_hidden

    def drop(self, chat_id: int) -> None:
        """Forget the memory of a person whose rows went (``/forget``)."""
        self._writes += 1
        if self._by_chat is not None:
            self._by_chat.pop(chat_id, None)

    async def kinds(self) -> list[str]:
        """The kinds of session the programme has, alphabetical."""
        rows = await self._db.fetchall("SELECT DISTINCT kind FROM sessions ORDER BY kind")
        return [r[0] for r in rows]
