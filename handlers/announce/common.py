"""What the /announce steps share: their numbers, the checks, the draft. What the draft
means (its variants, audience, content) is the core's, forumbot.runtime.announce, which the
Mini App's console calls too."""

from __future__ import annotations

from telegram import Update

from forumbot.store.drafts import AnnounceDraft
from handlers.composer import broadcaster, drop_draft, stored_draft
from handlers.context import ForumContext

# Persisted by number (handlers/persistence.py): a new step goes at the end.
MODE, WRITE, AUDIENCE, WHEN, TYPE_TIME, CONFIRM, DEFAULT = range(7)


async def allowed(update: Update, context: ForumContext) -> bool:
    """Checked at every step: an organiser, with the delivery engine running (anyone else's
    draft, should there be one, is dropped)."""
    if await broadcaster(update, context):
        return True
    await drop_draft(update, context, AnnounceDraft.KIND)
    return False


async def current_draft(update: Update, context: ForumContext) -> AnnounceDraft:
    """The draft being composed (a new one if the store lost it: it was dropped meanwhile)."""
    return await stored_draft(update, context, AnnounceDraft) or AnnounceDraft()
