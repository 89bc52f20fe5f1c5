"""One aiosqlite connection: WAL, busy timeout, foreign keys, migrations, serialised writes."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from forumbot.store.migrations import MIGRATIONS

logger = logging.getLogger(__name__)


class Database:
    """The shared connection. Writes go through ``transaction()``, one at a time."""

    def __init__(self, conn: aiosqlite.Connection, path: Path | str) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        if str(path) != ":memory:":
            _create_private(Path(path))
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA busy_timeout=5000")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            db = cls(conn, path)
            await db._migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction; concurrent writers on the one connection wait their turn.

        Safe under cancellation. aiosqlite runs each statement on its worker thread; a
        cancelled ``await`` abandons only the wait, and the statement still runs there later.
        So BEGIN, COMMIT and ROLLBACK are always awaited to the end (see ``_settle``) before a
        cancellation goes on, any failure or cancellation rolls back, and the lock is released
        only once the connection is out of the transaction. Cancelled during COMMIT, the
        commit completes and the cancellation then propagates.
        """
        async with self._write_lock:
            try:
                await _settle(self.conn.execute("BEGIN IMMEDIATE"))
                yield self.conn
                await _settle(self.conn.execute("COMMIT"))
            except BaseException:
                # rollback() runs on the worker thread, after every statement queued before
                # it, and does nothing if no transaction is open by then: never a guess made
                # here from in_transaction while statements are still queued.
                await _settle(self.conn.rollback())
                raise

    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        """Every row, read in one call on the connection's thread.

        Never ``execute`` then ``fetchall`` as two calls: between them another task's write
        transaction runs its statements on this same connection while the read statement is
        still open, and a ``DELETE FROM`` under an open cursor reads as "database disk image
        is malformed" (seen about once in 25 runs while a URL refresh replaced the programme
        under the planner's read)."""
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        """The first row, in one call on the connection's thread (see ``fetchall``)."""
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.version()
        if current > len(MIGRATIONS):
            raise RuntimeError(
                f"the store {self.path} has schema version {current}, newer than this bot "
                f"knows ({len(MIGRATIONS)}); upgrade the bot"
            )
        for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
            logger.info("Migrating the store to schema version %d", version)
            async with self.transaction() as conn:
                for statement in _statements(script):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version={version:d}")


async def _settle(statement: Awaitable[object]) -> None:
    """Await a statement to its end, even if cancelled meanwhile; then pass the cancel on."""
    task = asyncio.ensure_future(statement)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        if not task.cancelled():
            task.exception()  # marked as seen: the cancellation is what the caller gets
        raise asyncio.CancelledError
    task.result()


def _create_private(path: Path) -> None:
    """A new store is readable by the bot's user only: the file 0600 (SQLite gives its -wal
    and -shm the same mode), its directory 0700 if the bot makes it; chmod after creating,
    since the umask may take bits away (never add them)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # an existing store keeps the mode its operator gave it
    os.fchmod(fd, 0o600)
    os.close(fd)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
