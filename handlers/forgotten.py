"""After /forget, the person stays forgotten: every message or button but /start gets one
line saying so, in their Telegram app's language, and nothing about them is stored. The
gate runs in its own negative group, before anything could record them."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, TypeHandler

from forumbot.infra.i18n import resolve_language
from handlers.context import ForumContext

GATE_GROUP = -60  # after the counting (-100), before the group chats' gate and group 0


async def _never_called(update: Update, context: ForumContext) -> None:
    """Only its check_update is used: /start exactly as start.py's handler reads it."""


_START = CommandHandler("start", _never_called)


async def gate(update: Update, context: ForumContext) -> None:
    """A forgotten person's update: /start goes on (and starts afresh); anything else gets
    the one line (a pop-up for a button) and stops here."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return  # inline queries store nothing; groups store nobody (handlers/groups.py)
    forgotten = context.services.forgotten
    assert forgotten is not None
    if not forgotten.is_forgotten(user.id):
        return
    if _START.check_update(update):
        await forgotten.start_fresh(user.id)
        return
    text = context.services.catalogs.t(resolve_language(user.language_code), "forgotten_stays")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await context.bot.send_message(chat.id, text)
    raise ApplicationHandlerStop  # my_chat_member and the rest: nothing at all


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
