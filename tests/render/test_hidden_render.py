"""The "hide tracks or kinds" screen and the line a shortened list carries, in ky, ru, en."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from telegram import InlineKeyboardMarkup

from forumbot.render.callbacks import decode
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.hidden import render_hide, with_hidden
from forumbot.rules.hidden import Hidden
from tests.helpers import html_problems

Ctx = Callable[[str], RenderCtx]
EVIL = "<b>Boss</b> & Co"


def buttons(view: View) -> list[tuple[str, str]]:
    assert isinstance(view.keyboard, InlineKeyboardMarkup)
    return [(b.text, str(b.callback_data)) for r in view.keyboard.inline_keyboard for b in r]


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_screen_marks_each_track_and_kind_and_escapes_names(
    render_ctx: Ctx, lang: str
) -> None:
    ctx = render_ctx(lang)
    hidden = Hidden(frozenset({EVIL}), frozenset({"break"}))
    view = render_hide(ctx, [EVIL, "Security"], ["break", "round_table"], hidden)
    assert html_problems(view.text) == [] and "&lt;b&gt;Boss" in view.text
    assert "✅ Security" in view.text
    assert f"🚫 {ctx.label('kind_break')}" in view.text
    assert ctx.t("hide_count", count=2) in view.text and ctx.t("hide_about") in view.text
    found = buttons(view)
    assert found[0] == (f"🚫 {EVIL}", "hidet:0")
    assert found[3] == (f"✅ {ctx.label('kind_round_table')}", "hidek:1")
    assert found[-1][1] == "settings"
    for _, data in found:
        decode(data)
    empty = render_hide(ctx, [], [], Hidden())
    assert ctx.t("hide_nothing") in empty.text and ctx.t("hide_none") in empty.text


@pytest.mark.parametrize(("lang", "count"), [("ky", 1), ("ru", 3), ("ru", 5), ("en", 2)])
def test_a_shortened_list_says_how_many_and_offers_to_show(
    render_ctx: Ctx, lang: str, count: int
) -> None:
    ctx = render_ctx(lang)
    view = View("list", keyboard([ctx.button("x", "days")]))
    assert with_hidden(ctx, view, 0) is view
    shortened = with_hidden(ctx, view, count)
    assert shortened.text == f"list\n\n🙈 {ctx.t('hidden_line', count=count)}"
    assert buttons(shortened) == [("x", "days"), (ctx.label("hidden_show"), "hide:n")]
    assert buttons(with_hidden(ctx, View("t"), 1)) == [(ctx.label("hidden_show"), "hide:n")]
