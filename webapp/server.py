"""The Mini App's aiohttp server: its routes under the base path of FORUMBOT_WEBAPP_URL, the
security headers, initData on every API call, per-person limits on writes.

It runs on the bot's event loop beside the webhook (PTB's own server) and the health
endpoint, on its own port: the reverse proxy forwards the Mini App's path to it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from forumbot.runtime.services import Services
from webapp import (
    api,
    asking,
    compose,
    deliveries,
    org,
    pages,
    presenter,
    questions,
    sessions,
)
from webapp.auth import AuthError, WebUser, verify
from webapp.context import USER, WEB, WebState, user_of
from webapp.ratelimit import RateLimiter

logger = logging.getLogger(__name__)

# No inline script anywhere; telegram-web-app.js is Telegram's; Telegram's web clients frame us.
CSP = (
    "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebAppError(RuntimeError):
    """The server could not listen; the message names the setting to change."""


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_data_of(request: web.Request) -> str:
    """From the header, or (a stream cannot set headers) the query string; never logged."""
    header = request.headers.get("Authorization", "")
    if header.startswith("tma "):
        return header[4:]
    return request.query.get("initData", "")


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every /api/ call carries a valid initData (401 otherwise); organiser calls also an
    organiser (403 otherwise), checked on every call."""
    state = request.app[WEB]
    if not request.path.startswith(state.base + "api/"):
        return await handler(request)
    services = state.services
    try:
        user = verify(
            init_data_of(request),
            state.token,
            state.wall_clock(),
            services.settings.webapp_auth_age,
        )
    except AuthError as exc:
        logger.info("Mini App request refused: %s", exc)
        return web.json_response({"error": "unauthorised"}, status=401)
    request[USER] = user
    if request.path.startswith(state.base + "api/org/") and not await services.is_organiser(
        user.id
    ):
        return web.json_response({"error": "forbidden"}, status=403)
    limiter = state.previews if request.path.endswith("/preview") else state.limiter
    if request.method not in ("GET", "HEAD") and not limiter.allow(user.id):
        return web.json_response({"error": "rate_limited"}, status=429,
                                 headers={"Retry-After": "60"})  # fmt: skip
    return await handler(request)


def build_app(
    services: Services,
    token: str,
    base: str = "/",
    wall_clock: Callable[[], dt.datetime] | None = None,
) -> web.Application:
    """The Mini App as an aiohttp Application (served by WebAppServer; the tests' client).
    ``wall_clock``: the real time initData's age is judged by (the tests set it)."""
    app = web.Application(middlewares=[security_headers, authenticate])
    state = WebState(services, token, base, RateLimiter())
    if wall_clock is not None:
        state.wall_clock = wall_clock
    app[WEB] = state
    pages.setup(app, base)
    api.setup(app, base)
    asking.setup(app, base)
    org.setup(app, base)
    questions.setup(app, base)
    sessions.setup(app, base)
    presenter.setup(app, base)
    compose.setup(app, base)
    deliveries.setup(app, base)
    app.router.add_static(base + "static/", pages.STATIC, append_version=False)
    return app


class WebAppServer:
    """``start()`` binds (or raises WebAppError), ``stop()`` closes."""

    def __init__(self, host: str, port: int, app: web.Application) -> None:
        self.host, self.port, self.app = host, port, app
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        # No access log: the stream's query string carries initData, which is never logged.
        runner = web.AppRunner(self.app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as exc:
            await runner.cleanup()
            raise WebAppError(
                f"FORUMBOT_WEBAPP_PORT: cannot listen on {self.host}:{self.port} "
                f"({exc.strerror or exc}); choose another port"
            ) from None
        self._runner = runner
        if self.port == 0:  # an ephemeral port (the demo, the tests): say which
            self.port = runner.addresses[0][1]
        logger.info("Mini App on http://%s:%d", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()


__all__ = ["WebAppServer", "WebUser", "build_app", "user_of"]
