"""Inline mode: a user types "@bot words" in any chat; the bot answers with answerInlineQuery.

The answer is checked as Telegram checks it (at most 50 results, ids of 1 to 64 bytes and
unique, each result's message text parsed like any message, its keyboard validated) and kept
for the test that asked.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from forumbot.emulator.markup import check_reply_markup, format_text
from forumbot.emulator.state import EmuState, bad_request

MAX_RESULTS = 50
MAX_ID_BYTES = 64
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")
_QUERY_GONE = "query is too old and response timeout expired or query ID is invalid"


@dataclass
class InlineResult:
    """One result as the user sees it offered, and the message it would send."""

    id: str
    type: str
    title: str
    description: str
    text: str  # the visible text of the message it sends (HTML parsed)
    html: str | None
    entities: list[dict] = field(default_factory=list)
    reply_markup: dict | None = None

    def url_buttons(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b["url"] for row in rows for b in row if "url" in b]


@dataclass
class InlineAnswer:
    """What answerInlineQuery gave for one query."""

    query_id: str
    results: list[InlineResult]
    cache_time: int | None
    is_personal: bool
    next_offset: str
    button: dict | None

    def titles(self) -> list[str]:
        return [r.title for r in self.results]


def answer_inline_query(state: EmuState, p: dict[str, Any]) -> bool:
    """answerInlineQuery: validated, then kept with its query."""
    query_id = str(p.get("inline_query_id") or "")
    query = state.inline_queries.get(query_id)
    if query is None or query["answered"]:
        raise bad_request(_QUERY_GONE)
    raw = p.get("results")
    if not isinstance(raw, list):
        raise bad_request("RESULTS_INVALID")
    if len(raw) > MAX_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    results, seen = [], set()
    for item in raw:
        result = _result(item)
        if result.id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result.id)
        results.append(result)
    button = p.get("button")
    if button is not None and not (
        isinstance(button, dict)
        and button.get("text")
        and _START_PARAMETER.fullmatch(str(button.get("start_parameter", "")))
    ):
        raise bad_request("BUTTON_INVALID")
    query["answered"] = True
    cache_time = p.get("cache_time")
    state.inline_answers.append(
        InlineAnswer(
            query_id,
            results,
            int(cache_time) if cache_time is not None else None,
            bool(p.get("is_personal")),
            str(p.get("next_offset") or ""),
            button,
        )
    )
    state.notify()
    return True


def _result(item: Any) -> InlineResult:
    if not isinstance(item, dict):
        raise bad_request("RESULT_TYPE_INVALID")
    result_id = item.get("id")
    if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= MAX_ID_BYTES:
        raise bad_request("RESULT_ID_INVALID")
    if item.get("type") != "article" or not item.get("title"):
        raise bad_request("RESULT_TYPE_INVALID")  # the bot sends articles only
    content = item.get("input_message_content")
    if not isinstance(content, dict) or "message_text" not in content:
        raise bad_request("MESSAGE_EMPTY")
    fmt = format_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
    return InlineResult(
        id=result_id,
        type=item["type"],
        title=str(item["title"]),
        description=str(item.get("description") or ""),
        text=fmt.text,
        html=fmt.html,
        entities=fmt.entities,
        reply_markup=check_reply_markup(item.get("reply_markup")),
    )


class InlineSide:
    """Mixin for BotAPIEmulator: the user side of inline mode."""

    state: EmuState

    async def inline_query(
        self, user_id: int, query: str, offset: str = "", timeout: float = 10.0
    ) -> InlineAnswer:
        """The user types ``@bot query``; waits for the bot's answer and returns it."""
        state = self.state
        query_id = secrets.token_hex(8)
        state.inline_queries[query_id] = {"user_id": user_id, "answered": False}
        state.queue_update(
            "inline_query",
            {
                "id": query_id,
                "from": state.user(user_id),
                "query": query,
                "offset": offset,
                "chat_type": "sender",
            },
        )

        def answered() -> InlineAnswer | None:
            return next((a for a in state.inline_answers if a.query_id == query_id), None)

        if not await state.wait_for(lambda: answered() is not None, timeout):
            raise TimeoutError(f"user {user_id}: no answer to inline query {query!r}")
        answer = answered()
        assert answer is not None
        return answer
