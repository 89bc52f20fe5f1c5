"""forumbot's entry point: parse the command line, build the Application, run it.

python bot.py run            the bot, polling Telegram (needs FORUMBOT_TOKEN)
python bot.py demo           the offline demo: the real bot, a local Bot API, a terminal chat
python bot.py import [FILE]  validate a programme file and put it in service
python bot.py check FILE     validate a programme file only
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

from forumbot.clock import Clock, RealClock
from forumbot.delivery.service import DeliveryService
from forumbot.i18n import Catalogs
from forumbot.ops.logs import configure_logging
from forumbot.programme import ProgrammeError, load_programme
from forumbot.services import import_programme, open_services
from forumbot.settings import Settings, SettingsError
from forumbot.store import Store
from handlers import notices, register_all
from handlers.context import ForumContext
from handlers.start import set_command_menus

logger = logging.getLogger("forumbot")


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    """The PTB Application with every handler; services open in post_init."""
    if not settings.token:
        raise SettingsError("FORUMBOT_TOKEN is not set")
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(ContextTypes(context=ForumContext))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        # Replies honour a 429 too: wait its retry_after and send again, rather than lose
        # the answer. No overall cap here: the delivery engine paces broadcasts itself.
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=3))
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    app.bot_data["settings"] = settings
    app.bot_data["clock"] = clock
    app.bot_data["catalogs"] = Catalogs.load()
    register_all(app)
    return app


async def on_startup(app: Application) -> None:
    """Open the store (importing the bundled programme if empty) and set the menus."""
    bot_data = app.bot_data
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
    await services.delivery.start()
    logger.info("forumbot is up as @%s", app.bot.username)


async def on_shutdown(app: Application) -> None:
    services = app.bot_data.pop("services", None)
    if services is None:
        return
    try:
        if services.delivery is not None:
            await services.delivery.stop()  # in-flight sends finish and are recorded
    finally:
        await services.close()


@asynccontextmanager
async def running(app: Application, poll_timeout: float = 10) -> AsyncIterator[Application]:
    """Run ``app`` polling inside a block (the demo and the tests), as run_polling would."""
    await app.initialize()
    try:
        await on_startup(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=poll_timeout)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        await on_shutdown(app)


def run(settings: Settings) -> int:
    if not settings.token:
        print(
            "FORUMBOT_TOKEN is not set. Get a token from @BotFather and export it, or try the "
            "bot offline without one:  python bot.py demo",
            file=sys.stderr,
        )
        return 2
    build_application(settings).run_polling(allowed_updates=["message", "callback_query"])
    return 0


async def _import(settings: Settings, path: Path) -> int:
    store = await Store.open(settings.db_path)
    try:
        count = await import_programme(store, path, RealClock().now())
    except ProgrammeError as exc:
        print(f"Refused; the programme in service is unchanged.\n{exc.report()}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(f"Imported {count} sessions from {path} into {settings.db_path}")
    return 0


def check(path: Path) -> int:
    try:
        programme = load_programme(path)
    except ProgrammeError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"{path}: OK, {len(programme.sessions)} sessions, {len(programme.speakers)} speakers")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot against Telegram (polling)")
    demo = sub.add_parser("demo", help="offline demo chat in this terminal")
    demo.add_argument("--start", help="simulated clock start, forum time (2023-06-22T10:45)")
    demo.add_argument("--speed", type=float, default=1.0, help="simulated clock speed")
    demo.add_argument("--lang", default="ru", help="your Telegram language_code (ky, ru, en…)")
    imp = sub.add_parser("import", help="validate a programme file and put it in service")
    imp.add_argument("file", nargs="?", type=Path, help="default: FORUMBOT_DATA")
    chk = sub.add_parser("check", help="validate a programme file only")
    chk.add_argument("file", type=Path)
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
        return asyncio.run(_import(settings, args.file or settings.data_path))
    if args.command == "check":
        return check(args.file)
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
