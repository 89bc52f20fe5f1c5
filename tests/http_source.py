"""A local HTTP server on 127.0.0.1 serving one programme file, as pretalx or frab would:
with an ETag and a Last-Modified, 304 when the client already has it, or a scripted failure.
Shared by the core and end-to-end tests of the programme's URL."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from aiohttp import web

LAST_MODIFIED = "Wed, 21 Jun 2023 12:00:00 GMT"


class ProgrammeServer:
    def __init__(self, body: bytes = b"", path: str = "/forum/schedule.yaml") -> None:
        self.path = path
        self.body = body
        self.version = 1
        self.status = 200
        self.requests: list[dict[str, str]] = []  # the headers of each request
        self.redirects: dict[str, str] = {}  # path -> Location answered with a 302
        self.stalled = False  # send the headers and part of the body, then nothing more
        self._stop = asyncio.Event()
        self.answers: list[int] = []
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._held: asyncio.Event | None = None
        self.arrived = asyncio.Event()  # a request came in while held

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}?token=s3cret"

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def serve(self, body: bytes) -> None:
        """A new version of the file (a new ETag)."""
        self.body, self.status = body, 200
        self.version += 1

    def fail(self, status: int = 500) -> None:
        self.status = status

    def hold(self) -> None:
        """The next requests wait, as a slow server's would, until ``release()``."""
        self._held = asyncio.Event()
        self.arrived.clear()

    def release(self) -> None:
        assert self._held is not None
        self._held.set()
        self._held = None

    def url_of(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def _route(self, request: web.Request) -> web.StreamResponse:
        if request.path in self.redirects:
            raise web.HTTPFound(self.redirects[request.path])
        if request.path != self.path:
            raise web.HTTPNotFound()
        if self.stalled:
            return await self._stall(request)
        return await self._handle(request)

    async def _stall(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(len(self.body) + 1)})
        await response.prepare(request)
        await response.write(self.body[:10])
        await self._stop.wait()  # the rest never comes (the server stops first)
        return response

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.headers))
        if (held := self._held) is not None:
            self.arrived.set()
            await held.wait()
        answer = self._answer(request)
        self.answers.append(answer.status)
        return answer

    def _answer(self, request: web.Request) -> web.Response:
        if self.status != 200:
            return web.Response(status=self.status, text="the server is down")
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304)
        headers = {"ETag": self.etag, "Last-Modified": LAST_MODIFIED}
        return web.Response(body=self.body, headers=headers, content_type="text/yaml")

    async def __aenter__(self) -> ProgrammeServer:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._route)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        assert self._runner is not None
        self._stop.set()
        await self._runner.cleanup()
