"""What a schema cannot say: translations, references, times and overlaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from forumbot.infra.timeutil import MAX_SESSION, session_span, zone_or_none
from forumbot.programme.errors import Msg, Problem, Value, msg
from forumbot.programme.located_yaml import LocatedYaml, Path, format_path
from forumbot.programme.pictures import picture_problem

# Which fields of each section are translated texts.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "days": ("title",),
    "rooms": ("name",),
    "speakers": ("name", "position", "organisation", "bio"),
    "sessions": ("title", "description"),
    "posts": ("title", "body"),
    "roles": ("name",),
}
VENUE_TEXT_FIELDS = ("name", "address", "how_to_get")
# Where a venue's coordinates may lie (degrees).
_RANGES = {"latitude": 90, "longitude": 180}


class _Report:
    def __init__(self, doc: LocatedYaml) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Path, what: Msg | str, **values: Value) -> None:
        """A problem at ``path``: a catalog key with its values, or words already made."""
        said = what if isinstance(what, Msg) else msg(what, **values)
        self.problems.append(Problem(self.doc.line_of(path), format_path(path), said))


def check_semantics(doc: LocatedYaml) -> list[Problem]:
    """Every problem of a schema-valid document; an empty list means it can be built."""
    data: dict[str, Any] = doc.value
    report = _Report(doc)
    forum = data["forum"]
    languages = forum["languages"]
    if forum["default_language"] not in languages:
        report.add(("forum", "default_language"), "default_language")
    zone = zone_or_none(forum["timezone"])
    if zone is None:
        report.add(("forum", "timezone"), "unknown_zone", zone=repr(forum["timezone"]))
    _check_texts(data, languages, report)
    ids = {section: _unique_ids(data, section, report) for section in ("rooms", "speakers")}
    _unique_ids(data, "sessions", report)
    _unique_ids(data, "posts", report)
    _unique_ids(data, "roles", report)
    _check_info(data.get("info", {}), report)
    _check_pictures(data, report)
    days = _check_days(data, report)
    _check_sessions(data, ids["rooms"], ids["speakers"], days, report)
    return report.problems


def _check_texts(data: dict[str, Any], languages: list[str], report: _Report) -> None:
    texts: list[tuple[Path, Any]] = [
        (("forum", key), data["forum"][key]) for key in ("title", "city")
    ]
    for section, fields in TEXT_FIELDS.items():
        for i, item in enumerate(data.get(section, [])):
            texts += [((section, i, key), item[key]) for key in fields if key in item]
    info = data.get("info", {})
    venue = info.get("venue", {})
    texts += [(("info", "venue", key), venue[key]) for key in VENUE_TEXT_FIELDS if key in venue]
    for i, page in enumerate(info.get("pages", [])):
        texts += [(("info", "pages", i, key), page[key]) for key in ("title", "body")]
    for path, text in texts:
        for lang in languages:
            if lang not in text:
                report.add(path, "missing_translation", language=lang)
        for lang in text:
            if lang not in languages:
                report.add((*path, lang), "extra_language", language=lang)


def _check_info(info: dict[str, Any], report: _Report) -> None:
    """Coordinates on the globe, and page ids that buttons can tell apart."""
    venue = info.get("venue", {})
    for key, limit in _RANGES.items():
        if key in venue and not -limit <= venue[key] <= limit:
            report.add(("info", "venue", key), "out_of_range", value=str(venue[key]), limit=limit)
    seen: set[str] = set()
    for i, page in enumerate(info.get("pages", [])):
        if page["id"] in seen:
            report.add(("info", "pages", i, "id"), "duplicate_id", id=repr(page["id"]))
        seen.add(page["id"])


def _check_pictures(data: dict[str, Any], report: _Report) -> None:
    """Photos and maps: https:// URLs or Telegram file ids, never a local path."""
    info = data.get("info", {})
    found: list[tuple[Path, Any]] = [
        (("speakers", i, "photo"), s["photo"])
        for i, s in enumerate(data.get("speakers", []))
        if "photo" in s
    ]
    if "image" in info.get("venue", {}):
        found.append((("info", "venue", "image"), info["venue"]["image"]))
    found += [
        (("info", "pages", i, "image"), p["image"])
        for i, p in enumerate(info.get("pages", []))
        if "image" in p
    ]
    for path, value in found:
        if problem := picture_problem(value):
            report.add(path, problem)


def _unique_ids(data: dict[str, Any], section: str, report: _Report) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(data.get(section, [])):
        if item["id"] in seen:
            report.add((section, i, "id"), "duplicate_id", id=repr(item["id"]))
        seen.add(item["id"])
    return seen


def _valid_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _check_days(data: dict[str, Any], report: _Report) -> set[str]:
    days: set[str] = set()
    for i, day in enumerate(data["days"]):
        if _valid_date(day["date"]) is None:
            report.add(("days", i, "date"), "not_real_date", value=repr(day["date"]))
        elif day["date"] in days:
            report.add(("days", i, "date"), "day_twice", date=day["date"])
        days.add(day["date"])
    for i, post in enumerate(data.get("posts", [])):
        try:
            dt.datetime.fromisoformat(post["published"])
        except ValueError:
            report.add(("posts", i, "published"), "not_real_time", value=repr(post["published"]))
    return days


def _check_sessions(
    data: dict[str, Any], rooms: set[str], speakers: set[str], days: set[str], report: _Report
) -> None:
    for i, session in enumerate(data["sessions"]):
        if session["date"] not in days:
            report.add(("sessions", i, "date"), "not_a_day", date=session["date"])
        if session["room"] not in rooms:
            report.add(("sessions", i, "room"), "no_room", id=repr(session["room"]))
        for key in ("moderators", "speakers"):
            for j, ref in enumerate(session.get(key, [])):
                if ref not in speakers:
                    report.add(("sessions", i, key, j), "no_speaker", id=repr(ref))
        day_change = data["forum"].get("day_change", "00:00")
        begin, finish = session_span(
            dt.date(2000, 1, 3), session["start"], session["end"], dt.UTC, day_change
        )
        if finish - begin > MAX_SESSION or session["end"] == session["start"]:
            times = {"end": session["end"], "start": session["start"]}
            report.add(("sessions", i, "end"), "ends_before", **times)


def room_overlaps(doc: LocatedYaml) -> list[Problem]:
    """Two sessions at once in one room, of a document that can be built: a warning each,
    not a refusal. An organiser may have kept a clash on purpose (a quick change applied
    anyway), and the bot's own export must read back; schedule.json and .xml warn alike."""
    data: dict[str, Any] = doc.value
    zone = zone_or_none(data["forum"]["timezone"])
    report = _Report(doc)
    if zone is not None:
        _check_times(data, zone, report)
    return report.problems


def _check_times(data: dict[str, Any], zone: dt.tzinfo, report: _Report) -> None:
    """Two sessions in one room at once."""
    spans = []
    for i, s in enumerate(data["sessions"]):
        day = dt.date.fromisoformat(s["date"])
        start, end = session_span(
            day, s["start"], s["end"], zone, data["forum"].get("day_change", "00:00")
        )
        if s.get("cancelled"):
            continue  # a cancelled session frees its room
        spans.append((s["room"], start, end, i, s["id"]))
    spans.sort()
    latest: dict[str, tuple[dt.datetime, str]] = {}  # room -> (latest end so far, its session)
    for room, start, end, i, session_id in spans:
        if room in latest and start < latest[room][0]:
            other = repr(latest[room][1])
            names = {"id": repr(session_id), "other": other, "room": repr(room)}
            report.add(("sessions", i, "start"), "session_overlap", **names)
        if room not in latest or end > latest[room][0]:
            latest[room] = (end, session_id)
