"""The forum's channel or group (``FORUMBOT_CHANNEL``, the bot an administrator there).

At start the bot finds the channel (getChat, then getChatMember for itself) and says clearly
when it is not an administrator or may not post or pin; nothing is posted then, and nothing
crashes. Everything posted there goes through the delivery engine (one row, chat id the
channel's: paced 20 a minute as a group, 429 and 403 as for anyone), decided on the
planner's tick and recorded in the same transaction (``channel_posts``), so a restart never
posts twice:

- the pinned programme (``FORUMBOT_CHANNEL_PIN_PROGRAMME``): posted once, pinned silently,
  edited once the programme has stayed unchanged for the change window, never to the same text;
- "starting now" (``FORUMBOT_CHANNEL_STARTING_NOW``): when sessions of the chosen halls begin,
  one post with each one's hall, a link to its card and its stream;
- the programme's changes (``FORUMBOT_CHANNEL_CHANGES``): one public post once the change
  window is quiet, a cancelled session struck through;
- a round-table poll, when its organiser chooses so (``post_poll``).

Languages: a channel post is one message for every reader, so it carries the channel's
languages (``FORUMBOT_CHANNEL_LANGUAGES``, default the forum's default language) one after
another (``Content.for_channel``); past Telegram's limit, the first language alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import aiosqlite

from forumbot.delivery.models import CHANNEL_LANGUAGE, Content, Personal
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from forumbot.models import Forum, Session
from forumbot.render.channel import (
    render_channel_changes,
    render_programme_pin,
    render_starting_now,
)
from forumbot.render.context import RenderCtx
from forumbot.render.polls import render_poll_message
from forumbot.rules.changes import merge
from forumbot.rules.polls import Poll
from forumbot.runtime.quiet import QuietWindow
from forumbot.store import Store
from forumbot.store.channel import record_post

logger = logging.getLogger(__name__)

STARTING_LATE = dt.timedelta(minutes=10)  # a "starting now" this late (the bot was down) is not
_TEXT = 4096


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """What the bot found at start: the channel's id and title, and what it may do there;
    ``problem``: why it cannot post (not found, not an administrator …), in English, for
    the operator."""

    target: str
    chat_id: int | None = None
    title: str = ""
    can_post: bool = False
    can_pin: bool = False
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.chat_id is not None and self.can_post


async def probe(api, target: str) -> ChannelInfo:  # api: forumbot.delivery.BotApi
    """Find the channel and the bot's rights there; never raises."""
    try:
        found = await api.call("getChat", {"chat_id": target})
        if not found.ok or not isinstance(found.result, dict):
            return ChannelInfo(target, problem=f"not found ({found.description or 'no answer'})")
        chat = found.result
        me = await api.call("getMe", {})
        bot_id = (me.result or {}).get("id") if me.ok else None
        member = await api.call("getChatMember", {"chat_id": chat["id"], "user_id": bot_id})
    except Exception as exc:  # the bot runs on without its channel
        logger.exception("Looking for the channel %s failed", target)
        return ChannelInfo(target, problem=f"could not be reached ({type(exc).__name__})")
    return _rights(target, chat, member.result if member.ok else None)


def _rights(target: str, chat: dict, member: dict | None) -> ChannelInfo:
    kind, title = chat.get("type"), str(chat.get("title") or target)
    base = ChannelInfo(target, int(chat["id"]), title)
    if kind not in ("channel", "group", "supergroup"):
        return ChannelInfo(target, problem=f"is a {kind} chat, not a channel or group")
    member = member or {}
    status = member.get("status")
    if status == "creator":
        return ChannelInfo(target, base.chat_id, title, True, True)
    if status != "administrator":
        why = f"the bot is not an administrator of «{title}» ({status or 'unknown'})"
        return ChannelInfo(target, base.chat_id, title, False, False, why)
    channel = kind == "channel"
    can_post = bool(member.get("can_post_messages")) if channel else True
    can_pin = bool(member.get("can_edit_messages" if channel else "can_pin_messages"))
    problem = None if can_post else f"the bot may not post in «{title}» (can_post_messages)"
    return ChannelInfo(target, base.chat_id, title, can_post, can_pin, problem)


def describe(info: ChannelInfo, settings: Settings) -> str:
    """One line for the log and ``bot.py check``."""
    if info.problem:
        return f"FORUMBOT_CHANNEL {info.target}: {info.problem}; nothing will be posted there"
    line = f"FORUMBOT_CHANNEL {info.target}: «{info.title}» ({info.chat_id}), the bot may post"
    if settings.channel_pin_programme and not info.can_pin:
        line += "; it may NOT pin (give it the right to edit or pin messages)"
    return line


class ChannelPoster:
    """The channel's posts, decided on the planner's tick (``tick``) and for polls."""

    def __init__(
        self,
        info: ChannelInfo,
        settings: Settings,
        store: Store,
        catalogs: Catalogs,
        delivery,  # DeliveryService
        bot_username: str | None,
    ) -> None:
        self.info, self.settings, self.store = info, settings, store
        self.catalogs, self.delivery, self.bot_username = catalogs, delivery, bot_username
        self._pin_quiet: tuple[str, dt.datetime] | None = None  # (text waiting, first seen)
        self._changes_quiet = QuietWindow(settings.change_window)
        self._rendered: tuple[int, str] | None = None  # (programme version, pinned text)

    @property
    def title(self) -> str | None:
        """The channel's title when the bot can post there (None: no channel to offer)."""
        return self.info.title if self.info.usable else None

    def _languages(self, forum: Forum) -> tuple[str, ...]:
        return self.settings.channel_languages or (forum.default_language,)

    def _stacked(self, forum: Forum, render) -> str:
        """The post in the channel's languages, stacked; ``render(ctx)`` gives one's text."""
        codes = self._languages(forum)
        texts = {lang: render(RenderCtx(lang, self.catalogs, forum, self.bot_username))
                 for lang in codes}  # fmt: skip
        content = Content(texts=texts, default_language=codes[0]).for_channel(codes, _TEXT)
        return content.channel or ""

    async def _post(self, purpose: str, text: str, markup: dict | None, also) -> int:
        assert self.info.chat_id is not None
        row = Personal(self.info.chat_id, CHANNEL_LANGUAGE, text, markup)
        return await self.delivery.create_personal(purpose, [row], also)

    async def tick(self, forum: Forum, now: dt.datetime) -> None:
        if not self.info.usable:
            return
        if self.settings.channel_pin_programme:
            await self._programme(forum, now)
        if self.settings.channel_starting_now:
            await self._starting(forum, now)
        if self.settings.channel_changes:
            await self._changes(forum, now)

    # --- the pinned programme ----------------------------------------------------------------
    async def _programme_text(self, forum: Forum) -> str:
        """The pinned programme's text, rendered again only when the programme changed."""
        programme = self.store.programme
        version = await programme.version.current()
        if self._rendered is not None and self._rendered[0] == version:
            return self._rendered[1]
        days = [(day, await programme.sessions_on(day.date)) for day, _ in await programme.days()]
        rooms = await programme.rooms()
        text = self._stacked(forum, lambda ctx: render_programme_pin(ctx, days, rooms))
        self._rendered = (version, text)
        return text

    async def _programme(self, forum: Forum, now: dt.datetime) -> None:
        post = await self.store.channel.get("programme")
        text = await self._programme_text(forum)
        if post is None:

            async def posted(conn: aiosqlite.Connection, broadcast_id: int) -> None:
                await record_post(conn, "programme", broadcast_id, text, now)

            await self._post("channel_programme", text, None, posted)
            return
        assert post.broadcast_id is not None
        if not post.pinned:
            await self._pin(post.broadcast_id)
        if text == post.text:
            self._pin_quiet = None
            return
        if self._pin_quiet is None or self._pin_quiet[0] != text:
            self._pin_quiet = (text, now)  # debounced: edited once it stays so a window
        if now - self._pin_quiet[1] < self.settings.change_window:
            return
        parent = await self.delivery.outbox.get(post.broadcast_id)
        if parent is None or parent.status != "done":
            return
        content = Content(texts={}, default_language=forum.default_language, channel=text)
        await self.delivery.correct(post.broadcast_id, content)
        await self.store.channel.record("programme", None, text, now)
        self._pin_quiet = None
        logger.info("The channel's pinned programme is edited")

    async def _pin(self, broadcast_id: int) -> None:
        """Pin the programme once it is posted: silently; refused (no right), said once."""
        assert self.info.chat_id is not None
        message_id = await self.delivery.outbox.message_of(broadcast_id, self.info.chat_id)
        if message_id is None:
            return
        answer = await self.delivery.api.call(
            "pinChatMessage",
            {"chat_id": self.info.chat_id, "message_id": message_id,
             "disable_notification": True},
        )  # fmt: skip
        if answer.ok or answer.error_code in (400, 403):
            if not answer.ok:
                logger.warning("The channel's programme could not be pinned: %s",
                               answer.description)  # fmt: skip
            await self.store.channel.mark_pinned("programme")

    # --- starting now ------------------------------------------------------------------------
    async def _starting(self, forum: Forum, now: dt.datetime) -> None:
        halls = self.settings.channel_starting_now
        running = await self.store.programme.sessions_now(now)
        fresh = [
            s for s in running
            if now - s.start < STARTING_LATE and ("*" in halls or s.room_id in halls)
        ]  # fmt: skip
        done = await self.store.channel.decided("start:")
        due = [s for s in fresh if f"start:{s.id}" not in done]
        if not due:
            return
        rooms = await self.store.programme.rooms()
        text = self._stacked(forum, lambda ctx: render_starting_now(ctx, due, rooms))

        async def posted(conn: aiosqlite.Connection, broadcast_id: int) -> None:
            for s in due:
                await record_post(conn, f"start:{s.id}", broadcast_id, None, now)

        await self._post("channel_starting", text, None, posted)
        logger.info("Starting now in the channel: %s", ", ".join(s.id for s in due))

    # --- the programme's changes -------------------------------------------------------------
    async def _changes(self, forum: Forum, now: dt.datetime) -> None:
        told = await self.store.channel.get("changes")
        if told is None:  # from now on: what changed before the channel was set is not news
            newest = await self.store.changes.newest()
            await self.store.channel.record("changes", None, str(newest), now)
            return
        logged, last = await self.store.changes.since(int(told.text or 0))
        if not self._changes_quiet.due(logged[-1][0] if logged else None, last, now):
            return
        last_id = str(logged[-1][0])
        merged = [c for c in merge([c for _, c in logged]) if c.kinds]
        rooms = await self.store.programme.rooms()

        async def posted(conn: aiosqlite.Connection, broadcast_id: int | None = None) -> None:
            await record_post(conn, "changes", broadcast_id, last_id, now)

        self._changes_quiet.told()
        if not merged:
            async with self.store.db.transaction() as conn:
                await posted(conn)
            return
        text = self._stacked(forum, lambda ctx: render_channel_changes(ctx, merged, rooms, now))
        await self._post("channel_changes", text, None, posted)
        logger.info("Programme changes posted in the channel: %d sessions", len(merged))

    # --- polls ---------------------------------------------------------------------------------
    async def post_poll(self, poll: Poll, session: Session) -> None:
        """A round-table poll in the channel: its frame in the channel's languages, the
        answers as buttons; a reader's tap counts once per person (handlers/poll_votes.py)."""
        if not self.info.usable:
            return
        forum = await self.store.programme.forum()
        codes = self._languages(forum)
        views = [render_poll_message(RenderCtx(lang, self.catalogs, forum, self.bot_username),
                                     poll, session) for lang in codes]  # fmt: skip
        content = Content(texts={c: v.text for c, v in zip(codes, views, strict=True)},
                          default_language=codes[0]).for_channel(codes, _TEXT)  # fmt: skip
        markup = views[0].keyboard.to_dict() if views[0].keyboard is not None else None
        await self._post("channel_poll", content.channel or "", markup, None)
