"""Browsing the programme by track, hall or session language, when it has them.

Buttons name a value by its index in the facet's sorted list, never by the value itself:
track names are long and may be Cyrillic, and callback data holds 64 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from forumbot.rules.now import DAY_PAGE, DayPage
from forumbot.store.filters import FilterRepo

FACETS: tuple[str, ...] = ("track", "room", "lang")


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # "track", "room" or "lang"
    values: list[tuple[str, int]]  # (track name, room id or language code; its sessions)

    @property
    def offered(self) -> bool:
        """A filter with one value (or none) filters nothing."""
        return len(self.values) >= 2

    def value(self, index: int) -> str | None:
        return self.values[index][0] if 0 <= index < len(self.values) else None


async def facets(repo: FilterRepo) -> list[Facet]:
    """The facets worth offering, in the order of ``FACETS``."""
    found = [Facet(name, await repo.values(name)) for name in FACETS]
    return [f for f in found if f.offered]


async def facet(repo: FilterRepo, name: str) -> Facet | None:
    if name not in FACETS:
        return None
    found = Facet(name, await repo.values(name))
    return found if found.offered else None


async def facet_page(
    repo: FilterRepo, name: str, value: str, page: int = 0, at_session: str | None = None
) -> DayPage:
    """One page of the sessions having ``value``: page ``page``, or the one holding
    ``at_session``; paginated as a day is."""
    if at_session is not None:
        position = await repo.position(name, value, at_session)
        page = (position or 0) // DAY_PAGE
    _, total = await repo.sessions_page(name, value, 0, 0)
    pages = max(1, -(-total // DAY_PAGE))
    page = min(max(page, 0), pages - 1)
    sessions, _ = await repo.sessions_page(name, value, page * DAY_PAGE, DAY_PAGE)
    return DayPage(sessions, page, pages)
