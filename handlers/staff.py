"""Owners add and remove organisers in the chat; organisers read the audit log."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.menu import main_keyboard
from forumbot.render.staff import (
    PICK_ORGANISER,
    pick_person_keyboard,
    render_audit,
    render_organisers,
)
from handlers.context import (
    ForumContext,
    callback_args,
    edit,
    is_organiser,
    is_owner,
    message_of,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
)


async def _organisers_view(update: Update, context: ForumContext):
    settings = context.services.settings
    fixed = sorted(settings.owner_ids | settings.organiser_ids)
    added = await context.services.store.staff.organisers()
    return render_organisers(await render_ctx(update, context), fixed, added)


async def organisers(update: Update, context: ForumContext) -> None:
    """Owners only: the organisers, a button to remove each, and the person picker to add."""
    if not is_owner(update, context):
        await say(update, context, "unknown_command")
        return
    ctx = await render_ctx(update, context)
    await send(update, context, await _organisers_view(update, context))
    await send(update, context, View(ctx.t("organisers_pick_prompt"), pick_person_keyboard(ctx)))


async def on_person_picked(update: Update, context: ForumContext) -> None:
    """The owner picked a person with Telegram's user picker: make them an organiser."""
    shared = message_of(update).users_shared
    if shared is None or shared.request_id != PICK_ORGANISER or not is_owner(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    ctx = await render_ctx(update, context)
    owner = user_id_of(update)
    for person in shared.users:
        added = await svc.store.staff.add_organiser(person.user_id, owner, svc.clock.now())
        key = "organiser_added" if added else "organiser_already"
        await send(update, context, View(ctx.t(key, user=str(person.user_id)), main_keyboard(ctx)))


async def on_remove(update: Update, context: ForumContext) -> None:
    """Owners only: remove an organiser added in the chat."""
    args = await callback_args(update, context)
    if args is None:
        return
    if not is_owner(update, context):
        await say(update, context, "stale_button")
        return
    svc = context.services
    removed = await svc.store.staff.remove_organiser(
        int(args[0]), user_id_of(update), svc.clock.now()
    )
    ctx = await render_ctx(update, context)
    key = "organiser_removed" if removed else "organiser_not_found"
    await query_of(update).answer(ctx.label(key, user=args[0]))
    await edit(update, context, await _organisers_view(update, context))


async def audit(update: Update, context: ForumContext) -> None:
    """Organisers: who did what, and when, newest first."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    entries = await context.services.store.staff.audit_log()
    await send(update, context, render_audit(await render_ctx(update, context), entries))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("organisers", organisers))
    app.add_handler(CommandHandler("audit", audit))
    app.add_handler(MessageHandler(filters.StatusUpdate.USERS_SHARED, on_person_picked))
    app.add_handler(CallbackQueryHandler(on_remove, pattern=pattern("orgdel")))
