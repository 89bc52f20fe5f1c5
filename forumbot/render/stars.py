"""The reader's own sessions on views rendered for everyone: ⭐ on the buttons of the
sessions they starred (laid over the cached view, as the card's star is), and the warning
when a new star overlaps others in their agenda, with the sessions of that slot."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from forumbot.models import Session
from forumbot.render.callbacks import CallbackError, decode
from forumbot.render.context import RenderCtx, View, keyboard
from forumbot.render.programme import session_label

STAR = "⭐"
# The buttons that open a session's card -> the field holding the session's id.
OPENS = {"ses": 0, "sesp": 0, "fses": 2, "nows": 1, "srs": 1}
MAX_SLOT = 8  # buttons in the warning: a slot with more halls than that lists the first


def opened_session(data: str | object) -> str | None:
    """The session a button opens, if it opens one."""
    if not isinstance(data, str):
        return None
    try:
        decoded = decode(data)
    except CallbackError:
        return None
    field = OPENS.get(decoded.action)
    return decoded.args[field] if field is not None else None


def with_stars(view: View, starred: Set[str]) -> View:
    """``view`` with ⭐ before the label of each button opening one of ``starred``; the
    cached view itself is left as it is (it is everyone's)."""
    markup = view.keyboard
    if not starred or not isinstance(markup, InlineKeyboardMarkup):
        return view
    rows, changed = [], False
    for row in markup.inline_keyboard:
        new = []
        for button in row:
            if opened_session(button.callback_data) in starred:
                button = InlineKeyboardButton(
                    f"{STAR} {button.text}", callback_data=button.callback_data
                )
                changed = True
            new.append(button)
        rows.append(new)
    return replace(view, keyboard=InlineKeyboardMarkup(rows)) if changed else view


def same_slot(s: Session, sessions: Sequence[Session]) -> list[Session]:
    """The other sessions (not cancelled) that overlap ``s``, by start and hall."""
    found = [
        o
        for o in sessions
        if o.id != s.id and not o.cancelled and o.start < s.end and s.start < o.end
    ]
    return sorted(found, key=lambda o: (o.start, o.room_id, o.id))


def render_star_conflict(
    ctx: RenderCtx,
    s: Session,
    clashing: Sequence[Session],
    slot: Sequence[Session],
    starred: Set[str],
) -> View:
    """ "“A” overlaps “B”, which is in your agenda", then every session of A's slot as a
    button to its card (a new message: the card just starred stays where it is)."""
    title, other = ctx.text(s.title), ctx.text(clashing[0].title)
    if len(clashing) == 1:
        lines = [ctx.tr("star_conflict", title=title, other=other)]
    else:
        lines = [ctx.tr("star_conflict_many", title=title, other=other, count=len(clashing) - 1)]
    lines += ["", ctx.t("star_slot", span=ctx.span(s.start, s.end))]
    rows = [
        [ctx.button((f"{STAR} " if o.id in starred else "") + session_label(ctx, o), "card", o.id)]
        for o in slot[:MAX_SLOT]
    ]
    return View("\n".join(lines), keyboard(*rows))
