"""Time helpers: the store keeps UTC, people read the forum's zone."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def combine(day: dt.date, hhmm: str) -> dt.datetime:
    """A naive local datetime from a date and "HH:MM"."""
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


MAX_SESSION = dt.timedelta(hours=12)


def session_span(
    day: dt.date, start: str, end: str, zone: dt.tzinfo, day_change: str = "00:00"
) -> tuple[dt.datetime, dt.datetime]:
    """A session's UTC start and end from the day it belongs to and its local "HH:MM"s.

    A start before ``day_change`` is in the night after ``day`` (the evening's programme
    runs on past midnight); an end at or before the start is on the next calendar day.
    """
    begin, finish = session_locals(day, start, end, day_change)
    return local_to_utc(begin, zone), local_to_utc(finish, zone)


def session_locals(
    day: dt.date, start: str, end: str, day_change: str = "00:00"
) -> tuple[dt.datetime, dt.datetime]:
    """A session's naive local start and end, as session_span reads them."""
    first = day + dt.timedelta(days=1) if start < day_change else day
    begin = combine(first, start)
    finish = combine(first, end)
    if finish <= begin:
        finish += dt.timedelta(days=1)
    return begin, finish


def local_to_utc(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Interpret a naive ``moment`` in ``zone``; an aware one is only converted."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)


class NonexistentTime(ValueError):
    """A local time the clocks skip in the zone (they go forward over it)."""

    def __init__(self, local: dt.datetime, zone: dt.tzinfo) -> None:
        self.local, self.zone = local, zone
        super().__init__(f"{local:%Y-%m-%d %H:%M} does not exist in {zone}")


def local_kind(naive: dt.datetime, zone: dt.tzinfo) -> str:
    """ "gap" for a local time the clocks skip, "fold" for one they pass twice, else "ok"."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "ok"
    back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return "fold" if back == naive else "gap"


def strict_local_to_utc(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """As local_to_utc, but a naive time the clocks skip raises NonexistentTime; one they
    pass twice is the earlier of the two instants (fold=0)."""
    if moment.tzinfo is None and local_kind(moment, zone) == "gap":
        raise NonexistentTime(moment, zone)
    return local_to_utc(moment.replace(fold=0), zone)


def is_ambiguous(instant: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether the local time of ``instant`` in ``zone`` happens twice (an autumn fold)."""
    return local_kind(instant.astimezone(zone).replace(tzinfo=None), zone) == "fold"


def zone_or_none(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%d.%m %H:%M", "%H:%M")


def parse_local(text: str, now: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    """A time typed by an organiser, in the forum's zone ("14:30" is today, "23.06 09:00"
    this year); None if it is not one of the forms. Raises NonexistentTime for a time the
    clocks skip; of a time they pass twice, the earlier instant."""
    text = " ".join(text.split())
    local_now = now.astimezone(zone)
    for form in _FORMATS:
        try:
            parsed = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        if form == "%H:%M":
            parsed = dt.datetime.combine(local_now.date(), parsed.time())
        elif "%Y" not in form:
            parsed = parsed.replace(year=local_now.year)
        return strict_local_to_utc(parsed, zone)
    return None


class UnclearTime(ValueError):
    """A typed time refused: ``key`` names the catalog text that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def future_time(text: str, now: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A typed time (``parse_local``'s forms, the forum's zone) that is still to come: for
    scheduling a broadcast or a post, or moving one. Raises UnclearTime ("when_not_understood"
    or "announce_past"), or NonexistentTime for a time the clocks skip."""
    at = parse_local(text, now, zone)
    if at is None:
        raise UnclearTime("when_not_understood")
    if at <= now:
        raise UnclearTime("announce_past")
    return at


def quick_time(code: str, now: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The quick picks: "10m", "60m" from now; "tom8" is tomorrow at 08:00 in the zone."""
    if code.endswith("m"):
        return now + dt.timedelta(minutes=int(code[:-1]))
    tomorrow = now.astimezone(zone).date() + dt.timedelta(days=1)
    return local_to_utc(dt.datetime.combine(tomorrow, dt.time(8, 0)), zone)


_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})[:.](\d{2})(?![\d:])")


def clock_time(text: str) -> str | None:
    """ "7:30" or "07.30" as "07:30"; None when it is not a time of day."""
    found = _CLOCK.fullmatch(text.strip())
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        return None
    return f"{int(found[1]):02d}:{found[2]}"


def impossible_time(text: str) -> str | None:
    """The first "25:00" or "14:75" in ``text``: written as a time, but no clock shows it."""
    for found in _CLOCK.finditer(text):
        if int(found[1]) > 23 or int(found[2]) > 59:
            return found[0]
    return None


def parse_new_time(
    text: str, day: dt.date, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
) -> tuple[dt.date, dt.datetime, dt.datetime] | None:
    """An organiser's new time for a session, in the forum's zone: "14:30" (same length),
    "14:30-15:45", or "2023-06-23 14:30-15:45" (another day). Returns (day, start, end) in
    UTC, or None if it is not one of the forms or the end is not after the start. Raises
    NonexistentTime for a time the clocks skip; of one they pass twice, the earlier instant."""
    text = " ".join(text.replace("–", "-").replace("—", "-").split())
    date_part, _, times = text.rpartition(" ")
    if date_part:
        try:
            day = dt.date.fromisoformat(date_part)
        except ValueError:
            return None
    first, dash, second = times.partition("-")
    try:
        t1 = dt.time.fromisoformat(first.strip())
        t2 = dt.time.fromisoformat(second.strip()) if dash else None
    except ValueError:
        return None
    if len(first.strip()) != 5 or (dash and len(second.strip()) != 5):
        return None  # "9" or "930" are not times an organiser means
    local_day = start.astimezone(zone).date() if not date_part else day
    begin = strict_local_to_utc(dt.datetime.combine(local_day, t1), zone)
    if t2 is None:
        return day, begin, begin + (end - start)
    finish_day = local_day + dt.timedelta(days=t2 <= t1)  # runs past midnight
    finish = strict_local_to_utc(dt.datetime.combine(finish_day, t2), zone)
    if finish - begin > MAX_SESSION:
        return None
    return day, begin, finish


@functools.cache
def _zone_names() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def known_zone(text: str) -> str | None:
    """The IANA name a person typed ("europe/berlin", " Europe/Berlin "), spelled as the
    database spells it; None for anything that is not a zone it knows."""
    typed = "_".join(text.strip().split())
    return _zone_names().get(typed.casefold())
