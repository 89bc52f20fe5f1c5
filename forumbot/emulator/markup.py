"""Validation of message text, captions and reply markup the way Telegram checks them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from forumbot.emulator.html_check import HtmlError, parse_html, utf16_len
from forumbot.emulator.state import bad_request

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
_URL_SCHEMES = {"http", "https", "tg"}
INLINE_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "web_app",
    "callback_game",
    "pay",
    "copy_text",
)


@dataclass
class Formatted:
    """Visible text plus how it was sent."""

    text: str
    html: str | None
    parse_mode: str | None
    entities: list[dict] = field(default_factory=list)


def format_text(raw: Any, parse_mode: Any, entities: Any, *, caption: bool = False) -> Formatted:
    """Parse text/caption per parse_mode and enforce Telegram's emptiness and length rules."""
    raw = "" if raw is None else str(raw)
    mode = str(parse_mode) if parse_mode else None
    if mode and mode.lower() == "html":
        try:
            visible, parsed = parse_html(raw)
        except HtmlError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
        result = Formatted(visible, raw, mode, parsed)
    else:
        result = Formatted(raw, raw if mode else None, mode, list(entities or []))
    if caption:
        if utf16_len(result.text) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        return result
    if not result.text.strip():
        raise bad_request("message text is empty")
    if utf16_len(result.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return result


def check_web_app(web_app: Any, what: str) -> None:
    """A WebAppInfo: Telegram opens Mini Apps only over https, at a URL with a host."""
    url = web_app.get("url") if isinstance(web_app, dict) else None
    parts = urlsplit(str(url or ""))
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise bad_request(f"{what} Web App URL '{url}' is invalid: Only HTTPS links are allowed")


def _check_inline_button(button: Any, private: bool) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    actions = [key for key in INLINE_ACTIONS if key in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(str(data).encode("utf-8"))
        if not isinstance(data, str) or not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    if "web_app" in button:
        if not private:  # Mini App buttons are for private chats only
            raise bad_request("BUTTON_TYPE_INVALID")
        check_web_app(button["web_app"], "inline keyboard button")
    if "url" in button:
        parts = urlsplit(str(button["url"]))
        if parts.scheme.lower() not in _URL_SCHEMES or not (parts.netloc or parts.path):
            raise bad_request("BUTTON_URL_INVALID")


def _rows(markup: dict, key: str, kind: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" of the {kind} should be an Array of Arrays')
    return rows


def check_reply_markup(markup: Any, private: bool = True) -> dict | None:
    """Validate reply_markup and return it as a dict (None when absent); ``private``: sent to
    a private chat (web_app buttons are refused elsewhere)."""
    if markup in (None, ""):
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard", "InlineKeyboardMarkup"):
            for button in row:
                _check_inline_button(button, private)
    elif "keyboard" in markup:
        for row in _rows(markup, "keyboard", "ReplyKeyboardMarkup"):
            for button in row:
                if not (
                    isinstance(button, str) or (isinstance(button, dict) and button.get("text"))
                ):
                    raise bad_request("can't parse keyboard button: Text must be non-empty")
    elif not ("remove_keyboard" in markup or "force_reply" in markup):
        raise bad_request('can\'t find field "inline_keyboard"')
    return markup
