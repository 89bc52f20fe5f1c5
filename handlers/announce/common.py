"""What the /announce steps share: their numbers, the languages, the checks, the draft."""

from __future__ import annotations

from telegram import Update

from forumbot.delivery.models import Content
from forumbot.models import UI_LANGUAGES, Role
from forumbot.render.broadcasts import ROLE_CODE, audience_of
from forumbot.store.drafts import AnnounceDraft
from handlers.composer import broadcaster, drop_draft, stored_draft
from handlers.context import ForumContext

# Persisted by number (handlers/persistence.py): a new step goes at the end.
MODE, WRITE, AUDIENCE, WHEN, TYPE_TIME, CONFIRM, DEFAULT = range(7)
LANGUAGES = UI_LANGUAGES  # variants are written in the languages people read the bot in


async def allowed(update: Update, context: ForumContext) -> bool:
    """Checked at every step: an organiser, with the delivery engine running (anyone else's
    draft, should there be one, is dropped)."""
    if await broadcaster(update, context):
        return True
    await drop_draft(update, context, AnnounceDraft.KIND)
    return False


def begun(draft: AnnounceDraft | None) -> bool:
    """Something has been written (or skipped): worth offering to go on with."""
    return draft is not None and (bool(draft.texts) or draft.next > 0)


async def current_draft(update: Update, context: ForumContext) -> AnnounceDraft:
    """The draft being composed (a new one if the store lost it: it was dropped meanwhile)."""
    return await stored_draft(update, context, AnnounceDraft) or AnnounceDraft()


def missing(draft: AnnounceDraft) -> list[str]:
    """The languages without a variant of their own (none for one text for everyone)."""
    return [] if draft.mode == "one" else [code for code in LANGUAGES if code not in draft.texts]


async def content_of(context: ForumContext, draft: AnnounceDraft) -> Content:
    """What recipients get: the variants, the one chosen for skipped languages (else the
    forum's default language), the media."""
    default = draft.default or (await context.services.store.programme.forum()).default_language
    return Content(texts=dict(draft.texts), default_language=default, media=draft.media)


async def role_choices(context: ForumContext) -> tuple[list[tuple[Role, int]], dict[str, Role]]:
    """The roles someone holds, in the file's order, each with how many a broadcast to it
    reaches now; and the roles by id (their names)."""
    store, outbox = context.services.store, context.services.delivery.outbox
    known = {r.id: r for r in await store.roles.defined()}
    held = await store.roles.counts()
    order = [*(r for r in known if r in held), *(r for r in held if r not in known)]
    sizes = [await outbox.audience_size(audience_of(ROLE_CODE + r)) for r in order]
    return [(known.get(r, Role(r)), n) for r, n in zip(order, sizes, strict=True)], known
