"""What a quick change would collide with: another session in the same hall at that time,
a speaker already booked elsewhere then, or a slot that has already started. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from forumbot.models import Session


@dataclass(frozen=True, slots=True)
class Clashes:
    """The sessions sharing the hall, those sharing a speaker (with the shared speakers' ids),
    and whether the new slot has already started."""

    hall: tuple[Session, ...] = ()
    speakers: tuple[tuple[Session, tuple[str, ...]], ...] = field(default=())
    started: bool = False

    def __bool__(self) -> bool:
        return bool(self.hall or self.speakers or self.started)

    def session_ids(self) -> list[str]:
        """Every other session named, once, in time order (for the audit line)."""
        seen = dict.fromkeys(s.id for s in (*self.hall, *(s for s, _ in self.speakers)))
        return list(seen)


def _people(s: Session) -> set[str]:
    return {*s.speaker_ids, *s.moderator_ids}


def clashes(
    before: Session, after: Session, others: Iterable[Session], now: dt.datetime
) -> Clashes:
    """What ``after`` (the session as changed) collides with among ``others``; a cancelled
    session collides with nothing, and "already started" only when its time moves or it
    comes back."""
    if after.cancelled:
        return Clashes()
    overlapping = sorted(
        (
            o
            for o in others
            if o.id != after.id and not o.cancelled and o.start < after.end and after.start < o.end
        ),
        key=lambda o: (o.start, o.room_id, o.id),
    )
    hall = tuple(o for o in overlapping if o.room_id == after.room_id)
    mine = _people(after)
    speakers = tuple(
        (o, tuple(sorted(mine & _people(o)))) for o in overlapping if mine & _people(o)
    )
    moved = (before.start, before.end) != (after.start, after.end) or before.cancelled
    return Clashes(hall, speakers, started=moved and after.start <= now)
