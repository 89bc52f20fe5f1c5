"""Organisers assign the moderators of a session's questions from its card: picked with
Telegram's user picker (the numeric id, never a username), removed with a button.

Who asks is checked on every step, on the server side; the programme file's moderators
(moderator_ids) are listed too, and change only with the file.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from forumbot.models import Session
from forumbot.render.context import View
from forumbot.render.menu import main_keyboard
from forumbot.render.questions import PICK_MODERATOR, pick_moderator_keyboard, render_moderators
from forumbot.rules.questions import accepts_questions
from handlers.context import (
    ForumContext,
    edit,
    is_organiser,
    organiser_args,
    render_ctx,
    say,
    send,
)

logger = logging.getLogger(__name__)

PICKING = "qmods:for"  # user_data: the session whose moderator the organiser is picking


class _PickedModerator(filters.MessageFilter):
    """A person shared through the "pick the moderator" button (not the organiser one)."""

    def filter(self, message: Message) -> bool:
        shared = message.users_shared
        return shared is not None and shared.request_id == PICK_MODERATOR


async def _session(update: Update, context: ForumContext) -> Session | None:
    """The session the pressed button names, for an organiser; None after a polite answer."""
    args = await organiser_args(update, context)
    if args is None:
        return None
    session = await context.services.store.programme.session(args[0])
    if session is None or not accepts_questions(session):
        await say(update, context, "stale_button")
        return None
    return session


async def _view(update: Update, context: ForumContext, session: Session) -> View:
    moderators = await context.services.store.questions.moderators(session.id)
    return render_moderators(await render_ctx(update, context), session, moderators)


async def on_moderators(update: Update, context: ForumContext) -> None:
    """qmods:<session> — the session's moderators, in place of the card."""
    session = await _session(update, context)
    if session is None:
        return
    await update.callback_query.answer()
    await edit(update, context, await _view(update, context, session))


async def on_add(update: Update, context: ForumContext) -> None:
    """qmodadd:<session> — the person picker, as a new message."""
    session = await _session(update, context)
    if session is None:
        return
    context.user_data[PICKING] = session.id
    ctx = await render_ctx(update, context)
    await update.callback_query.answer()
    text = ctx.tr("q_mods_pick_prompt", session=f"«{ctx.text(session.title)}»")
    await send(update, context, View(text, pick_moderator_keyboard(ctx)))


async def on_picked(update: Update, context: ForumContext) -> None:
    """The organiser picked a person: they moderate the session's questions."""
    svc = context.services
    session_id = context.user_data.get(PICKING)
    session = await svc.store.programme.session(session_id) if session_id else None
    if session is None or not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    ctx = await render_ctx(update, context)
    title = f"«{ctx.text(session.title)}»"
    by, now = update.effective_user.id, svc.clock.now()
    for person in update.effective_message.users_shared.users:
        added = await svc.store.questions.add_moderator(session.id, person.user_id, by, now)
        if added:
            await svc.store.staff.audit(
                by, "moderator_added", now, session=session.id, user=person.user_id
            )
        key = "q_mods_added" if added else "q_mods_already"
        text = ctx.tr(key, user=str(person.user_id), session=title)
        await send(update, context, View(text, main_keyboard(ctx)))
    context.user_data.pop(PICKING, None)
    await send(update, context, await _view(update, context, session))


async def on_remove(update: Update, context: ForumContext) -> None:
    """qmoddel:<session>:<user> — remove a moderator assigned in the chat."""
    session = await _session(update, context)
    if session is None:
        return
    svc = context.services
    user_id = int(update.callback_query.data.rsplit(":", 1)[1])
    removed = await svc.store.questions.remove_moderator(session.id, user_id)
    if removed:
        by, now = update.effective_user.id, svc.clock.now()
        await svc.store.staff.audit(by, "moderator_removed", now, session=session.id, user=user_id)
    ctx = await render_ctx(update, context)
    key = "q_mods_removed" if removed else "q_mods_not_found"
    await update.callback_query.answer(ctx.label(key, user=str(user_id)))
    await edit(update, context, await _view(update, context, session))


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_moderators, pattern=r"^qmods:"))
    app.add_handler(CallbackQueryHandler(on_add, pattern=r"^qmodadd:"))
    app.add_handler(CallbackQueryHandler(on_remove, pattern=r"^qmoddel:"))
    app.add_handler(MessageHandler(_PickedModerator(), on_picked))
