"""Read a programme file (YAML), validate all of it, and build a ``Programme``.

The file is refused as a whole: every problem is reported with its line and field, and
nothing is returned, so the programme already in service stays untouched.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from forumbot.infra.timeutil import local_to_utc, session_span
from forumbot.models import (
    LINK_KINDS,
    Day,
    Forum,
    Info,
    InfoPage,
    Link,
    Post,
    Programme,
    Role,
    Room,
    Session,
    Speaker,
    Venue,
)
from forumbot.programme.checks import check_semantics, room_overlaps
from forumbot.programme.errors import Msg, Problem, ProgrammeError, msg, refusal
from forumbot.programme.interchange import LoadResult
from forumbot.programme.links import HTTPS_PATTERN
from forumbot.programme.local_times import yaml_report
from forumbot.programme.located_yaml import LocatedYaml, TooComplex, format_path, load_located

SCHEMA_PATH = Path(__file__).with_name("forum.schema.json")

# The schema's patterns, each with the words that say what it wants (problem_pattern_<name>).
_PATTERN_HINTS = {
    "^[A-Za-z0-9_-]{1,40}$": "id",
    "^[a-z][a-z0-9_]{0,19}$": "role",
    "^[a-z]{2,3}$": "language",
    "^\\d{4}-\\d{2}-\\d{2}$": "date",
    "^([01]\\d|2[0-3]):[0-5]\\d$": "time",
    "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$": "datetime",
    "^https?://": "http",
    HTTPS_PATTERN: "https",
}
# JSON's types by Python's (what a value was, said in the schema's words).
_JSON_TYPES = {
    "dict": "object", "list": "array", "str": "string", "int": "integer", "float": "number",
    "bool": "boolean", "NoneType": "null",
}  # fmt: skip


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def load_programme(path: Path | str) -> Programme:
    """Read and validate the programme file at ``path``; raise ProgrammeError if refused."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise refusal(str(path), "unreadable", detail=str(exc)) from None
    return parse_programme(text, str(path))


def parse_programme(text: str, source: str = "<programme>") -> Programme:
    """Validate YAML ``text`` (``source`` names it in errors) and build the Programme."""
    return read_programme(text, source).programme


def read_programme(text: str, source: str = "<programme>") -> LoadResult:
    """As parse_programme, with the warnings (times the clocks pass twice)."""
    try:
        doc = load_located(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc)
        what = exc.what if isinstance(exc, TooComplex) else msg("bad_yaml", detail=detail)
        raise ProgrammeError(source, [Problem(line, "", what)]) from None
    problems = list(doc.problems) + _schema_problems(doc)
    if not problems:
        problems = check_semantics(doc)
    warnings: list[Problem] = []
    if not problems:
        problems, warnings = yaml_report(doc)
    if problems:
        raise ProgrammeError(source, problems)
    warnings += room_overlaps(doc)
    return LoadResult(_build(doc.value), tuple(warnings))


def _schema_problems(doc: LocatedYaml) -> list[Problem]:
    if not isinstance(doc.value, dict):
        return [Problem(1, "", msg("not_mapping"))]
    problems = []
    for error in _validator().iter_errors(doc.value):
        path = tuple(error.absolute_path)
        for sub_path, message in _explain(error):
            full = (*path, *sub_path)
            problems.append(Problem(doc.line_of(full), format_path(full), message))
    return problems


def _explain(error: jsonschema.ValidationError) -> list[tuple[tuple[Any, ...], Msg]]:
    """Turn a schema error into plain words, pointing at the offending key where possible."""
    kind, schema, instance = error.validator, error.schema, error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = set(schema.get("properties", {}))
        if allowed:
            extra = sorted(set(instance) - allowed)
            known = ", ".join(sorted(allowed))
            return [((key,), msg("unknown_key", known=known)) for key in extra]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in instance]
        return [((), msg("missing_key", name=key)) for key in missing]
    if kind == "pattern":
        hint = _PATTERN_HINTS.get(error.validator_value, "other")
        return [((), msg(f"pattern_{hint}", value=repr(instance)))]
    if kind == "enum":
        choices = ", ".join(map(str, error.validator_value))
        return [((), msg("not_one_of", value=repr(instance), choices=choices))]
    if kind == "type":
        actual = _a(_JSON_TYPES.get(type(instance).__name__, "null"))
        return [((), msg("wrong_type", expected=_a(error.validator_value), actual=actual))]
    return [((), msg("schema", detail=error.message))]


def _a(type_name: str | list[str]) -> Msg:
    """A JSON type in words ("a number"); of several, "a number or text"."""
    names = [type_name] if isinstance(type_name, str) else type_name
    said = msg(f"type_{names[-1]}")
    for name in reversed(names[:-1]):
        said = msg("either", first=msg(f"type_{name}"), second=said)
    return said


def _text(value: dict[str, str] | None) -> dict[str, str] | None:
    return {lang: s.strip() for lang, s in value.items()} if value else None


def _build(data: dict[str, Any]) -> Programme:
    f = data["forum"]
    zone = ZoneInfo(f["timezone"])
    forum = Forum(
        id=f["id"],
        title=_text(f["title"]) or {},
        city=_text(f["city"]) or {},
        timezone=f["timezone"],
        default_language=f["default_language"],
        languages=tuple(f["languages"]),
        url=f.get("url"),
        digest_time=f.get("digest_time", "08:00"),
        note=_text(f.get("note")),
    )
    days = tuple(
        Day(dt.date.fromisoformat(d["date"]), _text(d.get("title"))) for d in data["days"]
    )
    rooms = tuple(Room(r["id"], _text(r["name"]) or {}, r.get("stream")) for r in data["rooms"])
    speakers = tuple(
        Speaker(
            id=s["id"],
            name=_text(s["name"]) or {},
            position=_text(s.get("position")),
            organisation=_text(s.get("organisation")),
            bio=_text(s.get("bio")),
            photo=s.get("photo"),
        )
        for s in data["speakers"]
    )
    day_change = f.get("day_change", "00:00")
    sessions = tuple(_session(s, zone, day_change) for s in data["sessions"])
    posts = tuple(
        Post(
            id=p["id"],
            kind=p["kind"],
            published=local_to_utc(dt.datetime.fromisoformat(p["published"]), zone),
            title=_text(p["title"]) or {},
            body=_text(p["body"]) or {},
        )
        for p in data.get("posts", [])
    )
    roles = tuple(Role(r["id"], _text(r["name"])) for r in data.get("roles", []))
    info = _info(data.get("info"))
    return Programme(forum, days, rooms, speakers, sessions, posts, info, roles)


def _info(raw: dict[str, Any] | None) -> Info | None:
    if not raw:
        return None
    v = raw.get("venue")
    venue = None
    if v:
        venue = Venue(
            name=_text(v["name"]) or {},
            address=_text(v["address"]) or {},
            latitude=float(v["latitude"]),
            longitude=float(v["longitude"]),
            how_to_get=_text(v.get("how_to_get")),
            image=v.get("image"),
        )
    pages = tuple(
        InfoPage(p["id"], _text(p["title"]) or {}, _text(p["body"]) or {}, p.get("image"))
        for p in raw.get("pages", [])
    )
    return Info(venue, pages)


def _session(s: dict[str, Any], zone: dt.tzinfo, day_change: str) -> Session:
    day = dt.date.fromisoformat(s["date"])
    start, end = session_span(day, s["start"], s["end"], zone, day_change)
    return Session(
        id=s["id"],
        day=day,
        start=start,
        end=end,
        room_id=s["room"],
        kind=s["kind"],
        title=_text(s["title"]) or {},
        description=_text(s.get("description")),
        moderator_ids=tuple(s.get("moderators", ())),
        speaker_ids=tuple(s.get("speakers", ())),
        cancelled=bool(s.get("cancelled", False)),
        track=s.get("track"),
        language=s.get("language"),
        moderator_user_ids=tuple(s.get("moderator_ids", ())),
        links=_links(s.get("links") or {}),
    )


def _links(raw: dict[str, Any]) -> tuple[Link, ...]:
    """The file's links in the kinds' order; ``other`` is a list."""
    found: list[Link] = []
    for kind in LINK_KINDS:
        value = raw.get(kind)
        urls = value if isinstance(value, list) else [value] if value else []
        found += [Link(kind, url) for url in urls]
    return tuple(found)
