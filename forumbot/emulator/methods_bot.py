"""Bot API methods about the bot itself: identity, updates, webhook, commands, menus."""

from __future__ import annotations

import json
import re
from typing import Any

from forumbot.emulator.markup import check_web_app
from forumbot.emulator.state import ApiError, EmuState, bad_request

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_MAX_POLL_TIMEOUT = 50.0


def get_me(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """getMe."""
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def ok(state: EmuState, p: dict[str, Any]) -> bool:
    """Methods that only need to succeed (logOut, close)."""
    return True


async def get_updates(state: EmuState, p: dict[str, Any]) -> list[dict[str, Any]]:
    """getUpdates with long polling: hold until an update is queued or timeout expires."""
    if state.settings["webhook"]:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    if isinstance(p.get("allowed_updates"), list):
        # Telegram remembers allowed_updates across calls until changed.
        state.settings["allowed_updates"] = p["allowed_updates"] or None
    allowed = state.settings.get("allowed_updates")
    limit = min(max(int(p.get("limit") or 100), 1), 100)
    timeout = min(max(float(p.get("timeout") or 0), 0.0), _MAX_POLL_TIMEOUT)
    state.pending_updates(int(p.get("offset") or 0), allowed)
    if timeout and not state.closing:
        state.long_polls += 1
        state.notify()  # a test may wait for the poll to be held (emu.state.long_polls)
        try:
            await state.wait_for(lambda: bool(state.pending_updates(None, allowed)), timeout)
        finally:
            state.long_polls -= 1
    return state.pending_updates(None, allowed)[:limit]


def set_webhook(state: EmuState, p: dict[str, Any]) -> bool:
    """setWebhook: from now on updates are POSTed to the URL (emulator/webhook.py), with the
    secret token in a header, and getUpdates answers 409."""
    url = str(p.get("url") or "")
    if not url:
        return delete_webhook(state, p)
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get("secret_token")
    if secret is not None and not _SECRET_RE.fullmatch(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    allowed = p.get("allowed_updates")
    state.settings["webhook"] = {
        "url": url,
        "secret_token": None if secret is None else str(secret),
        "max_connections": int(p.get("max_connections") or 40),
        "allowed_updates": allowed if isinstance(allowed, list) else None,
    }
    if p.get("drop_pending_updates"):
        state.updates.clear()
    state.notify()  # wake the webhook pusher for updates already waiting
    return True


def delete_webhook(state: EmuState, p: dict[str, Any]) -> bool:
    """deleteWebhook: updates wait for getUpdates again."""
    state.settings["webhook"] = None
    if p.get("drop_pending_updates"):
        state.updates.clear()
    return True


def get_webhook_info(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """getWebhookInfo (never the secret token, as Telegram)."""
    hook = state.settings["webhook"] or {}
    info: dict[str, Any] = {
        "url": hook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    if hook:
        info["max_connections"] = hook["max_connections"]
        if hook.get("allowed_updates"):
            info["allowed_updates"] = hook["allowed_updates"]
    for key in ("last_error_date", "last_error_message"):
        if key in hook:
            info[key] = hook[key]
    return info


def scope_key(scope: Any, language_code: Any) -> tuple[str, str]:
    """Storage key for commands: canonical JSON of the scope plus language code."""
    if isinstance(scope, str) and scope.startswith("{"):
        scope = json.loads(scope)
    if not scope or scope == {"type": "default"}:
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(language_code or "")


def set_my_commands(state: EmuState, p: dict[str, Any]) -> bool:
    """setMyCommands with Telegram's validation of names and descriptions."""
    commands = p.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an array of at most 100 BotCommand")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        if not _COMMAND_RE.fullmatch(str(name)):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    state.commands[scope_key(p.get("scope"), p.get("language_code"))] = commands
    return True


def get_my_commands(state: EmuState, p: dict[str, Any]) -> list[dict[str, Any]]:
    """getMyCommands."""
    return state.commands.get(scope_key(p.get("scope"), p.get("language_code")), [])


def delete_my_commands(state: EmuState, p: dict[str, Any]) -> bool:
    """deleteMyCommands."""
    state.commands.pop(scope_key(p.get("scope"), p.get("language_code")), None)
    return True


def set_chat_menu_button(state: EmuState, p: dict[str, Any]) -> bool:
    """setChatMenuButton (per private chat, or the default when chat_id is absent), with
    Telegram's checks: a known type; a web_app button has a text and an https URL."""
    chat_id = state.require_chat(p["chat_id"]) if p.get("chat_id") else None
    if chat_id is not None and chat_id in state.groups:
        raise bad_request("chat_id must be a private chat")
    button = p.get("menu_button") or {"type": "default"}
    if isinstance(button, str):
        button = json.loads(button)
    kind = button.get("type") if isinstance(button, dict) else None
    if kind not in ("default", "commands", "web_app"):
        raise bad_request("BUTTON_TYPE_INVALID")
    if kind == "web_app":
        if not 1 <= len(str(button.get("text") or "")) <= 64:
            raise bad_request("BUTTON_TEXT_INVALID")
        check_web_app(button.get("web_app"), "menu button")
    state.settings["menu_buttons"][chat_id] = button
    return True


def get_chat_menu_button(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """getChatMenuButton."""
    buttons = state.settings["menu_buttons"]
    chat_id = int(p["chat_id"]) if p.get("chat_id") else None
    return buttons.get(chat_id) or buttons.get(None) or {"type": "default"}


def _text_setting(name: str, limit: int) -> tuple[Any, Any]:
    """Setter and getter handlers for a per-language text setting (description, name)."""

    def setter(state: EmuState, p: dict[str, Any]) -> bool:
        value = str(p.get(name) or "")
        if len(value) > limit:
            raise bad_request(f"{name.upper()}_INVALID")
        state.settings[(name, str(p.get("language_code") or ""))] = value
        return True

    def getter(state: EmuState, p: dict[str, Any]) -> dict[str, str]:
        return {name: state.settings.get((name, str(p.get("language_code") or "")), "")}

    return setter, getter


def get_chat(state: EmuState, p: dict[str, Any]) -> dict[str, Any]:
    """getChat: a chat the bot knows, as ChatFullInfo (a private chat gives the person's
    names). Telegram answers even for a user who blocked the bot; an unknown chat is refused."""
    chat_id = p.get("chat_id")
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        chat_id = int(chat_id)
    if isinstance(chat_id, str) and chat_id.startswith("@"):  # a public channel or group
        chat_id = state.require_chat(chat_id)
    if not isinstance(chat_id, int) or chat_id not in state.known_chats:
        raise bad_request("chat not found")
    return {**state.chat_dict(chat_id), "accent_color_id": 0, "max_reaction_count": 11}


def send_chat_action(state: EmuState, p: dict[str, Any]) -> bool:
    """sendChatAction: validated, remembered, not logged as output."""
    chat_id = state.require_chat(p.get("chat_id"))
    state.settings[("chat_action", chat_id)] = p.get("action")
    return True


_set_desc, _get_desc = _text_setting("description", 512)
_set_short, _get_short = _text_setting("short_description", 120)
_set_name, _get_name = _text_setting("name", 64)

METHODS = {
    "getme": get_me,
    "logout": ok,
    "close": ok,
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "setchatmenubutton": set_chat_menu_button,
    "getchatmenubutton": get_chat_menu_button,
    "setmydescription": _set_desc,
    "getmydescription": _get_desc,
    "setmyshortdescription": _set_short,
    "getmyshortdescription": _get_short,
    "setmyname": _set_name,
    "getmyname": _get_name,
    "sendchataction": send_chat_action,
    "getchat": get_chat,
}
