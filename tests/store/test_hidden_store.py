"""What each person hides (migration 11): toggled, read from memory after one load, seen by a
second store on the same file, erased with the person."""

from __future__ import annotations

from pathlib import Path

from forumbot.rules.hidden import Hidden
from forumbot.store import Store
from tests.helpers import IMPORTED_AT


async def test_toggle_hides_and_shows_again_and_a_reopened_store_agrees(
    store: Store, tmp_path: Path
) -> None:
    await store.users.record(7, "en", IMPORTED_AT)
    await store.users.record(8, "ru", IMPORTED_AT)
    assert await store.hidden.of(7) == Hidden()
    assert await store.hidden.toggle(7, "track", "Security") is True
    assert await store.hidden.toggle(7, "kind", "break") is True
    assert await store.hidden.toggle(8, "kind", "break") is True
    assert await store.hidden.toggle(8, "kind", "break") is False  # shown again
    assert await store.hidden.of(7) == Hidden(frozenset({"Security"}), frozenset({"break"}))
    assert not await store.hidden.of(8)
    again = Store(store.db)  # a fresh memory over the same rows
    assert len(await again.hidden.of(7)) == 2


async def test_the_kinds_are_the_programmes_and_forgetting_erases_the_rows(store: Store) -> None:
    kinds = await store.hidden.kinds()
    assert kinds == sorted(set(kinds)) and kinds
    await store.users.record(7, "en", IMPORTED_AT)
    await store.hidden.toggle(7, "kind", kinds[0])
    await store.privacy.forget(7, "hash-of-7")
    store.hidden.drop(7)
    assert not await store.hidden.of(7)
    assert not await Store(store.db).hidden.of(7)
