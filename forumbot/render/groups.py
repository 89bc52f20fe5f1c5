"""What the bot says in a group chat: its hello, and the one line that sends personal
things to the private chat (with a t.me button that opens it)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from forumbot.render.context import RenderCtx, View


def private_chat_button(ctx: RenderCtx) -> InlineKeyboardMarkup | None:
    """A URL button to the bot's private chat (none while the bot's name is unknown)."""
    if not ctx.bot_username:
        return None
    url = f"https://t.me/{ctx.bot_username}"
    return InlineKeyboardMarkup([[InlineKeyboardButton(ctx.label("group_open_private"), url=url)]])


def render_group_private(ctx: RenderCtx) -> View:
    """Personal or organisers' things are not shown in a group: one line, and the way there."""
    return View(ctx.t("group_private", bot=f"@{ctx.bot_username}"), private_chat_button(ctx))


def render_group_hello(ctx: RenderCtx) -> View:
    """When the bot joins a group, and for /start and /help there: the public commands."""
    return View(ctx.t("group_hello", bot=f"@{ctx.bot_username}"), private_chat_button(ctx))
