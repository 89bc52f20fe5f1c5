"""Group chats. A group never becomes a subscriber or a user by itself: the bot answers
``/cmd`` and ``/cmd@thisbot`` (never ``/cmd@otherbot``) with the public views, in the
sender's language; everything personal or for organisers gets one line pointing to the
private chat; plain chatter gets nothing; being added or removed is logged, with a hello when
added. The gate runs in its own negative group, before every area's handlers."""

from __future__ import annotations

import logging
from itertools import chain

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    ChatMemberHandler,
    CommandHandler,
    ConversationHandler,
    TypeHandler,
)

from forumbot.render.groups import render_group_hello, render_group_private
from handlers.context import ForumContext, in_forum_channel, query_of, render_ctx, send

logger = logging.getLogger(__name__)

GATE_GROUP = -50  # after the counting (-100), before the handlers of group 0
# Commands whose answer is the same for everyone: they run as in a private chat.
PUBLIC_COMMANDS = frozenset(
    {"programme", "agenda", "program", "now", "next", "speakers", "news", "search", "info"}
    | {"venue", "privacy"}
)
HELLO_COMMANDS = frozenset({"start", "help"})  # in a group: the public commands, no menu
# Buttons of the public views that show the same to everyone (the programme by day, track,
# hall or language; cards; speakers; news; now and next; info; approved questions).
PUBLIC_BUTTONS = frozenset(
    {"days", "day", "dayat", "ses", "sesp", "spk", "spks", "spkl", "news", "post", "now"}
    | {"next", "noop", "flt", "fltv", "flts", "fltat", "fses", "info", "infop", "venue"}
    | {"qlist", "icsall", "nows", "nowat", "srs", "srat"}
)
_JOINED = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR}


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != ChatType.PRIVATE


def addressed_command(message: Message, bot_username: str) -> str | None:
    """The command a group message gives this bot (``/cmd`` or ``/cmd@thisbot``), lowercase;
    None for chatter and for another bot's ``/cmd@otherbot``."""
    entities = message.entities
    if not message.text or not entities or entities[0].type != MessageEntityType.BOT_COMMAND:
        return None
    if entities[0].offset != 0:
        return None
    command, _, target = message.text[1 : entities[0].length].partition("@")
    if target and target.lower() != bot_username.lower():
        return None
    return command.lower()


async def gate(update: Update, context: ForumContext) -> None:
    """In a group: let public commands and buttons through to their handlers; answer or
    ignore everything else here (ApplicationHandlerStop ends the update)."""
    if not in_group(update) or update.my_chat_member is not None:
        return
    if update.callback_query is not None:
        action = (query_of(update).data or "").split(":", 1)[0]
        if action in PUBLIC_BUTTONS or (action == "pv" and in_forum_channel(update, context)):
            return
        ctx = await render_ctx(update, context)
        await query_of(update).answer(render_group_private(ctx).text, show_alert=True)
        raise ApplicationHandlerStop
    message = update.message
    command = addressed_command(message, context.bot.username) if message else None
    if command in PUBLIC_COMMANDS:
        return
    if command is not None and command in known_commands(context.application):
        ctx = await render_ctx(update, context)
        hello = command in HELLO_COMMANDS
        await send(update, context, (render_group_hello if hello else render_group_private)(ctx))
    # Chatter, menu labels, edits, and commands this bot does not have (another bot's,
    # most likely): nothing, as from any well-behaved member of a group.
    raise ApplicationHandlerStop


def known_commands(app: Application) -> frozenset[str]:
    """Every command some handler of this bot answers (read once, from the handlers)."""
    known = app.bot_data.get("known_commands")
    if known is None:
        handlers = [h for group in app.handlers.values() for h in group]
        while conversations := [h for h in handlers if isinstance(h, ConversationHandler)]:
            handlers = [h for h in handlers if not isinstance(h, ConversationHandler)]
            for c in conversations:
                handlers += [*c.entry_points, *c.fallbacks, *chain(*c.states.values())]
        names = (h.commands for h in handlers if isinstance(h, CommandHandler))
        known = app.bot_data["known_commands"] = frozenset(chain(*names))
    return known


async def on_my_chat_member(update: Update, context: ForumContext) -> None:
    """The bot was added to or removed from a group (or blocked in a private chat): logged;
    when added, a short hello in the language of whoever added it."""
    change = update.my_chat_member
    if change is None:
        return
    old, new = change.old_chat_member.status, change.new_chat_member.status
    logger.info("Chat %s (%s): the bot went from %s to %s", change.chat.id, change.chat.type,
                old, new)  # fmt: skip
    if in_group(update) and new in _JOINED and old not in _JOINED:
        await send(update, context, render_group_hello(await render_ctx(update, context)))


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
