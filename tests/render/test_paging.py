"""Pages of a long list: "← page 2 of 3 →" in the reader's words; a past edition's news in
pages of 25, every post reachable, a page past the end shown as the last."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from forumbot.models import Post
from forumbot.render.callbacks import decode
from forumbot.render.context import RenderCtx
from forumbot.render.editions import render_archive_posts
from forumbot.render.paging import Page
from forumbot.store.editions import Edition
from tests.helpers import MINI, load_programme

WORDS = {"ky": "2-барак, бардыгы 3", "ru": "страница 2 из 3", "en": "page 2 of 3"}


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_row_has_arrows_where_there_is_somewhere_to_go(
    render_ctx: Callable[[str], RenderCtx], lang: str
) -> None:
    ctx = render_ctx(lang)
    middle = Page.of(list(range(60)), 1, 25)
    assert list(middle.items) == list(range(25, 50)) and middle.words(ctx) == WORDS[lang]
    assert [b.text for b in middle.row(ctx, "arcn", 7, "news")] == ["←", WORDS[lang], "→"]
    assert [b.callback_data for b in middle.row(ctx, "arcn", 7, "news")] == [
        "arcn:7:news:0", "noop", "arcn:7:news:2",
    ]  # fmt: skip
    assert Page.of(list(range(60)), 99, 25).page == 2  # past the end: the last page
    assert Page.of([1, 2], 0, 25).row(ctx, "arcn", 7, "news") == []  # one page: no row


def test_a_past_editions_news_come_in_pages(render_ctx: Callable[[str], RenderCtx]) -> None:
    ctx = render_ctx("en")
    forum = load_programme(MINI).forum
    edition = Edition(4, forum, None, None, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    moment = dt.datetime(2023, 6, 22, 9, tzinfo=dt.UTC)
    posts = [
        (n, Post(f"p{n}", "news", moment, {"en": f"Post {n:02d}"}, {"en": "…"})) for n in range(30)
    ]
    second = render_archive_posts(ctx, edition, "news", posts, page=1)
    assert (
        "page 2 of 2" in second.text and "Post 29" in second.text and "Post 24" not in second.text
    )
    data = [b.callback_data for row in second.keyboard.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert "arcn:4:news:0" in data and all(decode(str(d)) for d in data)
