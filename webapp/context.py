"""What every Mini App route reads: the services, the bot's token (initData's key), the base
path, the write limits, and the programme's JSON cached per language and version."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from forumbot.runtime.services import Services
from webapp.auth import WebUser
from webapp.payload import details_json, programme_json
from webapp.ratelimit import RateLimiter


@dataclass(frozen=True, slots=True)
class Body:
    """A JSON body ready to send: its bytes, gzipped bytes and ETag."""

    raw: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def of(cls, data: object) -> Body:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        digest = hashlib.sha256(raw).hexdigest()[:32]
        return cls(raw, gzip.compress(raw, 6, mtime=0), f'"{digest}"')


@dataclass
class WebState:
    services: Services
    token: str
    base: str
    limiter: RateLimiter
    # The composer's live preview writes nothing but is asked at each pause in typing: a
    # bucket of its own, so that previews never use up the person's writes.
    previews: RateLimiter = field(default_factory=lambda: RateLimiter(burst=60, per_minute=120))
    # initData's age is real time (Telegram signs with it), not the forum's clock, which a
    # rehearsal sets back or forward.
    wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    _bodies: dict[tuple[str, str], tuple[int, Body]] = field(default_factory=dict)

    async def programme(self, lang: str, part: str = "programme") -> Body:
        """The programme's JSON in ``lang`` (``part``: "programme", or "details" for the
        long texts), built once per programme version."""
        repo = self.services.store.programme
        version = await repo.version.current()
        cached = self._bodies.get((lang, part))
        if cached is not None and cached[0] == version:
            return cached[1]
        programme = await repo.load()
        if part == "details":
            body = Body.of(details_json(programme, lang))
        else:
            body = Body.of(programme_json(programme, self.services.catalogs, lang))
        if repo.version.value == version:  # no write ended while it was built
            self._bodies[(lang, part)] = (version, body)
        return body


WEB = web.AppKey("webapp", WebState)
USER = web.RequestKey("webapp_user", WebUser)


def state_of(request: web.Request) -> WebState:
    return request.app[WEB]


def user_of(request: web.Request) -> WebUser:
    return request[USER]


def send_body(request: web.Request, body: Body) -> web.Response:
    """A cached JSON body: 304 when the client holds it, gzipped when it takes that."""
    headers = {"ETag": body.etag, "Cache-Control": "no-cache"}
    if body.etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        return web.Response(body=body.gzipped, content_type="application/json",
                            headers={**headers, "Content-Encoding": "gzip"})  # fmt: skip
    return web.Response(body=body.raw, content_type="application/json", headers=headers)
