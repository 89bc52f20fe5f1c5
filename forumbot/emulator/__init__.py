"""A local Telegram Bot API emulator for the offline demo and end-to-end tests."""

from forumbot.emulator.inline import InlineAnswer, InlineResult
from forumbot.emulator.server import BotAPIEmulator
from forumbot.emulator.state import ApiError, BotMessage, Event, TapResult
from forumbot.emulator.terminal import TerminalChat, render_message, stdin_lines

__all__ = [
    "ApiError",
    "BotAPIEmulator",
    "BotMessage",
    "Event",
    "InlineAnswer",
    "InlineResult",
    "TapResult",
    "TerminalChat",
    "render_message",
    "stdin_lines",
]
