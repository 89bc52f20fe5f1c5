"""A time zone of one's own, from /settings: the forum's, a common one, or one typed as
Area/City (asked again until it is a zone; a command typed meanwhile is answered)."""

from __future__ import annotations

import datetime as dt
import warnings

from telegram import Update
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
from forumbot.infra.timeutil import known_zone
from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View, keyboard, zone_name
from forumbot.render.zones import COMMON_ZONES, render_zones
from handlers.context import (
    ForumContext,
    callback,
    chat_id_of,
    current_user,
    edit,
    query_of,
    render_ctx,
    send,
)
from handlers.midflow import leaves, let_commands_through

TYPING = 0
TYPING_TIMEOUT = dt.timedelta(minutes=10).total_seconds()


async def on_zones(update: Update, context: ForumContext) -> None:
    """The screen, in place of the settings."""
    if await callback(update, context) is None:
        return
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await edit(update, context, render_zones(ctx, context.services.clock.now()))


async def _choose(update: Update, context: ForumContext, name: str | None) -> RenderCtx:
    """Store the choice (the forum's own zone is no row) and the reader's context after it."""
    await current_user(update, context)  # the person exists before their zone
    forum = await context.services.store.programme.forum()
    chosen = None if name == forum.timezone else name
    await context.services.store.zones.choose(chat_id_of(update), chosen)
    return await render_ctx(update, context)


def _done(ctx: RenderCtx) -> str:
    if ctx.own_zone is None:
        return ctx.t("tz_set_forum", zone=zone_name(ctx.catalogs, ctx.lang, ctx.forum.timezone))
    return ctx.t("tz_set", zone=zone_name(ctx.catalogs, ctx.lang, str(ctx.own_zone)))


async def on_set(update: Update, context: ForumContext) -> None:
    """A button: the forum's zone or one of the common ones; the screen shows the tick."""
    decoded = await callback(update, context)
    if decoded is None:
        return
    arg = decoded.args[0]
    if arg != "f" and int(arg) >= len(COMMON_ZONES):
        await query_of(update).answer()
        return
    ctx = await _choose(update, context, None if arg == "f" else COMMON_ZONES[int(arg)])
    await query_of(update).answer(_done(ctx))
    await edit(update, context, render_zones(ctx, context.services.clock.now()))


async def on_ask(update: Update, context: ForumContext) -> int:
    """ "Type another": the prompt; typed text comes next."""
    if await callback(update, context) is None:
        return ConversationHandler.END
    await query_of(update).answer()
    ctx = await render_ctx(update, context)
    await send(update, context, View(ctx.tr("tz_type_prompt")))
    return TYPING


async def on_typed(update: Update, context: ForumContext) -> int:
    """A zone as Area/City: stored and confirmed; anything else is asked again, with why."""
    text = update.effective_message.text if update.effective_message else ""
    name = known_zone(text or "")
    if name is None:
        ctx = await render_ctx(update, context)
        await send(update, context, View(ctx.t("tz_unknown", text=(text or "")[:64])))
        return TYPING
    ctx = await _choose(update, context, name)
    back = keyboard([ctx.button(ctx.label("menu_settings"), "settings")])
    await send(update, context, View(_done(ctx), back))
    return ConversationHandler.END


async def on_cancel(update: Update, context: ForumContext) -> int:
    """/cancel (or a long silence): the zone stays as it was."""
    if update.effective_message is not None and update.effective_message.text:
        ctx = await render_ctx(update, context)
        await send(update, context, View(ctx.t("tz_cancelled")))
    return ConversationHandler.END


def build_zone_conversation(catalogs: Catalogs) -> ConversationHandler:
    """Per user and chat: the button starts it, a zone or /cancel ends it."""
    with warnings.catch_warnings():
        # Deliberate: a button starts it, typed messages continue it (per_message=False).
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CallbackQueryHandler(on_ask, pattern=pattern("tzask"))],
            states={
                TYPING: [MessageHandler(filters.TEXT & ~leaves(catalogs), on_typed)],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, on_cancel)],
            },
            fallbacks=[CommandHandler("cancel", on_cancel)],
            name="time_zone",
            persistent=False,
            per_user=True,
            per_chat=True,
            conversation_timeout=TYPING_TIMEOUT,
        )
    return let_commands_through(conversation, catalogs)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_zones, pattern=pattern("tz")))
    app.add_handler(CallbackQueryHandler(on_set, pattern=pattern("tzset")))
    app.add_handler(build_zone_conversation(app.bot_data["catalogs"]))
