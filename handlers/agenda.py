"""The personal agenda: stars on session cards, /my, and the daily digest offer."""

from __future__ import annotations

from typing import Literal

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from forumbot.render.agenda import conflicts, render_my
from forumbot.render.callbacks import Callback, CallbackError, back_target, pattern
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.programme import with_star
from forumbot.render.stars import render_star_conflict, same_slot
from handlers import menu
from handlers.cards import open_session, shared_card, show_session
from handlers.context import (
    ForumContext,
    callback,
    callback_args,
    chat_id_of,
    current_user,
    edit,
    query_of,
    render_ctx,
    say,
    send,
)


async def _my_view(update: Update, context: ForumContext) -> View:
    svc = context.services
    chat_id = chat_id_of(update)
    ctx = await render_ctx(update, context)
    sessions = await svc.store.programme.starred_sessions(chat_id)
    lead = await svc.store.personal.lead(chat_id)
    return render_my(ctx, sessions, await svc.store.programme.rooms(), lead, svc.clock.now())


async def my(update: Update, context: ForumContext) -> None:
    """/my: the starred sessions by day, gaps and conflicts."""
    await current_user(update, context)
    await send(update, context, await _my_view(update, context))


async def on_my(update: Update, context: ForumContext) -> None:
    """ "My agenda" from a digest or a notice: a new message, the old one stays."""
    await query_of(update).answer()
    await my(update, context)


async def on_star(update: Update, context: ForumContext) -> None:
    """Star (1) or unstar (0) from the session card, which then shows the new state."""
    decoded = await callback(update, context)
    if decoded is None or (back_to := await _back_to(update, context, decoded)) is False:
        return
    session_id, on = decoded.args[0], decoded.args[1] == "1"
    svc = context.services
    chat_id = chat_id_of(update)
    card = await shared_card(update, context, session_id, back_to)
    if card is None:
        await say(update, context, "session_gone")
        return
    await current_user(update, context)
    ctx = await render_ctx(update, context)
    first = False
    if on:
        first = await svc.store.personal.star(chat_id, session_id, svc.clock.now())
        await query_of(update).answer(ctx.label(await _star_toast(context, chat_id, session_id)))
    else:
        await svc.store.personal.unstar(chat_id, session_id)
        await query_of(update).answer(ctx.label("unstarred_toast"))
    await edit(update, context, with_star(ctx, card, session_id, on, back_to))
    if on and (warning := await _conflict_view(update, context, ctx, session_id)):
        await send(update, context, warning)
    if first and not (await svc.store.users.topics(chat_id)).get("digest"):
        await send(
            update,
            context,
            View(
                "☀️ " + ctx.t("digest_offer"),
                keyboard([ctx.button(ctx.label("digest_on"), "digest", "on"),
                          ctx.button(ctx.label("digest_no"), "digest", "no")]),
            ),
        )  # fmt: skip


async def _star_toast(context: ForumContext, chat_id: int, session_id: str) -> str:
    """The star's toast: a reminder is promised only for a session yet to begin."""
    svc = context.services
    session = await svc.store.programme.session(session_id)
    now = svc.clock.now()
    if session is not None and session.end <= now:
        return "starred_toast_over"
    if session is not None and session.start <= now:
        return "starred_toast_started"
    return (
        "starred_toast" if await svc.store.personal.lead(chat_id) else "starred_toast_no_reminder"
    )


async def _conflict_view(
    update: Update, context: ForumContext, ctx: RenderCtx, session_id: str
) -> View | None:
    """After a star: which of my sessions the new one overlaps, and the sessions of its slot
    (None when it overlaps none of them)."""
    programme = context.services.store.programme
    mine = await programme.starred_sessions(chat_id_of(update))
    clashing = conflicts(mine).get(session_id)
    starred = next((s for s in mine if s.id == session_id), None)
    if not clashing or starred is None:
        return None
    slot = same_slot(starred, await programme.sessions_on(starred.day))
    return render_star_conflict(ctx, starred, clashing, slot, {s.id for s in mine})


async def _back_to(
    update: Update, context: ForumContext, star: Callback
) -> tuple[str, ...] | Literal[False] | None:
    """Where the starred card's "back" leads, carried in the star's data (None: its day);
    False after "out of date" when that is not a place this bot makes."""
    if len(star.args) < 3:
        return None
    try:
        return back_target(star.args[2], star.args[0])
    except CallbackError:
        await say(update, context, "stale_button")
        return False


async def on_unstar_my(update: Update, context: ForumContext) -> None:
    """Unstar from /my: one tap, and the agenda shows without it."""
    args = await callback_args(update, context)
    if args is None:
        return
    svc = context.services
    await svc.store.personal.unstar(chat_id_of(update), args[0])
    ctx = await render_ctx(update, context)
    await query_of(update).answer(ctx.label("unstarred_toast"))
    await edit(update, context, await _my_view(update, context))


async def on_session(update: Update, context: ForumContext) -> None:
    """A session card opened from "my agenda"; "back" returns there."""
    args = await callback_args(update, context)
    if args is None:
        return
    await open_session(update, context, args[0], back_to=("myat", args[0]))


async def on_back(update: Update, context: ForumContext) -> None:
    """Back from a card to "my agenda", as it is now (a star taken off there shows)."""
    await query_of(update).answer()
    await edit(update, context, await _my_view(update, context))


async def on_card(update: Update, context: ForumContext) -> None:
    """A session card as a new message: a reminder or a notice stays where it is."""
    args = await callback_args(update, context)
    if args is None:
        return
    await query_of(update).answer()
    await show_session(update, context, args[0])


async def on_digest_offer(update: Update, context: ForumContext) -> None:
    args = await callback_args(update, context)
    if args is None:
        return
    await current_user(update, context)
    ctx = await render_ctx(update, context)
    await query_of(update).answer()
    if args[0] == "on":
        await context.services.store.users.set_topics(chat_id_of(update), {"digest": True})
        await query_of(update).edit_message_text(ctx.t("digest_turned_on"))
    else:
        await query_of(update).edit_message_text(ctx.t("digest_declined"))


def register(app: Application) -> None:
    menu.add(app, "my", my)
    app.add_handler(CommandHandler(["my", "starred", "favourites"], my))
    app.add_handler(CallbackQueryHandler(on_my, pattern=pattern("my")))
    app.add_handler(CallbackQueryHandler(on_star, pattern=pattern("star")))
    app.add_handler(CallbackQueryHandler(on_unstar_my, pattern=pattern("unstarmy")))
    app.add_handler(CallbackQueryHandler(on_card, pattern=pattern("card")))
    app.add_handler(CallbackQueryHandler(on_session, pattern=pattern("mys")))
    app.add_handler(CallbackQueryHandler(on_back, pattern=pattern("myat")))
    app.add_handler(CallbackQueryHandler(on_digest_offer, pattern=pattern("digest")))
