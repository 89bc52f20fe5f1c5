"""The channel's posts, one language at a time: data escaped, a cancelled session struck
through and still listed, links to the cards; and the channel's languages stacked in one post."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from forumbot.delivery.models import Content
from forumbot.models import Day, Room
from forumbot.render.channel import (
    render_channel_changes,
    render_programme_pin,
    render_starting_now,
)
from forumbot.render.context import RenderCtx
from forumbot.rules.changes import Change, State
from tests.render.test_audit import NOW, ROOMS, TALK

HOSTILE = dataclasses.replace(TALK, id="x", title={"en": "<b>Bold</b> & “quoted”"})


def ctx_of(render_ctx: Callable[[str], RenderCtx], lang: str) -> RenderCtx:
    return dataclasses.replace(render_ctx(lang), bot_username="forum_bot")


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_cancelled_session_stays_struck_through_and_escaped(
    render_ctx: Callable[[str], RenderCtx], lang: str
) -> None:
    ctx = ctx_of(render_ctx, lang)
    gone = dataclasses.replace(HOSTILE, cancelled=True)
    change = Change("x", State.of(HOSTILE), State.of(gone))
    text = render_channel_changes(ctx, [change], ROOMS, NOW)
    assert text.startswith(f"📣 <b>{ctx.t('channel_changes_title')}</b>")
    link = '<a href="https://t.me/forum_bot?start=s_x">'
    assert f"{link}<s>&lt;b&gt;Bold&lt;/b&gt; &amp; “quoted”</s></a>" in text
    assert ctx.t("change_cancelled") in text
    pin = render_programme_pin(ctx, [(Day(TALK.day), [gone, TALK])], ROOMS)
    assert "<s><a " in pin and "&lt;b&gt;Bold" in pin and "<b>Bold" not in pin
    assert pin.count("https://t.me/forum_bot?start=s_") == 2


def test_starting_now_gives_the_stream_of_the_hall_when_the_session_has_none(
    render_ctx: Callable[[str], RenderCtx],
) -> None:
    ctx = ctx_of(render_ctx, "en")
    rooms = {"small": Room("small", {"en": "Small hall"}, stream="https://s.example/a?b=1&c=2")}
    text = render_starting_now(ctx, [TALK], rooms)
    assert '<a href="https://s.example/a?b=1&amp;c=2">Watch the stream</a>' in text
    assert "15:00–16:00 · 📍 Small hall" in text
    assert "stream" not in render_starting_now(ctx, [TALK], ROOMS).lower()


def test_a_long_programme_ends_in_how_many_more(render_ctx: Callable[[str], RenderCtx]) -> None:
    ctx = ctx_of(render_ctx, "en")
    long_title = dataclasses.replace(TALK, title={"en": "A round table " * 10})
    days = [(Day(TALK.day), [long_title] * 40), (Day(TALK.day), [long_title] * 40)]
    pin = render_programme_pin(ctx, days, ROOMS)
    assert len(pin) < 4096 and "more sessions in the bot." in pin


def test_the_channels_languages_are_stacked_once_each_and_fit() -> None:
    content = Content(texts={"ky": "Салам", "ru": "Привет", "en": "Hello"}, default_language="ky")
    assert content.for_channel(("ky", "en"), 4096).channel == "Салам\n\n· · ·\n\nHello"
    assert content.for_channel((), 4096).channel == "Салам"  # the forum's default language
    one = Content(texts={"ky": "Бир текст"}, default_language="ky")
    assert one.for_channel(("ky", "ru", "en"), 4096).channel == "Бир текст"  # not thrice
    assert content.for_channel(("ru", "ky"), 10).channel == "Привет"  # too long: the first
    assert content.for_channel(("ru",), 4096).text_for("channel") == "Привет"
    assert Content.from_json(content.for_channel(("ru",), 4096).to_json()).channel == "Привет"
