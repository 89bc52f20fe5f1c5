"""The user side of the emulator: acting as Telegram users and reading what the bot did."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from forumbot.emulator import picker
from forumbot.emulator.groups import GroupSide
from forumbot.emulator.methods_bot import scope_key
from forumbot.emulator.objects import bot_message_dict, user_message_dict
from forumbot.emulator.state import BotMessage, EmuState, Event, TapResult
from forumbot.emulator.uploads import MediaSide

_OUTPUT_KINDS = ("sent", "edited")


class UserSide(MediaSide, GroupSide):
    """Mixin for BotAPIEmulator; everything runs in-process on the emulator's loop.

    Where a method takes ``chat_id``, the user acts in that group (None: their private chat).
    """

    state: EmuState

    def add_user(
        self,
        user_id: int,
        first_name: str = "Aida",
        language_code: str = "ru",
        username: str | None = None,
        last_name: str | None = None,
    ) -> dict[str, Any]:
        """Register a private-chat user (chat id == user id)."""
        return self.state.add_user(user_id, first_name, language_code, username, last_name)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: later sends get 403 and a my_chat_member update arrives."""
        self.state.blocked.add(user_id)
        self._queue_member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        self.state.blocked.discard(user_id)
        self._queue_member_update(user_id, "kicked", "member")

    def _queue_member_update(self, user_id: int, old: str, new: str) -> None:
        bot = self.state.bot_user
        self.state.queue_update(
            "my_chat_member",
            {
                "chat": self.state.chat_dict(user_id),
                "from": self.state.user(user_id),
                "date": self.state.now(),
                "old_chat_member": {"status": old, "user": bot},
                "new_chat_member": {"status": new, "user": bot, "until_date": 0},
            },
        )

    def _queue_message(
        self, user_id: int, text: str, chat_id: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Queue a message from the user: ``text``, or (text "") only the given fields. In a
        group, Telegram's privacy mode may keep it from the bot (it is then only stored)."""
        state = self.state
        state.user(user_id)
        group = None if chat_id is None else self._group_for(chat_id, user_id)
        chat = user_id if group is None else group.chat_id
        state.known_chats.add(chat)
        message_id = state.new_message_id(chat)
        message = user_message_dict(state, user_id, message_id, text, chat_id)
        if not text:
            message.pop("text", None)
            message.pop("entities", None)
        message.update({key: value for key, value in fields.items() if value})
        state.user_messages.setdefault(chat, {})[message_id] = message
        if group is None or self.reaches_bot(group, message):
            state.queue_update("message", message)
        return message

    async def send_text(
        self, user_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Queue a text message from the user; returns the Message dict."""
        return self._queue_message(user_id, text, chat_id)

    async def share_user(
        self, user_id: int, request_id: int, *shared_user_ids: int
    ) -> dict[str, Any]:
        """The user picks people with the request_users keyboard button the bot offered in
        their chat (Telegram's user picker): a message with users_shared. LookupError when no
        such button was offered, ValueError for a choice the button does not allow."""
        request = picker.offered_picker(self.state, user_id, request_id)
        shared = picker.users_shared(self.state, request, shared_user_ids)
        return self._queue_message(user_id, "", users_shared=shared)

    async def share_user_raw(
        self, user_id: int, request_id: int, shared_user_id: int
    ) -> dict[str, Any]:
        """A users_shared message with no button behind it, which Telegram would not deliver:
        for tests of the bot's own check of who may pick."""
        shared = {"request_id": request_id, "users": [{"user_id": shared_user_id}]}
        return self._queue_message(user_id, "", users_shared=shared)

    def _pressable(self, user_id: int, message_id: int, chat_id: int | None) -> BotMessage:
        channel = self.state.groups.get(chat_id or 0)
        if chat_id is not None and not (channel and channel.kind == "channel"):
            self._group_for(chat_id, user_id)  # a channel's posts: any reader may press
        chat = user_id if chat_id is None else chat_id
        msg = self.state.bot_messages.get(chat, {}).get(message_id)
        if msg is None or msg.deleted:
            raise LookupError(f"chat {chat} has no bot message {message_id} to press on")
        return msg

    async def press(
        self,
        user_id: int,
        message_id: int,
        *,
        data: str | None = None,
        text: str | None = None,
        index: int | None = None,
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Press an inline button chosen by callback data, label or flat 0-based index."""
        msg = self._pressable(user_id, message_id, chat_id)
        button = _choose_button(msg, data=data, text=text, index=index)
        if "callback_data" not in button:
            kind = "URL" if "url" in button else "non-callback"
            raise ValueError(
                f"button {button.get('text')!r} of message {message_id} is a {kind} button "
                f"({button.get('url', '')}); only callback buttons can be pressed"
            )
        return await self.press_raw(user_id, message_id, button["callback_data"], chat_id)

    async def press_raw(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Queue a callback_query with arbitrary data (e.g. tampered) for a bot message."""
        state = self.state
        msg = self._pressable(user_id, message_id, chat_id)
        query_id = secrets.token_hex(8)
        state.callback_queries[query_id] = {
            "id": query_id,
            "chat_id": msg.chat_id,
            "message_id": message_id,
            "answered": False,
        }
        query = {
            "id": query_id,
            "from": state.user(user_id),
            "message": bot_message_dict(state, msg),
            "chat_instance": str(abs(hash((state.bot_user["id"], msg.chat_id)))),
            "data": data,
        }
        state.queue_update("callback_query", query)
        return query

    def messages(self, chat_id: int) -> list[BotMessage]:
        """Bot messages in the chat, in order, in their current state (deleted ones flagged)."""
        return list(self.state.bot_messages.get(chat_id, {}).values())

    def last_message(self, chat_id: int) -> BotMessage | None:
        """The most recent bot message that is not deleted."""
        alive = [m for m in self.messages(chat_id) if not m.deleted]
        return alive[-1] if alive else None

    def events(self, chat_id: int, since: int = 0) -> list[Event]:
        """Everything the bot did in the chat after sequence number since."""
        return self.state.events(chat_id, since)

    def mark(self, chat_id: int) -> int:
        """A sequence number to pass as since to see only later events."""
        return self.state.last_seq()

    def commands(self, scope: dict | None = None, language_code: str | None = None) -> Any:
        """What setMyCommands stored for that scope and language (None if never set)."""
        return self.state.commands.get(scope_key(scope, language_code))

    async def wait_events(
        self, chat_id: int, since: int, count: int = 1, timeout: float = 10.0
    ) -> list[Event]:
        """Wait until at least count events happened in the chat after since."""
        return await self._wait(
            chat_id, since, lambda evs: len(evs) >= count, timeout, f"{count} event(s)"
        )

    async def _wait(
        self,
        chat_id: int,
        since: int,
        done: Callable[[list[Event]], bool],
        timeout: float,
        what: str,
    ) -> list[Event]:
        state = self.state
        if not await state.wait_for(lambda: done(state.events(chat_id, since)), timeout):
            seen = [_describe(e) for e in state.events(chat_id, since)] or ["nothing"]
            raise TimeoutError(
                f"chat {chat_id}: waited {timeout}s for {what} after event #{since}; "
                f"bot did: {'; '.join(seen)}"
            )
        return state.events(chat_id, since)

    async def ask(
        self,
        user_id: int,
        text: str,
        count: int = 1,
        timeout: float = 10.0,
        chat_id: int | None = None,
    ) -> list:
        """Send text and return the first count messages the bot sent or edited in reply."""
        chat = user_id if chat_id is None else chat_id
        since = self.mark(chat)
        await self.send_text(user_id, text, chat_id)
        events = await self._wait(
            chat,
            since,
            lambda evs: _outputs(evs) >= count,
            timeout,
            f"{count} sent/edited message(s) in reply to {text!r}",
        )
        return [e.message for e in events if e.kind in _OUTPUT_KINDS][:count]

    async def tap(
        self,
        user_id: int,
        message_id: int,
        *,
        data: str | None = None,
        text: str | None = None,
        index: int | None = None,
        count: int = 0,
        timeout: float = 10.0,
        chat_id: int | None = None,
    ) -> TapResult:
        """Press a button, wait for the callback answer (and count sent/edited messages)."""
        chat = user_id if chat_id is None else chat_id
        since = self.mark(chat)
        query = await self.press(
            user_id, message_id, data=data, text=text, index=index, chat_id=chat_id
        )

        def done(evs: list[Event]) -> bool:
            return _answer(evs, query["id"]) is not None and _outputs(evs) >= count

        what = f"an answer to callback {query['data']!r}" + (
            f" and {count} sent/edited message(s)" if count else ""
        )
        events = await self._wait(chat, since, done, timeout, what)
        answer = _answer(events, query["id"])
        assert answer is not None  # guaranteed by done()
        return TapResult(
            text=answer.data.get("text"),
            show_alert=answer.data.get("show_alert", False),
            url=answer.data.get("url"),
            events=events,
        )


def _choose_button(msg: BotMessage, *, data: Any, text: Any, index: Any) -> dict[str, Any]:
    if [data, text, index].count(None) != 2:
        raise ValueError("choose a button with exactly one of data=, text= or index=")
    buttons = msg.inline_buttons()
    if index is not None:
        if not 0 <= index < len(buttons):
            raise LookupError(f"message {msg.message_id} has {len(buttons)} inline buttons")
        return buttons[index]
    key, wanted = ("callback_data", data) if data is not None else ("text", text)
    for button in buttons:
        if button.get(key) == wanted:
            return button
    labels = json.dumps([b.get("text") for b in buttons], ensure_ascii=False)
    raise LookupError(f"message {msg.message_id} has no button with {key}={wanted!r}: {labels}")


def _outputs(events: list[Event]) -> int:
    return sum(1 for e in events if e.kind in _OUTPUT_KINDS)


def _answer(events: list[Event], query_id: str) -> Event | None:
    return next((e for e in events if e.data.get("callback_query_id") == query_id), None)


def _describe(event: Event) -> str:
    text = event.message.text[:60] if event.message else event.data.get("text")
    return f"#{event.seq} {event.kind} msg {event.message_id} {text!r}"
