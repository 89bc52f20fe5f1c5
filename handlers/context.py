"""The handlers' typed context, and the few helpers every area shares."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, NoReturn, TypeVar

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import Application, CallbackContext, ExtBot

from forumbot.infra.i18n import resolve_language
from forumbot.infra.timeutil import NonexistentTime, is_ambiguous, zone_or_none
from forumbot.models import Forum, User
from forumbot.render.callbacks import Callback, CallbackError, decode
from forumbot.render.context import RenderCtx, View
from forumbot.render.html import split_html
from forumbot.render.shared import minute_of
from forumbot.rules.hidden import Sieve
from forumbot.runtime.services import Services

logger = logging.getLogger(__name__)
T = TypeVar("T")
Pred = Callable[[T], bool]
CAPTION_LIMIT = 1024  # characters of a photo's caption, as Telegram counts them
_TAG = re.compile(r"<[^>]+>")
GROUP_LANGUAGE = "group_language"  # user_data: the language a person is answered in, in groups


class ForumContext(CallbackContext[ExtBot, dict, dict, dict]):
    """PTB's context with one typed way to reach the bot's services."""

    @property
    def services(self) -> Services:
        return self.bot_data["services"]

    @property
    def user_data(self) -> dict[Any, Any]:
        """The person's data; every update the handlers take has a person (PTB types it
        optional for updates without one, such as a channel post)."""
        data = super().user_data
        if data is None:
            raise TypeError("an update without a user reached a handler")
        return data

    @user_data.setter
    def user_data(self, _: object) -> NoReturn:
        raise AttributeError("user_data is PTB's to set")


def query_of(update: Update) -> CallbackQuery:
    """The pressed button's query: handlers registered for buttons always have one."""
    if update.callback_query is None:
        raise TypeError("not a button press")
    return update.callback_query


def message_of(update: Update) -> Message:
    """The message the update is about (typed, or the one whose button was pressed)."""
    if update.effective_message is None:
        raise TypeError("an update without a message reached a message handler")
    return update.effective_message


def chat_id_of(update: Update) -> int:
    if update.effective_chat is None:
        raise TypeError("an update without a chat reached a chat handler")
    return update.effective_chat.id


def user_id_of(update: Update) -> int:
    if update.effective_user is None:
        raise TypeError("an update without a user reached a handler")
    return update.effective_user.id


async def is_organiser(update: Update, context: ForumContext) -> bool:
    """Checked on every organiser action, on the server side: the settings' organisers and
    owners, and the organisers the owners added in the chat."""
    user = update.effective_user
    return user is not None and await context.services.is_organiser(user.id)


def is_owner(update: Update, context: ForumContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.services.settings.owner_ids


def services_of(app: Application) -> Services:
    return app.bot_data["services"]


async def current_user(update: Update, context: ForumContext) -> User:
    """The person behind this update, recorded in the store on first sight (and cached per
    person). In a group nobody is recorded: see ``group_reader``."""
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return await group_reader(update, context)
    user = context.user_data.get("user")
    if isinstance(user, User):
        context.services.store.users.seen(user.chat_id, context.services.clock.now())
        return user
    chat_id = chat_id_of(update)
    tg_user = update.effective_user
    lang = resolve_language(tg_user.language_code if tg_user else None)
    svc = context.services
    user = await svc.store.users.record(chat_id, lang, svc.clock.now())
    context.user_data["user"] = user
    return user


async def group_reader(update: Update, context: ForumContext) -> User:
    """Whoever writes in a group, only read, never recorded: as the group (so no personal
    marks show), in the sender's language: their stored choice if they have one, else their
    Telegram app's language, else the forum's. Cached per person, not per group."""
    lang = context.user_data.get(GROUP_LANGUAGE)
    if lang is None:
        svc = context.services
        tg_user = update.effective_user
        stored = await svc.store.users.get(tg_user.id) if tg_user else None
        if stored is not None:
            lang = stored.language
        elif tg_user is not None and tg_user.language_code:
            lang = resolve_language(tg_user.language_code)
        else:
            lang = (await svc.store.programme.forum()).default_language
        context.user_data[GROUP_LANGUAGE] = lang
    now = context.services.clock.now()
    return User(chat_id_of(update), lang, now, language_chosen=True)


def forget_cached_user(context: ForumContext) -> None:
    """After the person's row changed (language, /start, /forget): read it again."""
    context.user_data.pop("user", None)
    context.user_data.pop(GROUP_LANGUAGE, None)


async def render_ctx(update: Update, context: ForumContext) -> RenderCtx:
    user = await current_user(update, context)
    svc = context.services
    forum = await svc.store.programme.forum()
    own = await own_zone(update, context, forum)
    return RenderCtx(user.language, svc.catalogs, forum, svc.bot_username, own)


async def own_zone(update: Update, context: ForumContext, forum: Forum) -> dt.tzinfo | None:
    """The zone this person chose in /settings, in a private chat; None for the forum's (a
    group reads the forum's: its members are many)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return None
    name = await context.services.store.zones.of(chat.id)
    return None if name is None or name == forum.timezone else zone_or_none(name)


Render = Callable[[RenderCtx, dt.datetime], Awaitable[View | None]]


async def shared_view(
    update: Update, context: ForumContext, key: tuple[Hashable, ...], render: Render, timed=False
) -> View | None:
    """A view the same for everyone who reads it in this language, rendered once per
    programme version (and minute, when it shows the time) and reused; ``render`` gets the
    reader's context and the minute's start (forumbot.render.shared). Whoever chose a zone of
    their own gets it rendered for them alone."""
    svc = context.services
    version = await svc.store.programme.version.current()  # first: before anything is read
    ctx = await render_ctx(update, context)
    now = minute_of(svc.clock.now())
    if ctx.own_zone is not None:  # their own times beside the forum's: theirs alone, not kept
        return await render(ctx, now)
    full = (*key, ctx.lang, version, now if timed else None)
    return await svc.views.get(full, lambda: render(ctx, now))


async def sieve_of(update: Update, context: ForumContext) -> Sieve | None:
    """What this person hides, with their stars (which win); None when they hide nothing,
    the common case, answered from memory."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return None
    store = context.services.store
    hidden = await store.hidden.of(chat.id)
    if not hidden:
        return None
    return Sieve(hidden, frozenset(await store.personal.starred(chat.id)))


SiftedRender = Callable[[RenderCtx, dt.datetime, Sieve | None], Awaitable[View | None]]


async def sifted_view(
    update: Update,
    context: ForumContext,
    key: tuple[Hashable, ...],
    render: SiftedRender,
    timed=False,
) -> View | None:
    """A shared view (``shared_view``) for whoever hides nothing; for whoever hides tracks or
    kinds, rendered for them alone and never kept, so the shared one stays everyone's."""
    sieve = await sieve_of(update, context)
    if sieve is None:
        return await shared_view(update, context, key, lambda c, n: render(c, n, None), timed)
    now = minute_of(context.services.clock.now())
    return await render(await render_ctx(update, context), now, sieve)


async def send(update: Update, context: ForumContext, view: View) -> Message:
    """Send ``view`` as new message(s); a long text is split, the keyboard goes on the last.

    A view with a photo goes with sendPhoto, the text as its caption when it fits (1024
    characters); a longer text follows the photo as its own message, keyboard and all (the
    photo may be a file id, which a link preview cannot show)."""
    if view.photo:
        chat_id = chat_id_of(update)
        if len(caption_text(view.text)) <= CAPTION_LIMIT:
            return await context.bot.send_photo(
                chat_id, view.photo, caption=view.text, reply_markup=view.keyboard
            )
        await context.bot.send_photo(chat_id, view.photo)
    parts = split_html(view.text)
    message = None
    for i, part in enumerate(parts):
        markup = view.keyboard if i == len(parts) - 1 else None
        message = await context.bot.send_message(chat_id_of(update), part, reply_markup=markup)
    assert message is not None
    return message


async def edit(update: Update, context: ForumContext, view: View) -> bool:
    """Show ``view`` in place of the message whose button was pressed (navigation); False
    when the message already showed it (nothing sent).

    A text too long for one message fills this one and continues in new messages, the
    keyboard on the last.
    """
    assert view.keyboard is None or isinstance(view.keyboard, InlineKeyboardMarkup)
    query = query_of(update)
    if isinstance(query.message, Message) and query.message.text is None:
        await send(update, context, view)  # a photo's buttons: a text cannot replace it
        return True
    parts = split_html(view.text)
    preview = photo_preview(view.photo)
    if len(parts) == 1:
        return await _edit_text(query.message, parts[0], view.keyboard, preview)
    await _edit_text(query.message, parts[0], None, preview)
    for i, part in enumerate(parts[1:], start=2):
        markup = view.keyboard if i == len(parts) else None
        await context.bot.send_message(chat_id_of(update), part, reply_markup=markup)
    return True


def shows(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether ``message`` already shows this HTML text and keyboard (Telegram refuses an
    identical edit with "message is not modified")."""
    current = message.reply_markup.to_dict() if message.reply_markup else None
    wanted = markup.to_dict() if markup else None
    return current == wanted and html.unescape(message.text_html or "") == html.unescape(text)


def caption_text(text: str) -> str:
    """What Telegram counts of an HTML text: the text without its tags, entities read."""
    return html.unescape(_TAG.sub("", text))


def photo_preview(photo: str | None) -> LinkPreviewOptions | None:
    """A picture in a text message edited in place (navigation: a text cannot become a
    photo): the https:// URL as a large link preview above the text; a file id cannot be."""
    if not photo or not photo.startswith("https://"):
        return None
    return LinkPreviewOptions(url=photo, prefer_large_media=True, show_above_text=True)


async def _edit_text(
    message: MaybeInaccessibleMessage | None,
    text: str,
    markup: InlineKeyboardMarkup | None,
    preview: LinkPreviewOptions | None = None,
) -> bool:
    if not isinstance(message, Message):  # too old for Telegram to edit: nothing to show it in
        raise BadRequest("Message to edit not found")
    if message.text is not None and shows(message, text, markup):
        return False
    try:
        if preview:
            await message.edit_text(text, reply_markup=markup, link_preview_options=preview)
        else:  # the bot's default (no preview) stays, as for every other edit
            await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in exc.message:
            raise
        logger.debug("Edit skipped: the message already shows this")
        return False
    return True


async def say(update: Update, context: ForumContext, key: str, **values: object) -> None:
    """Reply with one catalog text in the reader's language."""
    ctx = await render_ctx(update, context)
    if update.callback_query:
        await query_of(update).answer(ctx.label(key, **values), show_alert=True)
    else:
        await send(update, context, View(ctx.t(key, **values)))


async def organiser_args(update: Update, context: ForumContext) -> tuple[str, ...] | None:
    """As ``callback_args``, for an organiser's button: anyone else gets the answer an
    unknown command gets, and None."""
    args = await callback_args(update, context)
    if args is None:
        return None
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return None
    return args


async def callback_args(update: Update, context: ForumContext) -> tuple[str, ...] | None:
    """The decoded fields of the pressed button, or None after a polite "out of date"."""
    decoded = await callback(update, context)
    return None if decoded is None else decoded.args


async def callback(update: Update, context: ForumContext) -> Callback | None:
    """The pressed button decoded (action and fields), or None after a polite "out of
    date"."""
    try:
        return pressed(update)
    except CallbackError:
        logger.info("Refused callback data %r", query_of(update).data)
        await say(update, context, "stale_button")
        return None


def pressed(update: Update) -> Callback:
    """The pressed button decoded, for a handler registered with the codec's ``pattern``
    (which matched exactly this shape); raises CallbackError otherwise."""
    return decode(query_of(update).data)


async def waiting_draft(
    update: Update, context: ForumContext, found: object, kind: type[T], pressed_for: Pred[T]
) -> T | None:
    """The waiting draft (``found``, wherever it is kept) that the pressed button is for, or
    None after "out of date": nothing waits, or the button belongs to an older preview."""
    if not isinstance(found, kind) or not pressed_for(found):
        await say(update, context, "stale_button")
        return None
    return found


async def refuse_skipped_time(update: Update, context: ForumContext, exc: NonexistentTime) -> None:
    """A typed local time the clocks skip: say so (the caller keeps waiting for another)."""
    await say(update, context, "time_gap", time=f"{exc.local:%Y-%m-%d %H:%M}", zone=str(exc.zone))


async def note_doubled_time(
    update: Update, context: ForumContext, moments: Iterable[dt.datetime], zone: dt.tzinfo
) -> None:
    """A typed local time the clocks pass twice was taken as the earlier instant: say so."""
    for moment in moments:
        if is_ambiguous(moment, zone):
            local = moment.astimezone(zone)
            offset = local.isoformat(timespec="minutes")[-6:]
            time = f"{local:%Y-%m-%d %H:%M}"
            await say(update, context, "time_fold", time=time, zone=str(zone), offset=offset)
            return


def in_forum_channel(update: Update, context: ForumContext) -> bool:
    """The update comes from the forum's channel or group (FORUMBOT_CHANNEL), where the
    bot's polls take votes."""
    channel, chat = context.services.channel, update.effective_chat
    return channel is not None and chat is not None and chat.id == channel.info.chat_id
