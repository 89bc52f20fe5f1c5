"""/start (with deep links), /help, /language, and the command menus per language."""

from __future__ import annotations

import logging
import re

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.infra.i18n import resolve_language
from forumbot.models import User
from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx
from forumbot.render.menu import (
    app_menu_button,
    menu_commands,
    render_help,
    render_language_picker,
    render_language_set,
    render_open_app,
    render_welcome,
)
from forumbot.rules.invitations import PREFIX as INVITE_PREFIX
from forumbot.rules.invitations import TOKEN_PATTERN
from forumbot.runtime.invitations import hold, open_invite, take_held
from forumbot.store.staff import Person
from handlers import menu
from handlers.cards import show_session, show_speaker
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
    current_user,
    edit,
    forget_cached_user,
    is_organiser,
    is_owner,
    query_of,
    render_ctx,
    say,
    send,
    services_of,
)

logger = logging.getLogger(__name__)

_SESSION_LINK = re.compile(r"s_([A-Za-z0-9_-]{1,40})")
_SPEAKER_LINK = re.compile(r"p_([A-Za-z0-9_-]{1,40})")
_INVITE_LINK = re.compile(re.escape(INVITE_PREFIX) + f"({TOKEN_PATTERN})")
# Telegram language codes that get a command menu, and the language of that menu.
MENU_LANGUAGE_CODES = ("ky", "ru", "en", "kk", "uz", "tg", "uk", "be", "tk")


async def forum_dates(context: ForumContext, ctx: RenderCtx) -> str:
    days = [d.date for d, _ in await context.services.store.programme.days()]
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return ctx.date(first)
    return ctx.date_range(first, last)


async def start(update: Update, context: ForumContext) -> None:
    """Welcome; a deep link opens its session or speaker; newcomers pick a language."""
    forget_cached_user(context)  # re-read: /start also makes a blocked person active
    user = await current_user(update, context)
    ctx = await render_ctx(update, context)
    payload = context.args[0] if context.args else ""
    if invite := _INVITE_LINK.fullmatch(payload):
        await _invited(update, context, invite.group(1), user.language_chosen)
    if session := _SESSION_LINK.fullmatch(payload):
        await show_session(update, context, session.group(1))
    elif speaker := _SPEAKER_LINK.fullmatch(payload):
        await show_speaker(update, context, speaker.group(1))
    else:
        if payload and not invite:
            await say(update, context, "bad_link")
        await send(update, context, render_welcome(ctx, await forum_dates(context, ctx)))
        url = context.services.settings.webapp_url
        if url and update.effective_chat and update.effective_chat.type == "private":
            await send(update, context, render_open_app(ctx, url))
    if not user.language_chosen:
        await send(update, context, render_language_picker(ctx, user.language))


async def _invited(update: Update, context: ForumContext, token: str, chosen: bool) -> None:
    """An invitation link: used now, or, for a newcomer, once they have picked a language
    (the welcome and the picker come first, as for anyone)."""
    svc = context.services
    if not chosen:
        await hold(svc.store, chat_id_of(update), token, svc.clock.now())
        return
    await _use_invite(update, context, token)


async def _use_invite(update: Update, context: ForumContext, token: str) -> None:
    tg = update.effective_user
    name = tg.full_name if tg else ""
    person = Person(chat_id_of(update), name, tg.username if tg else None)
    ctx = await render_ctx(update, context)
    view = await open_invite(
        context.services.store, ctx, token, person, context.services.clock.now()
    )
    await send(update, context, view)


async def help_(update: Update, context: ForumContext) -> None:
    """The commands, and how search and links work."""
    ctx = await render_ctx(update, context)
    organiser, owner = await is_organiser(update, context), is_owner(update, context)
    await send(update, context, render_help(ctx, organiser=organiser, owner=owner))


async def language(update: Update, context: ForumContext) -> None:
    """The language picker."""
    user = await current_user(update, context)
    ctx = await render_ctx(update, context)
    await send(update, context, render_language_picker(ctx, user.language))


async def on_language(update: Update, context: ForumContext) -> None:
    """Save the chosen language, show the menu in it, and set this chat's command menu."""
    args = await callback_args(update, context)
    if args is None:
        return
    lang, from_settings = args[0], args[1:] == ("s",)
    svc = context.services
    before = context.user_data.get("user")  # as current_user keeps it; None: not known here
    await svc.store.users.set_language(chat_id_of(update), lang, svc.clock.now())
    forget_cached_user(context)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    # The ticked language tapped again: the picker stays as it is (edit skips identical views).
    await edit(update, context, render_language_picker(ctx, lang, from_settings))
    if not (isinstance(before, User) and before.language_chosen and before.language == lang):
        await _set_chat_commands(context, chat_id_of(update), lang)
        await _set_chat_menu_button(context, chat_id_of(update), lang)
    await send(update, context, render_language_set(ctx))
    if token := await take_held(svc.store, chat_id_of(update)):
        await _use_invite(update, context, token)  # a newcomer's link, now in their language


async def _set_chat_commands(context: ForumContext, chat_id: int, lang: str) -> None:
    commands = [BotCommand(c, d) for c, d in menu_commands(context.services.catalogs, lang)]
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:  # the menu is a convenience: never fail the choice for it
        logger.warning("Could not set the command menu of chat %s: %s", chat_id, exc)


async def _set_chat_menu_button(context: ForumContext, chat_id: int, lang: str) -> None:
    """With a Mini App, this chat's menu button opens it, labelled in the chosen language."""
    if not (url := context.services.settings.webapp_url):
        return
    button = app_menu_button(context.services.catalogs, lang, url)
    try:
        await context.bot.set_chat_menu_button(chat_id, button)
    except TelegramError as exc:  # a convenience, like the command menu
        logger.warning("Could not set the menu button of chat %s: %s", chat_id, exc)


async def set_command_menus(app: Application) -> None:
    """Telegram's command menu in each language (default: English); with a Mini App, the
    default menu button opens it."""
    catalogs = services_of(app).catalogs
    if url := services_of(app).settings.webapp_url:
        await app.bot.set_chat_menu_button(menu_button=app_menu_button(catalogs, "en", url))
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in menu_commands(catalogs, "en")])
    for code in MENU_LANGUAGE_CODES:
        pairs = menu_commands(catalogs, resolve_language(code))
        await app.bot.set_my_commands([BotCommand(c, d) for c, d in pairs], language_code=code)


def register(app: Application) -> None:
    menu.add(app, "language", language)
    menu.add(app, "help", help_)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_))
    app.add_handler(CommandHandler("language", language))
    app.add_handler(CallbackQueryHandler(on_language, pattern=pattern("lang")))
