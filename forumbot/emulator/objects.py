"""Building Bot API objects (Message, Update payloads) from emulator state."""

from __future__ import annotations

import re
from typing import Any

from forumbot.emulator.html_check import utf16_len
from forumbot.emulator.state import BotMessage, EmuState

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MEDIA_KINDS = {"document", "photo"}


def command_entities(text: str) -> list[dict[str, Any]]:
    """A leading bot_command entity, as Telegram adds for "/start payload"."""
    m = _COMMAND_RE.match(text)
    if not m:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))}]


def user_message_dict(
    state: EmuState, user_id: int, message_id: int, text: str, chat_id: int | None = None
) -> dict:
    """A text Message sent by a user in their private chat (or in the group ``chat_id``)."""
    msg: dict[str, Any] = {
        "message_id": message_id,
        "date": state.now(),
        "chat": state.chat_dict(user_id if chat_id is None else chat_id),
        "from": state.user(user_id),
        "text": text,
    }
    entities = command_entities(text)
    if entities:
        msg["entities"] = entities
    return msg


def _file_dict(msg: BotMessage) -> dict[str, Any]:
    size = len(msg.document_bytes or b"")
    file_id = msg.file_id or f"EMU-{msg.chat_id}-{msg.message_id}"
    info: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id[-16:]}
    if size:
        info["file_size"] = size
    return info


def _media_fields(msg: BotMessage) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if msg.kind == "document":
        doc = _file_dict(msg)
        if msg.document_name:
            doc["file_name"] = msg.document_name
        out["document"] = doc
    elif msg.kind == "photo":
        out["photo"] = [{**_file_dict(msg), "width": 800, "height": 600}]
    if msg.text:
        out["caption"] = msg.text
        if msg.entities:
            out["caption_entities"] = msg.entities
    return out


def bot_message_dict(state: EmuState, msg: BotMessage) -> dict[str, Any]:
    """The Message object Telegram returns for a message the bot sent."""
    chat = state.chat_dict(msg.chat_id)
    out: dict[str, Any] = {"message_id": msg.message_id, "date": msg.date, "chat": chat}
    if chat["type"] == "channel":  # a channel post: on behalf of the channel, no sender
        out["sender_chat"] = chat
    else:
        out["from"] = state.bot_user
    if msg.kind == "text":
        out["text"] = msg.text
        if msg.entities:
            out["entities"] = msg.entities
    elif msg.kind in _MEDIA_KINDS:
        out.update(_media_fields(msg))
    else:
        # venue/location keep their Bot API payload in extra
        out.update(msg.extra)
    if msg.edit_date:
        out["edit_date"] = msg.edit_date
    # Telegram echoes only inline keyboards back in Message.reply_markup.
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
        out["reply_markup"] = msg.reply_markup
    return out
