"""The last resort: unknown commands, buttons nobody handles, and the global error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from forumbot.render.callbacks import pattern
from handlers.context import ForumContext, chat_id_of, query_of, say

logger = logging.getLogger(__name__)


async def unknown_command(update: Update, context: ForumContext) -> None:
    """A command this bot does not have."""
    await say(update, context, "unknown_command")


async def label_only(update: Update, context: ForumContext) -> None:
    """A button that is only a label (a page counter "1/2"): nothing to do, nothing to say."""
    await query_of(update).answer()


async def stale_button(update: Update, context: ForumContext) -> None:
    """A button from an older version of the bot, or forged data."""
    logger.info("Unhandled callback data %r", query_of(update).data)
    await say(update, context, "stale_button")


async def on_error(update: object, context: ForumContext) -> None:
    """Log the failure and tell the person, politely, without details."""
    if isinstance(context.error, Forbidden):
        logger.info("The user blocked the bot: %s", context.error)
        return
    logger.error("Failed to handle an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await say(update, context, "error_generic")
    except TelegramError:  # the apology itself failed; the log has the cause
        logger.warning("Could not tell chat %s about the failure", chat_id_of(update))
    except Exception:  # never let the error handler raise
        logger.exception("The error handler failed")


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(CallbackQueryHandler(label_only, pattern=pattern("noop")))
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_error_handler(on_error)
