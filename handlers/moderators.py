"""Organisers assign the moderators of a session's questions from its card: picked with
Telegram's user picker (its id, with the name and @username it gives, shown by name), removed
with a button.

The picker is a short conversation: its keyboard has a Cancel button, /cancel works, and any
other command or a menu button ends it; each brings the menu keyboard back. Who asks is
checked on every step, on the server side; the programme file's moderators (moderator_ids)
are listed too, and change only with the file.
"""

from __future__ import annotations

import logging
import warnings

from telegram import Message, Update
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

from forumbot.infra.i18n import Catalogs
from forumbot.models import Session
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.menu import main_keyboard
from forumbot.render.questions import (
    PICK_MODERATOR,
    person_html,
    person_plain,
    pick_moderator_keyboard,
    render_moderators,
)
from forumbot.rules.questions import Person, accepts_questions
from handlers.context import (
    ForumContext,
    edit,
    is_organiser,
    message_of,
    organiser_args,
    pressed,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)
from handlers.midflow import leaves, let_commands_through

logger = logging.getLogger(__name__)

PICKING = "qmods:for"  # user_data: the session whose moderator the organiser is picking
PICK = 0  # the conversation's one step: waiting for the picked person
PICK_TIMEOUT = 15 * 60


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
    moderators = await context.services.store.questions.moderator_people(session.id)
    return render_moderators(await render_ctx(update, context), session, moderators)


async def on_moderators(update: Update, context: ForumContext) -> None:
    """qmods:<session> — the session's moderators, in place of the card."""
    session = await _session(update, context)
    if session is None:
        return
    await query_of(update).answer()
    await edit(update, context, await _view(update, context, session))


async def on_add(update: Update, context: ForumContext) -> int:
    """qmodadd:<session> — the person picker, as a new message, with a way out."""
    session = await _session(update, context)
    if session is None:
        return ConversationHandler.END
    context.user_data[PICKING] = session.id
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    text = ctx.tr("q_mods_pick_prompt", session=f"«{ctx.text(session.title)}»")
    text += "\n\n" + ctx.t("q_mods_pick_cancel")
    await send(update, context, View(text, pick_moderator_keyboard(ctx)))
    return PICK


async def on_picked(update: Update, context: ForumContext) -> int:
    """The organiser picked a person: they moderate the session's questions."""
    svc = context.services
    session_id = context.user_data.pop(PICKING, None)
    session = await svc.store.programme.session(session_id) if session_id else None
    if session is None or not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return ConversationHandler.END
    ctx = await render_ctx(update, context)
    title = f"«{ctx.text(session.title)}»"
    by, now = user_id_of(update), svc.clock.now()
    shared = message_of(update).users_shared
    for picked in shared.users if shared else ():
        name = " ".join(n for n in (picked.first_name, picked.last_name) if n) or None
        person = Person(picked.user_id, name, picked.username)
        added = await svc.store.questions.add_moderator(session.id, person.chat_id, by, now,
                                                        person)  # fmt: skip
        if added:
            await svc.store.staff.audit(
                by, "moderator_added", now, session=session.id, user=person.chat_id
            )
        key = "q_mods_added" if added else "q_mods_already"
        text = ctx.tr(key, user=person_html(ctx, person), session=title)
        await send(update, context, View(text, main_keyboard(ctx)))
    await send(update, context, await _view(update, context, session))
    return ConversationHandler.END


async def on_pick_cancel(update: Update, context: ForumContext) -> int:
    """Cancel (the keyboard's button or /cancel): nobody is added, the menu comes back."""
    context.user_data.pop(PICKING, None)
    ctx = await render_ctx(update, context)
    await send(update, context, View(ctx.t("q_mods_pick_cancelled"), main_keyboard(ctx)))
    return ConversationHandler.END


async def on_pick_other(update: Update, context: ForumContext) -> int:
    """Anything else typed while picking: the picker keeps waiting, and says how."""
    ctx = await render_ctx(update, context)
    await send(update, context, View(ctx.t("q_mods_pick_cancel"), pick_moderator_keyboard(ctx)))
    return PICK


async def on_stray_pick(update: Update, context: ForumContext) -> None:
    """A person shared from a picker no longer waited for: an organiser is told how to open
    it again (and gets the menu back); anyone else gets the unknown-command answer."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    ctx = await render_ctx(update, context)
    await send(update, context, View(ctx.t("q_mods_pick_expired"), main_keyboard(ctx)))


async def on_remove(update: Update, context: ForumContext) -> None:
    """qmoddel:<session>:<user> — remove a moderator assigned in the chat."""
    session = await _session(update, context)
    if session is None:
        return
    svc = context.services
    user_id = int(pressed(update).args[1])
    known = dict((p.chat_id, p) for p, _ in await svc.store.questions.moderator_people(session.id))
    person = known.get(user_id, Person(user_id))
    removed = await svc.store.questions.remove_moderator(session.id, user_id)
    if removed:
        by, now = user_id_of(update), svc.clock.now()
        await svc.store.staff.audit(by, "moderator_removed", now, session=session.id, user=user_id)
    ctx = await render_ctx(update, context)
    key = "q_mods_removed" if removed else "q_mods_not_found"
    await query_of(update).answer(ctx.label(key, user=person_plain(ctx, person)))
    await edit(update, context, await _view(update, context, session))


async def _pick_left(update: Update, context: ForumContext) -> None:
    """Another command or a menu button while picking: the menu keyboard comes back."""
    await on_pick_cancel(update, context)


def build_pick_conversation(catalogs: Catalogs) -> ConversationHandler:
    """Per user and chat: the button starts it, a picked person, Cancel or /cancel ends it."""
    cancel_labels = [
        catalogs.t(lang, "q_mods_pick_cancel_button") for lang in catalogs.languages()
    ]
    with warnings.catch_warnings():
        # Deliberate: a button starts it, typed messages continue it (per_message=False).
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CallbackQueryHandler(on_add, pattern=pattern("qmodadd"))],
            states={
                PICK: [
                    MessageHandler(_PickedModerator(), on_picked),
                    MessageHandler(filters.Text(cancel_labels), on_pick_cancel),
                    MessageHandler(~leaves(catalogs) & ~filters.StatusUpdate.ALL, on_pick_other),
                ],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, on_pick_cancel)],
            },
            fallbacks=[CommandHandler("cancel", on_pick_cancel)],
            name="pick_moderator",
            persistent=False,
            per_user=True,
            per_chat=True,
            conversation_timeout=PICK_TIMEOUT,
        )
    return let_commands_through(conversation, catalogs, _pick_left)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_moderators, pattern=pattern("qmods")))
    app.add_handler(build_pick_conversation(app.bot_data["catalogs"]))
    app.add_handler(CallbackQueryHandler(on_remove, pattern=pattern("qmoddel")))
    app.add_handler(MessageHandler(_PickedModerator(), on_stray_pick))
