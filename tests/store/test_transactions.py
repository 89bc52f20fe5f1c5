"""Write transactions cancelled at each of their await points leave the connection clean.

aiosqlite runs every statement on its own worker thread. To cancel a writer at an exact
point, a trace callback (run on that thread as a statement starts) holds the chosen
statement until the test lets it go: the writer is then cancelled while its statement is
queued but not yet done, the very moment a busy machine produced the flaky "cannot start a
transaction within a transaction". No sleeps: events and the loop's callback order only.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from forumbot.store.db import Database

BODY = ("INSERT INTO notes VALUES ('cancelled 1')", "INSERT INTO notes VALUES ('cancelled 2')")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "t.sqlite3")
    async with database.transaction() as conn:
        await conn.execute("CREATE TABLE notes (text TEXT NOT NULL)")
        await conn.execute("INSERT INTO notes VALUES ('committed before')")
    yield database
    await database.close()


class Hold:
    """Holds the worker thread at the start of one statement, until released."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.reached = asyncio.Event()
        self.gate = threading.Event()
        self._loop = asyncio.get_running_loop()

    def __call__(self, statement: str) -> None:  # on aiosqlite's worker thread
        if statement == self.sql and not self.reached.is_set():
            self._loop.call_soon_threadsafe(self.reached.set)
            self.gate.wait()


async def write(db: Database) -> None:
    async with db.transaction() as conn:
        for sql in BODY:
            await conn.execute(sql)


async def notes(db: Database) -> list[str]:
    return [row[0] for row in await db.fetchall("SELECT text FROM notes ORDER BY rowid")]


async def cancel_at(db: Database, sql: str) -> None:
    """Run ``write`` and cancel it while ``sql`` is held on the worker thread."""
    hold = Hold(sql)
    await db.conn.set_trace_callback(hold)
    writer = asyncio.create_task(write(db))
    await hold.reached.wait()
    writer.cancel()
    # Let the statement run only after the writer has taken the cancellation (its wake-up
    # was queued by cancel(), before this callback): the order that left BEGIN open.
    asyncio.get_running_loop().call_soon(hold.gate.set)
    with pytest.raises(asyncio.CancelledError):
        await writer
    await db.conn.set_trace_callback(None)
    await db.fetchone("SELECT 1")  # the worker thread has run everything queued before


@pytest.mark.parametrize("sql", ["BEGIN IMMEDIATE", *BODY], ids=["begin", "body1", "body2"])
async def test_cancelled_before_commit_leaves_nothing_and_no_transaction(
    db: Database, sql: str
) -> None:
    await cancel_at(db, sql)
    assert not db.conn.in_transaction
    assert await notes(db) == ["committed before"]
    async with db.transaction() as conn:  # the next writer starts and commits
        await conn.execute("INSERT INTO notes VALUES ('after')")
    assert not db.conn.in_transaction
    assert await notes(db) == ["committed before", "after"]


async def test_cancelled_during_commit_the_commit_completes(db: Database) -> None:
    await cancel_at(db, "COMMIT")
    assert not db.conn.in_transaction
    assert await notes(db) == ["committed before", "cancelled 1", "cancelled 2"]
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO notes VALUES ('after')")
    assert (await notes(db))[-1] == "after"


async def test_cancelled_while_waiting_for_another_writer(db: Database) -> None:
    first_inside, first_may_finish = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO notes VALUES ('first')")
            first_inside.set()
            await first_may_finish.wait()

    holder = asyncio.create_task(first())
    await first_inside.wait()
    waiting = asyncio.create_task(write(db))
    await asyncio.sleep(0)  # the second writer reaches the lock; nothing is timed
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    first_may_finish.set()
    await holder
    assert not db.conn.in_transaction
    assert await notes(db) == ["committed before", "first"]


async def test_a_failing_statement_rolls_back_and_the_error_reaches_the_caller(
    db: Database,
) -> None:
    with pytest.raises(Exception, match="NOT NULL"):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO notes VALUES ('half')")
            await conn.execute("INSERT INTO notes VALUES (NULL)")
    assert not db.conn.in_transaction
    assert await notes(db) == ["committed before"]


async def test_a_read_is_whole_even_when_a_write_on_the_connection_comes_between(
    db: Database,
) -> None:
    # The planner read the days while a URL refresh replaced the programme on the same
    # connection: a read made of two calls (execute, then fetch) let the refresh's DELETE run
    # under its open statement, and about once in 25 runs SQLite answered "database disk
    # image is malformed". A read is one call now: it sees the table before the DELETE.
    async with db.transaction() as conn:
        await conn.executemany("INSERT INTO notes VALUES (?)", [(f"n{i}",) for i in range(500)])
    async with db.transaction() as conn:
        reading = asyncio.create_task(db.fetchall("SELECT text FROM notes ORDER BY rowid"))
        await asyncio.sleep(0)  # the read's statement is queued on the connection's thread
        await conn.execute("DELETE FROM notes")  # and this one right behind it
        rows = await reading
        row = await db.fetchone("SELECT COUNT(*) FROM notes")
    assert len(rows) == 501 and rows[0][0] == "committed before"
    assert row is not None and row[0] == 0
