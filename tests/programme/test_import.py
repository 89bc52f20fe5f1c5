"""Putting a programme in service: a refused file changes nothing, an accepted one replaces."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.programme import ProgrammeError
from forumbot.programme.worker import load_in_worker
from forumbot.runtime.editions import open_edition
from forumbot.runtime.services import import_programme
from forumbot.store import Store
from forumbot.store.editions import OtherForum
from tests.helpers import MINI, edit

NOW = dt.datetime(2023, 6, 21, 9, 0, tzinfo=dt.UTC)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_refused_reimport_raises_and_keeps_the_programme(
    store: Store, tmp_path: Path, mini_text: str
) -> None:
    broken = write(tmp_path, "broken.yaml", edit(mini_text, "Asia/Bishkek", "Mars/Olympus"))
    with pytest.raises(ProgrammeError, match="Mars/Olympus"):
        await import_programme(store, broken, NOW)
    assert [s.id for s in await store.programme.sessions_on(dt.date(2023, 6, 22))] == [
        "opening",
        "rt1",
    ]
    assert [s.id for s in (await store.programme.search("Шаршенова")).speakers] == ["sharshenova"]
    assert await store.programme.meta("source") == str(MINI)


async def test_unreadable_reimport_keeps_the_programme(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError, match="cannot be read"):
        await import_programme(store, tmp_path / "missing.yaml", NOW)
    assert (await store.programme.session("school")) is not None


async def test_accepted_reimport_replaces_the_programme(
    store: Store, tmp_path: Path, mini_text: str
) -> None:
    school = mini_text.index("  - id: school\n")
    without_school = mini_text[:school] + mini_text[mini_text.index("posts:\n") :]
    path = write(tmp_path, "new.yaml", edit(without_school, '"Малый форум"', '"Новый форум"'))
    assert await import_programme(store, path, NOW) == 2
    # A session the new file lacks stays visible, cancelled, for those who starred it.
    school_now = await store.programme.session("school")
    assert school_now is not None and school_now.cancelled
    assert [n for _, n in await store.programme.days()] == [2, 1]
    assert (await store.programme.forum()).title["ru"] == "Новый форум"
    assert await store.programme.meta("source") == str(path)
    assert await store.programme.meta("imported_at") == NOW.isoformat()


async def test_a_programme_of_another_forum_replaces_everything_only_as_a_new_edition(
    store: Store, tmp_path: Path, mini_text: str
) -> None:
    school = mini_text.index("  - id: school\n")
    without_school = mini_text[:school] + mini_text[mini_text.index("posts:\n") :]
    other = write(
        tmp_path, "other.yaml", edit(without_school, "id: mini-forum", "id: another-forum")
    )
    with pytest.raises(OtherForum):  # an ordinary import never opens a new edition
        await import_programme(store, other, NOW)
    assert (await store.programme.forum()).id == "mini-forum"
    assert await store.programme.session("school") is not None
    await open_edition(store, await load_in_worker(other), other, NOW, None)
    assert await store.programme.session("school") is None
    assert len(await store.programme.search("мектеби")) == 0
    assert [n for _, n in await store.programme.days()] == [2, 0]


async def test_import_into_an_empty_store(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "empty.sqlite3")
    try:
        assert not await store.programme.has_programme()
        assert await import_programme(store, MINI, NOW) == 3
        assert await store.programme.has_programme()
    finally:
        await store.close()
