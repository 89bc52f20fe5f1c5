"""A speaker linked to their programme entry (by a speaker invitation) is told personally
when their own session changes: the new time in words, with an .ics of their sessions as the
message's file (one call: the text is its caption). Part of the planner's change notices, in
the same broadcast, so a person gets one message however they follow the session."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from forumbot.delivery.models import Personal
from forumbot.models import Forum, Room, Session
from forumbot.render.agenda import render_own_changes
from forumbot.render.calendar import render_calendar
from forumbot.render.context import RenderCtx, View
from forumbot.rules.changes import Change
from forumbot.store import Store

Ctx = Callable[[Forum, str, str | None], RenderCtx]
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]+>")


def _people(s: Session) -> tuple[str, ...]:
    return (*s.speaker_ids, *s.moderator_ids)


async def told_of(store: Store, session_ids: Iterable[str]) -> set[int]:
    """Who the change notices would tell about these sessions: those who starred them and
    the speakers linked to them (the previews' count)."""
    ids = set(session_ids)
    found = set(await store.personal.stargazers(ids))
    sessions = await store.programme.sessions_by_ids(sorted(ids))
    linked = await store.roles.linked_speakers({p for s in sessions.values() for p in _people(s)})
    return found | {chat for chats in linked.values() for chat in chats}


async def own_sessions(
    store: Store, merged: Sequence[Change]
) -> tuple[dict[int, list[Change]], dict[str, Session]]:
    """Each linked speaker's chat -> the changes of the sessions they speak at or moderate;
    and those sessions (full, for the calendar file)."""
    sessions = await store.programme.sessions_by_ids([c.session_id for c in merged], full=True)
    linked = await store.roles.linked_speakers({p for s in sessions.values() for p in _people(s)})
    own: dict[int, list[Change]] = {}
    for change in merged:
        session = sessions.get(change.session_id)
        chats = {c for p in _people(session) for c in linked.get(p, [])} if session else set()
        for chat_id in chats:
            own.setdefault(chat_id, []).append(change)
    return own, sessions


async def speaker_rows(
    store: Store,
    forum: Forum,
    ctx_for: Ctx,
    merged: Sequence[Change],
    starred: Mapping[int, list[Change]],
    now: dt.datetime,
) -> dict[int, Personal]:
    """The personal message, with its .ics, to each linked speaker whose session changed
    (the changes of other sessions they starred follow in the same message)."""
    own, sessions = await own_sessions(store, merged)
    if not own:
        return {}
    rooms: Mapping[str, Room] = await store.programme.rooms()
    people = await store.programme.speakers(
        sorted({p for s in sessions.values() for p in _people(s)})
    )
    languages = await store.users.languages(list(own))
    zones = await store.zones.of_many(list(own))
    rows = {}
    for chat_id, mine in own.items():
        lang = languages.get(chat_id, forum.default_language)
        ctx = ctx_for(forum, lang, zones.get(chat_id))
        ids = {c.session_id for c in mine}
        others = [c for c in starred.get(chat_id, []) if c.session_id not in ids]
        view = _caption(ctx, mine, others, rooms)
        body = render_calendar(
            [sessions[i] for i in sorted(ids) if i in sessions], rooms, people, forum, lang,
            _link_for(ctx), catalogs=ctx.catalogs, now=now,
        )  # fmt: skip
        document = {"name": f"{forum.id}-{sorted(ids)[0]}.ics", "body": body.decode("utf-8")}
        row = view.personal(chat_id, lang)
        rows[chat_id] = Personal(row.chat_id, lang, row.text, row.reply_markup, document)
    return rows


def _caption(
    ctx: RenderCtx, own: list[Change], others: list[Change], rooms: Mapping[str, Room]
) -> View:
    """The notice as a file's caption (at most 1024 characters as Telegram counts them):
    shortened, if need be, to their own first change (the file holds them all)."""
    for mine, rest in ((own, others), (own, []), (own[:1], [])):
        view = render_own_changes(ctx, mine, rest, rooms)
        if len(html.unescape(_TAG.sub("", view.text))) <= CAPTION_LIMIT:
            break
    return view


def _link_for(ctx: RenderCtx) -> Callable[[Session], str | None]:
    """Each event's link: the session's card in the bot."""
    return lambda s: ctx.deep_link(f"s_{s.id}")
