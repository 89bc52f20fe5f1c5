"""The programme in service as a file in the bot's own YAML format, which the loader accepts
again: organisers download it (/export), edit it and send it back.

Texts get every language of the forum (a missing one is what readers of it see already:
the default language's text), times are local to the forum's zone, and a session listed
under a day but starting after midnight gets the ``day_change`` that keeps it there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from forumbot.models import Day, Forum, Info, Post, Programme, Session, Speaker, Text, pick
from forumbot.programme.richtext import plain_text


class _Dumper(yaml.SafeDumper):
    """Block style, long texts as ``|`` blocks, keys in the order written."""


_MOMENT = re.compile(r"\d{2}:\d{2}|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Dates and times quoted, as the README asks of people; long texts as | blocks.
    style = '"' if _MOMENT.fullmatch(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def export_yaml(programme: Programme) -> str:
    """The whole programme as YAML text."""
    head = f"# {programme.forum.id}: the programme in service, exported by forumbot\n"
    body = yaml.dump(
        to_document(programme),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=99,
        default_flow_style=False,
    )
    return head + body


def to_document(p: Programme) -> dict[str, Any]:
    """The programme as the mapping the loader reads (forum.schema.json)."""
    t = _Texts(p.forum.languages, p.forum.default_language)
    zone = p.forum.zone
    day_change, dated = _dates(p.sessions, zone)
    doc: dict[str, Any] = {
        "forum": _forum(p.forum, day_change, t),
        "days": _days(p.days, set(dated.values()), t),
        "rooms": [
            _drop_none({"id": r.id, "name": t.required(r.name), "stream": r.stream})
            for r in p.rooms
        ],
        "speakers": [_speaker(s, t) for s in p.speakers],
        "sessions": [_session(s, dated[s.id], zone, t) for s in p.sessions],
    }
    if p.info is not None and (p.info.venue or p.info.pages):
        doc["info"] = _info(p.info, t)
    if p.roles:  # the file's roles block; without one the defaults stay implicit
        doc["roles"] = [{"id": r.id, "name": t.required(r.name)} for r in p.roles]
    if p.posts:
        doc["posts"] = [_post(x, zone, t) for x in p.posts]
    return doc


@dataclass(frozen=True, slots=True)
class _Texts:
    """A text as the file writes it: every language of the forum, or none at all."""

    langs: tuple[str, ...]
    default: str

    def text(self, value: Text | None) -> dict[str, str] | None:
        filled = {lang: pick(value, lang, self.default) for lang in self.langs}
        return filled if all(filled.values()) else None

    def required(self, value: Text | None) -> dict[str, str]:
        # schedule.json/xml imports may lack a city: the file needs one, to be filled in.
        return self.text(value) or dict.fromkeys(self.langs, "—")


def _forum(f: Forum, day_change: str | None, t: _Texts) -> dict[str, Any]:
    forum: dict[str, Any] = {
        "id": f.id,
        "title": t.required(f.title),
        "city": t.required(f.city),
        "timezone": f.timezone,
        "default_language": f.default_language,
        "languages": list(f.languages),
    }
    if f.url:
        forum["url"] = f.url
    forum["digest_time"] = f.digest_time
    if f.note:
        forum["note"] = dict(f.note)
    if day_change:
        forum["day_change"] = day_change
    return forum


def _days(listed: tuple[Day, ...], dated: set[dt.date], t: _Texts) -> list[dict[str, Any]]:
    """The days the file listed, and any a session is written under."""
    days = {d.date: d for d in listed}
    return [
        _drop_none({"date": d.isoformat(), "title": t.text(_title(days, d))})
        for d in sorted(set(days) | dated)
    ]


def _speaker(s: Speaker, t: _Texts) -> dict[str, Any]:
    return _drop_none(
        {
            "id": s.id,
            "name": t.required(s.name),
            "position": t.text(s.position),
            "organisation": t.text(s.organisation),
            "bio": t.text(_plain(s.bio) if s.bio_html else s.bio),
            "photo": s.photo,
        }
    )


def _post(x: Post, zone: dt.tzinfo, t: _Texts) -> dict[str, Any]:
    return {
        "id": x.id,
        "kind": x.kind,
        "published": x.published.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
        "title": t.text(x.title),
        "body": t.text(x.body),
    }


def _title(days: dict, date: dt.date) -> Text | None:
    day = days.get(date)
    return day.title if day else None


def _session(s: Session, date: dt.date, zone: dt.tzinfo, t: _Texts) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "date": date.isoformat(),
        "start": s.start.astimezone(zone).strftime("%H:%M"),
        "end": s.end.astimezone(zone).strftime("%H:%M"),
        "room": s.room_id,
        "kind": s.kind,
        "title": t.text(s.title),
        "description": t.text(_plain(s.description) if s.description_html else s.description),
        "moderators": list(s.moderator_ids) or None,
        "moderator_ids": list(s.moderator_user_ids) or None,
        "speakers": list(s.speaker_ids) or None,
        "cancelled": True if s.cancelled else None,
        "track": s.track,
        "language": s.language,
        "links": _links(s) or None,
    }
    return _drop_none(out)


def _links(s: Session) -> dict[str, Any]:
    """The first stream, slides and recording; every other link (and further ones) as other."""
    out: dict[str, Any] = {}
    others: list[str] = []
    for link in s.links:
        if link.kind != "other" and link.kind not in out:
            out[link.kind] = link.url
        elif link.url not in others:
            others.append(link.url)
    if others:
        out["other"] = others
    return out


def _dates(sessions: tuple[Session, ...], zone: dt.tzinfo) -> tuple[str | None, dict]:
    """The ``day_change`` (or None) and the date each session is written under.

    A session listed under the day before its local start (the evening running past
    midnight) keeps that day when ``day_change`` lies after its start and at or before every
    other session's start; failing that, it is written under its own calendar date.
    """
    starts = {s.id: s.start.astimezone(zone) for s in sessions}
    night = [s for s in sessions if starts[s.id].date() == s.day + dt.timedelta(days=1)]
    daytime = [s for s in sessions if starts[s.id].date() == s.day]
    dated = {s.id: starts[s.id].date() for s in sessions}
    if not night:
        return None, {**dated, **{s.id: s.day for s in daytime}}
    latest = max(starts[s.id].time() for s in night)
    change = (dt.datetime.combine(dt.date.min, latest) + dt.timedelta(minutes=1)).time()
    if latest >= dt.time(23, 59) or any(starts[s.id].time() < change for s in daytime):
        return None, {**dated, **{s.id: s.day for s in daytime}}
    return change.strftime("%H:%M"), {**dated, **{s.id: s.day for s in (*daytime, *night)}}


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _plain(value: Text | None) -> Text | None:
    """An imported HTML text as the YAML format's plain text (links spelt out)."""
    return {lang: plain_text(t) for lang, t in value.items()} if value else value


def _info(info: Info, t: _Texts) -> dict[str, Any]:
    """The info section: the venue and the pages (as the file had them)."""
    out: dict[str, Any] = {}
    if info.venue is not None:
        v = info.venue
        out["venue"] = _drop_none(
            {
                "name": t.required(v.name),
                "address": t.required(v.address),
                "latitude": v.latitude,
                "longitude": v.longitude,
                "how_to_get": t.text(v.how_to_get),
                "image": v.image,
            }
        )
    if info.pages:
        out["pages"] = [
            _drop_none(
                {
                    "id": page.id,
                    "title": t.required(page.title),
                    "body": t.required(page.body),
                    "image": page.image,
                }
            )
            for page in info.pages
        ]
    return out
