"""How long an import takes: each real sample, and a synthetic ~1,000-event schedule.json and
schedule.xml (generated here: abstracts in HTML or Markdown, persons with bios, two rooms
that appear every day, events after midnight). Times ``load_any`` (read, detect, validate,
sanitise, build), best of a few runs; no store. Prints figures; never fails on timing.

    python bench/imports.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
import uuid
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forumbot.programme import load_any

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "formats"
ROOMS = [f"Hall {chr(65 + i)}" for i in range(20)]
ABSTRACT = (
    "<p>A talk about <b>free software</b> and <a href='https://example.org'>its people</a>."
    "</p><ul><li>why</li><li>how<ul><li>in detail</li></ul></li></ul><script>x()</script>"
)
BIO = "Hacker, *writer* and [speaker](https://example.org).\n\n- one\n- two"


def _events(n: int) -> list[dict]:
    """n events over 2 days, 20 rooms, 45 minutes each from 09:00 (some past midnight)."""
    zone = dt.timezone(dt.timedelta(hours=1))
    events = []
    for i in range(n):
        day, slot = divmod(i, n // 2 + 1)
        room, k = ROOMS[slot % len(ROOMS)], slot // len(ROOMS)
        start = dt.datetime(2025, 2, 1 + day, 9, 0, tzinfo=zone) + dt.timedelta(minutes=45 * k)
        events.append(
            {
                "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"event-{i}")),
                "id": i + 1,
                "day": f"2025-02-0{1 + day}",
                "date": start.isoformat(),
                "start": start.strftime("%H:%M"),
                "duration": "00:45",
                "room": room,
                "title": f"Talk number {i} about things",
                "language": "en" if i % 3 else "de",
                "person": (i % 700, f"Speaker {i % 700}"),
            }
        )
    return events


def synthetic_json(n: int) -> str:
    days: dict[str, dict[str, list]] = {}
    for e in _events(n):
        pid, name = e["person"]
        event = {k: v for k, v in e.items() if k not in ("day", "person")}
        event |= {"slug": f"ev-{e['id']}", "url": "https://example.org", "subtitle": ""}
        event |= {"track": "Main", "type": "Talk", "abstract": BIO, "description": BIO}
        event |= {
            "links": [],
            "persons": [{"code": f"P{pid:05d}", "name": name, "biography": BIO}],
        }
        days.setdefault(e["day"], {}).setdefault(e["room"], []).append(event)
    conference = {
        "acronym": "bench2025",
        "title": "Bench conference",
        "start": "2025-02-01",
        "end": "2025-02-02",
        "daysCount": 2,
        "timeslot_duration": "00:15",
        "time_zone_name": "Europe/Brussels",
        "days": [
            {
                "index": i + 1,
                "date": date,
                "day_start": f"{date}T09:00:00+01:00",
                "day_end": f"{date}T23:59:00+01:00",
                "rooms": rooms,
            }
            for i, (date, rooms) in enumerate(sorted(days.items()))
        ],
    }
    return json.dumps({"schedule": {"version": "1", "conference": conference}})


def synthetic_xml(n: int) -> str:
    out = ["<?xml version='1.0' encoding='UTF-8'?>", "<schedule><version>1</version>"]
    out.append(
        "<conference><title>Bench</title><acronym>bench</acronym><day_change>06:00"
        "</day_change><time_zone_name>Europe/Brussels</time_zone_name></conference>"
    )
    by_day: dict[str, list[dict]] = {}
    for e in _events(n):
        by_day.setdefault(e["day"], []).append(e)
    for i, (date, events) in enumerate(sorted(by_day.items())):
        out.append(f"<day index='{i + 1}' date='{date}' start='{date}T06:00:00+01:00' end=''>")
        for room in ROOMS:
            out.append(f"<room name='{room}'>")
            for e in (e for e in events if e["room"] == room):
                pid, name = e["person"]
                out.append(
                    f"<event guid='{e['guid']}' id='{e['id']}'><date>{e['date']}</date>"
                    f"<start>{e['start']}</start><duration>00:45</duration><room>{room}</room>"
                    f"<title>{e['title']}</title><language>{e['language']}</language>"
                    f"<abstract>{escape(ABSTRACT)}</abstract><track>Main</track><type>talk</type>"
                    f"<persons><person id='{pid}'>{name}</person></persons></event>"
                )
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>")
    return "\n".join(out)


def timed(path: Path, zone: str | None, runs: int) -> tuple[float, int, int]:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        result = load_any(path, zone=zone)
        best = min(best, time.perf_counter() - began)
    return best * 1000, len(result.programme.sessions), len(result.warnings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, 200 events")
    args = parser.parse_args()
    n, runs = (200, 1) if args.quick else (1000, 3)
    print(f"machine: {platform.platform()} | Python {platform.python_version()}")
    print(f"{'file':34} {'events':>7} {'warnings':>9} {'ms':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        big_json, big_xml = Path(tmp) / "synthetic.json", Path(tmp) / "synthetic.xml"
        big_json.write_text(synthetic_json(n), encoding="utf-8")
        big_xml.write_text(synthetic_xml(n), encoding="utf-8")
        files = [
            (SAMPLES / "frab-camp2019.json", None),
            (SAMPLES / "pretalx-democon.json", None),
            (SAMPLES / "fosdem-2010.xml", "Europe/Brussels"),
            (big_json, None),
            (big_xml, None),
        ]
        for path, zone in files:
            ms, sessions, warnings = timed(path, zone, runs)
            print(f"{path.name:34} {sessions:>7} {warnings:>9} {ms:>9.0f}")


if __name__ == "__main__":
    main()
