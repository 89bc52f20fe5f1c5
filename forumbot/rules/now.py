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


DAY_PAGE = 10  # sessions per page of a day: a FOSDEM day has hundreds


@dataclass(frozen=True, slots=True)
class DayPage:
    sessions: list[Session]
    page: int
    pages: int


async def day_page(
    repo: ProgrammeRepo, day: dt.date, page: int = 0, at_session: str | None = None
) -> DayPage:
    """One page of a day's sessions: page ``page``, or the page holding ``at_session``."""
    if at_session is not None:
        position = await repo.position_in_day(at_session)
        page = (position or 0) // DAY_PAGE
    _, total = await repo.sessions_on_page(day, 0, 0)
    pages = max(1, -(-total // DAY_PAGE))
    page = min(max(page, 0), pages - 1)
    sessions, _ = await repo.sessions_on_page(day, page * DAY_PAGE, DAY_PAGE)
    return DayPage(sessions, page, pages)
