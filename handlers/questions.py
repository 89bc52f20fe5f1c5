"""Round-table questions: participants ask (from a card, or /ask for the session on now)
and vote; moderators answer them in /questions (handlers/moderation.py).

Nothing a participant asks is shown to anyone else before a moderator approves it. The
moderators' queue is handlers/moderation.py.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from forumbot.infra.i18n import Catalogs
from forumbot.models import Session
from forumbot.render.callbacks import pattern
from forumbot.render.questions import render_ask_pick, render_ask_prompt, render_public
from forumbot.rules.now import agenda_at
from forumbot.rules.questions import APPROVED, ASKING_KINDS, Person, accepts_questions
from forumbot.runtime.asking import ask, limit_count, limits_of, refusal
from handlers.composer import END, composer_conversation
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    edit,
    message_of,
    query_of,
    render_ctx,
    say,
    send,
)
from handlers.midflow import leaves, let_commands_through

logger = logging.getLogger(__name__)

TYPE_QUESTION = 0
ASKING = "question"  # the conversation's name; user_data[ASKING + ":for"] is the session id
RETYPE = ("q_text_only", "q_too_long")  # refusals of the text itself: the prompt waits on


async def _say_refusal(update: Update, context: ForumContext, key: str) -> None:
    count = limit_count(limits_of(context.services), key)
    await say(update, context, key, count=count)


async def _start_asking(update: Update, context: ForumContext, session: Session) -> int:
    why_not = await refusal(context.services, chat_id_of(update), session)
    if why_not:
        await _say_refusal(update, context, why_not)
        return END
    context.user_data[ASKING + ":for"] = session.id
    ctx = await render_ctx(update, context)
    if update.callback_query:
        await query_of(update).answer()
    limit = context.services.settings.question_max_length
    await send(update, context, render_ask_prompt(ctx, session, limit))
    return TYPE_QUESTION


async def ask_command(update: Update, context: ForumContext) -> int:
    """/ask: the session on now that takes questions; a choice if several; a word if none."""
    svc = context.services
    agenda = await agenda_at(svc.store.programme, svc.clock.now())
    open_now = [s for s in agenda.current if accepts_questions(s)]
    if not open_now:
        await say(update, context, "q_ask_none")
        return END
    if len(open_now) > 1:
        await send(update, context, render_ask_pick(await render_ctx(update, context), open_now))
        return END
    return await _start_asking(update, context, open_now[0])


async def on_ask_button(update: Update, context: ForumContext) -> int:
    """qask:<session> — ask about this session."""
    args = await callback_args(update, context)
    if args is None:
        return END
    session = await context.services.store.programme.session(args[0])
    if session is None:
        await say(update, context, "session_gone")
        return END
    return await _start_asking(update, context, session)


async def on_question_typed(update: Update, context: ForumContext) -> int:
    """The question: checked again (limits, block, length), stored as pending."""
    svc = context.services
    session_id = context.user_data.get(ASKING + ":for")
    session = await svc.store.programme.session(session_id) if session_id else None
    if session is None:
        await say(update, context, "session_gone")
        return END
    chat_id, user = chat_id_of(update), update.effective_user
    asker = Person(chat_id, user.full_name if user else None, user.username if user else None)
    asked = await ask(svc, session, asker, message_of(update).text)
    if asked.refusal in RETYPE:
        await say(update, context, asked.refusal, count=asked.count)
        return TYPE_QUESTION
    context.user_data.pop(ASKING + ":for", None)
    if asked.refusal:
        await say(update, context, asked.refusal, count=asked.count)
        return END
    logger.info("Question %s asked about %s", asked.question_id, session.id)
    await say(update, context, "q_sent")
    return END


async def on_not_text(update: Update, context: ForumContext) -> int:
    """A photo, a sticker…: questions are text only."""
    await say(update, context, "q_text_only")
    return TYPE_QUESTION


async def _left(update: Update, context: ForumContext) -> None:
    """Another command or a menu button while the question was awaited: nothing is sent."""
    context.user_data.pop(ASKING + ":for", None)
    await say(update, context, "q_ask_left")


def build_ask_conversation(catalogs: Catalogs) -> ConversationHandler:
    """/ask or a card's button starts it; the typed question ends it. Either entry also
    restarts it while it waits (another card's button, /ask again); any other command or a
    menu button ends it and is answered as usual."""
    entries = [
        CommandHandler("ask", ask_command),
        CallbackQueryHandler(on_ask_button, pattern=pattern("qask")),
    ]
    typed = [
        MessageHandler(filters.TEXT & ~leaves(catalogs), on_question_typed),
        MessageHandler(~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL, on_not_text),
    ]
    conversation = composer_conversation(ASKING, entries, {TYPE_QUESTION: [*entries, *typed]})
    return let_commands_through(conversation, catalogs, _left)


# --- the public list and votes ----------------------------------------------------------


async def _show_public(update: Update, context: ForumContext, session: Session) -> None:
    viewer = chat_id_of(update)
    questions = await context.services.store.questions.public(session.id, viewer)
    await edit(
        update, context, render_public(await render_ctx(update, context), session, questions)
    )


async def on_list(update: Update, context: ForumContext) -> None:
    """qlist:<session> — the approved questions by votes, in place."""
    args = await callback_args(update, context)
    if args is None:
        return
    session = await context.services.store.programme.session(args[0])
    if session is None or session.kind not in ASKING_KINDS:
        await say(update, context, "stale_button")
        return
    await query_of(update).answer()
    await _show_public(update, context, session)


async def on_vote(update: Update, context: ForumContext) -> None:
    """qvote:<question> — vote, or take the vote back; the list re-sorts."""
    args = await callback_args(update, context)
    if args is None:
        return
    svc = context.services
    question = await svc.store.questions.get(int(args[0]))
    session = await svc.store.programme.session(question.session_id) if question else None
    if question is None or session is None or question.status != APPROVED:
        await say(update, context, "stale_button")  # never reveals a pending question
        return
    voted = await svc.store.questions.toggle_vote(question.id, chat_id_of(update), svc.clock.now())
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("q_voted" if voted else "q_unvoted"))
    await _show_public(update, context, session)


def register(app: Application) -> None:
    app.add_handler(build_ask_conversation(app.bot_data["catalogs"]))
    app.add_handler(CallbackQueryHandler(on_list, pattern=pattern("qlist")))
    app.add_handler(CallbackQueryHandler(on_vote, pattern=pattern("qvote")))
