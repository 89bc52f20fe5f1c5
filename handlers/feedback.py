"""Session feedback: rating buttons, the comment conversation, "show my name", and the
organisers' /feedback with its CSV export."""

from __future__ import annotations

import asyncio
import logging
import warnings

from telegram import InputFile, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from forumbot.models import Session
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.feedback import csv_name, render_comment_ask, render_prompt, render_stats
from forumbot.rules.feedback import clean_comment, feedback_csv, summarise
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    current_user,
    edit,
    is_organiser,
    message_of,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)

logger = logging.getLogger(__name__)

COMMENT = 0  # the conversation's one state: waiting for the typed comment
DRAFT = "feedback_comment"  # user_data: the session being commented on
TIMEOUT_SECONDS = 15 * 60


async def _rateable(update: Update, context: ForumContext, session_id: str) -> Session | None:
    """The session, if it exists, is held and has ended; otherwise the stale-button answer
    (a forged or outdated button)."""
    svc = context.services
    session = await svc.store.programme.session(session_id)
    if session is None or session.cancelled or session.end > svc.clock.now():
        await say(update, context, "stale_button")
        return None
    return session


async def _prompt_view(
    update: Update, context: ForumContext, session: Session, note: str | None = None
) -> View:
    store = context.services.store
    answer = await store.feedback.answer(chat_id_of(update), session.id)
    ctx = await render_ctx(update, context)
    return render_prompt(ctx, session, await store.programme.rooms(), answer, note)


async def on_rate(update: Update, context: ForumContext) -> None:
    """fb:<session>:<1-5> — save (or change) the rating; the prompt shows it."""
    args = await callback_args(update, context)
    if args is None or (session := await _rateable(update, context, args[0])) is None:
        return
    await current_user(update, context)
    svc = context.services
    rating = int(args[1])
    await svc.store.feedback.rate(chat_id_of(update), session.id, rating, svc.clock.now())
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("feedback_rated_toast", rating=rating))
    await edit(update, context, await _prompt_view(update, context, session))


async def on_open(update: Update, context: ForumContext) -> None:
    """fbopen:<session> — the session's rating prompt as a new message (the day's stays)."""
    args = await callback_args(update, context)
    if args is None or (session := await _rateable(update, context, args[0])) is None:
        return
    await query_of(update).answer()
    await send(update, context, await _prompt_view(update, context, session))


async def on_name(update: Update, context: ForumContext) -> None:
    """fbname:<session>:<0|1> — let the organisers see my first name with this answer."""
    args = await callback_args(update, context)
    if args is None or (session := await _rateable(update, context, args[0])) is None:
        return
    show = args[1] == "1"
    user = update.effective_user
    name = user.first_name if show and user is not None else None
    chat_id = chat_id_of(update)
    if not await context.services.store.feedback.set_named(chat_id, session.id, name):
        await say(update, context, "stale_button")
        return
    ctx = await render_ctx(update, context)
    toast = "feedback_name_toast_on" if show else "feedback_name_toast_off"
    await query_of(update).answer(ctx.label(toast))
    await edit(update, context, await _prompt_view(update, context, session))


# --- the comment conversation ----------------------------------------------------------------
async def on_comment(update: Update, context: ForumContext) -> int:
    """fbc:<session> — ask for the comment (only on a session the person has rated)."""
    args = await callback_args(update, context)
    if args is None or (session := await _rateable(update, context, args[0])) is None:
        return ConversationHandler.END
    if await context.services.store.feedback.answer(chat_id_of(update), session.id) is None:
        await say(update, context, "stale_button")
        return ConversationHandler.END
    context.user_data[DRAFT] = session.id
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    limit = context.services.settings.feedback_comment_max_length
    await send(update, context, render_comment_ask(ctx, session, limit))
    return COMMENT


async def on_comment_text(update: Update, context: ForumContext) -> int:
    """The typed comment: saved if it fits, asked again if not; then the prompt again."""
    svc = context.services
    limit = svc.settings.feedback_comment_max_length
    typed = message_of(update).text or ""
    comment = clean_comment(typed, limit)
    if comment is None:
        await say(update, context, "feedback_comment_bad", length=len(typed), count=limit)
        return COMMENT
    session_id = context.user_data.pop(DRAFT, None)
    session = await svc.store.programme.session(session_id) if session_id else None
    chat_id = chat_id_of(update)
    if session is None or not await svc.store.feedback.set_comment(
        chat_id, session.id, comment, svc.clock.now()
    ):
        await say(update, context, "session_gone")
        return ConversationHandler.END
    ctx = await render_ctx(update, context)
    note = "✅ " + ctx.t("feedback_comment_saved")
    await send(update, context, await _prompt_view(update, context, session, note))
    return ConversationHandler.END


async def on_comment_cancel(update: Update, context: ForumContext) -> int:
    """/cancel: no comment is saved."""
    context.user_data.pop(DRAFT, None)
    await say(update, context, "feedback_comment_cancelled")
    return ConversationHandler.END


async def on_comment_timeout(update: Update, context: ForumContext) -> None:
    """A comment never typed: the conversation ends with a word to say so."""
    context.user_data.pop(DRAFT, None)
    await say(update, context, "feedback_comment_timeout")


def build_feedback_conversation() -> ConversationHandler:
    """Per user and chat: a button starts it, a typed message ends it."""
    with warnings.catch_warnings():
        # Deliberate: a button starts it, text continues it (PTB warns about per_message).
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CallbackQueryHandler(on_comment, pattern=pattern("fbc"))],
            states={
                COMMENT: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_comment_text)],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, on_comment_timeout)],
            },
            fallbacks=[CommandHandler("cancel", on_comment_cancel)],
            name=DRAFT,
            persistent=False,
            per_user=True,
            per_chat=True,
            conversation_timeout=TIMEOUT_SECONDS,
            allow_reentry=True,  # "add a comment" on another session starts over
        )


# --- organisers ------------------------------------------------------------------------------
async def feedback(update: Update, context: ForumContext) -> None:
    """/feedback — per session: answers, average, distribution; a button for the CSV."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")  # the same answer as any unknown command
        return
    store = context.services.store
    ctx = await render_ctx(update, context)
    programme = await store.programme.load()
    order = [s.id for s in sorted(programme.sessions, key=lambda s: (s.start, s.id))]
    stats = summarise(await store.feedback.distribution(), order)
    sessions = {s.id: s for s in programme.sessions}
    people = len({r.chat_id for r in await store.feedback.export_rows()})
    counts = await store.feedback.prompt_counts()
    await send(update, context, render_stats(ctx, stats, sessions, people, counts))


async def on_csv(update: Update, context: ForumContext) -> None:
    """fbcsv — the answers as a CSV file; organisers only, checked again here."""
    if await callback_args(update, context) is None:
        return
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    programme = await svc.store.programme.load()
    titles = {s.id: ctx.plain(s.title) for s in programme.sessions}
    rows = await svc.store.feedback.export_rows()
    body = await asyncio.to_thread(feedback_csv, rows, titles, ctx.forum.zone)  # off the loop
    now = ctx.local(svc.clock.now())
    await context.bot.send_document(
        chat_id_of(update),
        document=InputFile(body, filename=csv_name(ctx.forum.id, now)),
        caption=ctx.t("feedback_csv_caption") + "\n" + ctx.zone_note(now),
    )
    logger.info("Feedback CSV sent to organiser %s", user_id_of(update))


def register(app: Application) -> None:
    app.add_handler(build_feedback_conversation())
    app.add_handler(CommandHandler("feedback", feedback))
    app.add_handler(CallbackQueryHandler(on_rate, pattern=pattern("fb")))
    app.add_handler(CallbackQueryHandler(on_open, pattern=pattern("fbopen")))
    app.add_handler(CallbackQueryHandler(on_name, pattern=pattern("fbname")))
    app.add_handler(CallbackQueryHandler(on_csv, pattern=pattern("fbcsv")))
