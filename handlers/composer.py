"""What every organiser's composer (/post, /announce, a correction) shares: a draft in
user_data, a cancel button and /cancel, a clean end when the draft is abandoned, how an
organiser's message becomes content, and how content is shown exactly as it will arrive."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    TypeHandler,
)
from telegram.warnings import PTBUserWarning

from forumbot.delivery.models import Content
from forumbot.infra.timeutil import NonexistentTime, UnclearTime, future_time
from forumbot.render.context import View
from forumbot.runtime import announce
from forumbot.store.drafts import Draft
from handlers.context import (
    ForumContext,
    chat_id_of,
    edit,
    is_organiser,
    message_of,
    note_doubled_time,
    query_of,
    refuse_skipped_time,
    render_ctx,
    say,
)

TIMEOUT_SECONDS = 15 * 60  # an abandoned draft is dropped after this long
END = ConversationHandler.END
D = TypeVar("D", bound=Draft)


async def stored_draft(update: Update, context: ForumContext, kind: type[D]) -> D | None:
    """This organiser's draft of this kind, kept in the store (None: none is composed)."""
    return await context.services.store.drafts.get(kind, chat_id_of(update))


async def keep_draft(update: Update, context: ForumContext, draft: Draft) -> None:
    """Write the draft back after each step, so a restart continues from it."""
    svc = context.services
    await svc.store.drafts.put(chat_id_of(update), draft, svc.clock.now())


async def drop_draft(update: Update, context: ForumContext, kind: str) -> None:
    await context.services.store.drafts.drop(kind, chat_id_of(update))


async def broadcaster(update: Update, context: ForumContext) -> bool:
    """An organiser asks, and the delivery engine runs (checked at every step); anyone else
    gets the answer an unknown command gets."""
    if await is_organiser(update, context) and context.services.delivery is not None:
        return True
    await say(update, context, "unknown_command")
    return False


async def send_exactly(context: ForumContext, chat_id: int, content: Content, lang: str) -> None:
    """Send ``content`` as a recipient reading ``lang`` gets it (a preview): the core's path,
    which the console's test takes too."""
    await announce.send_exactly(context.services.delivery.api, chat_id, content, lang)


async def typed_future_time(update: Update, context: ForumContext) -> dt.datetime | None:
    """The time typed in this message, still to come, in the forum's zone; None after saying
    why not (the caller's prompt keeps waiting). One taken as the earlier of two instants
    the clocks pass twice is noted. Scheduling and moving broadcasts and posts."""
    svc = context.services
    zone = (await svc.store.programme.forum()).zone
    try:
        at = future_time(message_of(update).text or "", svc.clock.now(), zone)
    except NonexistentTime as exc:
        await refuse_skipped_time(update, context, exc)
        return None
    except UnclearTime as exc:
        await say(update, context, exc.key)
        return None
    await note_doubled_time(update, context, (at,), zone)
    return at


async def people_named(context: ForumContext, ids: Iterable[int]) -> dict[int, str]:
    """Each person's name (and @username) as Telegram gives them; one it cannot find is
    left out (the screen then says "an organiser"). A few calls, for a few organisers."""
    names: dict[int, str] = {}
    for user_id in sorted(ids):
        try:
            chat = await context.bot.get_chat(user_id)
        except TelegramError:
            continue
        name = chat.full_name or chat.title or ""
        names[user_id] = f"{name} (@{chat.username})" if chat.username else name
    return names


def message_content(message: Message) -> tuple[str, str, dict[str, str] | None]:
    """(visible text, Telegram HTML, media) of an organiser's message; formatting kept."""
    if message.photo:
        media = {"type": "photo", "file_id": message.photo[-1].file_id}
        return message.caption or "", message.caption_html or "", media
    if message.document:
        media = {"type": "document", "file_id": message.document.file_id}
        return message.caption or "", message.caption_html or "", media
    return message.text or "", message.text_html or "", None


def _cancel(
    draft: str, stored: bool
) -> Callable[[Update, ForumContext], Coroutine[Any, Any, int]]:
    async def on_cancel(update: Update, context: ForumContext) -> int:
        """Drop the draft: nothing is published or sent."""
        context.user_data.pop(draft, None)
        if stored:
            await drop_draft(update, context, draft)
        if update.callback_query:
            await query_of(update).answer()
            ctx = await render_ctx(update, context)
            await edit(update, context, View(ctx.t("compose_cancelled")))
        else:
            await say(update, context, "compose_cancelled")
        return END

    return on_cancel


def _timeout(
    draft: str, stored: bool
) -> Callable[[Update, ForumContext], Coroutine[Any, Any, None]]:
    async def on_timeout(update: Update, context: ForumContext) -> None:
        """An abandoned draft ends cleanly, with a word to say so."""
        context.user_data.pop(draft, None)
        if stored:
            await drop_draft(update, context, draft)
        await say(update, context, "compose_timeout")

    return on_timeout


def composer_conversation(
    name: str,
    entry_points: list[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    cancel_pattern: re.Pattern[str] | None = None,
    stored: bool = False,
    anytime: list[BaseHandler[Any, Any, Any]] | None = None,
) -> ConversationHandler:
    """Per user and chat, not per message: a draft mixes typed text and buttons. The draft
    lives in ``context.user_data[name]``, or when ``stored`` in the store (its kind is
    ``name``) with the conversation's step persisted (handlers/persistence.py), so a restart
    continues it. ``anytime``: handlers answered at every step (the composer's own command
    typed again, say), which would otherwise fall through to "unknown command"."""
    cancel = _cancel(name, stored)
    fallbacks: list[BaseHandler[Any, Any, Any]] = [*(anytime or [])]
    fallbacks.append(CommandHandler("cancel", cancel))
    if cancel_pattern:
        fallbacks.insert(0, CallbackQueryHandler(cancel, pattern=cancel_pattern))
    with warnings.catch_warnings():
        # Deliberate, see the docstring: PTB warns about per_message=False with buttons.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states={
                **states,
                ConversationHandler.TIMEOUT: [TypeHandler(Update, _timeout(name, stored))],
            },
            fallbacks=fallbacks,
            name=name,
            persistent=stored,
            per_user=True,
            per_chat=True,
            conversation_timeout=TIMEOUT_SECONDS,
        )
