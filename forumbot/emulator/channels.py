"""Channels in the emulator: a channel with the bot as an administrator (or not), its posts
(on behalf of the channel, ``sender_chat``), the pinned messages, and the methods the bot uses
to find its place there (getChat, getChatMember) and to pin (pinChatMessage,
unpinChatMessage) with Telegram's checks (getChat by @username: methods_bot). Readers
press a post's buttons as subscribers do."""

from __future__ import annotations

from typing import Any

from forumbot.emulator.state import ApiError, BotMessage, EmuState, Group, _as_int, bad_request

# The rights of a bot made a channel's administrator with the defaults.
CHANNEL_RIGHTS = {
    "can_be_edited": True,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_change_info": True,
    "can_post_messages": True,
    "can_edit_messages": True,
    "can_delete_messages": True,
    "can_invite_users": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_manage_video_chats": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
}


class ChannelSide:
    """Mixin for BotAPIEmulator: the forum's channel, as Telegram runs it."""

    state: EmuState

    def add_channel(
        self,
        chat_id: int,
        title: str = "Issyk-Kul Forum",
        username: str | None = "issykkulforum",
        *,
        admin: bool = True,
        rights: dict[str, Any] | None = None,
        readers: tuple[int, ...] = (),
    ) -> dict[str, Any]:
        """A channel the bot is in: an administrator with the default rights (or ``rights``),
        or, ``admin`` False, a plain subscriber that may not post."""
        if chat_id >= 0:
            raise ValueError("a channel's chat id is negative (-100…)")
        given = dict(CHANNEL_RIGHTS if rights is None else rights) if admin else None
        group = Group(chat_id, title, "channel", set(readers), privacy=False, username=username,
                      rights=given)  # fmt: skip
        self.state.groups[chat_id] = group
        self.state.known_chats.add(chat_id)
        return group.chat_dict()

    def channel_posts(self, chat_id: int) -> list[BotMessage]:
        """The channel's posts as readers see them now, oldest first (deleted ones gone)."""
        posts = self.state.bot_messages.get(chat_id, {}).values()
        return sorted((m for m in posts if not m.deleted), key=lambda m: m.message_id)

    def pinned(self, chat_id: int) -> BotMessage | None:
        """The message shown pinned at the top (the newest pin), if any."""
        group = self.state.groups[chat_id]
        for message_id in reversed(group.pinned):
            msg = self.state.bot_messages.get(chat_id, {}).get(message_id)
            if msg is not None and not msg.deleted:
                return msg
        return None


def _chat(state: EmuState, p: dict[str, Any]) -> Group:
    chat_id = state.require_chat(p.get("chat_id"))
    group = state.groups.get(chat_id)
    if group is None:
        raise bad_request("method is available only for supergroups and channel")
    return group


def get_chat_member(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """getChatMember: the bot's own status and rights there (or a reader's)."""
    group = _chat(state, p)
    user_id = _as_int(p.get("user_id"))
    if user_id == state.bot_user["id"]:
        if group.rights is not None:
            return {"status": "administrator", "user": state.bot_user, **group.rights}
        return {"status": "member", "user": state.bot_user}
    if user_id in group.members:
        return {"status": "member", "user": state.user(user_id)}
    if user_id is None or user_id not in state.users:
        raise bad_request("user not found")
    return {"status": "left", "user": state.user(user_id)}


def _may_pin(group: Group) -> None:
    """Telegram: can_edit_messages in a channel, can_pin_messages in a group."""
    right = "can_edit_messages" if group.kind == "channel" else "can_pin_messages"
    if group.kind != "group" and not (group.rights or {}).get(right):
        raise bad_request("not enough rights to manage pinned messages in the chat")


def pin_chat_message(state: EmuState, p: dict[str, Any]) -> bool:
    """pinChatMessage: a message of the chat, by an administrator with the right."""
    group = _chat(state, p)
    _may_pin(group)
    msg = state.bot_messages.get(group.chat_id, {}).get(_as_int(p.get("message_id")) or 0)
    if msg is None or msg.deleted:
        raise bad_request("message to pin not found")
    if msg.message_id in group.pinned:
        group.pinned.remove(msg.message_id)
    group.pinned.append(msg.message_id)
    silent = bool(p.get("disable_notification"))
    state.record(group.chat_id, "pinned", msg, disable_notification=silent)
    return True


def unpin_chat_message(state: EmuState, p: dict[str, Any]) -> bool:
    """unpinChatMessage: the given message, or the newest pinned one."""
    group = _chat(state, p)
    _may_pin(group)
    message_id = _as_int(p.get("message_id")) or (group.pinned[-1] if group.pinned else None)
    if message_id is None or message_id not in group.pinned:
        raise bad_request("message to unpin not found")
    group.pinned.remove(message_id)
    state.record(group.chat_id, "unpinned", message_id=message_id)
    return True


METHODS = {
    "getchatmember": get_chat_member,
    "pinchatmessage": pin_chat_message,
    "unpinchatmessage": unpin_chat_message,
}
__all__ = ["METHODS", "ApiError", "ChannelSide"]
