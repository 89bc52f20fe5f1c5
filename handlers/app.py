"""The Application's one home: built with every handler, its lifecycle (the services opened
whole in post_init, closed in post_shutdown), its jobs and the health endpoint, and the ways
it runs (polling, a webhook, or inside a block for the demo and the tests)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
)

from forumbot.infra.clock import Clock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings, SettingsError
from forumbot.ops.health import Health, HealthError, HealthServer, check_health
from forumbot.ops.metrics import Metrics
from forumbot.runtime.planner import planner_interval
from forumbot.runtime.services import Hooks, Services, open_services
from handlers import dataimport, notices, register_all
from handlers.context import ForumContext
from handlers.metrics import CountingRequest
from handlers.persistence import StoreConversations
from handlers.request import AiohttpRequest
from handlers.start import set_command_menus
from handlers.updates import PerChatUpdateProcessor
from webapp.server import WebAppError, WebAppServer, build_app

# PTB 22 deprecates RetryAfter.retry_after as seconds; opt in to timedelta (PTB reads this
# when the value is used, so before any Application runs is early enough).
os.environ.setdefault("PTB_TIMEDELTA", "1")

logger = logging.getLogger("forumbot")
# my_chat_member: the bot added to or removed from a group (handlers/groups.py), or blocked.
# No "poll" or "poll_answer": polls at round tables are inline buttons, answered as
# callback queries (why: forumbot/runtime/polls.py).
ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"]


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    """The PTB Application with every handler; services open in post_init."""
    if not settings.token:
        raise SettingsError("FORUMBOT_TOKEN is not set")
    metrics = Metrics()
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .request(CountingRequest(metrics, connection_pool_size=256))  # PTB's default size
        .get_updates_request(AiohttpRequest(connection_pool_size=1))  # as PTB's own
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(ContextTypes(context=ForumContext))
        # Chats concurrently, each chat's updates in order (handlers/updates.py).
        .concurrent_updates(PerChatUpdateProcessor())
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Replies honour a 429 too: wait its retry_after and send again, rather than lose
        # the answer. No overall cap here: the delivery engine paces broadcasts itself.
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=3))
        # The composers' steps, kept in the store beside their drafts (handlers/persistence.py).
        .persistence(StoreConversations(settings.db_path))
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    app.bot_data["settings"] = settings
    app.bot_data["clock"] = clock
    app.bot_data["catalogs"] = Catalogs.load()
    app.bot_data["metrics"] = metrics
    register_all(app)
    return app


async def on_startup(app: Application) -> None:
    """Serve the health endpoint (if run() made one), open the services whole (the store,
    importing the bundled programme if empty), set the menus, start delivering."""
    bot_data = app.bot_data
    if (health := bot_data.get("health")) is not None:
        await health.start()  # first: a port in use stops the bot before anything opens
    hooks = Hooks(
        bot_username=app.bot.username,
        wake=partial(_wake, app),
        on_finished=partial(notices.broadcast_finished, app),
        on_missed=partial(notices.broadcast_missed, app),
    )
    services = await open_services(
        bot_data["settings"], bot_data["clock"], bot_data["catalogs"], hooks
    )
    bot_data["services"] = services
    await _start_webapp(app, services)
    await set_command_menus(app)
    bot_data["metrics"].count_deliveries(services.delivery.api)
    await services.delivery.start()
    # Reminders, digests and change notices: decided at the forum clock's "now" on a tick.
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _plan, interval=planner_interval(services.clock), first=0.0, name="planner"
    )
    app.job_queue.run_repeating(_flush_seen, interval=60.0, first=60.0, name="last-seen")
    dataimport.schedule_refresh(app)  # the programme's URL, if set: at start, then on a timer
    logger.info("forumbot is up as @%s", app.bot.username)


def webapp_base(settings: Settings) -> str:
    """The Mini App's path: FORUMBOT_WEBAPP_URL's, as the reverse proxy passes it on."""
    path = urlsplit(settings.webapp_url or "").path or "/app/"
    return path if path.endswith("/") else path + "/"


async def _start_webapp(app: Application, services: Services) -> None:
    """The Mini App's server, when FORUMBOT_WEBAPP_URL is set (or the demo asks for it)."""
    settings = services.settings
    if not (settings.webapp_url or app.bot_data.get("serve_webapp")):
        return
    assert settings.token is not None
    web = build_app(services, settings.token, webapp_base(settings))
    server = WebAppServer(settings.webapp_listen, settings.webapp_port, web)
    await server.start()
    app.bot_data["webapp"] = server


async def _plan(context: ForumContext) -> None:
    services = context.bot_data.get("services")
    if services is None:
        return
    try:
        await services.planner.tick()
    except Exception:  # a bad tick must not stop the next one
        logger.exception("The planner's tick failed")


async def _flush_seen(context: ForumContext) -> None:
    """Who wrote lately: their last_seen, batched (a write per update would cost each one)."""
    services = context.bot_data.get("services")
    if services is None:
        return
    try:
        await services.store.users.flush_seen()
    except Exception:  # a failed batch must not stop the next one
        logger.exception("Writing last-seen times failed")


def _wake(app: Application) -> None:
    """The clock moved (the demo): send what fell due at once, not a tick later."""
    services = app.bot_data["services"]
    services.delivery.sender.wake()
    assert app.job_queue is not None
    app.job_queue.run_once(_plan, 0.0, name="planner-now")


async def on_shutdown(app: Application) -> None:
    """Finish the sends in flight, close the store, then the health endpoint (which says
    "starting" meanwhile: the services are gone)."""
    services = app.bot_data.pop("services", None)
    if (webapp := app.bot_data.pop("webapp", None)) is not None:
        await webapp.stop()  # no request reaches a closing store
    try:
        if services is not None:
            await services.delivery.stop()  # in-flight sends finish and are recorded
    finally:
        try:
            if services is not None:
                await services.close()
        finally:
            if (health := app.bot_data.get("health")) is not None:
                await health.stop()


async def probe(app: Application) -> Health:
    """What /healthz reports: the store and the outbox, once the services are open."""
    services = app.bot_data.get("services")
    if services is None:
        return await check_health(None, None)
    return await check_health(services.store, services.delivery.outbox)


@asynccontextmanager
async def running(app: Application, poll_timeout: int = 10) -> AsyncIterator[Application]:
    """Run ``app`` polling inside a block (the demo and the tests), as run_polling would."""
    await app.initialize()
    try:
        await on_startup(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
        )
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        await on_shutdown(app)


def run(settings: Settings) -> int:
    """The deployed bot: polling, or a webhook server when FORUMBOT_WEBHOOK_URL is set; the
    health endpoint beside either. SIGINT and SIGTERM stop it through on_shutdown."""
    if not settings.token:
        print(
            "FORUMBOT_TOKEN is not set. Get a token from @BotFather and export it, or try the "
            "bot offline without one:  python bot.py demo",
            file=sys.stderr,
        )
        return 2
    app = build_application(settings)
    if settings.health_port:
        app.bot_data["health"] = HealthServer(
            settings.health_listen, settings.health_port, app.bot_data["metrics"],
            partial(probe, app),
        )  # fmt: skip
    try:
        if settings.webhook_url:
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),  # as the proxy passes it
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except (HealthError, WebAppError) as exc:
        print(f"Bad setting: {exc}", file=sys.stderr)
        return 2
    return 0
