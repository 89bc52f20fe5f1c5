"""What the pages read, as JSON-ready data: the programme in one language (public data only:
no stars, no questions, nothing of the organisers), built from the same store as the chat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from forumbot.infra.i18n import Catalogs
from forumbot.models import Programme, Session, Speaker, Text, pick
from forumbot.plurals import format_day
from forumbot.programme.richtext import plain_text
from forumbot.rules.questions import ASKING_KINDS


class Picker:
    """Programme data in one language (else the forum's default), as plain text."""

    def __init__(self, lang: str, default: str) -> None:
        self.lang, self.default = lang, default

    def __call__(self, text: Text | None, is_html: bool = False) -> str:
        value = pick(text, self.lang, self.default)
        return plain_text(value) if is_html else value


def _minutes(moment: dt.datetime, zone: dt.tzinfo, day: dt.date) -> int:
    """Minutes from the day's local midnight (past 24 h for a session ending after it)."""
    local = moment.astimezone(zone)
    return (local.date() - day).days * 1440 + local.hour * 60 + local.minute


def session_json(s: Session, zone: dt.tzinfo, text: Picker, kinds: dict[str, str]) -> dict:
    return {
        "id": s.id,
        "day": s.day.isoformat(),
        "start": _minutes(s.start, zone, s.day),
        "end": _minutes(s.end, zone, s.day),
        "at": s.start.isoformat(),
        "until": s.end.isoformat(),
        "room": s.room_id,
        "kind": s.kind,
        "kindLabel": kinds.get(s.kind) or kinds["other"],
        "title": text(s.title),
        "speakers": list(s.speaker_ids),
        "moderators": list(s.moderator_ids),
        "track": s.track,
        "language": s.language,
        "cancelled": s.cancelled,
        "questions": s.kind in ASKING_KINDS,  # its card lists and takes questions
    }


def speaker_json(p: Speaker, text: Picker) -> dict:
    return {
        "id": p.id,
        "name": text(p.name),
        "position": text(p.position),
        "organisation": text(p.organisation),
    }


def kind_labels(catalogs: Catalogs, lang: str, sessions: Sequence[Session]) -> dict[str, str]:
    keys = catalogs.keys(lang)
    labels = {"other": catalogs.t(lang, "kind_other")}
    for kind in {s.kind for s in sessions}:
        if f"kind_{kind}" in keys:
            labels[kind] = catalogs.t(lang, f"kind_{kind}")
    return labels


def programme_json(programme: Programme, catalogs: Catalogs, lang: str) -> dict:
    """The programme for the pages, in ``lang``: all but the long texts (details_json)."""
    forum = programme.forum
    text = Picker(lang, forum.default_language)
    zone = forum.zone
    kinds = kind_labels(catalogs, lang, programme.sessions)
    info = programme.info
    venue = info.venue if info else None
    return {
        "forum": {
            "title": text(forum.title),
            "city": text(forum.city),
            "zone": forum.timezone,
            "note": text(forum.note),
        },
        "days": [
            {
                "date": d.date.isoformat(),
                "title": text(d.title),
                # CLDR's names through Babel, as the chat writes dates (browsers lack some).
                "label": format_day(lang, d.date, catalogs.raw(lang, "date_pattern")),
            }
            for d in programme.days
        ],
        "rooms": [{"id": r.id, "name": text(r.name)} for r in programme.rooms],
        "kinds": kinds,
        "sessions": [session_json(s, zone, text, kinds) for s in programme.sessions],
        "speakers": [speaker_json(p, text) for p in programme.speakers],
        "venue": None
        if venue is None
        else {
            "name": text(venue.name),
            "address": text(venue.address),
            "latitude": venue.latitude,
            "longitude": venue.longitude,
            "howToGet": text(venue.how_to_get),
        },
        "pages": [
            {"id": p.id, "title": text(p.title), "body": text(p.body)}
            for p in (info.pages if info else ())
        ],
    }


def details_json(programme: Programme, lang: str) -> dict:
    """The long texts (descriptions, bios), apart: the grid draws without them, and they
    come right after it (most of the programme's bytes are here)."""
    text = Picker(lang, programme.forum.default_language)
    sessions = {s.id: text(s.description, s.description_html) for s in programme.sessions}
    speakers = {p.id: text(p.bio, p.bio_html) for p in programme.speakers}
    return {
        "sessions": {k: v for k, v in sessions.items() if v},
        "speakers": {k: v for k, v in speakers.items() if v},
    }


def web_texts(catalogs: Catalogs) -> dict[str, dict[str, str | dict[str, str]]]:
    """The pages' texts (web_*) in every language, plural ones by CLDR category: the page
    picks the language and the category (Intl.PluralRules) itself."""
    texts: dict[str, dict[str, str | dict[str, str]]] = {}
    for lang in catalogs.languages():
        texts[lang] = {
            key: (catalogs.variants(lang, key) if catalogs.is_plural(lang, key) else
                  catalogs.raw(lang, key))
            for key in sorted(catalogs.keys(lang))
            if key.startswith("web_")
        }  # fmt: skip
    return texts
