"""Names of staff and the people they act on; the audit filtered by action; /forget erases
the name with the rest."""

from __future__ import annotations

from forumbot.store import Store
from forumbot.store.staff import Person
from tests.helpers import bishkek

NOW = bishkek(22, 9)


async def test_names_are_kept_and_replaced_and_forgotten(store: Store) -> None:
    await store.staff.remember(Person(7, "Aibek", "aibek"))
    await store.staff.remember(Person(7, "Aibek Soltonov", None))  # renamed, username dropped
    assert await store.staff.people([7, 8]) == {7: Person(7, "Aibek Soltonov", None)}
    await store.privacy.forget(7, "hash-of-7")
    store.staff.forget_name(7)
    assert await store.staff.people([7]) == {}
    await store.staff.remember(Person(7, "Aibek Soltonov", None))  # written again: not cached
    assert 7 in await store.staff.people([7])


async def test_the_audit_log_filtered_by_action(store: Store) -> None:
    await store.staff.add_organiser(7, 2, NOW)
    await store.staff.audit(1, "digest_time", NOW, time="07:30")
    only = await store.staff.audit_log(actions=("organiser_added",))
    assert [e.action for e in only] == ["organiser_added"] and only[0].detail == {"user_id": 7}
    assert [e.action for e in await store.staff.audit_log()][:2] == [
        "digest_time",
        "organiser_added",
    ]
