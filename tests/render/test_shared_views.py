"""The shared views' cache and the programme version: kept, bounded, and never stale after a
write, also when the write ends while a reader is still reading."""

from __future__ import annotations

import asyncio

import pytest

from forumbot.render.context import View
from forumbot.render.shared import SharedViews
from forumbot.store import Store
from forumbot.store.version import Memo


def renderer(text: str | None, calls: list[str]):
    async def render() -> View | None:
        calls.append(str(text))
        return None if text is None else View(text)

    return render


async def test_a_view_is_rendered_once_per_key_and_the_oldest_goes_first() -> None:
    views, calls = SharedViews(size=2), []
    assert (await views.get("a", renderer("A", calls))) == View("A")
    assert (await views.get("a", renderer("other", calls))) == View("A")
    await views.get("b", renderer("B", calls))
    await views.get("a", renderer("A", calls))  # used: now the newest
    await views.get("c", renderer("C", calls))  # "b" goes
    await views.get("b", renderer("B2", calls))
    assert calls == ["A", "B", "C", "B2"] and len(views) == 2


async def test_nothing_is_kept_for_a_view_that_is_not_there() -> None:
    views, calls = SharedViews(), []
    assert await views.get("gone", renderer(None, calls)) is None
    assert await views.get("gone", renderer(None, calls)) is None
    assert calls == ["None", "None"]


async def test_every_programme_write_moves_the_version_even_a_failed_one(
    store: Store,
) -> None:
    version = store.programme.version
    start = await version.current()
    await store.programme.set_digest_time("07:30")
    assert version.value == start + 1
    with pytest.raises(RuntimeError):
        async with version.writing() as conn:
            await conn.execute("INSERT OR REPLACE INTO meta VALUES ('digest_time', '06:00')")
            raise RuntimeError("half done")
    assert version.value == start + 2
    assert (await store.programme.forum()).digest_time == "07:30"


async def test_a_value_read_while_a_write_ended_is_not_kept(store: Store) -> None:
    version = store.programme.version
    memo: Memo[str] = Memo(version)
    reading, written = asyncio.Event(), asyncio.Event()

    async def slow_old() -> str:
        reading.set()
        await written.wait()
        return "old"

    async def fresh() -> str:
        return "new"

    reader = asyncio.create_task(memo.get(slow_old))
    await reading.wait()
    version.bump()  # a write ends while the reader reads
    written.set()
    assert await reader == "old"  # what it read, for this reader only
    assert await memo.get(fresh) == "new"
    assert await memo.get(slow_old) == "new"  # kept now
