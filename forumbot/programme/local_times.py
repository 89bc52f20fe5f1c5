"""Local times that the zone's clocks skip or pass twice (daylight saving time).

A time the clocks skip (spring forward) does not exist: the file is refused, naming the
event, the time and the zone. A time they pass twice (autumn) is read as the earlier of the
two instants (``fold=0``), and the import says so in a warning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forumbot.infra.timeutil import local_kind, session_locals, zone_or_none
from forumbot.programme.errors import Msg, Problem, msg
from forumbot.programme.located_yaml import LocatedYaml, Path, format_path


def skipped(what: Msg, local: dt.datetime, zone: dt.tzinfo) -> Msg:
    return msg(
        "clock_skips", what=what, time=f"{local:%H:%M}", date=f"{local:%Y-%m-%d}", zone=str(zone)
    )


def twice(what: Msg, local: dt.datetime, zone: dt.tzinfo) -> Msg:
    earlier = local.replace(tzinfo=zone, fold=0).isoformat(timespec="minutes")
    return msg(
        "clock_twice", what=what, time=f"{local:%H:%M}", date=f"{local:%Y-%m-%d}",
        zone=str(zone), earlier=earlier,
    )  # fmt: skip


def classify(
    what: Msg, local: dt.datetime, zone: dt.tzinfo, line: int | None, field: str | Msg,
    problems: list[Problem], warnings: list[Problem],
) -> None:  # fmt: skip
    """Add a problem for a skipped ``local`` time, a warning for a doubled one."""
    kind = local_kind(local, zone)
    if kind == "gap":
        problems.append(Problem(line, field, skipped(what, local, zone)))
    elif kind == "fold":
        warnings.append(Problem(line, field, twice(what, local, zone)))


def yaml_report(doc: LocatedYaml) -> tuple[list[Problem], list[Problem]]:
    """The problems and warnings of the bot's YAML (already checked otherwise)."""
    data: dict[str, Any] = doc.value
    zone = zone_or_none(data["forum"]["timezone"])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if zone is None:
        return problems, warnings

    def check(path: Path, what: Msg, local: dt.datetime) -> None:
        classify(what, local, zone, doc.line_of(path), format_path(path), problems, warnings)

    day_change = data["forum"].get("day_change", "00:00")
    for i, s in enumerate(data["sessions"]):
        day = dt.date.fromisoformat(s["date"])
        begin, finish = session_locals(day, s["start"], s["end"], day_change)
        check(("sessions", i, "start"), msg("what_session_starts", id=repr(s["id"])), begin)
        check(("sessions", i, "end"), msg("what_session_ends", id=repr(s["id"])), finish)
    for i, p in enumerate(data.get("posts", [])):
        published = dt.datetime.fromisoformat(p["published"])
        if published.tzinfo is None:
            what = msg("what_post_published", id=repr(p["id"]))
            check(("posts", i, "published"), what, published)
    return problems, warnings
