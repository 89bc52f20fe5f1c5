"""/info and /venue: the forum's practical information, and organisers' edits of its pages.

An edit takes /post's path in small: which language (or one text for all), the text, a
preview exactly as participants will see it, then save. The saved text outlasts re-imports.
Who asks is checked on every step, on the server side.
"""

from __future__ import annotations

import dataclasses
import logging

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from forumbot.infra.i18n import Catalogs
from forumbot.models import UI_LANGUAGES, InfoPage
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.info import (
    ALL_LANGUAGES,
    render_info_edit_pick,
    render_info_edit_preview,
    render_info_edit_write,
    render_info_list,
    render_info_page,
    render_venue,
)
from handlers import menu
from handlers.composer import END
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

DRAFT = "infoedit"  # the previewed edit: {"page": id, "lang": code or "all", "body": {...}}
TARGET = DRAFT + ":for"  # (page id, language) while the organiser types
MAX_BODY = 3500  # a page stays one message


async def info(update: Update, context: ForumContext) -> None:
    """The venue and the info pages, as buttons."""
    ctx = await render_ctx(update, context)
    found = await context.services.store.programme.info()
    await send(update, context, render_info_list(ctx, found))


async def venue(update: Update, context: ForumContext) -> None:
    """The venue as a Telegram venue (a map pin), then how to get there."""
    ctx = await render_ctx(update, context)
    found = await context.services.store.programme.info()
    if found is None or found.venue is None:
        await send(update, context, View(ctx.t("venue_none")))
        return
    pin, view = render_venue(ctx, found.venue)
    await context.bot.send_venue(
        chat_id_of(update),
        latitude=pin.latitude,
        longitude=pin.longitude,
        title=pin.title,
        address=pin.address,
    )
    await send(update, context, view)


async def on_list(update: Update, context: ForumContext) -> None:
    """info — the list of pages, in place (back from a page)."""
    if await callback_args(update, context) is None:
        return
    ctx = await render_ctx(update, context)
    found = await context.services.store.programme.info()
    await query_of(update).answer()
    await edit(update, context, render_info_list(ctx, found))


async def on_venue(update: Update, context: ForumContext) -> None:
    """venue — the map pin and how to get there, as new messages under the list."""
    if await callback_args(update, context) is None:
        return
    await query_of(update).answer()
    await venue(update, context)


async def _page(
    update: Update, context: ForumContext, organisers_only: bool = False
) -> tuple[InfoPage, tuple[str, ...]] | None:
    """The page the pressed button names (and the button's arguments); None after a polite
    answer: out of date, gone, or, for organisers' buttons, the unknown-command answer."""
    args = await callback_args(update, context)
    if args is None:
        return None
    if organisers_only and not await is_organiser(update, context):
        context.user_data.pop(DRAFT, None)
        await say(update, context, "unknown_command")
        return None
    found = await context.services.store.programme.info()
    page = found.page(args[0]) if found else None
    if page is None:
        await say(update, context, "info_page_gone")
        return None
    return page, args


async def on_page(update: Update, context: ForumContext) -> None:
    """infop:<id> — one page; organisers also see the edit button."""
    found = await _page(update, context)
    if found is None:
        return
    ctx = await render_ctx(update, context)
    organiser = await is_organiser(update, context)
    await query_of(update).answer()
    await edit(update, context, render_info_page(ctx, found[0], organiser))


async def _languages(context: ForumContext) -> list[str]:
    """The languages an organiser can write a page in: the forum's that the bot speaks."""
    forum = await context.services.store.programme.forum()
    return [lang for lang in forum.languages if lang in UI_LANGUAGES]


async def on_edit_pick(update: Update, context: ForumContext) -> None:
    """infoed:<id> — which language's text to replace, or all of them."""
    found = await _page(update, context, organisers_only=True)
    if found is None:
        return
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, render_info_edit_pick(ctx, found[0], await _languages(context)))


async def on_edit_start(update: Update, context: ForumContext) -> int:
    """infoedl:<id>:<lang> — ask for the new text."""
    found = await _page(update, context, organisers_only=True)
    if found is None:
        return END
    page, (_, lang) = found
    if lang != ALL_LANGUAGES and lang not in await _languages(context):
        await say(update, context, "stale_button")
        return END
    context.user_data[TARGET] = (page.id, lang)
    ctx = await render_ctx(update, context)
    return await ask(update, context, render_info_edit_write(ctx, page, lang), in_place=True)


async def on_text(update: Update, context: ForumContext) -> int:
    """The new text; asked again until it fits one message. Ends with the preview."""
    if not await is_organiser(update, context):
        context.user_data.pop(TARGET, None)
        return END
    page_id, lang = context.user_data.get(TARGET, (None, None))
    found = await context.services.store.programme.info()
    page = found.page(page_id) if found and page_id else None
    if page is None:
        await say(update, context, "info_page_gone")
        return END
    text = (message_of(update).text or "").replace("\r\n", "\n").strip()
    if not text or len(text) > MAX_BODY:
        return await ask_again(update, context, "info_edit_bad", count=MAX_BODY)
    languages = await _languages(context) if lang == ALL_LANGUAGES else [lang]
    body = {code: text for code in languages}
    context.user_data[DRAFT] = {"page": page.id, "lang": lang, "body": body}
    after = dataclasses.replace(page, body={**page.body, **body})
    ctx = await render_ctx(update, context)
    await send(update, context, render_info_edit_preview(ctx, after, lang))
    return END


async def on_save(update: Update, context: ForumContext) -> None:
    """infook:<id> — save the previewed text (it outlasts re-imports), audited."""
    found = await _page(update, context, organisers_only=True)
    if found is None:
        return
    page = found[0]
    draft = context.user_data.get(DRAFT)
    if not isinstance(draft, dict) or draft.get("page") != page.id:
        await say(update, context, "stale_button")
        return
    svc = context.services
    await svc.store.programme.set_info_page_text(page.id, draft["body"])
    await svc.store.staff.audit(
        user_id_of(update),
        "info_edited",
        svc.clock.now(),
        page=page.id,
        title=page.title,
        languages=sorted(draft["body"]),
    )
    context.user_data.pop(DRAFT, None)
    logger.info("Info page %s edited in the chat (%s)", page.id, draft["lang"])
    await settle(update, context, "info_edit_saved")


async def on_drop(update: Update, context: ForumContext) -> None:
    """infono:<id> — nothing changes."""
    if await callback_args(update, context) is None:
        return
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    context.user_data.pop(DRAFT, None)
    await settle(update, context, "info_edit_dropped")


def build_edit_conversation(catalogs: Catalogs) -> ConversationHandler:
    """A language button starts it, the typed text ends it with the preview."""
    return typed_value_conversation(DRAFT, "infoedl", on_edit_start, on_text, catalogs)


def register(app: Application) -> None:
    menu.add(app, "info", info)
    app.add_handler(build_edit_conversation(app.bot_data["catalogs"]))
    app.add_handler(CommandHandler("info", info))
    app.add_handler(CommandHandler("venue", venue))
    app.add_handler(CallbackQueryHandler(on_list, pattern=pattern("info")))
    app.add_handler(CallbackQueryHandler(on_venue, pattern=pattern("venue")))
    app.add_handler(CallbackQueryHandler(on_page, pattern=pattern("infop")))
    app.add_handler(CallbackQueryHandler(on_edit_pick, pattern=pattern("infoed")))
    app.add_handler(CallbackQueryHandler(on_save, pattern=pattern("infook")))
    app.add_handler(CallbackQueryHandler(on_drop, pattern=pattern("infono")))
