"""Editions: what another forum's file would open, opening it once confirmed (the old one
goes to the archive, store/editions.py says what carries over), and the welcome-back
message to the subscribers who kept announcements on, sent once per edition."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from forumbot.delivery.models import Audience, Content
from forumbot.delivery.service import DeliveryService
from forumbot.infra.i18n import Catalogs
from forumbot.models import UI_LANGUAGES, Programme
from forumbot.programme import LoadResult
from forumbot.render.context import RenderCtx, View
from forumbot.render.editions import render_welcome_ask, render_welcome_back
from forumbot.runtime.services import put_in_service
from forumbot.store import Store
from forumbot.store.editions import EditionChange, Facts

logger = logging.getLogger(__name__)

WELCOME_SENT = "welcome_sent"  # meta: the forum id whose welcome-back message went out
WELCOMED = Audience.topic("announcements")  # who kept announcements on


async def facts_in_service(store: Store) -> Facts:
    days = [d.date for d, _ in await store.programme.days()]
    return Facts.of(await store.programme.forum(), days)


def facts_of(programme: Programme) -> Facts:
    return Facts.of(programme.forum, [d.date for d in programme.days])


async def edition_change(
    store: Store, programme: Programme, delivery: DeliveryService | None = None
) -> EditionChange | None:
    """What opening ``programme`` as a new edition would do; None when it is the same
    forum (an ordinary re-import) or the store holds none yet."""
    repo = store.programme
    if not await repo.has_programme() or (await repo.forum()).id == programme.forum.id:
        return None
    subscribers = await delivery.outbox.audience_size(WELCOMED) if delivery else 0
    return EditionChange(
        await facts_in_service(store),
        facts_of(programme),
        await store.editions.ending(),
        subscribers,
    )


async def open_edition(
    store: Store, result: LoadResult, source: Path | str, now: dt.datetime, actor: int | None
) -> EditionChange | None:
    """Put another forum's file in service as a new edition (the caller had it confirmed):
    the old edition goes to the archive, in the audit log with what ended."""
    change = await edition_change(store, result.programme)
    await put_in_service(store, result, source, now, actor, new_edition=True)
    if change is not None:
        ending = change.ending
        await store.staff.audit(
            actor,
            "edition_opened",
            now,
            old=change.old.id,
            new=change.new.id,
            file=str(source),
            people=ending.people,
            stars_ended=ending.starred,
            questions_ended=ending.questions,
            feedback_archived=ending.feedback,
        )
        logger.info("New edition %s opened; %s is in the archive", change.new.id, change.old.id)
    return change


async def _welcome_due(store: Store) -> bool:
    """A past edition exists and this one's welcome-back message has not gone out."""
    forum = await store.programme.forum()
    return bool(await store.editions.past()) and await store.programme.meta(WELCOME_SENT) != (
        forum.id
    )


async def welcome_ask(store: Store, delivery: DeliveryService, ctx: RenderCtx) -> View:
    """The message in the organiser's language, how many get it, and the send button; or
    why there is nothing to send."""
    if not await store.editions.past():
        return View(ctx.t("edition_welcome_no_edition"))
    if not await _welcome_due(store):
        return View(ctx.t("edition_welcome_already"))
    message = render_welcome_back(ctx, await facts_in_service(store))
    return render_welcome_ask(ctx, message, await delivery.outbox.audience_size(WELCOMED))


async def send_welcome(
    store: Store,
    delivery: DeliveryService,
    catalogs: Catalogs,
    now: dt.datetime,
    actor: int | None,
    bot_username: str | None = None,
) -> int | None:
    """Queue the welcome-back message for the subscribers with announcements on, each in
    their language; once per edition (None if not due). Returns how many it reaches."""
    if not await _welcome_due(store):
        return None
    forum = await store.programme.forum()
    facts = await facts_in_service(store)
    texts = {
        lang: render_welcome_back(RenderCtx(lang, catalogs, forum, bot_username), facts).text
        for lang in UI_LANGUAGES
    }
    await store.programme.set_meta({WELCOME_SENT: forum.id})  # before: a second tap sends none
    count = await delivery.outbox.audience_size(WELCOMED)
    content = Content(texts=texts, default_language=forum.default_language)
    broadcast = await delivery.create(
        kind="welcome_back", audience=WELCOMED, content=content, created_by=actor
    )
    await store.staff.audit(
        actor, "welcome_back", now, forum=forum.id, broadcast=broadcast, recipients=count
    )
    return count
