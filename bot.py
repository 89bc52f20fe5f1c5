"""forumbot's entry point: parse the command line, build the Application, run it.

python bot.py run            the bot: polling Telegram, or its webhook (needs FORUMBOT_TOKEN)
python bot.py demo           the offline demo: the real bot, a local Bot API, a terminal chat
python bot.py import [FILE]  validate a programme file and put it in service
python bot.py check FILE     validate a programme file only
(FILE: the bot's YAML, a schedule.json or a schedule.xml; --zone Area/City for files that
name no time zone)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

# PTB 22 deprecates RetryAfter.retry_after as seconds; opt in to timedelta before it loads.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
)

from forumbot.changes import describe_plain
from forumbot.clock import Clock, RealClock
from forumbot.delivery.service import DeliveryService
from forumbot.i18n import Catalogs
from forumbot.models import Programme
from forumbot.ops.health import Health, HealthError, HealthServer, check_health
from forumbot.ops.logs import configure_logging
from forumbot.ops.metrics import Metrics
from forumbot.planner import Planner, planner_interval
from forumbot.programme import Problem, ProgrammeError
from forumbot.programme.worker import DEFAULT_LIMITS, Limits, load_in_worker
from forumbot.services import open_services, put_in_service
from forumbot.settings import Settings, SettingsError
from forumbot.store import Store
from handlers import dataimport, notices, register_all
from handlers.context import ForumContext
from handlers.metrics import CountingRequest
from handlers.persistence import StoreConversations
from handlers.request import AiohttpRequest
from handlers.start import set_command_menus
from handlers.updates import PerChatUpdateProcessor

logger = logging.getLogger("forumbot")
# my_chat_member: the bot added to or removed from a group (handlers/groups.py), or blocked.
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
    """Serve the health endpoint (if run() made one), open the store (importing the bundled
    programme if empty), set the menus, start delivering."""
    bot_data = app.bot_data
    if (health := bot_data.get("health")) is not None:
        await health.start()  # first: a port in use stops the bot before anything opens
    services = await open_services(bot_data["settings"], bot_data["clock"], bot_data["catalogs"])
    services.bot_username = app.bot.username
    app.bot_data["services"] = services
    await set_command_menus(app)
    services.delivery = await DeliveryService.open(
        services.store.db,
        services.settings,
        services.clock,
        on_finished=partial(notices.broadcast_finished, app),
        on_missed=partial(notices.broadcast_missed, app),
    )
    bot_data["metrics"].count_deliveries(services.delivery.api)
    await services.delivery.start()
    services.planner = Planner(
        services.store,
        services.catalogs,
        services.clock,
        services.delivery,
        bot_username=app.bot.username,
        change_window=services.settings.change_window,
        feedback_day_time=services.settings.feedback_day_time,
    )
    # Reminders, digests and change notices: decided at the forum clock's "now" on a tick.
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _plan, interval=planner_interval(services.clock), first=0.0, name="planner"
    )
    app.job_queue.run_repeating(_flush_seen, interval=60.0, first=60.0, name="last-seen")
    services.wake = partial(_wake, app)
    dataimport.schedule_refresh(app)  # the programme's URL, if set: at start, then on a timer
    logger.info("forumbot is up as @%s", app.bot.username)


async def _plan(context: ForumContext) -> None:
    services = context.bot_data.get("services")
    if services is None or services.planner is None:
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
    try:
        if services is not None and services.delivery is not None:
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
    return await check_health(services.store, services.delivery and services.delivery.outbox)


@asynccontextmanager
async def running(app: Application, poll_timeout: float = 10) -> AsyncIterator[Application]:
    """Run ``app`` polling inside a block (the demo and the tests), as run_polling would."""
    await app.initialize()
    try:
        await on_startup(app)
        await app.start()
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
    except HealthError as exc:
        print(f"Bad setting: {exc}", file=sys.stderr)
        return 2
    return 0


def _warnings(source: Path, warnings: tuple[Problem, ...], limit: int = 30) -> str:
    """What the import noticed without refusing the file, one line each."""
    if not warnings:
        return ""
    lines = [f"{len(warnings)} warning(s), imported anyway:"]
    lines += [f"  {w.describe(str(source))}" for w in warnings[:limit]]
    if len(warnings) > limit:
        lines.append(f"  … and {len(warnings) - limit} more")
    return "\n" + "\n".join(lines)


async def _import(
    settings: Settings, path: Path, zone: str | None = None, yes: bool = False
) -> int:
    try:
        result = await load_in_worker(path, zone, limits=Limits.from_settings(settings))
    except ProgrammeError as exc:
        print(f"Refused; the programme in service is unchanged.\n{exc.report()}", file=sys.stderr)
        return 1
    store = await Store.open(settings.db_path)
    try:
        if not await _confirm_changes(store, result.programme, yes):
            print("Nothing changed.")
            return 1
        await put_in_service(store, result, path, RealClock().now())
    finally:
        await store.close()
    count = len(result.programme.sessions)
    print(f"Imported {count} sessions from {path} into {settings.db_path}")
    if result.warnings:
        print(_warnings(path, result.warnings).lstrip("\n"))
    return 0


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


async def _confirm_changes(store: Store, programme: Programme, yes: bool) -> bool:
    """Show what the import changes in the sessions people starred, and how many people will
    be told; on a terminal, ask before going on (unless --yes)."""
    if not await store.programme.has_programme():
        return True
    changes = await store.programme.preview(programme)
    if not changes:
        print("No session changes time, hall, title or status.")
        return True
    zone = programme.forum.zone
    print(f"{len(changes)} session(s) change:")
    for change in changes[:50]:
        print("  " + describe_plain(change, zone))
    if len(changes) > 50:
        print(f"  … and {len(changes) - 50} more")
    people = await store.personal.stargazers({c.session_id for c in changes})
    print(f"{_people(len(people))} who starred them will be told (once the bot has run a tick).")
    if yes or not sys.stdin.isatty():
        return True
    answer = input("Put this programme in service? [y/N] ").strip().lower()
    return answer in ("y", "yes")


def check(path: Path, zone: str | None = None, limits: Limits = DEFAULT_LIMITS) -> int:
    try:
        result = asyncio.run(load_in_worker(path, zone, limits=limits))
    except ProgrammeError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    programme = result.programme
    print(
        f"{path}: OK, {len(programme.sessions)} sessions, {len(programme.speakers)} speakers"
        + _warnings(path, result.warnings)
    )
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot against Telegram (polling, or webhook)")
    demo = sub.add_parser("demo", help="offline demo chat in this terminal")
    demo.add_argument("--start", help="simulated clock start, forum time (2023-06-22T10:45)")
    demo.add_argument("--speed", type=float, default=1.0, help="simulated clock speed")
    demo.add_argument("--lang", default="ru", help="your Telegram language_code (ky, ru, en…)")
    imp = sub.add_parser("import", help="validate a programme file and put it in service")
    imp.add_argument("file", nargs="?", type=Path, help="default: FORUMBOT_DATA")
    chk = sub.add_parser("check", help="validate a programme file only")
    chk.add_argument("file", type=Path)
    imp.add_argument(
        "--yes", "-y", action="store_true", help="do not ask before replacing the programme"
    )
    for cmd in (imp, chk):
        cmd.add_argument(
            "--zone", metavar="Area/City", help="time zone for a file that names none"
        )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Bad setting: {exc}", file=sys.stderr)
        return 2
    configure_logging(
        settings.log_level, settings.log_format, (settings.token, settings.webhook_secret)
    )
    if args.command == "demo":
        from forumbot.demo import run_demo

        return asyncio.run(run_demo(settings, args, build_application, running))
    if args.command == "import":
        file = args.file or settings.data_path
        return asyncio.run(_import(settings, file, args.zone, args.yes))
    if args.command == "check":
        return check(args.file, args.zone, Limits.from_settings(settings))
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
