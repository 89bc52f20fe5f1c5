"""Answering a poll at a round table: one tap on an answer (with several answers allowed, a
tap toggles it), changeable until the poll is closed; the person's message marks their
choices, and the results message of whoever started the poll follows the votes
(handlers/polls.py starts polls and shows their results)."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx
from forumbot.render.polls import render_poll_message
from forumbot.rules.polls import Poll
from forumbot.runtime.polls import results_view
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    current_user,
    edit,
    in_forum_channel,
    query_of,
    render_ctx,
    say,
    user_id_of,
)

logger = logging.getLogger(__name__)

LIVE_EVERY = dt.timedelta(seconds=5)  # the starter's results follow the votes this often


async def on_vote(update: Update, context: ForumContext) -> None:
    """pv:<poll>:<answer> — choose (or, with several answers, toggle) one answer."""
    args = await callback_args(update, context)
    if args is None:
        return
    svc = context.services
    poll = await svc.store.polls.get(int(args[0]))
    option = int(args[1])
    session = await svc.store.programme.session(poll.session_id) if poll else None
    if poll is None or session is None or option >= len(poll.options):
        await say(update, context, "stale_button")
        return
    if not poll.open:
        await say(update, context, "poll_closed")
        return
    if in_forum_channel(update, context):  # a reader of the channel: counted once a person
        await svc.store.polls.choose(poll, user_id_of(update), option, svc.clock.now())
        ctx = await render_ctx(update, context)
        await query_of(update).answer(ctx.label("poll_counted_toast"))
        await _follow_live(context, poll)
        return
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        await say(update, context, "here_private")
        return
    await current_user(update, context)
    chosen = await svc.store.polls.choose(poll, chat_id_of(update), option, svc.clock.now())
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("poll_counted_toast"))
    await edit(update, context, render_poll_message(ctx, poll, session, chosen))
    await _follow_live(context, poll)


async def _follow_live(context: ForumContext, poll: Poll) -> None:
    """The starter's results message follows the votes, at most every LIVE_EVERY."""
    live, svc = context.bot_data.get("poll_live", {}), context.services
    target, now = live.get(poll.id), svc.clock.now()
    if target is None or (target[2] is not None and now - target[2] < LIVE_EVERY):
        return
    chat_id, message_id, _ = live[poll.id] = (*target[:2], now)
    lang = (await svc.store.users.languages([chat_id])).get(chat_id, "en")
    forum = await svc.store.programme.forum()
    ctx = RenderCtx(lang, svc.catalogs, forum, context.bot.username)
    view = await results_view(svc.store, ctx, poll.id, now)
    if view is None or not isinstance(view.keyboard, InlineKeyboardMarkup):
        return
    try:
        await context.bot.edit_message_text(
            view.text, chat_id, message_id, reply_markup=view.keyboard
        )
    except TelegramError as exc:  # gone, or already showing this: the refresh button remains
        logger.debug("Live results of poll %d not updated: %s", poll.id, exc)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_vote, pattern=pattern("pv")))
