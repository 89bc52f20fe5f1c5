"""schedule.xml (frab today, pentabarf of old): imported, or refused with the place named."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from forumbot.programme import ProgrammeError, load_any, parse_any
from tests.helpers import REPO

FOSDEM = REPO / "tests" / "fixtures" / "formats" / "fosdem-2010.xml"
BRUSSELS = ZoneInfo("Europe/Brussels")

FRAB = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <generator name="frab" version="1"/>
  <version>1</version>
  <conference>
    <title>Night Camp</title><acronym>night-camp</acronym>
    <start>2024-07-01</start><end>2024-07-02</end><days>1</days>
    <day_change>06:00</day_change><timeslot_duration>00:15</timeslot_duration>
    <time_zone_name>Europe/Berlin</time_zone_name>
  </conference>
  <day index="1" date="2024-07-01" start="2024-07-01T10:00:00+02:00"
       end="2024-07-02T06:00:00+02:00">
    <room name="Stage">
      <event guid="11111111-2222-3333-4444-555555555555" id="1">
        <date>2024-07-01T22:30:00+02:00</date><start>22:30</start><duration>01:00</duration>
        <room>Stage</room><title>Late show</title><type>concert</type>
        <abstract>&lt;p&gt;Loud &lt;b&gt;music&lt;/b&gt;&lt;/p&gt;</abstract>
        <language>de</language><track>Art</track>
        <persons><person guid="99999999-2222-3333-4444-555555555555">DJ Ö</person></persons>
      </event>
      <event guid="11111111-2222-3333-4444-666666666666" id="2">
        <date>2024-07-02T01:00:00+02:00</date><start>01:00</start><duration>00:45</duration>
        <room>Stage</room><title>After midnight</title><type>talk</type>
        <abstract/><language>de</language><track>Art</track><persons/>
      </event>
    </room>
    <room name="Stage"/>
  </day>
</schedule>
"""


def refused(xml: str, **kwargs: object) -> str:
    with pytest.raises(ProgrammeError) as info:
        parse_any(xml.encode(), "night.xml", **kwargs)  # type: ignore[arg-type]
    return info.value.report()


def test_fosdem_2010_needs_a_zone() -> None:
    with pytest.raises(ProgrammeError, match=r"names no time zone .* --zone Area/City"):
        load_any(FOSDEM)


def test_fosdem_2010_imports_with_a_zone() -> None:
    result = load_any(FOSDEM, zone="Europe/Brussels")
    p = result.programme
    assert (len(p.sessions), len(p.rooms), len(p.days)) == (301, 20, 2)
    assert p.forum.id == "FOSDEM-2010" and p.forum.city == {"en": "Brussels"}
    welcome = next(s for s in p.sessions if s.id == "284")  # no guid here: the id
    assert welcome.start.astimezone(BRUSSELS) == dt.datetime(2010, 2, 6, 10, 0, tzinfo=BRUSSELS)
    assert welcome.description and welcome.description["en"].startswith("FOSDEM Opening Talk")
    assert "<p>" not in welcome.description["en"]  # the escaped HTML became text
    assert "'s" in next(s for s in p.sessions if s.id == "20").description["en"]  # &#39;


def test_fosdem_2010_warns_about_the_overlap_and_its_missing_languages() -> None:
    messages = [
        w.describe("fosdem.xml") for w in load_any(FOSDEM, zone="Europe/Brussels").warnings
    ]
    assert any(
        'event id 281 "TYPO3 exam session", start: overlaps event id 30' in m
        and m.startswith("fosdem.xml:2017:")
        for m in messages
    )
    assert any("no event names its language" in m for m in messages)


def test_frab_xml_with_rooms_guids_and_the_day_change() -> None:
    p = parse_any(FRAB.encode(), "night.xml").programme
    assert [r.name for r in p.rooms] == [{"de": "Stage"}]  # the room listed twice, merged
    late, after = sorted(p.sessions, key=lambda s: s.start)
    assert late.id == "11111111-2222-3333-4444-555555555555"
    assert after.day == dt.date(2024, 7, 1)  # 01:00 on the 2nd, before day_change 06:00
    assert after.start == dt.datetime(2024, 7, 1, 23, 0, tzinfo=dt.UTC)
    assert late.description == {"de": "Loud <b>music</b>"} and late.description_html
    assert late.track == "Art"
    assert [s.name for s in p.speakers] == [{"de": "DJ Ö"}]
    assert p.forum.languages == ("de",) and p.forum.default_language == "de"


def test_old_dialect_day_change_moves_early_events_to_the_next_date() -> None:
    xml = FOSDEM.read_text(encoding="utf-8").replace(
        "<start>16:40</start>", "<start>01:40</start>", 1
    )
    p = parse_any(xml.encode(), "fosdem.xml", zone="Europe/Brussels").programme
    early = next(s for s in p.sessions if s.id == "20")
    assert early.day == dt.date(2010, 2, 6)  # listed under the 6th, so the 6th's programme
    assert early.start.astimezone(BRUSSELS).date() == dt.date(2010, 2, 7)  # at 01:40 the 7th


def test_malformed_xml_is_refused_with_its_line() -> None:
    assert refused(
        FRAB.replace("<title>Late show</title>", "<title>Late show</titel>")
    ).startswith("night.xml:16: is not well-formed XML: mismatched tag")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE schedule [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        '<!DOCTYPE schedule SYSTEM "http://127.0.0.1:9/schedule.dtd">',
    ],
)
def test_external_entities_and_entity_bombs_are_refused(doctype: str) -> None:
    xml = FRAB.replace("<schedule>", doctype + "\n<schedule>", 1)
    xml = xml.replace("<title>Late show</title>", "<title>&c;</title>")
    assert "declares a DTD or entities, which the bot refuses" in refused(xml)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("<duration>01:00</duration>", "<duration>1h</duration>", "duration: '1h' is not a"),
        ("<duration>01:00</duration>", "<duration>00:00</duration>", "must end after it starts"),
        (
            "<date>2024-07-01T22:30:00+02:00</date><start>22:30</start>",
            "<start>25:10</start>",
            "start: '25:10' is not a time",
        ),
        ('id="2"', 'id="1"', ""),  # different guids: fine
        ("666666666666", "555555555555", "duplicate: event id 1 guid"),
        ("<title>Late show</title>", "<title> </title>", "title: is empty"),
    ],
)
def test_impossible_events_are_refused_naming_the_event(old: str, new: str, expected: str) -> None:
    xml = FRAB.replace(old, new, 1)
    if not expected:
        assert len(parse_any(xml.encode(), "night.xml").programme.sessions) == 2
        return
    report = refused(xml)
    assert expected in report
    place = "night.xml:21: event id 2" if "duplicate" in expected else "night.xml:14: event id 1"
    assert report.startswith(place)


def test_unknown_zone_in_the_file_is_refused() -> None:
    report = refused(FRAB.replace("Europe/Berlin", "Europe/Atlantis"))
    assert "time_zone_name: 'Europe/Atlantis' is not a known IANA time zone" in report


def test_a_non_schedule_root_is_refused() -> None:
    assert "the root is <html>" in refused("<html><body/></html>")
