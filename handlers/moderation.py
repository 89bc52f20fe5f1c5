"""The moderators' side of round-table questions (/questions): the queue with one tap to
approve, reject or mark answered; block asks once, naming the person; the people blocked,
each with unblock; the answered and rejected questions, each with reopen.

Who may moderate is checked on every tap, on the server side, from the question's own
session: organisers moderate every session, a session's moderators theirs.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.models import Session
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.questions import (
    person_plain,
    render_block_confirm,
    render_blocked,
    render_history,
    render_queue,
    render_queue_pick,
)
from forumbot.rules.now import agenda_at
from forumbot.rules.questions import (
    APPROVED,
    PENDING,
    Person,
    Question,
    accepts_questions,
    may_moderate,
)
from forumbot.runtime.moderation import block, moderate, reopen, unblock
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)

logger = logging.getLogger(__name__)
HISTORY_SHOWN = 15  # decided questions listed, the latest first


async def may_moderate_session(update: Update, context: ForumContext, session_id: str) -> bool:
    """Organisers moderate every session; a session's moderators (file or chat) theirs."""
    user = update.effective_user
    if user is None:
        return False
    moderators = await context.services.store.questions.moderators(session_id)
    return may_moderate(user.id, await is_organiser(update, context), moderators)


async def _forum_id(context: ForumContext) -> str:
    return (await context.services.store.programme.forum()).id


async def _queue_view(update: Update, context: ForumContext, session: Session) -> View:
    repo = context.services.store.questions
    found = await repo.of_session(session.id, (PENDING, APPROVED))
    blocked = len(await repo.blocked(await _forum_id(context)))
    return render_queue(await render_ctx(update, context), session, found, blocked)


async def _note_name(update: Update, context: ForumContext) -> None:
    """A moderator who writes is named in the organisers' screens, as Telegram names them."""
    user = update.effective_user
    if user is not None:
        person = Person(user.id, user.full_name, user.username)
        await context.services.store.questions.name_moderator(person)


async def questions_command(update: Update, context: ForumContext) -> None:
    """/questions: the queue of the session on now, or a choice of sessions with questions
    waiting; for a moderator, only the sessions they moderate."""
    svc = context.services
    organiser = await is_organiser(update, context)
    mine = await svc.store.questions.moderated_by(user_id_of(update))
    if not organiser and not mine:
        await say(update, context, "unknown_command")
        return
    if mine:
        await _note_name(update, context)
    agenda = await agenda_at(svc.store.programme, svc.clock.now())
    on_now = [s for s in agenda.current if accepts_questions(s) and (organiser or s.id in mine)]
    if len(on_now) == 1:
        await send(update, context, await _queue_view(update, context, on_now[0]))
        return
    counts = await svc.store.questions.pending_counts()
    wanted = {s.id for s in on_now} | {i for i in counts if organiser or i in mine}
    found = await svc.store.programme.sessions_by_ids(sorted(wanted))
    sessions = sorted(found.values(), key=lambda s: (s.start, s.id))
    await send(
        update, context, render_queue_pick(await render_ctx(update, context), sessions, counts)
    )


async def _moderated_session(
    update: Update, context: ForumContext, session_id: str
) -> Session | None:
    """The session, if the person may moderate it; None after the unknown-command answer."""
    session = await context.services.store.programme.session(session_id)
    if session is None or not await may_moderate_session(update, context, session.id):
        await say(update, context, "unknown_command")
        return None
    return session


async def _question(
    update: Update, context: ForumContext, arg: str
) -> tuple[Question, Session] | None:
    """(question, session) of a moderator's tap, or None after the answer that fits."""
    question = await context.services.store.questions.get(int(arg))
    if question is None:
        await say(update, context, "q_gone")
        return None
    session = await _moderated_session(update, context, question.session_id)
    return (question, session) if session else None


async def on_queue(update: Update, context: ForumContext) -> None:
    """qq:<session> — the queue, in place (from the choice, refreshed, or back)."""
    args = await callback_args(update, context)
    session = await _moderated_session(update, context, args[0]) if args else None
    if args is None or session is None:
        return
    await query_of(update).answer()
    await edit(update, context, await _queue_view(update, context, session))


async def on_moderate(update: Update, context: ForumContext) -> None:
    """qmod:<question>:<action> — approve, reject, answered; block first asks."""
    args = await callback_args(update, context)
    found = await _question(update, context, args[0]) if args else None
    if args is None or found is None:
        return
    question, session = found
    ctx = await render_ctx(update, context)
    if args[1] == "block":
        await query_of(update).answer()
        await edit(update, context, render_block_confirm(ctx, session, question))
        return
    if await moderate(context.services, question, session, args[1], user_id_of(update)) is None:
        await say(update, context, "q_already")
        return
    await query_of(update).answer(ctx.label("q_done_" + args[1]))
    await edit(update, context, await _queue_view(update, context, session))


async def on_block(update: Update, context: ForumContext) -> None:
    """qblock:<question> — confirmed: the asker may no longer ask; a waiting question of
    theirs is rejected. Audited; lifted from the list of the blocked."""
    args = await callback_args(update, context)
    found = await _question(update, context, args[0]) if args else None
    if args is None or found is None:
        return
    question, session = found
    await block(context.services, question, user_id_of(update))
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("q_done_block"))
    await edit(update, context, await _queue_view(update, context, session))


async def on_history(update: Update, context: ForumContext) -> None:
    """qhist:<session> — answered and rejected questions, each with reopen."""
    args = await callback_args(update, context)
    session = await _moderated_session(update, context, args[0]) if args else None
    if args is None or session is None:
        return
    decided = await context.services.store.questions.decided(session.id, HISTORY_SHOWN)
    await query_of(update).answer()
    await edit(
        update, context, render_history(await render_ctx(update, context), session, decided)
    )


async def on_reopen(update: Update, context: ForumContext) -> None:
    """qreopen:<question> — a rejected question back in the queue, an answered one back
    among the approved. Audited."""
    args = await callback_args(update, context)
    found = await _question(update, context, args[0]) if args else None
    if args is None or found is None:
        return
    question, session = found
    svc = context.services
    after = await reopen(svc, question, user_id_of(update))
    if after is None:
        await say(update, context, "q_already")
        return
    ctx = await render_ctx(update, context)
    key = "q_reopened" if after == PENDING else "q_reopened_approved"
    await query_of(update).answer(ctx.label(key, id=question.id))
    decided = await svc.store.questions.decided(session.id, HISTORY_SHOWN)
    await edit(update, context, render_history(ctx, session, decided))


async def _blocked_view(update: Update, context: ForumContext, session: Session) -> View:
    blocked = await context.services.store.questions.blocked(await _forum_id(context))
    return render_blocked(await render_ctx(update, context), session, blocked)


async def on_blocked(update: Update, context: ForumContext) -> None:
    """qblocked:<session> — the people blocked from asking, each with unblock."""
    args = await callback_args(update, context)
    session = await _moderated_session(update, context, args[0]) if args else None
    if args is None or session is None:
        return
    await query_of(update).answer()
    await edit(update, context, await _blocked_view(update, context, session))


async def on_unblock(update: Update, context: ForumContext) -> None:
    """qunblock:<session>:<person> — they may ask again. Audited."""
    args = await callback_args(update, context)
    session = await _moderated_session(update, context, args[0]) if args else None
    if args is None or session is None:
        return
    person = await unblock(context.services, int(args[1]), user_id_of(update))
    ctx = await render_ctx(update, context)
    if person is None:
        await query_of(update).answer(ctx.label("q_not_blocked"))
    else:
        await query_of(update).answer(ctx.label("q_unblocked", person=person_plain(ctx, person)))
    await edit(update, context, await _blocked_view(update, context, session))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("questions", questions_command))
    app.add_handler(CallbackQueryHandler(on_queue, pattern=pattern("qq")))
    app.add_handler(CallbackQueryHandler(on_moderate, pattern=pattern("qmod")))
    app.add_handler(CallbackQueryHandler(on_block, pattern=pattern("qblock")))
    app.add_handler(CallbackQueryHandler(on_history, pattern=pattern("qhist")))
    app.add_handler(CallbackQueryHandler(on_reopen, pattern=pattern("qreopen")))
    app.add_handler(CallbackQueryHandler(on_blocked, pattern=pattern("qblocked")))
    app.add_handler(CallbackQueryHandler(on_unblock, pattern=pattern("qunblock")))
