"""What a running session's card adds for round tables: the "📍 I'm here" button for
everyone and, for organisers, how many said so and a button to start a poll. Added to the
rendered card (a line and a button row), so the card's own renderer stays as it is."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup

from forumbot.models import Session
from forumbot.render.context import RenderCtx, View


def with_checkin(
    ctx: RenderCtx, card: View, s: Session, now: dt.datetime, present: int | None = None
) -> View:
    """The card with "I'm here" while the session is on; ``present`` (organisers only) is
    shown as a count once the session has started."""
    text = card.text
    if present is not None and s.start <= now and not s.cancelled:
        text += "\n\n" + ctx.t("here_count", count=present)
    if not s.is_on(now):
        return View(text, card.keyboard)
    rows = card.keyboard.inline_keyboard if isinstance(card.keyboard, InlineKeyboardMarkup) else ()
    here = [ctx.button("📍 " + ctx.label("here_button"), "here", s.id)]
    if present is not None:  # organisers: a poll for the session on now
        here.append(ctx.button("📊 " + ctx.label("poll_button"), "poll", s.id))
    return View(text, InlineKeyboardMarkup([*rows[:-1], here, *rows[-1:]]))
