"""What is on now and what comes next, decided from the store at the clock's "now"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from forumbot.models import Session
from forumbot.store.programme import ProgrammeRepo

Phase = Literal["empty", "before", "during", "after"]


@dataclass(frozen=True, slots=True)
class Agenda:
    now: dt.datetime
    phase: Phase
    current: list[Session] = field(default_factory=list)
    upcoming: list[Session] = field(default_factory=list)
    first_start: dt.datetime | None = None


async def agenda_at(repo: ProgrammeRepo, now: dt.datetime) -> Agenda:
    """The forum as seen at ``now``: before it, during it (maybe between sessions), after."""
    span = await repo.span()
    if span is None:
        return Agenda(now, "empty")
    first, last = span
    upcoming = await repo.sessions_next(now)
    if now < first:
        return Agenda(now, "before", upcoming=upcoming, first_start=first)
    if now >= last:
        return Agenda(now, "after", first_start=first)
    current = await repo.sessions_now(now)
    return Agenda(now, "during", current=current, upcoming=upcoming, first_start=first)
