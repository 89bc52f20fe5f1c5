"""The yardstick of bench/interactive.py: a bare python-telegram-bot bot that answers /now
from memory, with PTB's defaults (one update at a time), in polling or webhook mode.

    python bench/bare_bot.py BASE_URL [--webhook PORT]
"""

from __future__ import annotations

import argparse

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

TOKEN = "4343:INTERACTIVE-BENCH"
NOW = (
    "<b>Now</b>, 10:45\n\nHall A: Round table 1, elections in the 21st century (10:30–13:00)\n"
    "Hall B: Issyk-Kul international electoral school (10:00–17:30)"
)


async def now(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What is on: the same text for everyone, from memory."""
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, NOW, parse_mode="HTML")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--webhook", type=int, default=0, help="serve a webhook on this port")
    args = parser.parse_args()
    app = Application.builder().token(TOKEN).base_url(args.base_url).build()
    app.add_handler(CommandHandler("now", now))
    if args.webhook:
        app.run_webhook(
            listen="127.0.0.1",
            port=args.webhook,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{args.webhook}/hook",
            secret_token="bench-secret",
        )
    else:
        app.run_polling(poll_interval=0)


if __name__ == "__main__":
    main()
