"""The time zone each person follows from, held in memory too: every view a person opens
asks, and almost everyone reads the forum's zone (no row), so that answer must cost nothing."""

from __future__ import annotations

from forumbot.store.db import Database


class ZoneRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._by_chat: dict[int, str] | None = None  # only people with a zone of their own
        self._writes = 0  # a load that saw a write begin meanwhile is read again

    async def _all(self) -> dict[int, str]:
        while self._by_chat is None:
            writes = self._writes
            rows = await self._db.fetchall("SELECT chat_id, zone FROM user_zones")
            if writes == self._writes:
                self._by_chat = {chat_id: zone for chat_id, zone in rows}
        return self._by_chat

    async def of(self, chat_id: int) -> str | None:
        """The person's zone name (an IANA "Area/City"), None for the forum's."""
        return (await self._all()).get(chat_id)

    async def of_many(self, chat_ids: list[int]) -> dict[int, str]:
        """The zones of those among ``chat_ids`` who chose one."""
        known = await self._all()
        return {c: known[c] for c in chat_ids if c in known}

    async def choose(self, chat_id: int, zone: str | None) -> None:
        """Follow from ``zone``; None goes back to the forum's."""
        self._writes += 1
        async with self._db.transaction() as conn:
            if zone is None:
                await conn.execute("DELETE FROM user_zones WHERE chat_id = ?", (chat_id,))
            else:
                await conn.execute(
                    "INSERT INTO user_zones VALUES (?, ?) "
                    "ON CONFLICT (chat_id) DO UPDATE SET zone = excluded.zone",
                    (chat_id, zone),
                )
        self._by_chat = None

    def drop(self, chat_id: int) -> None:
        """Forget the cached answer (the person was forgotten: the row went with them)."""
        self._by_chat = None
