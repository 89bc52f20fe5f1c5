"""BotAPIEmulator: a local Telegram Bot API server on tornado, plus the user-side API."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

from forumbot.emulator import control, files
from forumbot.emulator.channels import METHODS as CHANNEL_METHODS
from forumbot.emulator.channels import ChannelSide
from forumbot.emulator.faults import Drop, Faults, Hang
from forumbot.emulator.inline import InlineSide, answer_inline_query
from forumbot.emulator.methods_bot import METHODS as BOT_METHODS
from forumbot.emulator.methods_messages import METHODS as MESSAGE_METHODS
from forumbot.emulator.params import Upload, decode_params
from forumbot.emulator.state import ApiError, EmuState
from forumbot.emulator.users import UserSide
from forumbot.emulator.webhook import WebhookPusher

logger = logging.getLogger(__name__)

METHODS = {
    **BOT_METHODS,
    **MESSAGE_METHODS,
    **CHANNEL_METHODS,
    **files.METHODS,
    "answerinlinequery": answer_inline_query,
}


class _ApiHandler(tornado.web.RequestHandler):
    """/bot<token>/<method>: decode parameters, dispatch, answer Telegram-style JSON."""

    def initialize(self, emu: BotAPIEmulator) -> None:
        self.emu = emu

    def check_xsrf_cookie(self) -> None:
        """Bot API clients never send XSRF cookies."""

    async def get(self, token: str, method: str) -> None:
        """GET works like POST, parameters in the query string."""
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        """Handle one Bot API call."""
        self.emu._inflight += 1
        try:
            status, body = await self._answer(token, method)
        except Drop:
            # A dropped connection: the client sees a disconnect and no answer at all.
            logger.info("%s -> connection dropped", method)
            self.request.connection.stream.close()  # type: ignore[union-attr]
            self._finished = True
            return
        finally:
            self.emu._inflight -= 1
            self.emu._maybe_idle()
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    async def _answer(self, token: str, method: str) -> tuple[int, dict[str, Any]]:
        if token != self.emu.token:
            return 401, ApiError(401, "Unauthorized").payload()
        try:
            params = self._params()
        except ValueError:
            return 400, ApiError(400, "Bad Request: can't parse request JSON object").payload()
        try:
            result = await self.emu.call(method, params)
        except ApiError as exc:
            logger.info("%s -> %d %s", method, exc.code, exc.description)
            return exc.code, exc.payload()
        return 200, {"ok": True, "result": result}

    def _params(self) -> dict[str, Any]:
        request = self.request
        files = {
            name: [Upload(f.filename, f.body, f.content_type) for f in items]
            for name, items in request.files.items()
        }
        return decode_params(
            request.query_arguments,
            request.body_arguments,
            files,
            request.body,
            request.headers.get("Content-Type", ""),
        )


class _NotFoundHandler(tornado.web.RequestHandler):
    """Everything else, including file downloads the emulator does not serve."""

    def prepare(self) -> None:
        """Answer 404 in the Bot API's JSON shape."""
        self.set_status(404)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(ApiError(404, "Not Found").payload()))


class BotAPIEmulator(UserSide, InlineSide, ChannelSide):
    """A Telegram-free Bot API server running on the current asyncio loop."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "forumbot_demo_bot",
    ) -> None:
        self.token = token
        self.host = host
        self.port = port
        self.state = EmuState(token, bot_username)
        self.faults = Faults()
        self.stats: Counter[str] = Counter()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._server: tornado.httpserver.HTTPServer | None = None
        self.webhook = WebhookPusher(self.state)
        self._inflight = 0
        self._idle = asyncio.Event()

    @property
    def base_url(self) -> str:
        """Pass to ApplicationBuilder().base_url(); PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass to ApplicationBuilder().base_file_url()."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's own User object as getMe returns it."""
        return dict(self.state.bot_user)

    async def start(self) -> None:
        """Bind and serve; with port=0 the chosen port is stored in self.port."""
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z]+)/?", _ApiHandler, {"emu": self}),
                *control.routes(self),
                *files.routes(self),  # downloads of the files users sent (getFile)
                (r".*", _NotFoundHandler),
            ],
            log_function=_log_request,
        )
        sockets = tornado.netutil.bind_sockets(self.port, address=self.host)
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        self.webhook.start()  # idle until the bot calls setWebhook
        logger.info("Bot API emulator listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop listening, answer pending long polls, close every connection."""
        if self._server is None:
            return
        server, self._server = self._server, None
        server.stop()
        self.state.close()
        await self.webhook.stop()
        if self._inflight:
            # Long polls were woken by close(); let them write their answers first.
            self._idle.clear()
            try:
                await asyncio.wait_for(self._idle.wait(), 5.0)
            except TimeoutError:
                logger.warning("%d Bot API calls still running at stop", self._inflight)
        await server.close_all_connections()
        logger.info("Bot API emulator stopped")

    async def __aenter__(self) -> BotAPIEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _maybe_idle(self) -> None:
        if not self._inflight:
            self._idle.set()

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """Execute a Bot API method in-process; raises ApiError like the HTTP route answers."""
        self.stats[method] += 1
        self.calls.append((method, params))
        handler = METHODS.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        if (gate := self.faults.gate(method, params.get("chat_id"))) is not None:
            await gate.wait()
        try:
            self.faults.check(method, params.get("chat_id"))
        except Hang as hang:
            # Held past the client's time-out: never done (as if lost upstream), or done and
            # answered too late for the client to hear it.
            result = await _run(handler, self.state, params) if hang.done else None
            await asyncio.sleep(hang.seconds)
            if not hang.done:
                raise ApiError(504, "Gateway Timeout") from None
            return result
        except Drop as drop:
            if drop.done:  # done, then the connection goes before the answer
                await _run(handler, self.state, params)
            raise
        return await _run(handler, self.state, params)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next matching call(s) fail with that error (429 adds retry_after)."""
        self.faults.fail_next(method, error_code, description, retry_after, chat_id, times)

    def hang_next(
        self,
        method: str,
        seconds: float,
        chat_id: int | None = None,
        times: int = 1,
        done: bool = False,
    ) -> None:
        """Hold the next matching call(s) for seconds (a client time-out); never do them, or
        with ``done`` do them at once and answer late (delivered, the client never knows)."""
        self.faults.hang_next(method, seconds, chat_id, times, done)

    def drop_next(
        self, method: str, chat_id: int | None = None, times: int = 1, done: bool = False
    ) -> None:
        """Close the connection of the next matching call(s) without answering; never do
        them, or with ``done`` do them first (delivered, the client never knows)."""
        self.faults.drop_next(method, chat_id, times, done)

    def hold(self, method: str, chat_ids: Iterable[int]) -> asyncio.Event:
        """Hold calls of ``method`` to these chats, not done, until the event is set."""
        return self.faults.hold(method, chat_ids)

    def rate_limit(
        self, per_second: float | None = None, per_chat_per_second: float | None = None
    ) -> None:
        """Answer 429 with retry_after above these call rates; None disables a cap."""
        self.faults.rate_limit(per_second, per_chat_per_second)


async def _run(handler: Any, state: EmuState, params: dict[str, Any]) -> Any:
    result = handler(state, params)
    return await result if inspect.isawaitable(result) else result


def _log_request(handler: tornado.web.RequestHandler) -> None:
    # Log tokens never; the path contains it, so log only status and method name.
    method = handler.request.path.rsplit("/", 1)[-1]
    logger.debug(
        "%d %s %.1fms", handler.get_status(), method, 1000 * handler.request.request_time()
    )
