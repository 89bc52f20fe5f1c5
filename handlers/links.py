"""An organiser sets a session's links from its card: the live stream, the slides, the
recording, another link. The address is typed (HTTPS only, asked again otherwise), the
change previewed with the number of people who will be told, applied on confirmation and
audited. Who asks is checked on every step, on the server side."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ConversationHandler

from forumbot.infra.i18n import Catalogs
from forumbot.models import Session
from forumbot.programme.links import is_https
from forumbot.render.callbacks import pattern
from forumbot.render.context import View
from forumbot.render.links import render_link_menu, render_link_preview
from forumbot.store.links import LinkDraft
from handlers.composer import END, drop_draft, keep_draft, stored_draft
from handlers.context import (
    ForumContext,
    is_organiser,
    message_of,
    organiser_args,
    query_of,
    render_ctx,
    say,
    send,
    user_id_of,
    waiting_draft,
)
from handlers.midflow import ask, ask_again, settle, typed_value_conversation

logger = logging.getLogger(__name__)

REMOVE = "-"  # typed instead of an address: remove the link


async def _session(
    update: Update, context: ForumContext
) -> tuple[Session, tuple[str, ...]] | None:
    """The session the pressed button names and the button's fields, for an organiser;
    None after a polite answer."""
    args = await organiser_args(update, context)
    if args is None:
        return None
    session = await context.services.store.programme.session(args[0])
    if session is None:
        await say(update, context, "session_gone")
        return None
    return session, args


async def on_menu(update: Update, context: ForumContext) -> None:
    """lnk:<id> — the session's links and a button per kind, as a new message."""
    found = await _session(update, context)
    if found is None:
        return
    session, _ = found
    await query_of(update).answer()
    await send(update, context, render_link_menu(await render_ctx(update, context), session))


async def on_kind(update: Update, context: ForumContext) -> int:
    """lnkk:<id>:<kind> — ask for the address (or "-" to remove the link)."""
    found = await _session(update, context)
    if found is None:
        return END
    session, (_, kind) = found
    await keep_draft(update, context, LinkDraft(session.id, kind, typing=True))
    ctx = await render_ctx(update, context)
    return await ask(
        update, context, View(ctx.t("links_type_url", kind=ctx.label("link_" + kind)))
    )


async def on_url(update: Update, context: ForumContext) -> int:
    """The typed address: HTTPS only (asked again otherwise); then the preview."""
    if not await is_organiser(update, context):
        return END
    draft = await stored_draft(update, context, LinkDraft)
    store = context.services.store
    session = await store.programme.session(draft.session_id or "") if draft else None
    if draft is None or session is None or draft.kind is None:
        await say(update, context, "session_gone")
        return END
    text = (message_of(update).text or "").strip()
    if text != REMOVE and not is_https(text):
        return await ask_again(update, context, "links_bad_url")
    draft.url, draft.typing = (None if text == REMOVE else text), False
    await keep_draft(update, context, draft)
    people = len(await store.links.audience([session.id]))
    ctx = await render_ctx(update, context)
    await send(update, context, render_link_preview(ctx, session, draft.kind, draft.url, people))
    return END


async def on_confirm(update: Update, context: ForumContext) -> None:
    """lnkok:<id> — apply the link, audit it; new slides or a recording will be told."""
    args = await organiser_args(update, context)
    if args is None:
        return
    found = await stored_draft(update, context, LinkDraft)
    draft = await waiting_draft(
        update, context, found, LinkDraft, lambda d: d.session_id == args[0] and not d.typing
    )
    if draft is None or draft.kind is None:
        return
    svc = context.services
    now = svc.clock.now()
    if await svc.store.programme.session(args[0]) is None:
        await say(update, context, "session_gone")
        return
    actor = user_id_of(update)
    changed = await svc.store.links.set_link(args[0], draft.kind, draft.url, actor, now)
    await drop_draft(update, context, LinkDraft.KIND)
    if changed:
        await svc.store.staff.audit(
            actor, "link", now, session=args[0], kind=draft.kind, url=draft.url
        )
        logger.info("Session %s: its %s link set in the chat", args[0], draft.kind)
    await settle(update, context, "links_applied" if changed else "links_same")


async def on_drop(update: Update, context: ForumContext) -> None:
    """lnkno:<id> — nothing changes."""
    if await organiser_args(update, context) is None:
        return
    await drop_draft(update, context, LinkDraft.KIND)
    await settle(update, context, "links_dropped")


def build_link_conversation(catalogs: Catalogs) -> ConversationHandler:
    """A kind's button starts it, the typed address ends it with the preview."""
    return typed_value_conversation("lnkk", "lnkk", on_kind, on_url, catalogs)


def register(app: Application) -> None:
    app.add_handler(build_link_conversation(app.bot_data["catalogs"]))
    app.add_handler(CallbackQueryHandler(on_menu, pattern=pattern("lnk")))
    app.add_handler(CallbackQueryHandler(on_confirm, pattern=pattern("lnkok")))
    app.add_handler(CallbackQueryHandler(on_drop, pattern=pattern("lnkno")))
