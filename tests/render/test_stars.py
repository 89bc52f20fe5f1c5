"""The reader's ⭐ laid over a view everyone shares: the shared view is left as it was."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from forumbot.render.context import View
from forumbot.render.stars import opened_session, with_stars


def test_stars_go_on_the_buttons_of_my_sessions_only_and_the_shared_view_stays() -> None:
    shared = View(
        "text",
        InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("10:30 A", callback_data="ses:a")],
                [InlineKeyboardButton("22 June, 11:00 B", callback_data="srs:d29yZHM:b")],
                [InlineKeyboardButton("12:00 C", callback_data="nows:now:c")],
                [InlineKeyboardButton("Hall", callback_data="fses:room:1:a")],
                [InlineKeyboardButton("1/2", callback_data="noop")],
            ]
        ),
    )
    mine = with_stars(shared, {"a", "b"})
    assert isinstance(mine.keyboard, InlineKeyboardMarkup)
    assert [r[0].text for r in mine.keyboard.inline_keyboard] == [
        "⭐ 10:30 A", "⭐ 22 June, 11:00 B", "12:00 C", "⭐ Hall", "1/2"
    ]  # fmt: skip
    assert isinstance(shared.keyboard, InlineKeyboardMarkup)
    assert shared.keyboard.inline_keyboard[0][0].text == "10:30 A"
    assert with_stars(shared, set()) is shared
    assert opened_session("star:a:1") is None and opened_session("ses:x:y") is None
