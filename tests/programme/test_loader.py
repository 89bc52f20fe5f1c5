"""Programme files: the bundled forum loads; a broken file is refused with line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from forumbot.programme import ProgrammeError, load_programme, parse_programme
from forumbot.programme.loader import read_programme
from tests.helpers import BUNDLED, edit

SOURCE = "mini.yaml"


def refuse(text: str) -> ProgrammeError:
    """The error an organiser gets for ``text`` (the test fails if the file is accepted)."""
    with pytest.raises(ProgrammeError) as info:
        parse_programme(text, SOURCE)
    return info.value


def lines_with(text: str, fragment: str) -> list[int]:
    """The 1-based numbers of the lines of ``text`` that contain ``fragment``."""
    return [i for i, line in enumerate(text.splitlines(), start=1) if fragment in line]


def line_of(text: str, fragment: str) -> int:
    """The line of the one line of ``text`` containing ``fragment``."""
    [line] = lines_with(text, fragment)
    return line


# --- the bundled forum ----------------------------------------------------------------------


def test_bundled_forum_has_two_days_in_bishkek() -> None:
    programme = load_programme(BUNDLED)
    assert [d.date for d in programme.days] == [dt.date(2023, 6, 22), dt.date(2023, 6, 23)]
    assert programme.forum.timezone == "Asia/Bishkek"


def test_bundled_forum_has_both_round_tables_with_their_moderators() -> None:
    programme = load_programme(BUNDLED)
    round_tables = {s.id: s for s in programme.sessions if s.kind == "round_table"}
    assert {s.moderator_ids for s in round_tables.values()} == {
        ("usupbekova",),
        ("mursabekov",),
    }


def test_bundled_times_are_converted_from_bishkek_to_utc() -> None:
    sessions = {s.id: s for s in load_programme(BUNDLED).sessions}
    rt = sessions["rt-technology"]  # 10:30 in Bishkek (UTC+6)
    assert rt.start == dt.datetime(2023, 6, 22, 4, 30, tzinfo=dt.UTC)
    assert rt.start.utcoffset() == dt.timedelta(0)


def test_mini_programme_loads(mini_text: str) -> None:
    programme = parse_programme(mini_text, SOURCE)
    assert [s.id for s in programme.sessions] == ["opening", "rt1", "school"]
    assert programme.sessions[1].speaker_ids == ("sharshenova", "mon")


# --- what is refused, and where the organiser is pointed ------------------------------------


def test_unknown_key_points_at_its_line(mini_text: str) -> None:
    text = edit(
        mini_text, "  timezone: Asia/Bishkek\n", "  timezone: Asia/Bishkek\n  colour: red\n"
    )
    [problem] = refuse(text).problems
    assert problem.line == line_of(text, "colour: red")
    assert problem.field == "forum.colour"
    assert problem.message.startswith("unknown key")


def test_error_text_names_source_line_field_and_message(mini_text: str) -> None:
    text = edit(
        mini_text, "  timezone: Asia/Bishkek\n", "  timezone: Asia/Bishkek\n  colour: red\n"
    )
    message = str(refuse(text))
    assert message.startswith(f"{SOURCE}:7: forum.colour: unknown key")


def test_missing_translation_is_named_at_its_line(mini_text: str) -> None:
    text = edit(mini_text, 'ru: "Большой зал", ', "")
    [problem] = refuse(text).problems
    assert problem.message == "missing translation 'ru'"
    assert problem.field == "rooms[0].name"
    assert problem.line == line_of(text, 'en: "Main hall"')


def test_dangling_speaker_reference(mini_text: str) -> None:
    text = edit(mini_text, "speakers: [sharshenova, mon]", "speakers: [sharshenova, nobody]")
    [problem] = refuse(text).problems
    assert problem.field == "sessions[1].speakers[1]"
    assert "nobody" in problem.message
    assert problem.line == line_of(text, "nobody")


def test_session_ending_before_it_starts(mini_text: str) -> None:
    text = edit(mini_text, 'end: "12:00"', 'end: "09:00"')
    [problem] = refuse(text).problems
    assert problem.field == "sessions[2].end"
    assert problem.line == line_of(text, 'end: "09:00"')
    assert "before it starts" in problem.message


def test_two_sessions_overlapping_in_one_room_are_warned_about_not_refused(
    mini_text: str,
) -> None:
    # A quick change applied anyway leaves such a clash; the export must read back.
    text = edit(mini_text, 'start: "10:30"', 'start: "10:15"')  # opening runs to 10:30
    result = read_programme(text)
    [warning] = result.warnings
    assert "'rt1' overlaps session 'opening'" in warning.message
    assert warning.line == line_of(text, 'start: "10:15"')
    assert len(result.programme.sessions) == len(parse_programme(mini_text).sessions)


def test_same_times_in_different_rooms_are_fine(mini_text: str) -> None:
    # The school moves to day 1 at the round table's time, but stays in the small hall.
    text = edit(
        mini_text,
        '    date: "2023-06-23"\n    start: "10:00"\n    end: "12:00"',
        '    date: "2023-06-22"\n    start: "10:30"\n    end: "12:30"',
    )
    sessions = {s.id: s for s in parse_programme(text, SOURCE).sessions}
    assert sessions["school"].start == sessions["rt1"].start
    assert sessions["school"].room_id != sessions["rt1"].room_id


def test_bad_time_zone(mini_text: str) -> None:
    text = edit(mini_text, "Asia/Bishkek", "Asia/Atlantis")
    [problem] = refuse(text).problems
    assert problem.field == "forum.timezone"
    assert problem.line == line_of(text, "Asia/Atlantis")
    assert "not a known IANA time zone" in problem.message


def test_duplicate_id(mini_text: str) -> None:
    text = edit(mini_text, "  - id: school\n", "  - id: rt1\n")
    [problem] = refuse(text).problems
    assert problem.field == "sessions[2].id"
    assert problem.message == "duplicate id 'rt1'"
    assert problem.line == lines_with(text, "- id: rt1")[1]  # the second one


def test_duplicate_yaml_key(mini_text: str) -> None:
    text = edit(mini_text, "    kind: school\n", "    kind: school\n    kind: other\n")
    problems = refuse(text).problems
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line_of(text, "kind: other"), "sessions[2].kind", "duplicate key")
    ]


def test_date_that_does_not_exist(mini_text: str) -> None:
    text = edit(mini_text, '  - date: "2023-06-23"\n', '  - date: "2023-02-30"\n')
    error = refuse(text)
    assert any(
        p.field == "days[1].date" and p.line == line_of(text, "2023-02-30") for p in error.problems
    )
    assert "'2023-02-30' is not a real date" in str(error)


def test_hour_25_is_refused(mini_text: str) -> None:
    text = edit(mini_text, 'end: "12:00"', 'end: "25:00"')
    [problem] = refuse(text).problems
    assert problem.field == "sessions[2].end"
    assert problem.line == line_of(text, "25:00")
    assert "'25:00' must be a time" in problem.message


def test_malformed_yaml_reports_its_line(mini_text: str) -> None:
    text = edit(mini_text, "  - id: mon\n", "  - id: mon\n   broken: [\n")
    [problem] = refuse(text).problems
    assert problem.line == line_of(text, "broken: [")
    assert problem.message.startswith("is not valid YAML")


def test_file_that_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ProgrammeError) as info:
        load_programme(missing)
    assert str(info.value).startswith(f"{missing}: cannot be read")


def test_not_a_mapping_is_refused() -> None:
    assert "must be a mapping" in str(refuse("- just\n- a list\n"))


def test_every_problem_is_reported_at_once(mini_text: str) -> None:
    text = edit(mini_text, "speakers: [sharshenova, mon]", "speakers: [ghost, mon]")
    text = edit(text, 'ru: "Большой зал", ', "")
    assert {p.field for p in refuse(text).problems} == {"rooms[0].name", "sessions[1].speakers[0]"}


# --- YAML pitfalls: unquoted times and dates still mean what they say -----------------------


def test_unquoted_times_and_dates_work(mini_text: str) -> None:
    text = mini_text.replace('"10:30"', "10:30").replace('"10:00"', "10:00")
    text = text.replace('"2023-06-22"', "2023-06-22").replace('"2023-06-23"', "2023-06-23")
    assert '"10:30"' not in text and '"2023-06-22"' not in text
    programme = parse_programme(text, SOURCE)
    rt1 = next(s for s in programme.sessions if s.id == "rt1")
    assert rt1.day == dt.date(2023, 6, 22)
    assert rt1.start == dt.datetime(2023, 6, 22, 4, 30, tzinfo=dt.UTC)  # 10:30 in Bishkek
    assert programme.days[1].date == dt.date(2023, 6, 23)


def test_unquoted_time_with_leading_zero_works(mini_text: str) -> None:
    text = edit(mini_text, 'start: "10:00"\n    end: "12:00"', "start: 09:30\n    end: 12:00")
    school = next(s for s in parse_programme(text, SOURCE).sessions if s.id == "school")
    assert school.start == dt.datetime(2023, 6, 23, 3, 30, tzinfo=dt.UTC)
