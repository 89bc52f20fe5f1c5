"""Hiding tracks or kinds: which sessions one person's lists, digest and /now leave out.

Starring wins: a starred session is never hidden. Search and a session's own card (links,
reminders) never ask, so they still find everything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from forumbot.models import Session
from forumbot.rules.now import DAY_PAGE, Agenda, DayPage
from forumbot.store.programme import ProgrammeRepo

FACETS: tuple[str, ...] = ("track", "kind")


@dataclass(frozen=True, slots=True)
class Hidden:
    tracks: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: Mapping[str, Iterable[str]]) -> Hidden:
        return cls(frozenset(values.get("track", ())), frozenset(values.get("kind", ())))

    def __bool__(self) -> bool:
        return bool(self.tracks or self.kinds)

    def __len__(self) -> int:
        return len(self.tracks) + len(self.kinds)

    def values(self, facet: str) -> frozenset[str]:
        return self.tracks if facet == "track" else self.kinds

    def hides(self, session: Session) -> bool:
        return session.track in self.tracks or session.kind in self.kinds


@dataclass(frozen=True, slots=True)
class Sieve:
    """What one person hides, and their stars (which win)."""

    hidden: Hidden
    starred: frozenset[str]

    def keeps(self, session: Session) -> bool:
        return session.id in self.starred or not self.hidden.hides(session)

    def split(self, sessions: Sequence[Session]) -> tuple[list[Session], int]:
        """The sessions kept, in order, and how many were left out."""
        kept = [s for s in sessions if self.keeps(s)]
        return kept, len(sessions) - len(kept)

    def page(
        self, sessions: Sequence[Session], page: int = 0, at_session: str | None = None
    ) -> tuple[DayPage, int]:
        """One page of the kept sessions, paginated as a day is (the page holding
        ``at_session`` when it is kept), and how many the whole list left out."""
        kept, left_out = self.split(sessions)
        if at_session is not None:
            ids = [s.id for s in kept]
            page = ids.index(at_session) // DAY_PAGE if at_session in ids else 0
        pages = max(1, -(-len(kept) // DAY_PAGE))
        page = min(max(page, 0), pages - 1)
        return DayPage(kept[page * DAY_PAGE : (page + 1) * DAY_PAGE], page, pages), left_out


async def sift_agenda(repo: ProgrammeRepo, agenda: Agenda, sieve: Sieve) -> tuple[Agenda, int]:
    """/now and /next without the hidden sessions, and how many they left out; what comes
    next is the next start with a session kept (not an empty "next" after hidden ones)."""
    current, left_out = sieve.split(agenda.current)
    upcoming, skipped = sieve.split(agenda.upcoming)
    while agenda.upcoming and not upcoming:
        batch = await repo.sessions_next(agenda.upcoming[0].start)
        if not batch:
            break
        agenda = dataclasses.replace(agenda, upcoming=batch)
        upcoming, more = sieve.split(batch)
        skipped += more
    shown = dataclasses.replace(agenda, current=current, upcoming=upcoming)
    return shown, left_out + skipped
