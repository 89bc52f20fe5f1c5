"""Inline results: short cards with a link back, escaped, within Telegram's limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from forumbot.models import Room, Session, Speaker
from forumbot.render.context import RenderCtx
from forumbot.render.inline import render_inline, session_result, speaker_result
from tests.helpers import bishkek, html_problems

Ctx = Callable[[str], RenderCtx]
ROOMS = {"main": Room("main", {"ky": "Чоң зал", "ru": "Большой зал", "en": "Main hall"})}


def session(sid: str, title: str = "Votes <counted> & checked") -> Session:
    start = bishkek(22, 10, 30)
    text = {"ky": title, "ru": title, "en": title}
    return Session(
        sid, start.date(), start, start + dt.timedelta(hours=2), "main", "plenary", text
    )


def test_a_session_card_is_escaped_and_links_back(render_ctx: Ctx) -> None:
    result = session_result(render_ctx("en"), session("rt1"), ROOMS)
    content = result.input_message_content
    assert result.id == "s_rt1" and result.title == "Votes <counted> & checked"
    assert "10:30–12:30" in result.description and "Main hall" in result.description
    assert not html_problems(content.message_text, frozenset({"b", "s"}))
    assert "https://t.me/forumbot_demo_bot?start=s_rt1" in content.message_text
    assert result.reply_markup.inline_keyboard[0][0].url.endswith("?start=s_rt1")


def test_a_cancelled_session_says_so(render_ctx: Ctx, catalogs) -> None:
    gone = dataclasses.replace(session("rt1"), cancelled=True)
    text = session_result(render_ctx("ky"), gone, ROOMS).input_message_content.message_text
    assert "<s>" in text and catalogs.t("ky", "session_cancelled") in text


def test_without_a_bot_username_there_is_no_link(render_ctx: Ctx) -> None:
    ctx = dataclasses.replace(render_ctx("ru"), bot_username=None)
    person = Speaker("mon", {"ru": "Тимур Мон"}, position={"ru": "Советник & друг"})
    result = speaker_result(ctx, person)
    assert result.reply_markup is None and "t.me" not in result.input_message_content.message_text
    assert result.description == "Советник & друг"  # plain text, not HTML


def test_results_are_unique_at_most_50_and_ids_fit(render_ctx: Ctx) -> None:
    many = [(session(f"s{i}"), "") for i in range(60)]
    twice = many[:3] + many[:3]
    people = [Speaker("x" * 63, {"en": "Long id"}), Speaker("mon", {"en": "Timur Mon"})]
    results = render_inline(render_ctx("en"), twice, people, ROOMS)
    assert [r.id for r in results] == ["s_s0", "s_s1", "s_s2", "p_mon"]
    assert len(render_inline(render_ctx("en"), many, people, ROOMS)) == 50
