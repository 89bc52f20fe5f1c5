"""Bot API methods that send, edit and delete messages or answer callback queries."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from forumbot.emulator.markup import check_reply_markup, format_text
from forumbot.emulator.objects import bot_message_dict
from forumbot.emulator.params import Upload
from forumbot.emulator.state import BotMessage, EmuState, bad_request

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
# Options a bot may pass that change nothing visible but tests may want to assert on.
_OPTION_KEYS = (
    "link_preview_options",
    "disable_web_page_preview",
    "disable_notification",
    "protect_content",
    "reply_parameters",
    "message_thread_id",
)


def _new_message(state: EmuState, p: dict[str, Any], kind: str) -> tuple[int, BotMessage]:
    """Common checks for every send*: chat, reply target, markup."""
    if p.get("chat_id") in (None, ""):
        raise bad_request("chat_id is empty")
    chat_id = state.require_chat(p["chat_id"])
    _may_post(state, chat_id)
    markup = check_reply_markup(p.get("reply_markup"), private=chat_id not in state.groups)
    _check_reply_target(state, chat_id, p)
    msg = BotMessage(
        message_id=0,
        chat_id=chat_id,
        date=state.now(),
        kind=kind,
        reply_markup=markup,
        options={k: p[k] for k in _OPTION_KEYS if k in p},
    )
    return chat_id, msg


def _may_post(state: EmuState, chat_id: int) -> None:
    """In a channel only an administrator with the right to post may post (and edit)."""
    group = state.groups.get(chat_id)
    if group is None or group.kind != "channel":
        return
    if not (group.rights or {}).get("can_post_messages"):
        raise bad_request("need administrator rights in the channel chat")


def _check_reply_target(state: EmuState, chat_id: int, p: dict[str, Any]) -> None:
    reply = p.get("reply_parameters") or {}
    target = reply.get("message_id") if isinstance(reply, dict) else None
    target = target or p.get("reply_to_message_id")
    if not target or reply.get("allow_sending_without_reply"):
        return
    known = target in state.user_messages.get(chat_id, {}) or target in state.bot_messages.get(
        chat_id, {}
    )
    if not known:
        raise bad_request("message to be replied not found")


def _finish(state: EmuState, msg: BotMessage) -> dict[str, Any]:
    msg.message_id = state.new_message_id(msg.chat_id)
    state.store_bot_message(msg)
    return bot_message_dict(state, msg)


def send_message(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """sendMessage."""
    _chat_id, msg = _new_message(state, p, "text")
    fmt = format_text(p.get("text"), p.get("parse_mode"), p.get("entities"))
    msg.text, msg.html, msg.parse_mode, msg.entities = (
        fmt.text,
        fmt.html,
        fmt.parse_mode,
        fmt.entities,
    )
    return _finish(state, msg)


def _send_file(state: EmuState, p: dict[str, Any], kind: str) -> dict[str, Any]:
    _chat_id, msg = _new_message(state, p, kind)
    source = p.get(kind)
    if isinstance(source, Upload):
        msg.document_name, msg.document_bytes = source.filename, source.body
    elif isinstance(source, str) and source:
        # A URL or an existing file_id: remember the reference, and the bytes of a file a
        # user uploaded (Telegram sends the same file on). Anything else (a path on the
        # bot's disk, say) Telegram refuses.
        if source not in state.files and not _remote_file(source):
            raise bad_request("wrong file identifier/HTTP URL specified")
        msg.file_id = source
        if source in state.files:
            msg.document_bytes = state.files[source][1]
        if urlsplit(source).scheme in ("http", "https"):
            msg.document_name = PurePosixPath(urlsplit(source).path).name or None
    else:
        raise bad_request(f"there is no {kind} in the request")
    fmt = format_text(
        p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True
    )
    msg.text, msg.html, msg.parse_mode, msg.entities = (
        fmt.text,
        fmt.html,
        fmt.parse_mode,
        fmt.entities,
    )
    return _finish(state, msg)


_FILE_ID = re.compile(r"[A-Za-z0-9_-]+")  # a path has a dot, a slash or a colon


def _remote_file(source: str) -> bool:
    """An http(s) URL Telegram can fetch, or something shaped like a file id."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and not any(c.isspace() for c in source)
    return bool(_FILE_ID.fullmatch(source))


def send_document(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """sendDocument."""
    return _send_file(state, p, "document")


def send_photo(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """sendPhoto."""
    return _send_file(state, p, "photo")


def _location(p: dict[str, Any]) -> dict[str, float]:
    """Telegram refuses a point off the globe (and NaN, which no range holds)."""
    try:
        latitude, longitude = float(p["latitude"]), float(p["longitude"])
    except (KeyError, TypeError, ValueError):
        raise bad_request("wrong latitude or longitude specified") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("wrong latitude or longitude specified")
    return {"latitude": latitude, "longitude": longitude}


def send_location(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """sendLocation."""
    _chat_id, msg = _new_message(state, p, "location")
    msg.extra = {"location": _location(p)}
    return _finish(state, msg)


def send_venue(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """sendVenue."""
    _chat_id, msg = _new_message(state, p, "venue")
    location = _location(p)
    if not p.get("title") or not p.get("address"):
        raise bad_request("venue title and address must be non-empty")
    venue = {"location": location, "title": str(p["title"]), "address": str(p["address"])}
    msg.text = f"{venue['title']}\n{venue['address']}"
    msg.extra = {"venue": venue, "location": location}
    return _finish(state, msg)


def _edit_target(state: EmuState, p: dict[str, Any]) -> BotMessage:
    if p.get("inline_message_id"):
        raise bad_request("message to edit not found")
    chat_id = state.require_chat(p.get("chat_id"))
    _may_post(state, chat_id)
    return state.bot_message(chat_id, p.get("message_id"), "message to edit not found")


def _inline_markup(p: dict[str, Any]) -> dict | None:
    markup = check_reply_markup(p.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return markup


def _apply_edit(state: EmuState, msg: BotMessage, fmt: Any, markup: dict | None) -> dict:
    if fmt.text == msg.text and fmt.entities == msg.entities and markup == msg.reply_markup:
        raise bad_request(_NOT_MODIFIED)
    msg.text, msg.html, msg.parse_mode, msg.entities = (
        fmt.text,
        fmt.html,
        fmt.parse_mode,
        fmt.entities,
    )
    # Like Telegram, an edit without reply_markup drops the inline keyboard.
    msg.reply_markup = markup
    msg.edited += 1
    msg.edit_date = state.now()
    state.record(msg.chat_id, "edited", msg)
    return bot_message_dict(state, msg)


def edit_message_text(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """editMessageText."""
    msg = _edit_target(state, p)
    fmt = format_text(p.get("text"), p.get("parse_mode"), p.get("entities"))
    markup = _inline_markup(p)
    if msg.kind != "text":
        raise bad_request("there is no text in the message to edit")
    if "link_preview_options" in p:  # kept, as a send's options are, for tests to read
        msg.options["link_preview_options"] = p["link_preview_options"]
    return _apply_edit(state, msg, fmt, markup)


def edit_message_caption(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """editMessageCaption."""
    msg = _edit_target(state, p)
    fmt = format_text(
        p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True
    )
    markup = _inline_markup(p)
    if msg.kind not in ("document", "photo"):
        raise bad_request("there is no caption in the message to edit")
    return _apply_edit(state, msg, fmt, markup)


def edit_message_reply_markup(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """editMessageReplyMarkup."""
    msg = _edit_target(state, p)
    markup = _inline_markup(p)
    if markup == msg.reply_markup:
        raise bad_request(_NOT_MODIFIED)
    msg.reply_markup = markup
    msg.edited += 1
    msg.edit_date = state.now()
    state.record(msg.chat_id, "edited", msg)
    return bot_message_dict(state, msg)


def delete_message(state: EmuState, p: dict[str, Any]) -> bool:
    """deleteMessage (bot messages, and incoming ones in private chats)."""
    chat_id = state.require_chat(p.get("chat_id"))
    message_id = p.get("message_id")
    incoming = state.user_messages.get(chat_id, {})
    if message_id in incoming:
        del incoming[message_id]
        state.record(chat_id, "deleted", message_id=message_id, incoming=True)
        return True
    msg = state.bot_message(chat_id, message_id, "message to delete not found")
    msg.deleted = True
    state.record(chat_id, "deleted", msg)
    return True


MAX_ANSWER_TEXT = 200  # characters of a callback answer's notification (Bot API: 0-200)


def answer_callback_query(state: EmuState, p: dict[str, Any]) -> bool:
    """answerCallbackQuery; each query can be answered once."""
    query = state.callback_queries.get(str(p.get("callback_query_id", "")))
    if query is None or query["answered"]:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(str(p.get("text") or "")) > MAX_ANSWER_TEXT:  # the toast or alert a tap shows
        raise bad_request("MESSAGE_TOO_LONG")
    query["answered"] = True
    state.record(
        query["chat_id"],
        "answered",
        message_id=query["message_id"],
        callback_query_id=query["id"],
        text=p.get("text"),
        show_alert=bool(p.get("show_alert", False)),
        url=p.get("url"),
    )
    return True


METHODS = {
    "sendmessage": send_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "sendlocation": send_location,
    "sendvenue": send_venue,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
}
