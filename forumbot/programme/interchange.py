"""What the schedule.json and schedule.xml readers hand over: a format-free raw schedule.

Each reader checks its own structure and fills these; ``forumbot.programme.schedule`` then
checks what the bot relies on (identities, times, zones) the same way for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forumbot.models import Programme
from forumbot.programme.errors import Msg, Problem, msg


@dataclass(frozen=True, slots=True)
class LoadResult:
    """An accepted programme and what the import noticed without refusing it."""

    programme: Programme
    warnings: tuple[Problem, ...] = ()


@dataclass(slots=True)
class RawPerson:
    key: str | None  # guid, code or id as found; None when the file gives none
    name: str
    bio: str | None = None
    photo: str | None = None  # pretalx's avatar: checked as a picture on import


@dataclass(slots=True)
class RawLink:
    """A link or attachment as a file gives it: its address may be relative or not HTTPS."""

    url: str
    title: str | None = None
    type: str | None = None  # the format's type ("slides", "media", "web" …), if any
    attachment: bool = False


@dataclass(slots=True)
class RawEvent:
    line: int | None
    day: dt.date  # the conference day the file lists it under
    guid: str | None
    number: str | None  # the legacy numeric id
    title: str
    room: str
    date: str | None = None  # ISO 8601, with its offset when there is one
    start: str | None = None  # "HH:MM" local, when there is no date
    duration: str | None = None
    end: str | None = None
    subtitle: str | None = None
    track: str | None = None
    language: str | None = None
    type: str | None = None
    abstract: str | None = None
    description: str | None = None
    persons: list[RawPerson] = field(default_factory=list)
    links: list[RawLink] = field(default_factory=list)

    def label(self) -> Msg:
        """How a report names the event: its id, its guid and its title."""
        ids = " ".join(f"{k} {v}" for k, v in (("id", self.number), ("guid", self.guid)) if v)
        title = self.title if len(self.title) <= 50 else self.title[:49] + "…"
        return msg("event", ids=ids, title=title) if ids else msg("event_no_id", title=title)

    def place(self, name: str) -> Msg:
        return msg("event_field", event=self.label(), name=name)


@dataclass(slots=True)
class RawSchedule:
    acronym: str
    title: str
    markup: str  # how abstracts are written: "html" or "markdown"
    city: str | None = None
    zone_name: str | None = None
    day_change: str | None = None  # "HH:MM[:SS]": earlier events belong to the day before
    base_url: str | None = None
    url: str | None = None
    days: list[tuple[dt.date, int | None]] = field(default_factory=list)
    rooms: list[str] = field(default_factory=list)  # rooms in the order the file lists them
    events: list[RawEvent] = field(default_factory=list)
    bios: dict[str, str] = field(default_factory=dict)  # person key -> biography
    warnings: list[Problem] = field(default_factory=list)
