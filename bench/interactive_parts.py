"""Parts of bench/interactive.py: a lean Bot API stub that is also the load driver.

The stub answers the few methods a bot calls while answering participants (getMe, getUpdates,
setWebhook, sendMessage, editMessage*, answerCallbackQuery; anything else is "ok") and does
nothing Telegram would not: no checks, no limits, so that it costs little and the bot under
test is what is measured. It hands out updates (getUpdates, or POSTs to the bot's webhook) at
a fixed rate and times each one from the moment it is available to the bot to the bot's
visible answer in that chat (a sent or edited message; for a button, an alert also counts).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import socket
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "4343:INTERACTIVE-BENCH"
BOT_USER = {"id": 4343, "is_bot": True, "first_name": "Forum", "username": "forum_bench_bot"}
ANSWERING = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"}
SEARCH_WORDS = ["шайлоо", "выборы", "election", "школа", "forum", "мектеп", "digital", "Issyk"]


@dataclass(slots=True)
class Pending:
    at: float  # monotonic time the update became available to the bot
    callback_id: str | None = None


@dataclass(slots=True)
class Phase:
    """One rate's run: what was sent, what came back and how fast."""

    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    pending: dict[int, deque[Pending]] = field(default_factory=dict)

    @property
    def missing(self) -> int:
        return sum(len(q) for q in self.pending.values())


class Stub:
    """The Bot API for one bot under test, and the participants talking to it."""

    def __init__(self, users: range, only_now: bool = False, seed: int = 7) -> None:
        self.users = users
        self.only_now = only_now  # the bare bot answers /now only
        self.random = random.Random(seed)
        self.phase = Phase()
        self.broadcast_sends = 0  # messages to chats outside ``users`` (the broadcast)
        self._ids = itertools.count(1)
        self._updates: deque[dict[str, Any]] = deque()
        self._arrived = asyncio.Event()
        self._keyboards: dict[int, dict[str, Any]] = {}  # the last message with buttons
        self._webhook: tuple[str, str | None] | None = None
        self._client: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.polls = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- serving ------------------------------------------------------------------------
    async def __aenter__(self) -> Stub:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        connector = aiohttp.TCPConnector(limit=256)
        self._client = aiohttp.ClientSession(connector=connector)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None and self._client is not None
        await self._client.close()
        await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        if method == "getUpdates":
            result: Any = await self._get_updates(params)
        elif method == "getMe":
            result = BOT_USER
        elif method == "setWebhook":
            self._webhook = (params["url"], params.get("secret_token"))
            result = True
        elif method == "deleteWebhook":
            self._webhook = None
            result = True
        elif method in ANSWERING:
            result = self._answer(method, params)
        elif method == "answerCallbackQuery":
            if params.get("text"):  # an alert: the whole answer to that press
                self._complete_callback(str(params["callback_query_id"]))
            result = True
        else:
            result = True
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.polls += 1
        offset = int(params.get("offset") or 0)
        while self._updates and self._updates[0]["update_id"] < offset:
            self._updates.popleft()
        if not self._updates:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), float(params.get("timeout") or 0))
        limit = int(params.get("limit") or 100)
        return list(itertools.islice(self._updates, limit))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat = int(params.get("chat_id") or 0)
        message_id = int(params.get("message_id") or next(self._ids))
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private", "first_name": "P"},
            "from": BOT_USER,
            "text": params.get("text") or "…",
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
            self._keyboards[chat] = message
        if chat not in self.users:
            self.broadcast_sends += 1
        elif queue := self.phase.pending.get(chat):
            self.phase.latencies.append(time.monotonic() - queue.popleft().at)
        return message

    def _complete_callback(self, callback_id: str) -> None:
        for queue in self.phase.pending.values():
            for item in queue:
                if item.callback_id == callback_id:
                    queue.remove(item)
                    self.phase.latencies.append(time.monotonic() - item.at)
                    return

    # --- driving ------------------------------------------------------------------------
    async def drive(self, rate: float, seconds: float) -> Phase:
        """Send updates at ``rate`` a second for ``seconds``, round-robin over the users."""
        self.phase = phase = Phase()
        users = itertools.cycle(self.users)
        total = int(rate * seconds)
        start = time.monotonic()
        for i in range(total):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._offer(self._next_update(next(users)))
            phase.sent += 1
        return phase

    async def drain(self, seconds: float) -> None:
        """Wait for the answers still due, at most ``seconds``."""
        deadline = time.monotonic() + seconds
        while self.phase.missing and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    def _next_update(self, chat: int) -> dict[str, Any]:
        roll = 0.0 if self.only_now else self.random.random()
        keyboard = self._keyboards.get(chat)
        if roll >= 0.75 and keyboard is not None:
            buttons = [
                b["callback_data"]
                for row in keyboard["reply_markup"]["inline_keyboard"]
                for b in row
                if "callback_data" in b
            ]
            if buttons:
                return self._press(chat, keyboard, self.random.choice(buttons))
        if roll < 0.35:
            text = "/now"
        elif roll < 0.5:
            text = "/next"
        elif roll < 0.62:
            text = "/search " + self.random.choice(SEARCH_WORDS)
        else:
            text = "/programme"
        return self._message(chat, text)

    def _message(self, chat: int, text: str) -> dict[str, Any]:
        command = text.split()[0]
        self._pend(chat, None)
        return {
            "update_id": next(self._ids),
            "message": {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private", "first_name": "P"},
                "from": _user(chat),
                "text": text,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
            },
        }

    def _press(self, chat: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        callback_id = str(next(self._ids))
        self._pend(chat, callback_id)
        query = {
            "id": callback_id,
            "from": _user(chat),
            "chat_instance": str(chat),
            "data": data,
            "message": message,
        }
        return {"update_id": next(self._ids), "callback_query": query}

    def _pend(self, chat: int, callback_id: str | None) -> None:
        item = Pending(time.monotonic(), callback_id)
        self.phase.pending.setdefault(chat, deque()).append(item)

    def _offer(self, update: dict[str, Any]) -> None:
        if self._webhook is None:
            self._updates.append(update)
            self._arrived.set()
            return
        url, secret = self._webhook
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        asyncio.get_running_loop().create_task(self._post(url, update, headers))

    async def _post(self, url: str, update: dict[str, Any], headers: dict[str, str]) -> None:
        assert self._client is not None
        with contextlib.suppress(aiohttp.ClientError, OSError):
            async with self._client.post(url, json=update, headers=headers) as response:
                await response.read()

    async def wait_for_bot(self, seconds: float = 60) -> None:
        """Until the bot asks for updates or has set its webhook (it is up)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._webhook is not None or self.polls:
                return
            await asyncio.sleep(0.1)
        raise TimeoutError("the bot did not start")


def _user(chat: int) -> dict[str, Any]:
    return {"id": chat, "is_bot": False, "first_name": "P", "language_code": "en"}


async def _params(request: web.Request) -> dict[str, Any]:
    """PTB posts form fields whose non-string values are JSON; the delivery engine posts
    JSON. Either way: one flat dict of values."""
    if request.content_type == "application/json":
        body = await request.read()
        return json.loads(body) if body else {}
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        text = value if isinstance(value, str) else ""
        try:
            params[key] = json.loads(text) if text[:1] in "{[" else text
        except ValueError:
            params[key] = text
    return params


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
