"""Inline mode: "@bot words" in any chat offers matching sessions and speakers as cards."""

from __future__ import annotations

from telegram import InlineQueryResultsButton, Update
from telegram.ext import Application, InlineQueryHandler

from forumbot.infra.i18n import resolve_language
from forumbot.render.context import RenderCtx
from forumbot.render.inline import MAX_RESULTS, now_and_next, render_inline
from forumbot.rules.now import agenda_at
from handlers.context import ForumContext

MAX_QUERY = 200
# Answers depend on the clock ("on now") and on the reader's language: cache them briefly,
# and per person.
CACHE_SECONDS = 30


async def _ctx(update: Update, context: ForumContext) -> RenderCtx:
    """The reader's language from the store if they ever used the bot, else their app's."""
    svc = context.services
    user = update.inline_query.from_user
    known = await svc.store.users.get(user.id)
    lang = known.language if known else resolve_language(user.language_code)
    forum = await svc.store.programme.forum()
    return RenderCtx(lang, svc.catalogs, forum, svc.bot_username)


async def inline_query(update: Update, context: ForumContext) -> None:
    """Offer the sessions and speakers matching the words, or what is on now and next."""
    svc = context.services
    repo = svc.store.programme
    ctx = await _ctx(update, context)
    words = " ".join(update.inline_query.query.split())[:MAX_QUERY]
    if words:
        found = await repo.search(words, limit=MAX_RESULTS // 2)
        sessions = [(s, "") for s in found.sessions]
        speakers = found.speakers
    else:
        agenda = await agenda_at(repo, svc.clock.now())
        sessions = now_and_next(ctx, agenda.current, agenda.upcoming, agenda.now)
        speakers = []
    results = render_inline(ctx, sessions, speakers, await repo.rooms())
    button = None
    if not results:  # "nothing found": a way into the bot rather than an empty list
        button = InlineQueryResultsButton(ctx.label("inline_nothing"), start_parameter="inline")
    await update.inline_query.answer(
        results, cache_time=CACHE_SECONDS, is_personal=True, button=button
    )


def register(app: Application) -> None:
    app.add_handler(InlineQueryHandler(inline_query))
