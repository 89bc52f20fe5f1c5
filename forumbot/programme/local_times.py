"""Local times that the zone's clocks skip or pass twice (daylight saving time).

A time the clocks skip (spring forward) does not exist: the file is refused, naming the
event, the time and the zone. A time they pass twice (autumn) is read as the earlier of the
two instants (``fold=0``), and the import says so in a warning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forumbot.infra.timeutil import local_kind, session_locals, zone_or_none
from forumbot.programme.errors import Problem
from forumbot.programme.located_yaml import LocatedYaml, Path, format_path


def skipped(what: str, local: dt.datetime, zone: dt.tzinfo) -> str:
    return (
        f"{what} at {local:%H:%M} on {local:%Y-%m-%d}, a time that does not exist in {zone} "
        "(the clocks go forward over it)"
    )


def twice(what: str, local: dt.datetime, zone: dt.tzinfo) -> str:
    earlier = local.replace(tzinfo=zone, fold=0).isoformat(timespec="minutes")
    return (
        f"{what} at {local:%H:%M} on {local:%Y-%m-%d}, which happens twice in {zone} (the "
        f"clocks go back): the earlier of the two instants is taken, {earlier} (fold=0)"
    )


def classify(
    what: str, local: dt.datetime, zone: dt.tzinfo, line: int | None, field: str,
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

    def check(path: Path, what: str, local: dt.datetime) -> None:
        classify(what, local, zone, doc.line_of(path), format_path(path), problems, warnings)

    day_change = data["forum"].get("day_change", "00:00")
    for i, s in enumerate(data["sessions"]):
        day = dt.date.fromisoformat(s["date"])
        begin, finish = session_locals(day, s["start"], s["end"], day_change)
        check(("sessions", i, "start"), f"session {s['id']!r} starts", begin)
        check(("sessions", i, "end"), f"session {s['id']!r} ends", finish)
    for i, p in enumerate(data.get("posts", [])):
        published = dt.datetime.fromisoformat(p["published"])
        if published.tzinfo is None:
            check(("posts", i, "published"), f"post {p['id']!r} is published", published)
    return problems, warnings
