"""HTTP control API (/_emu/...) for driving the emulator from another process."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

import tornado.web

if TYPE_CHECKING:
    from forumbot.emulator.server import BotAPIEmulator
    from forumbot.emulator.state import BotMessage


def message_json(msg: BotMessage) -> dict[str, Any]:
    """A BotMessage as JSON-safe dict (document bytes become their size)."""
    data = dataclasses.asdict(msg)
    body = data.pop("document_bytes")
    data["document_size"] = len(body) if body is not None else None
    return data


class _ControlHandler(tornado.web.RequestHandler):
    def initialize(self, emu: BotAPIEmulator) -> None:
        self.emu = emu

    def check_xsrf_cookie(self) -> None:
        """Control clients are tests, not browsers."""

    def reply(self, payload: Any, status: int = 200) -> None:
        """Write a JSON answer."""
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload, ensure_ascii=False, default=str))

    def body(self) -> dict[str, Any]:
        """The JSON request body."""
        return json.loads(self.request.body or b"{}")


class _SendHandler(_ControlHandler):
    async def post(self) -> None:
        """POST /_emu/send {"user_id", "text", optional "first_name", "language_code"}."""
        body = self.body()
        user_id = int(body["user_id"])
        if "first_name" in body or "language_code" in body:
            self.emu.add_user(
                user_id, body.get("first_name", "Aida"), body.get("language_code", "ru")
            )
        self.reply(await self.emu.send_text(user_id, str(body["text"])))


class _PressHandler(_ControlHandler):
    async def post(self) -> None:
        """POST /_emu/press {"user_id", "message_id", "data"[, "raw": true]}."""
        body = self.body()
        args = (int(body["user_id"]), int(body["message_id"]))
        try:
            if body.get("raw"):
                query = await self.emu.press_raw(*args, str(body["data"]))
            else:
                query = await self.emu.press(*args, data=str(body["data"]))
        except (LookupError, ValueError) as exc:
            self.reply({"error": str(exc)}, 404)
            return
        self.reply(query)


class _MessagesHandler(_ControlHandler):
    def get(self, chat_id: str) -> None:
        """GET /_emu/chats/<id>/messages."""
        self.reply([message_json(m) for m in self.emu.messages(int(chat_id))])


class _EventsHandler(_ControlHandler):
    def get(self, chat_id: str) -> None:
        """GET /_emu/chats/<id>/events?since=N."""
        since = int(self.get_query_argument("since", "0"))
        events = [
            {"seq": e.seq, "kind": e.kind, "message_id": e.message_id, "data": e.data}
            for e in self.emu.events(int(chat_id), since)
        ]
        self.reply(events)


class _StatsHandler(_ControlHandler):
    def get(self) -> None:
        """GET /_emu/stats: Bot API call counts per method."""
        self.reply(dict(self.emu.stats))


def routes(emu: BotAPIEmulator) -> list[tuple[str, type, dict[str, Any]]]:
    """Tornado routes of the control API."""
    kwargs = {"emu": emu}
    return [
        (r"/_emu/send", _SendHandler, kwargs),
        (r"/_emu/press", _PressHandler, kwargs),
        (r"/_emu/chats/(-?\d+)/messages", _MessagesHandler, kwargs),
        (r"/_emu/chats/(-?\d+)/events", _EventsHandler, kwargs),
        (r"/_emu/stats", _StatsHandler, kwargs),
    ]
