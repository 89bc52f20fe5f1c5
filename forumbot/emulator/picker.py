"""Telegram's user picker: a keyboard button with ``request_users`` opens it, and the person's
choice reaches the bot as a message with ``users_shared``.

Telegram sends that message only for a button the bot offered in that chat (the client names
the message that holds the button), only as many people as ``max_quantity`` allows, bots only
when ``user_is_bot`` asks for them, and names and usernames only when the button requested
them (``request_name``, ``request_username``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from forumbot.emulator.state import EmuState


def offered_pickers(state: EmuState, chat_id: int) -> Iterator[dict[str, Any]]:
    """The ``request_users`` of every picker button in the chat's live bot messages, newest
    first."""
    for msg in reversed(list(state.bot_messages.get(chat_id, {}).values())):
        if msg.deleted:
            continue
        for row in (msg.reply_markup or {}).get("keyboard") or []:
            for button in row:
                if isinstance(button, dict) and isinstance(button.get("request_users"), dict):
                    yield button["request_users"]


def offered_picker(state: EmuState, chat_id: int, request_id: int) -> dict[str, Any]:
    """The picker button the bot offered in the chat with that request_id, or LookupError."""
    for request in offered_pickers(state, chat_id):
        if request.get("request_id") == request_id:
            return request
    raise LookupError(
        f"chat {chat_id} was offered no user picker button with request_id {request_id}"
    )


def can_pick(request: dict[str, Any], user: dict[str, Any]) -> bool:
    """Whether the picker lists this user: bots only if asked for, people only otherwise."""
    if "user_is_bot" not in request:
        return True
    return bool(request["user_is_bot"]) == bool(user.get("is_bot"))


def candidates(state: EmuState, request: dict[str, Any], chooser: int) -> list[dict[str, Any]]:
    """The users the picker lists for ``chooser``: everyone known but themselves."""
    return [
        user for uid, user in state.users.items() if uid != chooser and can_pick(request, user)
    ]


def users_shared(
    state: EmuState, request: dict[str, Any], user_ids: tuple[int, ...]
) -> dict[str, Any]:
    """The UsersShared object for the chosen users, as Telegram builds it; ValueError or
    LookupError for a choice the picker does not allow."""
    limit = int(request.get("max_quantity", 1))
    if not 1 <= len(user_ids) <= limit or len(set(user_ids)) != len(user_ids):
        raise ValueError(f"the picker takes 1 to {limit} different people, not {len(user_ids)}")
    users = []
    for user_id in user_ids:
        user = state.users.get(user_id)
        if user is None:
            raise LookupError(f"no user {user_id} to pick")
        if not can_pick(request, user):
            raise ValueError(f"user {user_id} is not offered by this picker (user_is_bot)")
        users.append(_shared_user(request, user))
    return {"request_id": request["request_id"], "users": users}


def _shared_user(request: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    shared: dict[str, Any] = {"user_id": user["id"]}
    if request.get("request_name"):
        shared.update({k: user[k] for k in ("first_name", "last_name") if k in user})
    if request.get("request_username") and "username" in user:
        shared["username"] = user["username"]
    return shared
