"""forumbot's entry point: parse the command line, build the Application, run it.

python bot.py run            the bot: polling Telegram, or its webhook (needs FORUMBOT_TOKEN)
python bot.py demo           the offline demo: the real bot, a local Bot API, a terminal chat
python bot.py import [FILE]  validate a programme file and put it in service
python bot.py check FILE     validate a programme file (and, with FORUMBOT_CHANNEL, the channel)
(FILE: the bot's YAML, a schedule.json or a schedule.xml; --zone Area/City for files that
name no time zone)

Only the command line lives here: the Application and its lifecycle in handlers/app.py, the
import and check commands in forumbot/runtime/cli.py, the demo in handlers/demo.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

# PTB 22 deprecates RetryAfter.retry_after as seconds; opt in to timedelta before it loads.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from forumbot.infra.settings import Settings, SettingsError
from forumbot.ops.logs import configure_logging
from forumbot.programme.worker import Limits
from forumbot.runtime import cli
from handlers.app import run


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
        "--yes",
        "-y",
        action="store_true",
        help="do not ask before replacing the programme (or opening a new edition)",
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
        from handlers.demo import run_demo

        return asyncio.run(run_demo(settings, args))
    if args.command == "import":
        file = args.file or settings.data_path
        return asyncio.run(cli.run_import(settings, file, args.zone, args.yes))
    if args.command == "check":
        code = cli.check(args.file, args.zone, Limits.from_settings(settings))
        return max(code, cli.check_channel(settings))
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
