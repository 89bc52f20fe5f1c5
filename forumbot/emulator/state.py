"""Emulator state: users, chats, bot messages, the event log and the update queue."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """A Bot API error answered as {"ok": false, ...}."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(text: str) -> ApiError:
    """A 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {text}")


@dataclass
class BotMessage:
    """A message the bot has in a chat, in its current state after edits."""

    message_id: int
    chat_id: int
    date: int
    kind: str = "text"
    text: str = ""
    html: str | None = None
    parse_mode: str | None = None
    entities: list[dict] = field(default_factory=list)
    reply_markup: dict | None = None
    document_name: str | None = None
    document_bytes: bytes | None = None
    file_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    edited: int = 0
    deleted: bool = False
    edit_date: int | None = None

    @property
    def caption(self) -> str:
        """Visible caption of a media message (same storage as text)."""
        return self.text

    def inline_buttons(self) -> list[dict]:
        """Inline keyboard buttons flattened row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass
class Group:
    """A group or supergroup the bot was added to: its members, and whether the bot is still
    in it and reads every message (an admin) or only what privacy mode lets through."""

    chat_id: int
    title: str
    kind: str = "group"  # or "supergroup", or "channel" (emulator/channels.py)
    members: set[int] = field(default_factory=set)
    bot_member: bool = True
    privacy: bool = True
    username: str | None = None  # a public channel's or group's @username, without the @
    rights: dict[str, Any] | None = None  # the bot's rights as an administrator; None: not one
    pinned: list[int] = field(default_factory=list)  # pinned message ids, the newest last

    def chat_dict(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.chat_id, "type": self.kind, "title": self.title}
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class Event:
    """One thing the bot did in a chat: sent, edited, deleted, answered (a callback)."""

    seq: int
    chat_id: int
    kind: str
    message_id: int | None = None
    message: BotMessage | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class TapResult:
    """What pressing an inline button produced."""

    text: str | None
    show_alert: bool
    url: str | None
    events: list[Event]


class EmuState:
    """All mutable emulator data; methods here are synchronous except the waits."""

    def __init__(self, token: str, bot_username: str) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_username.removesuffix("_bot").replace("_", " ").title(),
            "username": bot_username,
        }
        self.users: dict[int, dict[str, Any]] = {}
        self.known_chats: set[int] = set()
        self.blocked: set[int] = set()
        self.groups: dict[int, Group] = {}
        self.bot_messages: dict[int, dict[int, BotMessage]] = {}
        self.user_messages: dict[int, dict[int, dict]] = {}
        self._next_message_id: dict[int, int] = {}
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.log: list[Event] = []
        self._seq = itertools.count(1)
        self._update_ids = itertools.count(1)
        self.updates: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self.settings: dict[Any, Any] = {"webhook": None, "menu_buttons": {}}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.inline_queries: dict[str, dict[str, Any]] = {}  # pending and answered
        self.inline_answers: list[Any] = []  # InlineAnswer (forumbot.emulator.inline)
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.closing = False
        self.long_polls = 0  # getUpdates calls held now, waiting for an update
        # One event wakes both long polls (new updates) and event waiters (bot output).
        self._changed = asyncio.Event()

    # ---- users and chats -------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "Aida",
        language_code: str = "ru",
        username: str | None = None,
        last_name: str | None = None,
    ) -> dict[str, Any]:
        """Register a private-chat user; chat id equals user id."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        return user

    def user(self, user_id: int) -> dict[str, Any]:
        """The user dict, auto-registering unknown ids with defaults."""
        return self.users.get(user_id) or self.add_user(user_id)

    def chat_dict(self, chat_id: int) -> dict[str, Any]:
        """The Bot API Chat object for a group, or a private chat."""
        if chat_id in self.groups:
            return self.groups[chat_id].chat_dict()
        user = self.user(chat_id)
        chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        return chat

    def require_chat(self, chat_id: Any) -> int:
        """Validate a chat_id parameter the way Telegram does."""
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            found = [g.chat_id for g in self.groups.values() if (g.username or "").lower() == name]
            chat_id = found[0] if found else 0
        if not isinstance(chat_id, int) or chat_id not in self.known_chats:
            raise bad_request("chat not found")
        group = self.groups.get(chat_id)
        if group is not None and not group.bot_member:
            raise ApiError(403, f"Forbidden: bot was kicked from the {group.kind} chat")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def new_message_id(self, chat_id: int) -> int:
        """Message ids are per chat in private chats, shared by both sides."""
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    def bot_message(self, chat_id: int, message_id: Any, missing: str) -> BotMessage:
        """A live bot message or a 400 with the given wording."""
        msg = self.bot_messages.get(chat_id, {}).get(_as_int(message_id) or 0)
        if msg is None or msg.deleted:
            raise bad_request(missing)
        return msg

    # ---- bot output log ----------------------------------------------------------------------

    def record(self, chat_id: int, kind: str, msg: BotMessage | None = None, **data: Any) -> Event:
        """Append an event to the log and wake waiters."""
        event = Event(
            seq=next(self._seq),
            chat_id=chat_id,
            kind=kind,
            message_id=msg.message_id if msg else data.pop("message_id", None),
            message=msg,
            data=data,
        )
        self.log.append(event)
        logger.debug("event #%d in chat %s: %s", event.seq, chat_id, kind)
        self._notify()
        return event

    def store_bot_message(self, msg: BotMessage) -> None:
        """Keep a freshly sent bot message and log it."""
        self.bot_messages.setdefault(msg.chat_id, {})[msg.message_id] = msg
        self.record(msg.chat_id, "sent", msg)

    def events(self, chat_id: int, since: int = 0) -> list[Event]:
        """Events of one chat with seq greater than since."""
        return [e for e in self.log if e.chat_id == chat_id and e.seq > since]

    def last_seq(self) -> int:
        """The highest sequence number handed out so far."""
        return self.log[-1].seq if self.log else 0

    # ---- updates -----------------------------------------------------------------------------

    def queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an Update for getUpdates."""
        update = {"update_id": next(self._update_ids), kind: payload}
        self.updates.append(update)
        self._notify()
        return update

    def pending_updates(self, offset: int | None, allowed: list[str] | None) -> list[dict]:
        """Confirm updates below offset and return the remaining allowed ones."""
        if offset:
            if offset < 0:
                # Negative offsets keep only the last -offset updates, like Telegram.
                self.updates = self.updates[offset:]
            else:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if allowed:
            self.updates = [u for u in self.updates if _update_kind(u) in allowed]
        return list(self.updates)

    async def wait_for(self, predicate: Any, timeout: float) -> bool:
        """Wait until predicate() holds, the emulator closes, or timeout; return predicate()."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (self.closing or predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                break
        return bool(predicate())

    def notify(self) -> None:
        """Wake every waiter: something changed that is neither an update nor output."""
        self._notify()

    def _notify(self) -> None:
        # Swap in a fresh Event so each wake-up is seen once by every current waiter.
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def close(self) -> None:
        """Release every waiter; long polls then answer with what they have."""
        self.closing = True
        self._notify()

    def now(self) -> int:
        """Current unix time as Telegram reports message dates."""
        return int(time.time())


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _update_kind(update: dict[str, Any]) -> str:
    return next(k for k in update if k != "update_id")
