"""Polls at round tables: a moderator of the session or an organiser starts one while the
session is on (from its card or /poll), types the question and answers, picks one answer
or several, sees who it goes to and sends it; those present and those who starred the
session answer with inline buttons; the results are live for organisers and moderators,
closed on demand, and downloadable as CSV. Who asks is checked on every step, server-side.
Why inline buttons and not native polls: forumbot/runtime/polls.py."""

from __future__ import annotations

import asyncio
import logging

from telegram import InputFile, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from forumbot.infra.i18n import Catalogs
from forumbot.models import Session
from forumbot.render.callbacks import pattern
from forumbot.render.context import View, keyboard
from forumbot.render.polls import render_close_confirm, render_poll_preview
from forumbot.rules.polls import Poll, parse_poll
from forumbot.runtime.polls import (
    audience,
    may_run,
    poll_results,
    results_csv,
    results_view,
    start_poll,
)
from forumbot.store.polls import PollDraft
from handlers.composer import END, drop_draft, keep_draft, stored_draft
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    edit,
    is_organiser,
    message_of,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)
from handlers.midflow import ask, ask_again, settle, typed_value_conversation

logger = logging.getLogger(__name__)


async def _runner(update: Update, context: ForumContext, session_id: str) -> Session | None:
    """The session, when the asker may run its polls (else the unknown command's answer)."""
    session = await context.services.store.programme.session(session_id)
    organiser = await is_organiser(update, context)
    asker = user_id_of(update)
    if session is None or not await may_run(context.services.store, session, asker, organiser):
        await say(update, context, "unknown_command" if session else "session_gone")
        return None
    return session


async def _running(update: Update, context: ForumContext, session_id: str) -> Session | None:
    """As ``_runner``, for a session that is on now."""
    session = await _runner(update, context, session_id)
    if session is not None and not session.is_on(context.services.clock.now()):
        await say(update, context, "poll_not_on")
        return None
    return session


async def on_command(update: Update, context: ForumContext) -> None:
    """/poll — the running sessions the asker may poll, one button each."""
    svc = context.services
    organiser = await is_organiser(update, context)
    asker = user_id_of(update)
    running = [
        s
        for s in await svc.store.programme.sessions_now(svc.clock.now())
        if await may_run(svc.store, s, asker, organiser)
    ]
    if not running:
        staff = organiser or await svc.store.questions.moderated_by(asker)
        await say(update, context, "poll_none_running" if staff else "unknown_command")
        return
    ctx = await render_ctx(update, context)
    rows = [[ctx.button("📊 " + ctx.plain(s.title)[:60], "poll", s.id)] for s in running]
    await send(update, context, View(ctx.t("poll_pick"), keyboard(*rows)))


async def on_start(update: Update, context: ForumContext) -> int:
    """poll:<id> — ask for the question and the answers."""
    args = await callback_args(update, context)
    if args is None or (session := await _running(update, context, args[0])) is None:
        return END
    await keep_draft(update, context, PollDraft(session.id))
    return await ask(update, context, View((await render_ctx(update, context)).t("poll_type")))


async def on_text(update: Update, context: ForumContext) -> int:
    """The typed poll: asked again until it is a question and 2 to 10 answers."""
    draft = await stored_draft(update, context, PollDraft)
    if (
        draft is None
        or (session := await _runner(update, context, draft.session_id or "")) is None
    ):
        return END
    parsed = parse_poll(message_of(update).text or "")
    if isinstance(parsed, str):
        return await ask_again(update, context, parsed)
    draft.question, draft.options, draft.typing = parsed[0], list(parsed[1]), False
    await keep_draft(update, context, draft)
    await send(update, context, await _preview(update, context, session, draft))
    return END


async def _preview(
    update: Update, context: ForumContext, session: Session, draft: PollDraft
) -> View:
    people = len(await audience(context.services.store, session.id))
    ctx = await render_ctx(update, context)
    return render_poll_preview(ctx, session, draft.question, draft.options, draft.multiple, people)


async def _draft_for(update: Update, context: ForumContext) -> tuple[Session, PollDraft] | None:
    """The pressed preview's session and its waiting draft, for one who may run it."""
    args = await callback_args(update, context)
    if args is None or (session := await _runner(update, context, args[0])) is None:
        return None
    draft = await stored_draft(update, context, PollDraft)
    if draft is None or draft.typing or draft.session_id != session.id:
        await say(update, context, "stale_button")
        return None
    return session, draft


async def on_mode(update: Update, context: ForumContext) -> None:
    """pollm:<id>:<0|1> — one answer or several."""
    found = await _draft_for(update, context)
    if found is None:
        return
    session, draft = found
    draft.multiple = query_of(update).data == f"pollm:{session.id}:1"
    await keep_draft(update, context, draft)
    await query_of(update).answer()
    await edit(update, context, await _preview(update, context, session, draft))


async def on_send(update: Update, context: ForumContext) -> None:
    """pollgo:<id> — send it through the delivery engine, then show the live results."""
    found = await _draft_for(update, context)
    if found is None or await _running(update, context, found[0].id) is None:
        return
    session, draft = found
    svc = context.services
    ctx = await render_ctx(update, context)
    now = svc.clock.now()
    poll, people = await start_poll(
        svc.store, svc.delivery, ctx.catalogs, ctx.forum, session, draft.question,
        tuple(draft.options), draft.multiple, by=user_id_of(update), now=now,
        bot_username=ctx.bot_username,
    )  # fmt: skip
    await drop_draft(update, context, PollDraft.KIND)
    await svc.store.staff.audit(user_id_of(update), "poll_started", now, session=session.id,
                                poll=poll.id, people=people)  # fmt: skip
    logger.info("Poll %d at %s sent to %d people", poll.id, session.id, people)
    await query_of(update).answer()
    await edit(update, context, View(ctx.t("poll_sent", count=people)))
    results = await results_view(svc.store, ctx, poll.id, now)
    if results is not None:
        message = await send(update, context, results)
        live = context.bot_data.setdefault("poll_live", {})
        live[poll.id] = (message.chat_id, message.message_id, None)  # none followed yet


async def on_drop(update: Update, context: ForumContext) -> None:
    """pollno:<id> — nothing is sent."""
    if await _draft_for(update, context) is None:
        return
    await drop_draft(update, context, PollDraft.KIND)
    await settle(update, context, "poll_dropped")


async def _staff_poll(update: Update, context: ForumContext) -> Poll | None:
    """The pressed results button's poll, for one who may run its session's polls."""
    args = await callback_args(update, context)
    if args is None:
        return None
    poll = await context.services.store.polls.get(int(args[0]))
    if poll is None:
        await say(update, context, "stale_button")
        return None
    return poll if await _runner(update, context, poll.session_id) else None


async def on_results(update: Update, context: ForumContext) -> None:
    """pres:<poll> — the results now ("up to date" when nothing moved)."""
    poll = await _staff_poll(update, context)
    if poll is None:
        return
    ctx = await render_ctx(update, context)
    view = await results_view(context.services.store, ctx, poll.id, context.services.clock.now())
    if view is None:
        await say(update, context, "session_gone")
        return
    changed = await edit(update, context, view)
    time = ctx.hhmm(context.services.clock.now())
    await query_of(update).answer(None if changed else ctx.label("refresh_up_to_date", time=time))


async def on_close(update: Update, context: ForumContext) -> None:
    """pclose:<poll> — how many answered; close for good? (asks once)."""
    poll = await _staff_poll(update, context)
    results = await poll_results(context.services.store, poll.id) if poll else None
    if results is None:
        return
    await query_of(update).answer()
    await edit(update, context, render_close_confirm(await render_ctx(update, context), results))


async def on_close_ok(update: Update, context: ForumContext) -> None:
    """pcloseok:<poll> — no more answers; the final results, audited."""
    poll = await _staff_poll(update, context)
    if poll is None:
        return
    svc = context.services
    now = svc.clock.now()
    if await svc.store.polls.close(poll.id, user_id_of(update), now):
        await svc.store.staff.audit(user_id_of(update), "poll_closed", now, poll=poll.id)
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("poll_closed"))
    view = await results_view(svc.store, ctx, poll.id, now)
    if view is not None:
        await edit(update, context, view)


async def on_csv(update: Update, context: ForumContext) -> None:
    """pcsv:<poll> — the results as a CSV file (counts only: no one's identity)."""
    poll = await _staff_poll(update, context)
    results = await poll_results(context.services.store, poll.id) if poll else None
    session = await context.services.store.programme.session(poll.session_id) if poll else None
    if results is None or session is None:
        return
    ctx = await render_ctx(update, context)
    body = await asyncio.to_thread(results_csv, results, ctx.plain(session.title))
    await query_of(update).answer()
    await context.bot.send_document(
        chat_id_of(update),
        document=InputFile(body, filename=f"{ctx.forum.id}-poll-{results.poll.id}.csv"),
        caption=ctx.t("poll_csv_caption", count=results.voters),
    )


def build_poll_conversation(catalogs: Catalogs) -> ConversationHandler:
    """A session's poll button starts it, the typed question and answers end it."""
    return typed_value_conversation("poll", "poll", on_start, on_text, catalogs)


def register(app: Application) -> None:
    app.add_handler(build_poll_conversation(app.bot_data["catalogs"]))
    app.add_handler(CommandHandler("poll", on_command))
    handlers = {
        "pollm": on_mode, "pollgo": on_send, "pollno": on_drop, "pres": on_results,
        "pclose": on_close, "pcloseok": on_close_ok, "pcsv": on_csv,
    }  # fmt: skip
    for action, callback in handlers.items():
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern(action)))
