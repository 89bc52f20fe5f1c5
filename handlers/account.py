"""/settings (topics, language), /subscribe, /unsubscribe, /privacy and /forget."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.account import render_forget_confirm, render_privacy, render_settings
from forumbot.render.callbacks import pattern
from forumbot.render.menu import render_language_picker
from forumbot.store.users import DEFAULT_TOPICS, TOPICS
from handlers import menu
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    current_user,
    edit,
    query_of,
    render_ctx,
    say,
    send,
)


async def _settings_view(update: Update, context: ForumContext):
    ctx = await render_ctx(update, context)
    chat_id = chat_id_of(update)
    store = context.services.store
    topics = await store.users.topics(chat_id)
    hidden = len(await store.hidden.of(chat_id))
    return render_settings(ctx, topics, await store.personal.lead(chat_id), hidden)


async def settings(update: Update, context: ForumContext) -> None:
    """The settings screen: language and one toggle per topic."""
    await send(update, context, await _settings_view(update, context))


async def on_topic(update: Update, context: ForumContext) -> None:
    """Toggle one topic, then show the screen again."""
    args = await callback_args(update, context)
    if args is None:
        return
    if args[0] not in TOPICS:
        await say(update, context, "stale_button")
        return
    users = context.services.store.users
    chat_id = chat_id_of(update)
    await current_user(update, context)  # the person exists before their topics change
    topics = await users.topics(chat_id)
    await users.set_topics(chat_id, {args[0]: not topics[args[0]]})
    await query_of(update).answer()
    await edit(update, context, await _settings_view(update, context))


async def on_settings(update: Update, context: ForumContext) -> None:
    """Back to the settings screen."""
    await query_of(update).answer()
    await edit(update, context, await _settings_view(update, context))


async def on_language_picker(update: Update, context: ForumContext) -> None:
    """The language picker, in place of the settings screen."""
    user = await current_user(update, context)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, render_language_picker(ctx, user.language, from_settings=True))


async def on_lead(update: Update, context: ForumContext) -> None:
    """Choose the reminder lead time (0: reminders off), then show the screen again."""
    args = await callback_args(update, context)
    if args is None:
        return
    minutes = int(args[0])
    await current_user(update, context)
    svc = context.services
    await svc.store.personal.set_lead(chat_id_of(update), minutes, svc.clock.now())
    ctx = await render_ctx(update, context)
    toast = ctx.label("lead_set", minutes=minutes) if minutes else ctx.label("lead_set_off")
    await query_of(update).answer(toast)
    await edit(update, context, await _settings_view(update, context))


async def subscribe(update: Update, context: ForumContext) -> None:
    """Turn on announcements and summaries."""
    await current_user(update, context)
    await context.services.store.users.set_topics(
        chat_id_of(update), dict.fromkeys(DEFAULT_TOPICS, True)
    )
    await say(update, context, "subscribed")


async def unsubscribe(update: Update, context: ForumContext) -> None:
    """Turn every topic off: the bot then only answers."""
    await current_user(update, context)
    await context.services.store.users.set_topics(chat_id_of(update), dict.fromkeys(TOPICS, False))
    await say(update, context, "unsubscribed")


async def privacy(update: Update, context: ForumContext) -> None:
    """What the bot stores, why, and how to have it erased."""
    await send(update, context, render_privacy(await render_ctx(update, context)))


async def forget(update: Update, context: ForumContext) -> None:
    """Ask before erasing everything the bot holds about this person."""
    await send(update, context, render_forget_confirm(await render_ctx(update, context)))


async def on_forget(update: Update, context: ForumContext) -> None:
    """Erase (yes) or keep (no)."""
    args = await callback_args(update, context)
    if args is None:
        return
    ctx = await render_ctx(update, context)  # the language, before it is erased
    await query_of(update).answer()
    if args[0] == "yes":
        forgotten = context.services.forgotten
        assert forgotten is not None
        await forgotten.forget(chat_id_of(update))
        if context.chat_data is not None:
            context.chat_data.clear()
        context.user_data.clear()
        await query_of(update).edit_message_text(ctx.t("forgotten"))
    else:
        await query_of(update).edit_message_text(ctx.t("forget_kept"))


def register(app: Application) -> None:
    menu.add(app, "settings", settings)
    app.add_handler(CommandHandler("settings", settings))
    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe))
    app.add_handler(CommandHandler("privacy", privacy))
    app.add_handler(CommandHandler("forget", forget))
    app.add_handler(CallbackQueryHandler(on_topic, pattern=pattern("topic")))
    app.add_handler(CallbackQueryHandler(on_settings, pattern=pattern("settings")))
    app.add_handler(CallbackQueryHandler(on_lead, pattern=pattern("lead")))
    app.add_handler(CallbackQueryHandler(on_language_picker, pattern=pattern("langpick")))
    app.add_handler(CallbackQueryHandler(on_forget, pattern=pattern("forget")))
