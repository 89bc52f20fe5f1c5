"""Run the emulator standalone: python -m forumbot.emulator --port 8081."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from forumbot.emulator.server import BotAPIEmulator


async def _serve(args: argparse.Namespace) -> None:
    emu = BotAPIEmulator(
        token=args.token, host=args.host, port=args.port, bot_username=args.bot_username
    )
    await emu.start()
    print(f"Bot API emulator: base_url={emu.base_url} token={emu.token}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emu.stop()


def main() -> None:
    """Parse arguments and serve until SIGINT/SIGTERM."""
    parser = argparse.ArgumentParser(description="Local Telegram Bot API emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--bot-username", default="forumbot_demo_bot")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
