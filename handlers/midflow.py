"""A command, or a main-menu button, typed while a conversation waits for text leaves that
conversation and is answered as it would be outside it (an open "Ask a question" no longer
takes an organiser's /post, or its text, as a question).

The conversation's fallback ends it (``on_leave`` says or keeps what it must) and puts the
update back in the queue: it comes round again in its chat's turn, in order, once the
conversation has ended, and reaches the handler it was meant for.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from forumbot.infra.i18n import Catalogs
from forumbot.render.menu import menu_labels
from handlers.context import ForumContext

Leave = Callable[[Update, ForumContext], Awaitable[None]]


def leaves(catalogs: Catalogs) -> filters.BaseFilter:
    """What leaves a conversation waiting for text: a command or a main-menu button."""
    return filters.COMMAND | filters.Text(list(menu_labels(catalogs)))


def leave_on_command(catalogs: Catalogs, on_leave: Leave | None = None) -> MessageHandler:
    """The fallback that lets a command or a menu button through (after /cancel's own)."""

    async def leave(update: Update, context: ForumContext) -> int:
        """Something other than the awaited answer: end here, answer it as a command."""
        if on_leave is not None:
            await on_leave(update, context)
        await context.application.update_queue.put(update)
        return ConversationHandler.END

    return MessageHandler(leaves(catalogs), leave)


def let_commands_through(
    conversation: ConversationHandler, catalogs: Catalogs, on_leave: Leave | None = None
) -> ConversationHandler:
    """``conversation`` with the fallback above, after its own (its /cancel stays first)."""
    conversation.fallbacks.append(leave_on_command(catalogs, on_leave))
    return conversation
