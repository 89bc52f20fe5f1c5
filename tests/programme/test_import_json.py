"""schedule.json (frab and pretalx exports): imported, or refused with the place named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from forumbot.programme import ProgrammeError, load_any, parse_any
from tests.helpers import REPO

FORMATS = REPO / "tests" / "fixtures" / "formats"
CAMP = FORMATS / "frab-camp2019.json"
DEMOCON = FORMATS / "pretalx-democon.json"
OPENING = "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4"


def camp() -> dict[str, Any]:
    return json.loads(CAMP.read_text(encoding="utf-8"))


def first_event(data: dict[str, Any]) -> dict[str, Any]:
    return data["schedule"]["conference"]["days"][0]["rooms"]["Curie"][0]


def refused(data: dict[str, Any] | bytes, **kwargs: Any) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(ProgrammeError) as info:
        parse_any(raw, "camp.json", **kwargs)
    return info.value.report()


def test_frab_camp_imports_whole() -> None:
    result = load_any(CAMP)
    p = result.programme
    assert (len(p.sessions), len(p.days), len(p.rooms)) == (79, 5, 2)
    assert p.forum.timezone == "Europe/Berlin" and p.forum.languages == ("en", "de")
    opening = next(s for s in p.sessions if s.id == OPENING)  # the guid is the id
    assert opening.title == {"en": "Opening Ceremony"}
    assert opening.start == dt.datetime(2019, 8, 21, 9, 0, tzinfo=dt.UTC)  # 11:00+02:00
    assert opening.end - opening.start == dt.timedelta(minutes=30)
    assert (opening.track, opening.language) == ("CCC", "en")
    names = {s.id: s.name for s in p.speakers}
    assert [names[i] for i in opening.speaker_ids] == [{"en": "jinxx"}, {"en": "smtw"}]
    german = [s for s in p.sessions if s.language == "de"]
    assert len(german) == 24 and all(set(s.title) == {"de"} for s in german)


def test_frab_camp_warns_about_what_it_breaks_without_refusing() -> None:
    warnings = [w.describe("camp.json") for w in load_any(CAMP).warnings]
    assert any("acronym" in w and "'Camp2019'" in w for w in warnings)
    assert any("slug: breaks the pattern in 79 places" in w for w in warnings)
    assert any("one language only (en: 55, de: 24)" in w for w in warnings)


def test_pretalx_persons_with_markdown_bios_and_trusted_offsets() -> None:
    result = load_any(DEMOCON)
    p = result.programme
    assert len(p.sessions) == 36 and len(p.rooms) == 2  # its two rooms share one guid
    brian = next(s for s in p.speakers if s.id == "NQTF8Y")  # the pretalx code
    assert brian.name == {"en": "Brian Robinson"}
    assert brian.bio and brian.bio["en"].startswith("Break through direction. Power cultural")
    assert "\n\n" in brian.bio["en"]  # Markdown paragraphs kept, soft breaks joined
    first = min(p.sessions, key=lambda s: s.start)
    assert first.start == dt.datetime(2020, 12, 14, 8, 0, tzinfo=dt.UTC)  # 09:00+01:00
    assert any("zone is UTC but 36 event dates" in w.message for w in result.warnings)


def test_zone_option_overrides_the_zone_shown() -> None:
    result = load_any(DEMOCON, zone="Europe/Berlin")
    assert result.programme.forum.timezone == "Europe/Berlin"
    assert result.programme.sessions[0].start.hour == 8  # the offsets still decide


def test_an_event_after_midnight_belongs_to_the_day_before() -> None:
    data = camp()
    first_event(data)["date"] = "2019-08-22T01:30:00+02:00"
    first_event(data)["start"] = "01:30"
    p = parse_any(json.dumps(data).encode(), "camp.json").programme
    late = next(s for s in p.sessions if s.id == OPENING)
    assert late.day == dt.date(2019, 8, 21) and late.start.day == 21  # 23:30 UTC on the 21st


def test_bad_json_is_refused_with_its_line() -> None:
    report = refused(b'{"schedule": {\n  "version": "1",\n  oops}}')
    assert report.startswith("camp.json:3: is not valid JSON")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e.update(duration="00:75"), "duration: '00:75' is not a duration"),
        (lambda e: e.update(duration="00:00"), "duration: the event must end after it starts"),
        (lambda e: e.update(date="2019-08-21T25:00:00+02:00"), "date: '2019-08-21T25:00:00"),
        (
            lambda e: e.update(end="2019-08-21T10:00:00+02:00"),
            "end: the event must end after it starts",
        ),
        (lambda e: e.pop("duration"), "missing required key 'duration'"),
        (lambda e: e.update(title=7), "7 is not of type 'string'"),
        (lambda e: e.update(guid="not a uuid!"), "'not a uuid!' cannot be an id"),
    ],
)
def test_impossible_events_are_refused_naming_the_event(change: Any, expected: str) -> None:
    data = camp()
    change(first_event(data))
    report = refused(data)
    assert expected in report
    assert "event id 10386" in report  # which event: its id, guid and title


def test_duplicate_guids_are_refused() -> None:
    data = camp()
    rooms = data["schedule"]["conference"]["days"][0]["rooms"]
    rooms["Curie"][1]["guid"] = OPENING
    report = refused(data)
    assert f"guid {OPENING}" in report and "duplicate: event id 10386" in report


def test_unknown_zone_is_refused_and_a_bad_zone_option_too() -> None:
    data = camp()
    data["schedule"]["conference"]["time_zone_name"] = "Mars/Olympus"
    assert "'Mars/Olympus' is not a known IANA time zone" in refused(data)
    assert "--zone: 'Atlantis/Capital' is not a known" in refused(camp(), zone="Atlantis/Capital")


def test_json_that_is_not_a_schedule_is_refused() -> None:
    with pytest.raises(ProgrammeError, match=r"not a schedule\.json"):
        parse_any(b'{"hello": 1}', "x.json")


def test_the_yaml_path_is_unchanged(tmp_path: Path) -> None:
    result = load_any(REPO / "data" / "forum.yaml")
    assert result.warnings == () and len(result.programme.sessions) == 7
    broken = tmp_path / "broken.yaml"
    broken.write_text("forum: [", encoding="utf-8")
    with pytest.raises(ProgrammeError, match="is not valid YAML"):
        load_any(broken)
