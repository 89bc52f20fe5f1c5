"""Hostile programme files are refused by the readers themselves, quickly, naming the file,
the place and the problem: YAML aliases that multiply, nesting too deep, files too big; and
local times that the zone's clocks skip or pass twice."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from forumbot.programme import ProgrammeError, load_any, parse_any
from tests.helpers import MINI
from tests.hostile import BILLION_LAUGHS, DEEP_JSON, DEEP_XML


def refusal(path, **kwargs) -> str:
    with pytest.raises(ProgrammeError) as caught:
        load_any(path, **kwargs)
    return caught.value.report()


def test_a_billion_laughs_is_refused_at_the_alias_that_passes_the_cap() -> None:
    started = time.monotonic()
    report = refusal(BILLION_LAUGHS)
    assert time.monotonic() - started < 10  # generous: expanded, it would never end
    assert report.startswith(f"{BILLION_LAUGHS}:5: aliases here repeat more than 10,000 values")
    assert "billion laughs" in report


def test_a_few_aliases_that_repeat_a_little_are_fine(mini_text: str) -> None:
    text = mini_text.replace('    name: {ky: "Чоң зал"', '    name: &hall {ky: "Чоң зал"', 1)
    text = text.replace('name: {ky: "Кичи зал", ru: "Малый зал", en: "Small hall"}', "name: *hall")
    rooms = parse_any(text.encode(), "mini.yaml").programme.rooms
    assert rooms[0].name == rooms[1].name


@pytest.mark.parametrize(("path", "line"), [(DEEP_JSON, 1), (DEEP_XML, 3)], ids=["json", "xml"])
def test_deep_nesting_is_refused_naming_the_line_not_a_recursion_error(path, line) -> None:
    assert refusal(path) == f"{path}:{line}: is nested deeper than 32 levels" + (
        " (no programme file nests so deep)"
    )


def test_deep_yaml_and_deep_json_read_as_yaml_are_refused_too() -> None:
    deep = b"forum:\n  x: " + b"[" * 3000 + b"]" * 3000 + b"\n"
    with pytest.raises(ProgrammeError) as caught:
        parse_any(deep, "deep.yaml")
    assert caught.value.report().startswith("deep.yaml:2: is nested deeper than 32 levels")
    nested = b'{"schedule": {"conference": ' + b'{"a": ' * 40 + b"1" + b"}" * 42
    with pytest.raises(ProgrammeError) as caught:
        parse_any(nested, "nested.json")
    assert caught.value.report().startswith("nested.json: schedule.conference.a.a.a.a…: is")


def test_a_file_over_the_size_limit_is_refused_stating_the_limit(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(MINI.read_bytes() + b"#" * (1024 * 1024))
    report = refusal(big, max_bytes=1024 * 1024)
    assert report == f"{big}: is larger than 1 MB, the most a programme file may be"


BERLIN_YAML = """
forum:
  id: dst
  title: {en: "Clocks"}
  city: {en: "Berlin"}
  timezone: Europe/Berlin
  default_language: en
  languages: [en]
days:
  - date: "2023-03-26"
  - date: "2023-10-29"
rooms:
  - id: hall
    name: {en: "Hall"}
speakers: []
sessions:
  - id: night-owls
    date: "DAY"
    start: "02:30"
    end: "03:30"
    room: hall
    kind: other
    title: {en: "Night owls"}
"""


def berlin(day: str) -> bytes:
    return BERLIN_YAML.replace("DAY", day).encode()


def test_a_local_time_the_clocks_skip_is_refused_naming_session_time_and_zone() -> None:
    with pytest.raises(ProgrammeError) as caught:
        parse_any(berlin("2023-03-26"), "berlin.yaml")
    assert caught.value.report() == (
        "berlin.yaml:19: sessions[0].start: session 'night-owls' starts at 02:30 on "
        "2023-03-26, a time that does not exist in Europe/Berlin (the clocks go forward "
        "over it)"
    )


def test_a_local_time_the_clocks_pass_twice_is_the_earlier_instant_with_a_warning() -> None:
    result = parse_any(berlin("2023-10-29"), "berlin.yaml")
    [warning] = result.warnings
    assert warning.describe("berlin.yaml") == (
        "berlin.yaml:19: sessions[0].start: session 'night-owls' starts at 02:30 on "
        "2023-10-29, which happens twice in Europe/Berlin (the clocks go back): the earlier "
        "of the two instants is taken, 2023-10-29T02:30+02:00 (fold=0)"
    )
    [session] = result.programme.sessions
    assert session.start == dt.datetime(2023, 10, 29, 0, 30, tzinfo=dt.UTC)


XML = """<?xml version="1.0"?>
<schedule>
  <conference><title>Clocks</title><acronym>clocks</acronym>
    <time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day index="1" date="DAY">
    <room name="Hall">
      <event id="7"><start>02:30</start><duration>01:00</duration><room>Hall</room>
        <title>Night owls</title></event>
    </room>
  </day>
</schedule>
"""


def test_schedule_xml_local_times_follow_the_same_rule() -> None:
    with pytest.raises(ProgrammeError) as caught:
        parse_any(XML.replace("DAY", "2023-03-26").encode(), "night.xml")
    assert (
        'night.xml:7: event id 7 "Night owls", start: starts at 02:30 on 2023-03-26, a time '
        "that does not exist in Europe/Berlin"
    ) in caught.value.report()
    result = parse_any(XML.replace("DAY", "2023-10-29").encode(), "night.xml")
    assert any("happens twice in Europe/Berlin" in w.message for w in result.warnings)
    [session] = result.programme.sessions
    # The earlier 02:30 (00:30 UTC), and an hour is an hour across the change.
    assert session.start == dt.datetime(2023, 10, 29, 0, 30, tzinfo=dt.UTC)
    assert session.end - session.start == dt.timedelta(hours=1)
