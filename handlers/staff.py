"""Owners add and remove organisers in the chat; organisers read the audit log, in words.

People are named, never shown by id: the names come from the staff's own updates (a
negative group, below) and from Telegram's user picker, which gives them when asked.
Who asks is checked on every step, on the server side.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from forumbot.render.audit import KINDS, AuditFacts, audit_csv, person, person_ids, render_audit
from forumbot.render.callbacks import pattern
from forumbot.render.context import RenderCtx, View
from forumbot.render.menu import main_keyboard
from forumbot.render.staff import (
    PICK_ORGANISER,
    pick_person_keyboard,
    render_organisers,
    render_remove_organiser,
    render_welcome_organiser,
)
from forumbot.store.staff import AuditEntry, Person
from handlers.context import (
    ForumContext,
    callback_args,
    chat_id_of,
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

logger = logging.getLogger(__name__)

NAMING_GROUP = -40  # after the forgotten (-60) and the group chats' gate; before group 0


async def remember_staff(update: Update, context: ForumContext) -> None:
    """An organiser's name and @username, kept as Telegram shows them now (a dict lookup when
    unchanged), so that /organisers and /audit can name them."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != "private" or user.is_bot:
        return
    if await is_organiser(update, context):
        await context.services.store.staff.remember(Person(user.id, user.full_name, user.username))


async def _organisers_view(update: Update, context: ForumContext) -> View:
    svc = context.services
    fixed = sorted(svc.settings.owner_ids | svc.settings.organiser_ids)
    added = await svc.store.staff.organisers()
    ids = {*fixed, *(uid for uid, _, _ in added), *(by for _, by, _ in added if by is not None)}
    people = await svc.store.staff.people(ids)
    return render_organisers(await render_ctx(update, context), fixed, added, people)


async def organisers(update: Update, context: ForumContext) -> None:
    """Owners only: the organisers by name, a button to remove each, the person picker."""
    if not is_owner(update, context):
        await say(update, context, "unknown_command")
        return
    ctx = await render_ctx(update, context)
    await send(update, context, await _organisers_view(update, context))
    await send(update, context, View(ctx.t("organisers_pick_prompt"), pick_person_keyboard(ctx)))


async def on_person_picked(update: Update, context: ForumContext) -> None:
    """The owner picked a person with Telegram's user picker: make them an organiser, and
    tell them."""
    shared = message_of(update).users_shared
    if shared is None or shared.request_id != PICK_ORGANISER or not is_owner(update, context):
        await say(update, context, "unknown_command")
        return
    svc = context.services
    for picked in shared.users:
        name = " ".join(n for n in (picked.first_name, picked.last_name) if n)
        if name:
            await svc.store.staff.remember(Person(picked.user_id, name, picked.username))
        await _add(update, context, picked.user_id)


async def _add(update: Update, context: ForumContext, uid: int) -> None:
    """Add ``uid`` as an organiser (audited), say so to the owner, and tell the person."""
    svc = context.services
    ctx = await render_ctx(update, context)
    owner = user_id_of(update)
    added = await svc.store.staff.add_organiser(uid, owner, svc.clock.now())
    people = await svc.store.staff.people([uid, owner])
    name = person(ctx, uid, people)
    if not added:
        view = View(ctx.tr("organiser_already", user=name), main_keyboard(ctx))
        await send(update, context, view)
        return
    told = await _tell_new_organiser(context, uid, person(ctx, owner, people))
    key = "organiser_added_told" if told else "organiser_added_not_told"
    await send(update, context, View(ctx.tr(key, user=name), main_keyboard(ctx)))


async def _tell_new_organiser(context: ForumContext, uid: int, by: str) -> bool:
    """A message to the new organiser in their language; False when Telegram refuses it
    (they have not started the bot, or blocked it)."""
    svc = context.services
    user = await svc.store.users.get(uid)
    forum = await svc.store.programme.forum()
    ctx = RenderCtx(user.language if user else forum.default_language, svc.catalogs, forum)
    view = render_welcome_organiser(ctx, by)
    try:
        await context.bot.send_message(uid, view.text, reply_markup=main_keyboard(ctx))
    except TelegramError as exc:
        logger.info("Could not tell the new organiser %s: %s", uid, exc)
        return False
    return True


async def _owner_target(update: Update, context: ForumContext) -> int | None:
    """The person an owner's organiser button names; None (and an answer) otherwise."""
    args = await callback_args(update, context)
    if args is None:
        return None
    if not is_owner(update, context):
        await say(update, context, "stale_button")
        return None
    return int(args[0])


async def on_remove_ask(update: Update, context: ForumContext) -> None:
    """orgdel:<id> — ask once, naming the person and how to undo it."""
    uid = await _owner_target(update, context)
    if uid is None:
        return
    ctx = await render_ctx(update, context)
    people = await context.services.store.staff.people([uid])
    await query_of(update).answer()
    await send(update, context, render_remove_organiser(ctx, uid, people))


async def on_remove(update: Update, context: ForumContext) -> None:
    """orgrm:<id> — remove an organiser added in the chat (audited, re-addable there)."""
    uid = await _owner_target(update, context)
    if uid is None:
        return
    svc = context.services
    removed = await svc.store.staff.remove_organiser(uid, user_id_of(update), svc.clock.now())
    ctx = await render_ctx(update, context)
    name = person(ctx, uid, await svc.store.staff.people([uid]))
    key = "organiser_removed_undo" if removed else "organiser_not_found"
    await query_of(update).answer()
    await edit(update, context, View(ctx.tr(key, user=name)))


async def on_keep(update: Update, context: ForumContext) -> None:
    """orgkeep:<id> — nothing changes."""
    if await _owner_target(update, context) is None:
        return
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    await edit(update, context, View(ctx.t("organiser_kept")))


async def on_readd(update: Update, context: ForumContext) -> None:
    """orgadd:<id> — an owner re-adds a removed organiser from the audit line."""
    uid = await _owner_target(update, context)
    if uid is None:
        return
    await query_of(update).answer()
    await _add(update, context, uid)


async def _audit_page(update: Update, context: ForumContext, kind: str, limit: int = 30):
    """The entries of that kind, newest first, and what their lines name."""
    store = context.services.store
    actions = KINDS.get(kind)
    entries = await store.staff.audit_log(limit=limit, actions=actions)
    sessions = await store.programme.sessions_by_ids(_session_ids(entries))
    people = await store.staff.people(person_ids(entries))
    named = sorted({str(e.detail["named"]) for e in entries if e.detail.get("named")})
    roles = {r.id: r for r in await store.roles.defined()}
    speakers = await store.programme.speakers(named)
    forums = {e.forum.id: e.forum.title for e in await store.editions.past()}
    forum = await store.programme.forum()
    forums[forum.id] = forum.title
    rooms = await store.programme.rooms()
    facts = AuditFacts(people, sessions, rooms, roles=roles, speakers=speakers, forums=forums)
    return entries, facts


def _session_ids(entries: list[AuditEntry]) -> list[str]:
    ids = {str(e.detail["session"]) for e in entries if "session" in e.detail}
    for e in entries:
        anyway = e.detail.get("anyway")
        ids |= {str(i) for i in anyway} if isinstance(anyway, list) else set()
    return sorted(ids)


async def _audit_view(update: Update, context: ForumContext, kind: str) -> View:
    svc = context.services
    entries, facts = await _audit_page(update, context, kind)
    readd: set[int] = set()
    if is_owner(update, context):
        current = {uid for uid, _, _ in await svc.store.staff.organisers()}
        readd = {u for u in person_ids(entries) if u not in current}
    ctx = await render_ctx(update, context)
    return render_audit(ctx, entries, facts, svc.clock.now(), kind, readd)


async def audit(update: Update, context: ForumContext) -> None:
    """Organisers: who did what, and when, in words, newest first; filters and a CSV."""
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    await send(update, context, await _audit_view(update, context, "all"))


async def on_audit_kind(update: Update, context: ForumContext) -> None:
    """audk:<kind> — the audit of one kind."""
    args = await callback_args(update, context)
    if args is None:
        return
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    await query_of(update).answer()
    await edit(update, context, await _audit_view(update, context, args[0]))


async def on_audit_csv(update: Update, context: ForumContext) -> None:
    """audcsv:<kind> — that kind of entry (all of them, not only the screen's) as a CSV."""
    args = await callback_args(update, context)
    if args is None:
        return
    if not await is_organiser(update, context):
        await say(update, context, "unknown_command")
        return
    await query_of(update).answer()
    entries, facts = await _audit_page(update, context, args[0], limit=100_000)
    ctx = await render_ctx(update, context)
    body = await asyncio.to_thread(audit_csv, ctx, entries, facts)  # a long log takes a while
    now = ctx.local(context.services.clock.now())
    name = f"{ctx.forum.id}-audit-{args[0]}-{now:%Y%m%d-%H%M}.csv"
    await context.bot.send_document(
        chat_id_of(update),
        document=InputFile(body, filename=name),
        caption=ctx.t("audit_csv_caption", count=len(entries)) + "\n" + ctx.zone_note(now),
    )


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, remember_staff), group=NAMING_GROUP)
    app.add_handler(CommandHandler("organisers", organisers))
    app.add_handler(CommandHandler("audit", audit))
    app.add_handler(MessageHandler(filters.StatusUpdate.USERS_SHARED, on_person_picked))
    app.add_handler(CallbackQueryHandler(on_remove_ask, pattern=pattern("orgdel")))
    app.add_handler(CallbackQueryHandler(on_remove, pattern=pattern("orgrm")))
    app.add_handler(CallbackQueryHandler(on_keep, pattern=pattern("orgkeep")))
    app.add_handler(CallbackQueryHandler(on_readd, pattern=pattern("orgadd")))
    app.add_handler(CallbackQueryHandler(on_audit_kind, pattern=pattern("audk")))
    app.add_handler(CallbackQueryHandler(on_audit_csv, pattern=pattern("audcsv")))
