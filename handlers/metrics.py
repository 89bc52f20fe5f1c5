"""Counting for /metrics: every update in (a TypeHandler in its own negative group, before
every other handler, never stopping one), and every reply the bot sends or 429 it gets."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, TypeHandler

from forumbot.ops.metrics import Metrics
from handlers.context import ForumContext
from handlers.request import AiohttpRequest

COUNTING_GROUP = -100  # before the handlers of group 0
KINDS = ("message", "edited_message", "callback_query", "my_chat_member", "inline_query")


def update_kind(update: Update) -> str:
    """The update's type, as Telegram names it (``message``, ``callback_query``...)."""
    return next((kind for kind in KINDS if getattr(update, kind) is not None), "other")


class CountingRequest(AiohttpRequest):
    """PTB's HTTP client for the bot's own calls, counting messages sent and 429s."""

    def __init__(self, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics = metrics

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Make the call; count its answer under the Bot API method at the URL's end."""
        status, payload = await super().do_request(url, method, *args, **kwargs)
        self._metrics.observe_call("reply", url.rsplit("/", 1)[-1], status)
        return status, payload


def register(app: Application) -> None:
    metrics: Metrics = app.bot_data["metrics"]

    async def count_update(update: Update, context: ForumContext) -> None:
        """Count the update; the handlers of group 0 handle it as before."""
        metrics.updates.inc(update_kind(update))

    app.add_handler(TypeHandler(Update, count_update), group=COUNTING_GROUP)
