"""The programme's version, for caches of what everyone sees, and values cached against it.

Every programme write in this process bumps the version after its transaction ends
(committed or rolled back: a reader on the shared connection may have seen it half done),
so a view cached under the old version is never served again. A reader notes the version
before it reads and caches under that: if a write ends meanwhile, what it cached is under a
version nobody asks for any more (no check-then-await-then-set race). Writes by another
process (``bot.py import`` while the bot runs) are noticed through SQLite's data_version,
looked at every few seconds.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

import aiosqlite

from forumbot.store.db import Database

T = TypeVar("T")
LOOK_EVERY = 5.0  # seconds between looks at other processes' writes


class Version:
    def __init__(self, db: Database, look_every: float = LOOK_EVERY) -> None:
        self._db = db
        self.value = 0
        self.look_every = look_every
        self._next_look = 0.0
        self._data_version: int | None = None

    def bump(self) -> None:
        self.value += 1

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction that changes the programme: the version moves when it ends."""
        try:
            async with self._db.transaction() as conn:
                yield conn
        finally:
            self.bump()

    async def current(self) -> int:
        """The version now, after a look (every few seconds) at other processes' writes."""
        now = time.monotonic()
        if now >= self._next_look:
            self._next_look = now + self.look_every
            row = await self._db.fetchone("PRAGMA data_version")
            seen = int(row[0]) if row else 0
            if seen != self._data_version:  # the first look too: whatever came before it
                self.bump()
            self._data_version = seen
        return self.value


class Memo(Generic[T]):
    """One value loaded once per version (the forum row, the rooms)."""

    def __init__(self, version: Version) -> None:
        self._version = version
        self._value: T | None = None
        self._at = -1

    async def get(self, load: Callable[[], Awaitable[T]]) -> T:
        at = self._version.value
        if self._at == at and self._value is not None:
            return self._value
        value = await load()
        if self._version.value == at:  # no write ended while it loaded
            self._value, self._at = value, at
        return value
