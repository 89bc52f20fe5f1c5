"""The c3voc/frab ``schedule.json`` (exported by frab and pretalx) into a raw schedule.

Validated against the format's JSON Schema (``schedule.schema.json``, from voc/schedule):
errors on what the bot relies on refuse the file; the patterns, formats and extra keys that
real exports break are reported as warnings, grouped, and the file is imported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from forumbot.programme.errors import Msg, Problem, ProgrammeError, msg
from forumbot.programme.interchange import RawEvent, RawLink, RawPerson, RawSchedule

SCHEMA_PATH = Path(__file__).with_name("schedule.schema.json")
# Missing keys the bot cannot do without; the schema requires more (slug, url, links…).
ESSENTIAL = {"schedule", "conference", "days", "rooms", "date", "title", "room", "duration"}
LENIENT = {"pattern", "format", "additionalProperties", "oneOf", "anyOf", "enum", "const"}


@cache
def _validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("schedule"), dict)


def read_json(data: Any, source: str) -> RawSchedule:
    """A parsed schedule.json as a raw schedule; ProgrammeError if its structure is broken."""
    problems, warnings = _schema_report(data)
    if problems:
        raise ProgrammeError(source, problems)
    conf = data["schedule"]["conference"]
    raw = RawSchedule(
        acronym=str(conf.get("acronym") or ""),
        title=str(conf.get("title") or ""),
        markup="markdown" if _from_pretalx(data) else "html",
        zone_name=conf.get("time_zone_name") or None,
        base_url=data["schedule"].get("base_url"),
        url=conf.get("url"),
        rooms=[r["name"] for r in conf.get("rooms", []) if isinstance(r.get("name"), str)],
        warnings=warnings,
    )
    for i, day in enumerate(conf["days"]):
        try:
            date = dt.date.fromisoformat(day["date"])
        except ValueError:
            problems.append(
                Problem(None, f"days[{i}].date", msg("not_date", value=repr(day["date"])))
            )
            continue
        raw.days.append((date, None))
        for room, events in day["rooms"].items():
            raw.events += [_event(e, date, room) for e in events]
    if problems:
        raise ProgrammeError(source, problems)
    return raw


def _from_pretalx(data: dict[str, Any]) -> bool:
    """pretalx writes Markdown; frab HTML. pretalx persons carry a code or a biography."""
    generator = str((data.get("generator") or {}).get("name", "")).lower()
    if "pretalx" in generator:
        return True
    for day in data["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            for event in events:
                if "code" in event or any(
                    "code" in p or "biography" in p for p in event["persons"]
                ):
                    return True
    return False


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _event(e: dict[str, Any], day: dt.date, room: str) -> RawEvent:
    number = e.get("id")
    return RawEvent(
        line=None,
        day=day,
        guid=_text(e.get("guid")),
        number=str(number) if number is not None else None,
        title=e["title"],
        room=e.get("room") or room,
        date=e["date"],
        start=_text(e.get("start")),
        duration=e["duration"],
        end=_text(e.get("end")),
        subtitle=_text(e.get("subtitle")),
        track=_text(e.get("track")),
        language=_text(e.get("language")),
        type=_text(e.get("type")),
        abstract=_text(e.get("abstract")),
        description=_text(e.get("description")),
        persons=[_person(p) for p in e.get("persons", [])],
        links=_refs(e.get("links"), False) + _refs(e.get("attachments"), True),
    )


def _refs(value: Any, attachment: bool) -> list[RawLink]:
    """pretalx and frab ``links`` / ``attachments``: objects with a url, a title, a type."""
    if not isinstance(value, list):
        return []
    return [
        RawLink(r["url"].strip(), _text(r.get("title")), _text(r.get("type")), attachment)
        for r in value
        if isinstance(r, dict) and isinstance(r.get("url"), str) and r["url"].strip()
    ]


def _person(p: dict[str, Any]) -> RawPerson:
    key = p.get("guid") or p.get("code") or p.get("id")
    name = p.get("name") or p.get("public_name") or ""
    avatar = p.get("avatar") or None  # pretalx: the speaker's photo, a URL
    return RawPerson(
        str(key) if key is not None else None,
        str(name),
        _text(p.get("biography")),
        str(avatar) if avatar is not None else None,
    )


def _schema_report(data: Any) -> tuple[list[Problem], list[Problem]]:
    """Problems (refusing) and warnings (grouped by kind) from the JSON Schema."""
    problems: list[Problem] = []
    lenient: dict[tuple[str, str], list[str | Msg]] = defaultdict(list)
    for error in _validator().iter_errors(data):
        path = tuple(error.absolute_path)
        where = _where(data, path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance]
            for key in missing:
                if key in ESSENTIAL:
                    problems.append(Problem(None, where, msg("missing_key", name=key)))
                else:
                    lenient[("required", key)].append(where)
        elif error.validator in LENIENT:
            key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
            said = msg("at_place", where=where, problem=_said(error))
            lenient[(str(error.validator), key)].append(said)
        else:
            problems.append(Problem(None, where, _said(error)))
    return problems, [_group(kind, key, places) for (kind, key), places in lenient.items()]


def _group(kind: str, key: str, places: list[str | Msg]) -> Problem:
    what = msg("schema_missing") if kind == "required" else msg("schema_breaks", rule=kind)
    return Problem(
        None, key, msg("schema_places", what=what, count=len(places), example=places[0])
    )


def _said(error: jsonschema.ValidationError) -> Msg:
    """The schema's complaint in the catalogs' words where they have them."""
    if error.validator == "pattern":
        return msg("no_match", value=_short(repr(error.instance)), pattern=error.validator_value)
    if error.validator == "enum":
        choices = ", ".join(map(str, error.validator_value))
        return msg("not_one_of", value=_short(repr(error.instance)), choices=_short(choices))
    return msg("schema", detail=_short(error.message))


def _short(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _where(data: Any, path: tuple[Any, ...]) -> str | Msg:
    """A readable place: the event's id, guid and title when the path is inside one."""
    if len(path) >= 7 and path[:3] == ("schedule", "conference", "days") and path[4] == "rooms":
        e = data["schedule"]["conference"]["days"][path[3]]["rooms"][path[5]][path[6]]
        if isinstance(e, dict):
            guid, number = e.get("guid"), e.get("id")
            event = RawEvent(
                line=None,
                day=dt.date.min,
                guid=str(guid) if guid else None,
                number=str(number) if number is not None else None,
                title=str(e.get("title") or ""),
                room=str(path[5]),
            )
            rest = ".".join(str(p) for p in path[7:])
            return event.place(rest) if rest else event.label()
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or msg("the_file")
