"""Thin Telegram adapters, one module per area; ``register_all`` wires them in order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    account,
    agenda,
    announce,
    broadcasts,
    calendar,
    checkin,
    corrections,
    dataimport,
    editions,
    errors,
    feedback,
    filters,
    forgotten,
    groups,
    hidden,
    info,
    inline,
    links,
    menu,
    metrics,
    moderation,
    moderators,
    news,
    now,
    organiser,
    poll_votes,
    polls,
    post,
    programme,
    questions,
    quickchange,
    roles,
    search,
    speakers,
    staff,
    start,
    zones,
)


def register_all(app: Application) -> None:
    """Note: order matters. PTB tries handlers in the order they were added (group 0):
    commands and buttons first, then the menu labels and plain text (search), and last the
    catch-alls for unknown commands and stale buttons."""
    metrics.register(app)  # its own negative group: counts every update, first
    forgotten.register(app)  # its gate (a negative group): the forgotten stay forgotten
    groups.register(app)  # its gate (a negative group) keeps group chats to the public views
    # a time zone of one's own, from /settings; first, so that a command typed while it
    # waits for a zone reaches its fallback (it ends, the command is answered)
    zones.register(app)
    start.register(app)
    programme.register(app)
    filters.register(app)  # the programme by track, hall or language (its buttons only)
    agenda.register(app)  # stars, /my, the digest offer
    calendar.register(app)  # /ics: my agenda or the whole programme as a calendar file
    speakers.register(app)
    now.register(app)
    news.register(app)
    editions.register(app)  # /archive (past editions, read-only) and /welcomeback
    account.register(app)
    hidden.register(app)  # hiding tracks or kinds, from /settings
    organiser.register(app)
    # Questions: its conversation takes the typed question before search does, and its
    # moderator picker (Telegram's user picker) is answered before staff's organiser picker.
    questions.register(app)
    moderation.register(app)  # /questions: the moderators' queue, history and blocks
    moderators.register(app)  # a session's moderators, assigned by organisers from its card
    staff.register(app)
    roles.register(app)  # /invite, /invites; its conversation takes a typed limit or time
    post.register(app)  # its conversation takes text before search does
    announce.register(app)  # so does this one
    broadcasts.register(app)
    corrections.register(app)  # correct or withdraw a sent broadcast; takes text first
    quickchange.register(app)  # its conversation takes a typed time before search does
    links.register(app)  # a session's links; its conversation takes a typed address first
    checkin.register(app)  # "I'm here" on a running session's card
    polls.register(app)  # polls at a running session; its conversation takes the typed poll
    poll_votes.register(app)  # answering a poll
    dataimport.register(app)  # documents (outside /announce), /export, /reload; not text
    inline.register(app)  # inline queries ("@bot words" in any chat): their own update kind
    info.register(app)  # /info, /venue; its edit conversation takes text before search does
    feedback.register(app)  # ratings, /feedback; its comment conversation takes text first
    menu.register(app)  # the main menu's labels (each area added its buttons above)
    search.register(app)  # /search, then any other text as a search
    errors.register(app)  # unknown commands, unhandled buttons, the error handler
