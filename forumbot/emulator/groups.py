"""Group chats in the emulator: adding the bot to a group and removing it, members who talk
there, and Telegram's privacy mode deciding which of their messages the bot receives."""

from __future__ import annotations

import re
from typing import Any

from forumbot.emulator.state import EmuState, Group

# The rights Telegram lists for an administrator added with the defaults (all on but anonymity
# and promoting others; can_be_edited: the adder may change them).
_ADMIN_RIGHTS = {
    "can_be_edited": True,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
    "can_pin_messages": True,
}
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@([A-Za-z0-9_]{3,32}))?(?:\s|$)")


class GroupSide:
    """Mixin for BotAPIEmulator: groups, as Telegram runs them."""

    state: EmuState

    def add_group(
        self,
        chat_id: int,
        members: tuple[int, ...] | list[int],
        title: str = "Forum friends",
        kind: str = "group",
        privacy: bool = True,
        added_by: int | None = None,
    ) -> dict[str, Any]:
        """Someone (``added_by``, else the first member) adds the bot to a new group of
        ``members``: the bot gets a my_chat_member update, left -> member (an administrator
        when ``privacy`` is off, as Telegram lets admins read every message)."""
        if chat_id >= 0 or kind not in ("group", "supergroup"):
            raise ValueError("a group's chat id is negative; its kind group or supergroup")
        for user_id in members:
            self.state.user(user_id)
        rights = None if privacy else dict(_ADMIN_RIGHTS)  # getChatMember says the same
        group = Group(chat_id, title, kind, set(members), privacy=privacy, rights=rights)
        self.state.groups[chat_id] = group
        self.state.known_chats.add(chat_id)
        status = "member" if privacy else "administrator"
        self._queue_group_member(group, added_by or members[0], "left", status)
        return group.chat_dict()

    def remove_from_group(self, chat_id: int, by: int) -> None:
        """A member removes the bot: later sends there get 403, and the bot is told."""
        group = self.state.groups[chat_id]
        group.bot_member = False
        self._queue_group_member(group, by, "member", "left")

    def _queue_group_member(self, group: Group, by: int, old: str, new: str) -> None:
        bot = self.state.bot_user
        rights = _ADMIN_RIGHTS if new == "administrator" else {}
        self.state.queue_update(
            "my_chat_member",
            {
                "chat": group.chat_dict(),
                "from": self.state.user(by),
                "date": self.state.now(),
                "old_chat_member": {"status": old, "user": bot},
                "new_chat_member": {"status": new, "user": bot, **rights},
            },
        )

    def _group_for(self, chat_id: int, user_id: int) -> Group:
        """The group ``user_id`` acts in: Telegram lets only members write or press there."""
        group = self.state.groups.get(chat_id)
        if group is None:
            raise LookupError(f"no group {chat_id}: add_group() it first")
        if user_id not in group.members:
            raise PermissionError(f"user {user_id} is not a member of group {chat_id}")
        return group

    def reaches_bot(self, group: Group, message: dict[str, Any]) -> bool:
        """Whether Telegram delivers a group message to the bot. An admin bot (privacy off)
        gets all of them; in privacy mode, only commands (``/cmd``, or ``/cmd@thisbot`` but
        not ``/cmd@otherbot``), messages naming ``@thisbot``, and replies to the bot."""
        if not group.bot_member:
            return False
        if not group.privacy:
            return True
        username = str(self.state.bot_user["username"]).lower()
        text = message.get("text") or message.get("caption") or ""
        if m := _COMMAND.match(text):
            return m.group(1) is None or m.group(1).lower() == username
        replied = message.get("reply_to_message", {}).get("from", {})
        return f"@{username}" in text.lower() or replied.get("id") == self.state.bot_user["id"]
