"""Session feedback's pure rules and renderers: which prompts go or are dropped, when a day's
prompt is due and what it lists, comment limits, the figures, the CSV and the screens."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from forumbot.programme import load_programme
from forumbot.render.callbacks import CallbackError, decode, encode
from forumbot.render.feedback import render_day_prompt, render_prompt, render_stats
from forumbot.rules.feedback import (
    clean_comment,
    day_items,
    day_moment,
    decide_day,
    decide_prompts,
    feedback_csv,
    summarise,
)
from forumbot.store.feedback import Answer, ExportRow, PromptCandidate
from tests.helpers import MINI, bishkek, html_problems

ZONE = ZoneInfo("Asia/Bishkek")
DAY1, DAY2 = dt.date(2023, 6, 22), dt.date(2023, 6, 23)
PROGRAMME = load_programme(MINI)
SESSIONS = {s.id: s for s in PROGRAMME.sessions}
ROOMS = {r.id: r for r in PROGRAMME.rooms}
DAY1_SESSIONS = [SESSIONS["opening"], SESSIONS["rt1"]]  # 10:00-10:30, 10:30-12:30


def cand(chat_id: int, session_id: str, end: dt.datetime) -> PromptCandidate:
    return PromptCandidate(chat_id, "en", session_id, end)


# --- prompts after a session ----------------------------------------------------------------
def test_a_session_that_ended_is_asked_about_and_an_old_one_dropped() -> None:
    now = bishkek(23, 0, 30)
    plan = decide_prompts(
        [
            cand(1, "rt1", bishkek(22, 12, 30)),  # 12 hours ago exactly: still asked
            cand(2, "rt1", bishkek(22, 12, 30)),
            cand(1, "opening", bishkek(22, 10, 30)),  # 14 hours ago: dropped
            cand(3, "school", bishkek(23, 12)),  # not over: not decided at all
        ],
        now,
    )
    assert {sid: [c.chat_id for c in g] for sid, g in plan.send.items()} == {"rt1": [1, 2]}
    assert [(c.chat_id, c.session_id) for c in plan.drop] == [(1, "opening")]


# --- the end-of-day prompt ------------------------------------------------------------------
def test_the_day_prompt_goes_when_the_last_session_ends_or_at_the_set_time() -> None:
    assert day_moment(DAY1, DAY1_SESSIONS, None, ZONE) == bishkek(22, 12, 30)
    assert day_moment(DAY1, DAY1_SESSIONS, "18:00", ZONE) == bishkek(22, 18)
    cancelled = [replace(s, cancelled=True) for s in DAY1_SESSIONS]
    assert day_moment(DAY1, cancelled, None, ZONE) is None  # nothing held that day


def test_decide_day_once_and_never_too_late() -> None:
    moments = {DAY1: bishkek(22, 17, 30), DAY2: bishkek(23, 16, 30)}
    assert decide_day(moments, bishkek(22, 17, 29), set()) == (None, [])
    assert decide_day(moments, bishkek(22, 17, 30), set()) == (DAY1, [])
    assert decide_day(moments, bishkek(22, 18), {DAY1}) == (None, [])
    # The bot was down from the first evening until the second: day 1 is missed.
    assert decide_day(moments, bishkek(23, 16, 31), set()) == (DAY2, [DAY1])
    assert decide_day({DAY1: None}, bishkek(23, 16), set()) == (None, [])


def test_day_items_leave_out_what_was_asked_and_show_ratings() -> None:
    items = day_items(DAY1_SESSIONS, bishkek(22, 12, 30), {"opening"}, {"rt1": 4}, {"opening"})
    assert [(s.id, rating) for s, rating in items] == [("rt1", 4)]
    # A session not over at the set time is not listed yet.
    items = day_items(DAY1_SESSIONS, bishkek(22, 11), set(), {}, {"opening", "rt1"})
    assert [(s.id, rating) for s, rating in items] == [("opening", None)]


def test_day_items_only_the_sessions_the_person_took_part_in() -> None:
    """Never starred, asked nor rated: not listed (issue 13, item 12)."""
    assert day_items(DAY1_SESSIONS, bishkek(22, 12, 30), set(), {}, set()) == []
    items = day_items(DAY1_SESSIONS, bishkek(22, 12, 30), set(), {}, {"rt1"})
    assert [s.id for s, _ in items] == ["rt1"]


# --- answers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  fine  ", "fine"),
        ("two\nlines", "two\nlines"),
        ("a\x07b\u202ec\u200dd", "abc\u200dd"),  # a bell and an override go, a joiner stays
        ("   ", None),
        ("x" * 11, None),
        ("x" * 10, "x" * 10),
        (None, None),
    ],
)
def test_clean_comment(typed: str | None, kept: str | None) -> None:
    assert clean_comment(typed, 10) == kept


def test_summarise_in_programme_order_with_average_and_distribution() -> None:
    stats = summarise({"rt1": [0, 0, 1, 2, 1], "opening": [1, 0, 0, 0, 0], "gone": [0] * 5},
                      ["opening", "rt1"])  # fmt: skip
    assert [s.session_id for s in stats] == ["opening", "rt1"]
    assert stats[1].count == 4 and stats[1].average == 4.0
    assert stats[0].average == 1.0


def row(n: int, comment: str | None, name: str | None = None) -> ExportRow:
    return ExportRow("rt1", 4, comment, bishkek(22, 13, 5), n, 500 + n, name)


def test_the_csv_is_utf8_with_bom_anonymous_unless_agreed_and_formula_safe() -> None:
    body = feedback_csv(
        [row(1, 'Жакшы, "ачык"\nэки сап'), row(2, '=HYPERLINK("x")', "Aida"), row(3, None)],
        {"rt1": "Technology of authenticity"},
        ZONE,
    )
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert list(rows[0]) == ["session_id", "title", "rating", "comment", "submitted_at",
                             "respondent"]  # fmt: skip
    assert rows[0]["comment"] == 'Жакшы, "ачык"\nэки сап'
    assert rows[0]["respondent"] == "P1" and rows[0]["submitted_at"] == "2023-06-22 13:05"
    assert rows[1]["comment"] == '\'=HYPERLINK("x")'  # a spreadsheet shows it as text
    assert rows[1]["respondent"] == "Aida (502)"
    assert rows[2]["comment"] == "" and rows[2]["title"] == "Technology of authenticity"


# --- buttons and screens --------------------------------------------------------------------
@pytest.mark.parametrize("data", ["fb:rt1:0", "fb:rt1:6", "fb:rt1:9", "fb:rt1", "fbname:rt1:2"])
def test_tampered_feedback_buttons_do_not_decode(data: str) -> None:
    with pytest.raises(CallbackError):
        decode(data)


def test_feedback_buttons_fit_64_bytes() -> None:
    assert decode(encode("fbname", "s" * 40, 1)).args == ("s" * 40, "1")


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_prompt_before_and_after_a_rating(render_ctx, lang: str) -> None:
    ctx = render_ctx(lang)
    s = SESSIONS["rt1"]
    before = render_prompt(ctx, s, ROOMS)
    assert ctx.t("feedback_prompt_ask") in before.text
    assert [[b.callback_data for b in r] for r in before.keyboard.inline_keyboard] == [
        [f"fb:rt1:{r}" for r in range(1, 6)]
    ]
    answer = Answer("rt1", 3, "<script>&", False, bishkek(22, 13))
    after = render_prompt(ctx, s, ROOMS, answer)
    assert "&lt;script&gt;&amp;" in after.text and "<script>" not in after.text
    assert html_problems(after.text) == []
    flat = [b for r in after.keyboard.inline_keyboard for b in r]
    assert flat[2].text == "✅ 3"
    assert [b.callback_data for b in flat[5:]] == ["fbc:rt1", "fbname:rt1:1"]
    named = render_prompt(ctx, s, ROOMS, Answer("rt1", 3, "ok", True, bishkek(22, 13)))
    assert named.keyboard.inline_keyboard[-1][0].callback_data == "fbname:rt1:0"


def test_the_day_prompt_shows_ratings(render_ctx) -> None:
    ctx = render_ctx("en")
    day = PROGRAMME.days[0]
    view = render_day_prompt(ctx, day, [(SESSIONS["opening"], None), (SESSIONS["rt1"], 4)], ROOMS)
    assert "★★★★☆" in view.text and html_problems(view.text) == []
    assert [r[0].text for r in view.keyboard.inline_keyboard] == [
        "☆ 10:00 Opening",
        "4★ 10:30 Technology of authenticity",
    ]


def test_the_organisers_figures(render_ctx) -> None:
    ctx = render_ctx("ru")
    stats = summarise({"rt1": [0, 0, 1, 2, 1]}, ["rt1"])
    view = render_stats(ctx, stats, SESSIONS, 4, {"sent": 5, "dropped": 1})
    assert ctx.t("feedback_stats_line", average="4,0", count=4) in view.text  # a Russian comma
    assert "3★ 1 · 4★ 2 · 5★ 1" in view.text
    assert view.keyboard.inline_keyboard[0][0].callback_data == "fbcsv"
    empty = render_stats(ctx, [], SESSIONS, 0, {})
    assert ctx.t("feedback_stats_none") in empty.text and empty.keyboard is None
