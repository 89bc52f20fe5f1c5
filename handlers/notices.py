"""What the delivery engine tells organisers: a broadcast finished, a schedule was missed.

These run outside any update (the engine calls them), so they reach the Bot through the
Application and render in each organiser's own language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram.error import TelegramError
from telegram.ext import Application

from forumbot.delivery.models import Broadcast, Report
from forumbot.render.broadcasts import render_finished, render_missed
from forumbot.render.context import RenderCtx, View
from handlers.context import services_of

logger = logging.getLogger(__name__)


async def _tell(app: Application, user_id: int, build) -> None:
    svc = services_of(app)
    user = await svc.store.users.get(user_id)
    forum = await svc.store.programme.forum()
    ctx = RenderCtx(user.language if user else "en", svc.catalogs, forum, svc.bot_username)
    view: View = build(ctx)
    try:
        await app.bot.send_message(user_id, view.text, reply_markup=view.keyboard)
    except TelegramError as exc:  # an organiser who blocked the bot is not fatal
        logger.warning("Could not tell organiser %s: %s", user_id, exc)


async def broadcast_finished(app: Application, b: Broadcast, report: Report) -> None:
    """Tell whoever sent it (corrections and withdrawals included)."""
    if b.created_by is not None:
        await _tell(app, b.created_by, lambda ctx: render_finished(ctx, b, report))


async def broadcast_missed(app: Application, b: Broadcast) -> None:
    """Tell every organiser, once: the time passed while the bot was down."""
    await tell_organisers(app, lambda ctx: render_missed(ctx, b))


async def tell_organisers(app: Application, build: Callable[[RenderCtx], View]) -> None:
    """Every organiser (owners, the settings' and those added in the chat), each in their
    own language."""
    svc = services_of(app)
    settings = svc.settings
    added = [uid for uid, _, _ in await svc.store.staff.organisers()]
    for user_id in sorted(settings.owner_ids | settings.organiser_ids | set(added)):
        await _tell(app, user_id, build)
