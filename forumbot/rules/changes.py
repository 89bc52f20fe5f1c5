"""Programme changes: what moved, by each session's stable id. Pure functions.

A re-import or a quick change in the chat is compared with the programme in service; the
differences are logged in the store and told, later and merged, to the people who starred
the sessions concerned.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from forumbot.infra.timeutil import from_epoch, to_epoch
from forumbot.models import Programme, Session, Text

# What can change about a session, in the order a notice lists them.
KINDS = ("added", "cancelled", "restored", "time", "room", "title")


@dataclass(frozen=True, slots=True)
class State:
    """What participants rely on about a session: when, where, what, and if it happens."""

    day: dt.date
    start: dt.datetime
    end: dt.datetime
    room_id: str
    title: Text
    cancelled: bool = False

    @classmethod
    def of(cls, s: Session) -> State:
        return cls(s.day, s.start, s.end, s.room_id, dict(s.title), s.cancelled)

    def as_dict(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "start": to_epoch(self.start),
            "end": to_epoch(self.end),
            "room": self.room_id,
            "title": dict(self.title),
            "cancelled": self.cancelled,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> State | None:
        if raw is None:
            return None
        return cls.from_dict(json.loads(raw))

    @classmethod
    def from_dict(cls, d: dict) -> State:
        return cls(
            dt.date.fromisoformat(d["day"]),
            from_epoch(d["start"]),
            from_epoch(d["end"]),
            d["room"],
            d["title"],
            bool(d["cancelled"]),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One session's difference: ``before`` None means added (or never seen)."""

    session_id: str
    before: State | None
    after: State

    @property
    def kinds(self) -> tuple[str, ...]:
        b, a = self.before, self.after
        if b is None:  # added; and, if it is already cancelled, say so
            return ("added", "cancelled") if a.cancelled else ("added",)
        found = []
        if a.cancelled and not b.cancelled:
            found.append("cancelled")
        if b.cancelled and not a.cancelled:
            found.append("restored")
        if (b.start, b.end) != (a.start, a.end):
            found.append("time")
        if b.room_id != a.room_id:
            found.append("room")
        if dict(b.title) != dict(a.title):
            found.append("title")
        return tuple(k for k in KINDS if k in found)


def diff(old: Iterable[Session], new: Iterable[Session]) -> list[Change]:
    """The sessions of ``new`` that differ from ``old`` in what participants rely on,
    in the new programme's time order. (A session absent from ``new`` is not a change
    here: ``carry_cancelled`` has already kept it, cancelled.)"""
    before = {s.id: State.of(s) for s in old}
    changes = []
    for s in sorted(new, key=lambda s: (s.start, s.id)):
        after = State.of(s)
        change = Change(s.id, before.get(s.id), after)
        if change.kinds:
            changes.append(change)
    return changes


def carry_cancelled(old: Programme | None, new: Programme) -> Programme:
    """``new``, keeping every session of ``old`` that it lacks, marked cancelled (with the
    day and room it needs), so that people who starred it see what became of it.

    A programme of another forum replaces the old one outright: nothing is carried.
    """
    if old is None or old.forum.id != new.forum.id:
        return new
    ids = {s.id for s in new.sessions}
    gone = [s for s in old.sessions if s.id not in ids]
    if not gone:
        return new
    days = {d.date for d in new.days}
    rooms = {r.id for r in new.rooms}
    speakers = {s.id for s in new.speakers}
    extra_days = [d for d in old.days if d.date not in days and any(s.day == d.date for s in gone)]
    extra_rooms = [
        r for r in old.rooms if r.id not in rooms and any(s.room_id == r.id for s in gone)
    ]
    kept = tuple(
        replace(
            s,
            cancelled=True,
            moderator_ids=tuple(i for i in s.moderator_ids if i in speakers),
            speaker_ids=tuple(i for i in s.speaker_ids if i in speakers),
        )
        for s in gone
    )
    return replace(
        new,
        days=tuple(sorted((*new.days, *extra_days), key=lambda d: d.date)),
        rooms=(*new.rooms, *extra_rooms),
        sessions=(*new.sessions, *kept),
    )


def merge(changes: Sequence[Change]) -> list[Change]:
    """Several changes of the same sessions (oldest first) as one each: the first "before"
    and the last "after"; a session moved and moved back is no change at all."""
    first: dict[str, State | None] = {}
    last: dict[str, State] = {}
    for c in changes:
        first.setdefault(c.session_id, c.before)
        last[c.session_id] = c.after
    merged = [Change(sid, first[sid], last[sid]) for sid in last]
    merged = [c for c in merged if c.kinds]
    return sorted(merged, key=lambda c: (c.after.start, c.session_id))


def describe_plain(change: Change, zone: dt.tzinfo, lang: str = "en") -> str:
    """One line for the operator's terminal: the session and what changes about it."""
    from forumbot.models import pick

    a, b = change.after, change.before

    def when(state: State) -> str:
        start, end = state.start.astimezone(zone), state.end.astimezone(zone)
        return f"{start:%d %b %H:%M}–{end:%H:%M}"

    parts = []
    for kind in change.kinds:
        if kind == "time" and b is not None:
            parts.append(f"time {when(b)} → {when(a)}")
        elif kind == "room" and b is not None:
            parts.append(f"room {b.room_id} → {a.room_id}")
        elif kind == "title" and b is not None:
            parts.append(f"title was {pick(b.title, lang, lang)!r}")
        elif kind == "added":
            parts.append(f"added at {when(a)}")
        else:
            parts.append(kind)
    return f"{change.session_id} ({pick(a.title, lang, lang)}): " + "; ".join(parts)
