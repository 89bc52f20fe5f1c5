"""Sessions as an iCalendar file (RFC 5545) for people's own calendars. Pure: no Telegram.

The icalendar library does the format (escaping, CRLF, line folding, the VTIMEZONE); this
module only decides what each event says. Times are written in the forum's zone with its
VTIMEZONE, so a calendar set to any zone shows the sessions at the right moment.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from icalendar import Alarm, Calendar, Event, Timezone

from forumbot.infra.i18n import Catalogs
from forumbot.models import NEWS_KINDS, Forum, Room, Session, Speaker, pick
from forumbot.render.links import shown_links

PRODID = "-//forumbot//forum programme//EN"
# The VTIMEZONE covers a year either side of the sessions: enough for every calendar to
# place them, and a few lines instead of the zone's whole history since 1970.
_ZONE_MARGIN = dt.timedelta(days=366)

# Only what looks like a tag: "a < b" in a description is text, not markup.
_BREAK = re.compile(r"<(?:br|/p|/div|/li)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BLANK_LINES = re.compile(r"\n{3,}")


def event_uid(session: Session, forum: Forum) -> str:
    """The same for a session in every export, so a re-import updates instead of doubling."""
    return f"{session.id}@{forum.id}.forumbot"


def plain_text(text: str) -> str:
    """HTML (or plain text) as plain text: breaks become newlines, tags go, entities decode."""
    text = _TAG.sub("", _BREAK.sub("\n", text))
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def render_calendar(
    sessions: Sequence[Session],
    rooms: Mapping[str, Room],
    people: Mapping[str, Speaker],
    forum: Forum,
    lang: str,
    link_for: Callable[[Session], str | None],
    *,
    catalogs: Catalogs,
    now: dt.datetime,
    alarm_minutes: int = 0,
) -> bytes:
    """The sessions as one calendar in ``lang``; ``now`` (the clock's) stamps every event.

    ``alarm_minutes`` (the person's reminder lead time; 0: none) puts an alarm that many
    minutes before each session that is not cancelled.
    """
    title = _one_line(pick(forum.title, lang, forum.default_language))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", forum.timezone)
    cal.add_component(_timezone(forum, [s.day for s in sessions] or [now.date()]))
    texts = _Texts(catalogs, lang, forum)
    for s in sorted(sessions, key=lambda s: (s.start, s.id)):
        event = _event(s, rooms, people, forum, texts, link_for(s), now)
        if alarm_minutes > 0 and not s.cancelled:
            event.add_component(_alarm(alarm_minutes, str(event["summary"])))
        cal.add_component(event)
    return cal.to_ical()


class _Texts:
    """Programme data and catalog texts in the reader's language, as plain text."""

    def __init__(self, catalogs: Catalogs, lang: str, forum: Forum) -> None:
        self.catalogs, self.lang, self.forum = catalogs, lang, forum

    def pick(self, value: Mapping[str, str] | None) -> str:
        return pick(value, self.lang, self.forum.default_language)

    def t(self, key: str) -> str:
        return self.catalogs.t(self.lang, key)


def _timezone(forum: Forum, days: Iterable[dt.date]) -> Timezone:
    days = list(days)
    return Timezone.from_tzinfo(
        forum.zone,
        tzid=forum.timezone,
        first_date=min(days) - _ZONE_MARGIN,
        last_date=max(days) + _ZONE_MARGIN,
    )


def _event(
    s: Session,
    rooms: Mapping[str, Room],
    people: Mapping[str, Speaker],
    forum: Forum,
    texts: _Texts,
    link: str | None,
    now: dt.datetime,
) -> Event:
    event = Event()
    event.add("uid", event_uid(s, forum))
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("sequence", 0)  # see the commit: DTSTAMP orders the exports of one session
    event.add("dtstart", s.start.astimezone(forum.zone))
    event.add("dtend", s.end.astimezone(forum.zone))
    event.add("summary", _one_line(texts.pick(s.title)))
    event.add("location", _location(s, rooms, texts))
    event.add("description", _description(s, people, rooms, texts, link))
    event.add("status", "CANCELLED" if s.cancelled else "CONFIRMED")
    if link:
        event.add("url", link)
    for x in s.links:
        if x.kind in NEWS_KINDS:  # slides and recordings as attachments too
            event.add("attach", x.url)
    return event


def _alarm(minutes: int, summary: str) -> Alarm:
    """A display alarm ``minutes`` before the start (DISPLAY requires a DESCRIPTION)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -dt.timedelta(minutes=minutes))
    alarm.add("description", summary)
    return alarm


def _location(s: Session, rooms: Mapping[str, Room], texts: _Texts) -> str:
    room = texts.pick(rooms[s.room_id].name) if s.room_id in rooms else s.room_id
    city = texts.pick(texts.forum.city)
    return ", ".join(_one_line(part) for part in (room, city) if part)


def _description(
    s: Session,
    people: Mapping[str, Speaker],
    rooms: Mapping[str, Room],
    texts: _Texts,
    link: str | None,
) -> str:
    """What the session card says, as plain text, and the way back to it in the bot."""
    head = [texts.t("session_cancelled")] if s.cancelled else []
    head.append(texts.t(f"kind_{s.kind}"))
    moderators = [texts.pick(people[i].name) for i in s.moderator_ids if i in people]
    speakers = [texts.pick(people[i].name) for i in s.speaker_ids if i in people]
    if moderators:
        label = texts.t("moderator" if len(moderators) == 1 else "moderators")
        head.append(f"{label}: {', '.join(moderators)}")
    if speakers:
        head.append(f"{texts.t('speakers')}: {', '.join(speakers)}")
    blocks = ["\n".join(head)]
    if s.description:
        text = texts.pick(s.description)
        blocks.append(plain_text(text) if s.description_html else text.strip())
    blocks.append("\n".join(_link_lines(s, rooms, texts)))
    if link:
        blocks.append(link)
    return "\n\n".join(block for block in blocks if block)


def _link_lines(s: Session, rooms: Mapping[str, Room], texts: _Texts) -> list[str]:
    """ "Live stream: https://…", one line per link (the hall's stream when it has none)."""
    return [
        f"{_one_line(x.title) if x.kind == 'other' and x.title else texts.t('link_' + x.kind)}: "
        f"{x.url}"
        for x in shown_links(s, rooms)
    ]


def _one_line(text: str) -> str:
    """Programme data (plain text, never markup) on one line."""
    return " ".join(text.split())
