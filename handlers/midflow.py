"""A command, or a main-menu button, typed while a conversation waits for text leaves that
conversation and is answered as it would be outside it (an open "Ask a question" no longer
takes an organiser's /post, or its text, as a question).

The conversation's fallback ends it (``on_leave`` says or keeps what it must) and puts the
update back in the queue: it comes round again in its chat's turn, in order, once the
conversation has ended, and reaches the handler it was meant for.

A typed-value conversation (``typed_value_conversation``: a button asks for one value, a
link's address, a new time, a poll, a page's text) takes only text that is neither a command
nor a menu button: either, typed while it waits, is answered by its own handler and the
question stays open; a
refused value is asked again (``ask_again``) and the conversation keeps waiting for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from forumbot.infra.i18n import Catalogs
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.menu import menu_labels
from handlers.composer import composer_conversation
from handlers.context import ForumContext, edit, query_of, render_ctx, say, send

Leave = Callable[[Update, ForumContext], Awaitable[None]]
Step = Callable[[Update, ForumContext], Coroutine[Any, Any, int]]
WAITING = 0  # a typed-value conversation's one state: the value is awaited


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


def typed_value_conversation(
    name: str, action: str, on_start: Step, on_typed: Step, catalogs: Catalogs
) -> ConversationHandler:
    """The button ``action`` starts it (``on_start`` asks, returning ``ask``'s state); the
    typed text goes to ``on_typed``, which ends it with the preview or asks again. A command
    or a main-menu button is not the value: its own handler answers it and the question stays
    open."""
    return composer_conversation(
        name,
        entry_points=[CallbackQueryHandler(on_start, pattern=pattern(action))],
        states={WAITING: [MessageHandler(filters.TEXT & ~leaves(catalogs), on_typed)]},
    )


async def ask(update: Update, context: ForumContext, view: View, in_place: bool = False) -> int:
    """Answer the pressed button and ask for the value (in a new message, or ``in_place`` of
    the pressed one): the conversation now waits for it."""
    await query_of(update).answer()
    if in_place:
        await edit(update, context, view)
    else:
        await send(update, context, view)
    return WAITING


async def ask_again(update: Update, context: ForumContext, key: str, **values: object) -> int:
    """The typed value refused, saying why (``key``): the next text is still its answer."""
    await say(update, context, key, **values)
    return WAITING


async def settle(update: Update, context: ForumContext, key: str) -> None:
    """Answer the pressed button; its message becomes the catalog text ``key`` (applied,
    dropped)."""
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, View(ctx.t(key)))
