"""The emulator's inline mode: a user's query reaches the bot; its answer is checked as
Telegram checks it and kept for the test."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from forumbot.emulator import ApiError, BotAPIEmulator


def article(result_id: str, text: str = "<b>Round table</b>") -> dict[str, Any]:
    return {
        "type": "article",
        "id": result_id,
        "title": "Round table",
        "input_message_content": {"message_text": text, "parse_mode": "HTML"},
        "reply_markup": {"inline_keyboard": [[{"text": "Open", "url": "https://t.me/x_bot"}]]},
    }


async def ask(emu: BotAPIEmulator, query: str) -> tuple[str, asyncio.Future]:
    """The user (42) types an inline query; its id, and the wait for the answer."""
    asking = asyncio.ensure_future(emu.inline_query(42, query, timeout=5))
    await asyncio.sleep(0)
    [update] = [u for u in emu.state.updates if "inline_query" in u]
    assert update["inline_query"]["query"] == query
    assert update["inline_query"]["from"]["id"] == 42
    return update["inline_query"]["id"], asking


async def test_an_answer_reaches_the_user_parsed(emu: BotAPIEmulator) -> None:
    query_id, asking = await ask(emu, "round")
    await emu.call(
        "answerInlineQuery",
        {"inline_query_id": query_id, "results": [article("s_rt1")], "cache_time": 5,
         "is_personal": True},
    )  # fmt: skip
    answer = await asking
    assert answer.titles() == ["Round table"] and answer.is_personal and answer.cache_time == 5
    assert answer.results[0].text == "Round table"  # the HTML is parsed
    assert answer.results[0].url_buttons() == ["https://t.me/x_bot"]
    with pytest.raises(ApiError, match="query is too old"):  # answered once only
        await emu.call("answerInlineQuery", {"inline_query_id": query_id, "results": []})


@pytest.mark.parametrize(
    ("results", "error"),
    [
        ([article(f"s_{i}") for i in range(51)], "RESULTS_TOO_MUCH"),
        ([article("s_" + "x" * 63)], "RESULT_ID_INVALID"),
        ([article("s_1"), article("s_1")], "RESULT_ID_DUPLICATE"),
        ([article("s_1", "<b>unclosed")], "can't parse entities"),
    ],
)
async def test_answers_telegram_refuses_are_refused(
    emu: BotAPIEmulator, results: list, error: str
) -> None:
    query_id, asking = await ask(emu, "x")
    with pytest.raises(ApiError, match=error):
        await emu.call("answerInlineQuery", {"inline_query_id": query_id, "results": results})
    asking.cancel()


async def test_an_unknown_query_is_refused(emu: BotAPIEmulator) -> None:
    with pytest.raises(ApiError, match="query ID is invalid"):
        await emu.call("answerInlineQuery", {"inline_query_id": "nope", "results": []})
