"""Time helpers: the store keeps UTC, people read the forum's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def combine(day: dt.date, hhmm: str) -> dt.datetime:
    """A naive local datetime from a date and "HH:MM"."""
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


def local_to_utc(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Interpret a naive ``moment`` in ``zone``; an aware one is only converted."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)


def zone_or_none(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)
