"""The zone each person follows from (migration 18): chosen, changed, back to the forum's
(no row), seen by a second store on the same file, erased with the person."""

from __future__ import annotations

from forumbot.store import Store
from tests.helpers import IMPORTED_AT


async def test_choose_change_and_go_back_to_the_forums(store: Store) -> None:
    await store.users.record(7, "en", IMPORTED_AT)
    await store.users.record(8, "ru", IMPORTED_AT)
    assert await store.zones.of(7) is None
    await store.zones.choose(7, "Europe/Berlin")
    await store.zones.choose(8, "Asia/Tokyo")
    await store.zones.choose(8, "America/New_York")
    assert await store.zones.of_many([7, 8, 9]) == {7: "Europe/Berlin", 8: "America/New_York"}
    assert await Store(store.db).zones.of(8) == "America/New_York"  # a fresh memory agrees
    await store.zones.choose(7, None)
    assert await store.zones.of(7) is None
    assert await Store(store.db).zones.of(7) is None


async def test_forgetting_erases_the_row(store: Store) -> None:
    await store.users.record(7, "en", IMPORTED_AT)
    await store.zones.choose(7, "Europe/London")
    await store.privacy.forget(7, "hash-of-7")
    store.zones.drop(7)
    assert await store.zones.of(7) is None
    assert await Store(store.db).zones.of(7) is None
