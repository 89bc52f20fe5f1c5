"""The calendar file: what a calendar application reads back from it, one rule per test."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from forumbot.infra.i18n import Catalogs
from forumbot.models import Programme, Session
from forumbot.programme import parse_programme
from forumbot.render.calendar import plain_text, render_calendar
from tests.helpers import BOT, MINI, bishkek

NOW = dt.datetime(2023, 6, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def mini() -> Programme:
    return parse_programme(MINI.read_text(encoding="utf-8"), str(MINI))


def link(s: Session) -> str:
    return f"https://t.me/{BOT}?start=s_{s.id}"


def render(
    mini: Programme,
    catalogs: Catalogs,
    lang: str = "en",
    sessions: Sequence[Session] | None = None,
    now: dt.datetime = NOW,
) -> bytes:
    return render_calendar(
        mini.sessions if sessions is None else sessions,
        {r.id: r for r in mini.rooms},
        {p.id: p for p in mini.speakers},
        mini.forum,
        lang,
        link,
        catalogs=catalogs,
        now=now,
    )


def events(body: bytes) -> dict[str, Event]:
    """The events of the file, by session id (the part of the UID before the "@")."""
    cal = Calendar.from_ical(body)
    return {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def rt1(mini: Programme, **changes: object) -> Session:
    [s] = [s for s in mini.sessions if s.id == "rt1"]
    return dataclasses.replace(s, **changes)  # type: ignore[arg-type]


def test_calendar_names_itself_and_its_maker(mini: Programme, catalogs: Catalogs) -> None:
    cal = Calendar.from_ical(render(mini, catalogs, "ru"))
    assert str(cal["version"]) == "2.0"
    assert "forumbot" in str(cal["prodid"])
    assert str(cal["x-wr-calname"]) == "Малый форум"


def test_lines_end_in_crlf_and_long_ones_are_folded(mini: Programme, catalogs: Catalogs) -> None:
    body = render(mini, catalogs, sessions=[rt1(mini, description={"en": "word " * 60})])
    assert body.count(b"\r\n") == body.count(b"\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_times_carry_the_forum_zone_and_its_vtimezone(mini: Programme, catalogs: Catalogs) -> None:
    body = render(mini, catalogs)
    [zone] = Calendar.from_ical(body).walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Bishkek"
    assert b"DTSTART;TZID=Asia/Bishkek:20230622T103000" in body  # wall-clock time as planned
    start = events(body)["rt1"].decoded("dtstart")
    assert start == bishkek(22, 10, 30)
    assert start.tzinfo == ZoneInfo("Asia/Bishkek")


def test_eleven_in_bishkek_is_five_utc(mini: Programme, catalogs: Catalogs) -> None:
    eleven = bishkek(22, 11).astimezone(dt.UTC)
    session = rt1(mini, start=eleven, end=eleven + dt.timedelta(hours=2))
    event = events(render(mini, catalogs, sessions=[session]))["rt1"]
    assert event.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(
        2023, 6, 22, 5, tzinfo=dt.UTC
    )
    assert event.decoded("dtstart").strftime("%H:%M") == "11:00"
    assert event.decoded("dtend").strftime("%H:%M") == "13:00"


def test_uids_are_stable_across_exports(mini: Programme, catalogs: Catalogs) -> None:
    first = events(render(mini, catalogs, "ky"))
    later = events(render(mini, catalogs, "en", now=NOW + dt.timedelta(days=1)))
    assert {str(e["uid"]) for e in first.values()} == {str(e["uid"]) for e in later.values()}
    assert str(first["rt1"]["uid"]) == "rt1@mini-forum.forumbot"


def test_the_same_moment_gives_the_same_file(mini: Programme, catalogs: Catalogs) -> None:
    assert render(mini, catalogs) == render(mini, catalogs)
    stamp = events(render(mini, catalogs))["rt1"].decoded("dtstamp")
    assert stamp == NOW


def test_summary_location_and_people_in_the_readers_language(
    mini: Programme, catalogs: Catalogs
) -> None:
    event = events(render(mini, catalogs, "ru"))["rt1"]
    assert str(event["summary"]) == "Технологии подлинности"
    assert str(event["location"]) == "Большой зал, Чолпон-Ата"
    description = str(event["description"])
    assert catalogs.t("ru", "kind_round_table") in description
    assert f"{catalogs.t('ru', 'moderator')}: Айнура Усупбекова" in description
    assert f"{catalogs.t('ru', 'speakers')}: И. Шаршенова, Тимур Мон" in description
    assert "Пути развития." in description


def test_a_missing_translation_falls_back_to_the_forums_language(
    mini: Programme, catalogs: Catalogs
) -> None:
    session = rt1(mini, title={"ky": "Аныктык", "ru": "Подлинность"})
    assert str(events(render(mini, catalogs, "en", [session]))["rt1"]["summary"]) == "Аныктык"


def test_the_deep_link_back_to_the_session(mini: Programme, catalogs: Catalogs) -> None:
    event = events(render(mini, catalogs))["rt1"]
    assert str(event["url"]) == f"https://t.me/{BOT}?start=s_rt1"
    assert str(event["description"]).endswith(f"https://t.me/{BOT}?start=s_rt1")


def test_without_a_link_there_is_no_url(mini: Programme, catalogs: Catalogs) -> None:
    body = render_calendar(
        mini.sessions, {}, {}, mini.forum, "en", lambda s: None, catalogs=catalogs, now=NOW
    )
    event = events(body)["rt1"]
    assert "url" not in event
    assert str(event["location"]) == "main, Cholpon-Ata"  # a room the file lacks: its id


def test_cancelled_sessions_say_so(mini: Programme, catalogs: Catalogs) -> None:
    found = events(render(mini, catalogs, sessions=[rt1(mini, cancelled=True), mini.sessions[0]]))
    assert str(found["rt1"]["status"]) == "CANCELLED"
    assert str(found["rt1"]["description"]).startswith(catalogs.t("en", "session_cancelled"))
    assert str(found["opening"]["status"]) == "CONFIRMED"


def test_commas_semicolons_and_newlines_are_escaped(mini: Programme, catalogs: Catalogs) -> None:
    text = "Rules, rights; duties\nand a second line"
    body = render(
        mini, catalogs, sessions=[rt1(mini, title={"en": "A, b; c"}, description={"en": text})]
    )
    unfolded = body.replace(b"\r\n ", b"")
    assert b"SUMMARY:A\\, b\\; c\r\n" in unfolded
    assert b"Rules\\, rights\\; duties\\nand a second line" in unfolded
    event = events(body)["rt1"]
    assert str(event["summary"]) == "A, b; c"
    assert text in str(event["description"])


def test_html_in_a_description_becomes_plain_text(mini: Programme, catalogs: Catalogs) -> None:
    html = "<p>Votes &amp; <b>trust</b></p><p>Line<br>break, a &lt; b</p>"
    imported = rt1(mini, description={"en": html}, description_html=True)
    event = events(render(mini, catalogs, sessions=[imported]))["rt1"]
    description = str(event["description"])
    assert "Votes & trust\nLine\nbreak, a < b" in description
    assert "<" not in description.replace("a < b", "")


def test_a_plain_description_stays_as_written(mini: Programme, catalogs: Catalogs) -> None:
    plain = "Turnout < 50% & rising"
    event = events(render(mini, catalogs, sessions=[rt1(mini, description={"en": plain})]))["rt1"]
    assert plain in str(event["description"])


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("plain text stays", "plain text stays"),
        ("a < b and c > d", "a < b and c > d"),
        ("<i>x</i>&nbsp;y &#8212; z", "x y — z"),  # runs of spaces, nbsp too, become one
        ("one<br/>two<br>\n\n\n\nthree", "one\ntwo\n\nthree"),
    ],
)
def test_plain_text(html: str, text: str) -> None:
    assert plain_text(html) == text


def test_an_empty_calendar_is_still_valid(mini: Programme, catalogs: Catalogs) -> None:
    cal = Calendar.from_ical(render(mini, catalogs, sessions=[]))
    assert cal.walk("VEVENT") == []
    assert len(cal.walk("VTIMEZONE")) == 1


def test_an_alarm_at_the_reminder_lead_time(mini: Programme, catalogs: Catalogs) -> None:
    body = render_calendar(
        mini.sessions,
        {r.id: r for r in mini.rooms},
        {p.id: p for p in mini.speakers},
        mini.forum,
        "en",
        link,
        catalogs=catalogs,
        now=NOW,
        alarm_minutes=15,
    )
    for event in events(body).values():
        [alarm] = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == -dt.timedelta(minutes=15)
        assert "TRIGGER:-PT15M" in alarm.to_ical().decode()
        assert str(alarm["description"]) == str(event["summary"])


def test_no_alarm_without_a_lead_time_nor_on_a_cancelled_session(
    mini: Programme, catalogs: Catalogs
) -> None:
    assert all(not e.walk("VALARM") for e in events(render(mini, catalogs)).values())
    cancelled = rt1(mini, cancelled=True)
    body = render_calendar(
        [cancelled],
        {r.id: r for r in mini.rooms},
        {p.id: p for p in mini.speakers},
        mini.forum,
        "en",
        link,
        catalogs=catalogs,
        now=NOW,
        alarm_minutes=10,
    )
    assert events(body)["rt1"].walk("VALARM") == []
