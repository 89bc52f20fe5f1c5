"""The forum's domain objects: immutable, Telegram-free, times in UTC."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

# A translated text: language code ("ky", "ru", "en") -> the text in that language.
Text = Mapping[str, str]

UI_LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")


def pick(text: Text | None, lang: str, default: str) -> str:
    """The text in ``lang``, else in the forum's ``default`` language, else any, else ""."""
    if not text:
        return ""
    return text.get(lang) or text.get(default) or next(iter(text.values()), "")


@dataclass(frozen=True, slots=True)
class Forum:
    id: str
    title: Text
    city: Text
    timezone: str
    default_language: str
    languages: tuple[str, ...]
    url: str | None = None
    digest_time: str = "08:00"  # when the daily digest goes out, in the forum's zone
    note: Text | None = None  # a word on the whole programme, e.g. that times are illustrative

    @property
    def zone(self) -> dt.tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    title: Text | None = None


@dataclass(frozen=True, slots=True)
class Room:
    id: str
    name: Text
    stream: str | None = None  # the hall's live stream (HTTPS), shown for its sessions


# What a session's link is: its live stream, the slides, the recording afterwards, or another.
LINK_KINDS: tuple[str, ...] = ("stream", "slides", "recording", "other")
# A session's slides or recording appearing is told to those who starred or rated it.
NEWS_KINDS: frozenset[str] = frozenset({"slides", "recording"})


@dataclass(frozen=True, slots=True)
class Link:
    """One of a session's links: always an HTTPS address."""

    kind: str  # one of LINK_KINDS
    url: str
    title: str | None = None  # as the file names it (imports); None: the kind names it


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: Text
    position: Text | None = None
    organisation: Text | None = None
    bio: Text | None = None
    bio_html: bool = False  # the bio is Telegram-safe HTML (imported), not plain text
    photo: str | None = None  # an https:// URL or a Telegram file id (forumbot.pictures)


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    day: dt.date
    start: dt.datetime  # aware, UTC
    end: dt.datetime  # aware, UTC
    room_id: str
    kind: str
    title: Text
    description: Text | None = None
    moderator_ids: tuple[str, ...] = ()
    speaker_ids: tuple[str, ...] = ()
    cancelled: bool = False  # kept visible, marked cancelled; never "on now"
    description_html: bool = False  # Telegram-safe HTML (imported), not plain text
    # From schedule.json/xml imports, or the YAML's optional keys; None when the file has none.
    track: str | None = None
    language: str | None = None
    # Telegram ids of the people who moderate its questions (the file's moderator_ids).
    moderator_user_ids: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()  # in the order given; see Link and LINK_KINDS

    def link(self, kind: str) -> Link | None:
        return next((x for x in self.links if x.kind == kind), None)

    def is_on(self, now: dt.datetime) -> bool:
        return not self.cancelled and self.start <= now < self.end


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    kind: str  # "news" or "summary"
    published: dt.datetime  # aware, UTC
    title: Text
    body: Text


@dataclass(frozen=True, slots=True)
class Venue:
    """Where the forum takes place: sent to participants as a Telegram venue (a map pin)."""

    name: Text
    address: Text
    latitude: float
    longitude: float
    how_to_get: Text | None = None
    image: str | None = None  # a map of the venue: an https:// URL or a Telegram file id


@dataclass(frozen=True, slots=True)
class InfoPage:
    """One page of practical information (halls, Wi-Fi, contacts, code of conduct…)."""

    id: str
    title: Text
    body: Text  # plain text; a blank line separates paragraphs
    image: str | None = None  # e.g. a hall plan: an https:// URL or a Telegram file id


@dataclass(frozen=True, slots=True)
class Info:
    venue: Venue | None = None
    pages: tuple[InfoPage, ...] = ()

    def page(self, page_id: str) -> InfoPage | None:
        return next((p for p in self.pages if p.id == page_id), None)


# The roles an invitation link gives when the programme file names none (issue 15, part 4);
# their names are the catalogs' (``role_<id>``). A file's ``roles:`` block replaces them.
DEFAULT_ROLES: tuple[str, ...] = ("delegate", "speaker", "press", "observer", "volunteer")
SPEAKER_ROLE = "speaker"  # the role whose invitation may link a person to a programme speaker


@dataclass(frozen=True, slots=True)
class Role:
    """A role people get from an invitation link; ``name`` None: the catalogs name it."""

    id: str
    name: Text | None = None


@dataclass(frozen=True, slots=True)
class Programme:
    """Everything a programme file holds, validated and ready for the store."""

    forum: Forum
    days: tuple[Day, ...]
    rooms: tuple[Room, ...]
    speakers: tuple[Speaker, ...]
    sessions: tuple[Session, ...]
    posts: tuple[Post, ...] = field(default=())
    info: Info | None = None
    roles: tuple[Role, ...] = ()  # the file's roles block; empty: the default roles


@dataclass(frozen=True, slots=True)
class User:
    chat_id: int
    language: str
    first_seen: dt.datetime
    language_chosen: bool = False
