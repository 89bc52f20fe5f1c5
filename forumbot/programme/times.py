"""An event's times from schedule.json/xml: offsets trusted, local times in the zone,
the day-change boundary honoured, durations checked; overlaps in a room only warned about."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from forumbot.models import Session
from forumbot.programme.errors import Problem, msg
from forumbot.programme.interchange import RawEvent
from forumbot.programme.local_times import classify

DURATION = re.compile(r"^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")


@dataclass(slots=True)
class Zones:
    """The zone local times are read in and shown in; None when the file names none."""

    name: str | None
    zone: dt.tzinfo | None
    needed: bool = False  # an event has a time without an offset
    disagreeing: int = 0  # events whose offset is not the named zone's
    example: str = ""

    @property
    def display_name(self) -> str:
        return self.name or "UTC"


@dataclass(frozen=True, slots=True)
class EventTimes:
    day: dt.date
    start: dt.datetime  # aware, UTC
    end: dt.datetime


def parse_duration(raw: str | None) -> dt.timedelta | None:
    match = DURATION.match((raw or "").strip())
    if not match:
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def clock_time(raw: str | None) -> dt.time | None:
    match = CLOCK.match((raw or "").strip())
    if not match:
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return dt.time(hours, minutes, seconds)


def event_times(
    event: RawEvent,
    day_change: str | None,
    zones: Zones,
    problems: list[Problem],
    warnings: list[Problem],
) -> EventTimes | None:
    """The event's start and end in UTC and its conference day; None (with a problem
    reported) when its times cannot be read."""
    start = _start(event, day_change, zones, problems, warnings)
    length = parse_duration(event.duration)
    if event.duration is not None and length is None:
        problems.append(
            Problem(
                event.line,
                event.place("duration"),
                msg("not_duration", value=repr(event.duration)),
            )
        )
        return None
    end = _end(event, problems)
    if start is None or (length is None and end is None):
        if start is not None:
            problems.append(Problem(event.line, event.place("duration"), msg("missing")))
        return None
    start = start.astimezone(dt.UTC)  # a duration is elapsed time, not wall-clock time
    if end is None and length is not None:
        end = start + length
    elif end is not None and length is not None and end != start + length:
        warnings.append(Problem(event.line, event.place("end"), msg("end_disagrees")))
    assert end is not None
    if end <= start:
        what = "end" if event.end else "duration"
        problems.append(Problem(event.line, event.place(what), msg("end_before_start")))
        return None
    return EventTimes(event.day, start.astimezone(dt.UTC), end.astimezone(dt.UTC))


def _start(
    event: RawEvent,
    day_change: str | None,
    zones: Zones,
    problems: list[Problem],
    warnings: list[Problem],
) -> dt.datetime | None:
    if event.date:
        try:
            moment = dt.datetime.fromisoformat(event.date.strip().replace("Z", "+00:00"))
        except ValueError:
            problems.append(
                Problem(
                    event.line, event.place("date"), msg("not_datetime", value=repr(event.date))
                )
            )
            return None
        if moment.tzinfo is not None:
            _compare_offset(moment, zones)
            return moment
        local = moment
    else:
        hhmm = clock_time(event.start)
        if hhmm is None:
            said = msg("not_time", value=repr(event.start)) if event.start else msg("missing")
            problems.append(Problem(event.line, event.place("start"), said))
            return None
        change = clock_time(day_change)
        after_midnight = change is not None and hhmm < change
        local = dt.datetime.combine(event.day + dt.timedelta(days=after_midnight), hhmm)
    zones.needed = True
    if zones.zone is None:
        return None
    what, field = msg("what_starts"), event.place("date" if event.date else "start")
    before = len(problems)
    classify(what, local, zones.zone, event.line, field, problems, warnings)
    return local.replace(tzinfo=zones.zone, fold=0) if len(problems) == before else None


def _compare_offset(moment: dt.datetime, zones: Zones) -> None:
    if zones.zone is None:
        return
    if moment.utcoffset() != moment.astimezone(zones.zone).utcoffset():
        zones.disagreeing += 1
        zones.example = zones.example or moment.isoformat()


def _end(event: RawEvent, problems: list[Problem]) -> dt.datetime | None:
    if not event.end:
        return None
    try:
        end = dt.datetime.fromisoformat(event.end.strip().replace("Z", "+00:00"))
    except ValueError:
        end = None
    if end is None or end.tzinfo is None:
        problems.append(
            Problem(event.line, event.place("end"), msg("not_offset_time", value=repr(event.end)))
        )
        return None
    return end


def overlaps(
    sessions: Sequence[Session], room_names: dict[str, str], events: Sequence[RawEvent]
) -> list[Problem]:
    """Two events at once in one room: real exports have them, so a warning each."""
    by_id = {(e.guid or e.number or "").strip(): e for e in events}
    latest: dict[str, Session] = {}
    warnings = []
    for s in sorted(sessions, key=lambda s: (s.room_id, s.start, s.end)):
        other = latest.get(s.room_id)
        if other is not None and s.start < other.end:
            event = by_id[s.id]
            warnings.append(
                Problem(
                    event.line,
                    event.place("start"),
                    msg(
                        "event_overlap",
                        other=by_id[other.id].label(),
                        room=repr(room_names[s.room_id]),
                    ),
                )
            )
        if other is None or s.end > other.end:
            latest[s.room_id] = s
    return warnings
