"""Midnight: a session that runs past it, an evening programme that goes on after it (the
forum's ``day_change``), the 12-hour limit, and a cancelled session freeing its room."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.infra.i18n import Catalogs
from forumbot.models import Day, Forum, Session
from forumbot.programme import ProgrammeError, parse_programme
from forumbot.programme.loader import read_programme
from forumbot.render.context import RenderCtx
from forumbot.render.programme import render_day
from forumbot.rules.now import day_page
from tests.helpers import BOT, bishkek, edit, open_store

SOURCE = "night.yaml"
DAY1, DAY2 = dt.date(2023, 6, 22), dt.date(2023, 6, 23)


def with_sessions(mini_text: str, *sessions: str, day_change: str | None = None) -> str:
    """mini.yaml with more sessions (each ``id|date|start|end|room[|cancelled]``)."""
    extra = ""
    for spec in sessions:
        sid, date, start, end, room, *flags = spec.split("|")
        extra += (
            f'  - id: {sid}\n    date: "{date}"\n    start: "{start}"\n    end: "{end}"\n'
            f"    room: {room}\n    kind: other\n"
            f'    title: {{ky: "{sid} ky", ru: "{sid} ru", en: "{sid} en"}}\n'
        )
        if flags == ["cancelled"]:
            extra += "    cancelled: true\n"
    text = edit(mini_text, "posts:\n", extra + "posts:\n")
    if day_change is not None:
        text = edit(text, "  timezone: Asia/Bishkek\n",
                    f'  timezone: Asia/Bishkek\n  day_change: "{day_change}"\n')  # fmt: skip
    return text


def sessions_of(text: str) -> dict[str, Session]:
    return {s.id: s for s in parse_programme(text, SOURCE).sessions}


def refuse(text: str) -> ProgrammeError:
    with pytest.raises(ProgrammeError) as info:
        parse_programme(text, SOURCE)
    return info.value


def line_of(text: str, fragment: str) -> int:
    [line] = [i for i, x in enumerate(text.splitlines(), start=1) if fragment in x]
    return line


# --- parsing --------------------------------------------------------------------------------


def test_a_session_past_midnight_ends_the_next_day_under_its_date(mini_text: str) -> None:
    night = sessions_of(with_sessions(mini_text, "party|2023-06-22|23:00|01:00|small"))["party"]
    assert night.day == DAY1
    assert (night.start, night.end) == (bishkek(22, 23), bishkek(23, 1))


def test_without_day_change_an_early_start_is_that_dates_morning(mini_text: str) -> None:
    early = sessions_of(with_sessions(mini_text, "early|2023-06-22|00:30|02:00|small"))["early"]
    assert (early.day, early.start, early.end) == (DAY1, bishkek(22, 0, 30), bishkek(22, 2))


def test_with_day_change_an_after_midnight_session_belongs_to_the_evening(
    mini_text: str,
) -> None:
    text = with_sessions(mini_text, "late|2023-06-22|00:30|02:00|small", day_change="04:00")
    late = sessions_of(text)["late"]
    assert late.day == DAY1  # listed under 22 June ...
    assert (late.start, late.end) == (bishkek(23, 0, 30), bishkek(23, 2))  # ... on 23 June


def test_day_change_leaves_the_daytime_alone(mini_text: str) -> None:
    text = with_sessions(mini_text, "dawn|2023-06-22|04:00|05:00|small", day_change="04:00")
    sessions = sessions_of(text)
    assert sessions["dawn"].start == bishkek(22, 4)
    assert sessions["rt1"].start == bishkek(22, 10, 30)


def test_a_23_hour_session_is_refused_at_its_end(mini_text: str) -> None:
    text = with_sessions(mini_text, "marathon|2023-06-22|14:00|13:00|small")
    [problem] = refuse(text).problems
    assert problem.field == "sessions[3].end"
    assert problem.line == line_of(text, 'end: "13:00"')
    assert "ends (13:00) before it starts (14:00)" in problem.message
    assert "12 hours" in problem.message
    assert str(refuse(text)).startswith(f"{SOURCE}:{problem.line}: sessions[3].end:")


def test_twelve_hours_across_midnight_is_the_longest_allowed(mini_text: str) -> None:
    night = sessions_of(with_sessions(mini_text, "vigil|2023-06-22|20:00|08:00|small"))["vigil"]
    assert night.end - night.start == dt.timedelta(hours=12)
    [problem] = refuse(with_sessions(mini_text, "vigil|2023-06-22|20:00|08:01|small")).problems
    assert problem.field == "sessions[3].end"


def test_sessions_overlapping_across_midnight_are_warned_about(mini_text: str) -> None:
    text = with_sessions(
        mini_text, "party|2023-06-22|23:00|01:00|small", "dj|2023-06-23|00:30|01:30|small"
    )
    [warning] = read_programme(text).warnings
    assert "'dj' overlaps session 'party'" in warning.message


def test_a_cancelled_session_frees_its_room(mini_text: str) -> None:
    # "panel" would overlap the round table (10:30–12:30) in the main hall.
    clash = with_sessions(mini_text, "panel|2023-06-22|11:00|12:00|main")
    assert "overlaps" in read_programme(clash).warnings[0].message
    freed_text = with_sessions(mini_text, "panel|2023-06-22|11:00|12:00|main|cancelled")
    assert not read_programme(freed_text).warnings
    freed = sessions_of(with_sessions(mini_text, "panel|2023-06-22|11:00|12:00|main|cancelled"))
    assert freed["panel"].cancelled and not freed["rt1"].cancelled


# --- the store and the day listing ----------------------------------------------------------


async def test_the_evening_goes_on_after_midnight_in_the_day_listing(
    tmp_path: Path, mini_text: str, catalogs: Catalogs
) -> None:
    path = tmp_path / SOURCE
    path.write_text(
        with_sessions(
            mini_text,
            "late|2023-06-22|00:30|02:00|small",
            "gala|2023-06-22|20:00|23:00|main",
            day_change="04:00",
        ),
        "utf-8",
    )
    store = await open_store(tmp_path / "s.sqlite3", path)
    try:
        listed = await store.programme.sessions_on(DAY1)
        assert [s.id for s in listed] == ["opening", "rt1", "gala", "late"]
        assert [s.id for s in await store.programme.sessions_on(DAY2)] == ["school"]
        assert [(d.date, n) for d, n in await store.programme.days()] == [(DAY1, 4), (DAY2, 1)]
        forum: Forum = await store.programme.forum()
        page = await day_page(store.programme, DAY1)
        ctx = RenderCtx("en", catalogs, forum, BOT)
        text = render_day(ctx, Day(DAY1), page, await store.programme.rooms(), bishkek(21, 9)).text
        assert text.index("20:00–23:00") < text.index("00:30–02:00") < text.index("late en")
        # /now at 00:45 in the night after 22 June: the late session is on.
        assert [s.id for s in await store.programme.sessions_now(bishkek(23, 0, 45))] == ["late"]
    finally:
        await store.close()
