"""A raw schedule (from schedule.json or schedule.xml) checked and built into a Programme.

Refused as a whole on what the bot relies on: identities, times, durations and zones.
Warned about, and imported anyway: what real exports commonly break.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from forumbot.infra.timeutil import zone_or_none
from forumbot.models import Day, Forum, Programme, Room, Session, Speaker
from forumbot.programme.errors import Msg, Problem, ProgrammeError, msg
from forumbot.programme.interchange import LoadResult, RawEvent, RawPerson, RawSchedule
from forumbot.programme.links import event_links, skipped_warning
from forumbot.programme.pictures import picture_problem
from forumbot.programme.richtext import to_telegram_html
from forumbot.programme.times import EventTimes, Zones, event_times, overlaps

ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
BREAKS = {"break", "pause", "lunch", "coffee", "coffee break", "lunch break"}


@dataclass(slots=True)
class _Build:
    raw: RawSchedule
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    room_ids: dict[str, str] = field(default_factory=dict)  # room name -> id
    default: str = "en"  # the forum's language: names and bios are kept under it
    skipped_links: list[Msg] = field(default_factory=list)  # links that are not HTTPS


NO_ZONE = "no_zone"  # the problem's key: a zone given may let the file in


def needs_zone(problems: list[Problem]) -> bool:
    """Whether a refusal is (also) for want of a time zone: giving one may let it in."""
    return any(p.field == "time_zone_name" and p.what.key == NO_ZONE for p in problems)


def build_schedule(raw: RawSchedule, source: str, zone: str | None = None) -> LoadResult:
    """Check ``raw`` and build the Programme; raise ProgrammeError listing every problem."""
    b = _Build(raw, warnings=list(raw.warnings))
    zones = _zones(raw, zone, b)
    languages = _languages(raw, b)
    default = b.default = languages[0]
    _rooms(raw, b)
    sessions = _sessions(raw, zones, default, b)
    if zones.disagreeing:
        count, example = zones.disagreeing, str(zones.example)
        said = msg("zone_offsets", zone=str(zones.name), count=count, example=example)
        b.warnings.append(Problem(None, "time_zone_name", said))
    if b.problems:
        raise ProgrammeError(source, b.problems)
    if skipped := skipped_warning(b.skipped_links):
        b.warnings.append(skipped)
    b.warnings += overlaps(sessions, {v: k for k, v in b.room_ids.items()}, raw.events)
    forum = Forum(
        id=_forum_id(raw.acronym or raw.title, b),
        title={default: raw.title.strip() or raw.acronym},
        city={default: raw.city.strip()} if raw.city and raw.city.strip() else {},
        timezone=zones.display_name,
        default_language=default,
        languages=languages,
        url=raw.url if raw.url and raw.url.startswith(("http://", "https://")) else None,
    )
    programme = Programme(
        forum=forum,
        days=tuple(Day(d) for d in sorted({d for d, _ in raw.days})),
        rooms=tuple(Room(rid, {default: name}) for name, rid in b.room_ids.items()),
        speakers=tuple(b.speakers.values()),
        sessions=tuple(sorted(sessions, key=lambda s: (s.start, s.room_id, s.id))),
    )
    return LoadResult(programme, tuple(b.warnings))


def _zones(raw: RawSchedule, given: str | None, b: _Build) -> Zones:
    file_zone = zone_or_none(raw.zone_name) if raw.zone_name else None
    if given is not None and zone_or_none(given) is None:
        b.problems.append(Problem(None, "--zone", msg("unknown_zone", zone=repr(given))))
        given = None
    elif given and raw.zone_name and given != raw.zone_name:
        b.warnings.append(
            Problem(
                None, "time_zone_name", msg("zone_given_wins", file_zone=raw.zone_name, zone=given)
            )
        )
    if raw.zone_name and file_zone is None and given is None:
        b.problems.append(
            Problem(None, "time_zone_name", msg("unknown_zone", zone=repr(raw.zone_name)))
        )
    name = given or (raw.zone_name if file_zone is not None else None)
    return Zones(name, zone_or_none(name) if name else None)


def _languages(raw: RawSchedule, b: _Build) -> tuple[str, ...]:
    counts = Counter(lang for e in raw.events if (lang := language_of(e)))
    if not counts:
        b.warnings.append(Problem(None, "language", msg("no_language")))
        return ("en",)
    languages = tuple(lang for lang, _ in counts.most_common())
    each = ", ".join(f"{lang}: {n}" for lang, n in counts.most_common())
    b.warnings.append(Problem(None, "language", msg("one_language", each=each)))
    return languages


def language_of(event: RawEvent) -> str | None:
    code = (event.language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if LANGUAGE.match(code) else None


def _forum_id(name: str, b: _Build) -> str:
    """The acronym (or, in older files that have none, the title) as an id."""
    if ID.match(name):
        return name
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:40] or "forum"
    if b.raw.acronym:
        b.warnings.append(
            Problem(None, "acronym", msg("acronym_id", name=repr(name), id=repr(cleaned)))
        )
    return cleaned


def _rooms(raw: RawSchedule, b: _Build) -> None:
    """One room per name (a file may list the same room twice); ids from the names."""
    taken: set[str] = set()
    for name in [*raw.rooms, *(e.room for e in raw.events)]:
        name = name.strip()
        if not name or name in b.room_ids:
            continue
        base = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:32] or "room"
        rid, n = base, 1
        while rid in taken:
            n += 1
            rid = f"{base}-{n}"
        taken.add(rid)
        b.room_ids[name] = rid


def _sessions(raw: RawSchedule, zones: Zones, default: str, b: _Build) -> list[Session]:
    sessions: list[Session] = []
    seen: dict[str, RawEvent] = {}
    days = {d for d, _ in raw.days}
    for event in raw.events:
        before = len(b.problems)
        sid = _session_id(event, seen, b)
        times = event_times(event, raw.day_change, zones, b.problems, b.warnings)
        if not event.title.strip():
            b.problems.append(Problem(event.line, event.place("title"), msg("empty")))
        if not event.room.strip():
            b.problems.append(Problem(event.line, event.place("room"), msg("empty")))
        people = [_speaker(p, event, b) for p in event.persons]
        if event.day not in days:
            b.problems.append(Problem(event.line, event.place("day"), msg("not_file_day")))
        if len(b.problems) == before and sid and times:
            sessions.append(_session(event, sid, times, people, default, b))
    if zones.needed and zones.zone is None and not any(p.field == "--zone" for p in b.problems):
        b.problems.append(Problem(None, "time_zone_name", msg(NO_ZONE)))
    return sessions


def _session_id(event: RawEvent, seen: dict[str, RawEvent], b: _Build) -> str | None:
    sid = (event.guid or event.number or "").strip()
    key = "guid" if event.guid else "id"
    if not sid:
        b.problems.append(Problem(event.line, event.place("guid"), msg("no_guid")))
        return None
    if not ID.match(sid):
        b.problems.append(
            Problem(
                event.line,
                event.place(key),
                msg("bad_id", value=repr(sid)),
            )
        )
        return None
    if sid in seen:
        other = seen[sid]
        said = msg("duplicate_event", other=other.label())
        if other.line:
            said = msg("duplicate_event_line", other=other.label(), line=other.line)
        b.problems.append(Problem(event.line, event.place(key), said))
        return None
    seen[sid] = event
    return sid


def _speaker(person: RawPerson, event: RawEvent, b: _Build) -> str:
    name = " ".join(person.name.split())
    if not name:
        b.problems.append(Problem(event.line, event.place("persons"), msg("no_person_name")))
    key = (person.key or "").strip()
    pid = key if ID.match(key) else "p" + hashlib.sha1((key or name).encode()).hexdigest()[:12]
    if pid not in b.speakers:
        bio_source = person.bio or b.raw.bios.get(key)
        bio = to_telegram_html(bio_source, b.raw.markup, b.raw.base_url) if bio_source else ""
        lang = b.default
        photo = person.photo
        if photo is not None and (problem := picture_problem(photo)):
            b.problems.append(
                Problem(event.line, event.place("persons"), msg("avatar", problem=problem))
            )
            photo = None
        b.speakers[pid] = Speaker(
            pid, {lang: name}, bio={lang: bio} if bio else None, bio_html=bool(bio), photo=photo
        )
    return pid


def _session(
    event: RawEvent, sid: str, times: EventTimes, people: list[str], default: str, b: _Build
) -> Session:
    lang = language_of(event) or default
    markup, base = b.raw.markup, b.raw.base_url
    # Telegram-safe HTML: the subtitle escaped, abstract and description converted.
    parts = [html.escape((event.subtitle or "").strip(), quote=False)]
    for text in (event.abstract, event.description):
        rich = to_telegram_html(text, markup, base)
        if rich and rich not in parts:
            parts.append(rich)
    description = "\n\n".join(p for p in parts if p)
    kind = "break" if (event.type or "").strip().lower() in BREAKS else "other"
    return Session(
        id=sid,
        day=times.day,
        start=times.start,
        end=times.end,
        room_id=b.room_ids[event.room.strip()],
        kind=kind,
        title={lang: " ".join(event.title.split())},
        description={lang: description} if description else None,
        description_html=bool(description),
        speaker_ids=tuple(dict.fromkeys(people)),
        track=(event.track or "").strip() or None,
        language=language_of(event),
        links=event_links(event, base, b.skipped_links),
    )
