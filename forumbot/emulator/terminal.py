"""Terminal chat UI for the offline demo: print what the bot does, send what the user types."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import sys
import threading
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TextIO

from forumbot.emulator.markup import INLINE_ACTIONS
from forumbot.emulator.state import BotMessage, Event
from forumbot.emulator.terminal_render import button_rows, render_message

if TYPE_CHECKING:
    from forumbot.emulator.server import BotAPIEmulator

__all__ = ["TerminalChat", "render_message", "stdin_lines"]

logger = logging.getLogger(__name__)

_HELP = """built-in commands:
  :help   this list
  :quit   leave the chat
  <n>     press button number n
  \\n      inside a message: a line break ("Title\\nText")
other ":" commands are handled by the demo"""
# Buttons the terminal cannot press: every kind Telegram has but these three.
_UNSUPPORTED = tuple(a for a in INLINE_ACTIONS if a not in ("callback_data", "url", "copy_text"))


async def stdin_lines() -> AsyncIterator[str]:
    """Yield stdin lines without blocking the loop; EOF ends the iteration."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    # A daemon thread (not the default executor) so a pending readline never blocks exit.
    def reader() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=reader, name="stdin-lines", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


class TerminalChat:
    """One user's private chat with the bot, shown in a terminal."""

    def __init__(
        self,
        emu: BotAPIEmulator,
        user_id: int,
        *,
        out: TextIO = sys.stdout,
        on_meta: Callable[[str], Any] | None = None,
        reply_wait: float = 5.0,
    ) -> None:
        self.emu = emu
        self.user_id = user_id
        self.out = out
        self.on_meta = on_meta
        self.color = bool(getattr(out, "isatty", lambda: False)())
        self.reply_wait = reply_wait  # seconds to wait for a reply before the next line
        self.quiet_after = 0.3  # a reply is complete after this long without a new message
        self.meta_wait = 1.5  # after a demo command, how long to wait for what it set off
        self._since = 0
        self._seen: dict[int, int] = {}  # user id -> the last event shown in their chat
        self._inline: tuple[int, list[dict]] = (0, [])  # (message_id, numbered buttons)
        self._keyboard: list[Any] = []

    def switch_user(self, user_id: int) -> None:
        """Continue as another user (the demo's organiser switch); what reached their chat
        while you were someone else is shown now."""
        self._seen[self.user_id] = self._since
        self.user_id = user_id
        self._since = self._seen.get(user_id, 0)
        self._inline = (0, [])
        self._keyboard = []
        self._drain()

    def print(self, text: str) -> None:
        """Write a block of output."""
        self.out.write(text + "\n")
        self.out.flush()

    async def run(self, lines: AsyncIterator[str]) -> None:
        """Show bot output as it happens and handle input lines until EOF or :quit."""
        self._since = self.emu.mark(self.user_id)
        watcher = asyncio.create_task(self._watch(), name="terminal-chat-watch")
        try:
            async for raw in lines:
                if not await self.handle_line(raw.strip()):
                    break
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            self._drain()

    async def handle_line(self, line: str) -> bool:
        """Act on one input line; False means the chat should end."""
        # Show pending bot output first so typed numbers refer to what is on screen.
        self._drain()
        if not line:
            return True
        if line.startswith(":"):
            mark = self.emu.mark(self.user_id)
            go_on = await self._meta(line)
            if go_on and line != ":help":
                # Moving the clock may make reminders or broadcasts fall due: show them
                # before the next line.
                await self._settle(mark, self.meta_wait)
            return go_on
        mark = self.emu.mark(self.user_id)
        if not (line.isdigit() and await self._press_number(int(line))):
            # A terminal line is one line: "\n" typed in it stands for a line break.
            await self.emu.send_text(self.user_id, line.replace("\\n", "\n"))
        await self._settle(mark)
        return True

    async def _settle(self, mark: int, wait: float | None = None) -> None:
        """Wait for the bot's answer, and for it to go quiet (a reply may be several
        messages), so that typed or scripted input always refers to what is on screen."""
        wait = self.reply_wait if wait is None else wait
        while True:
            try:
                await self.emu.wait_events(self.user_id, mark, count=1, timeout=wait)
            except TimeoutError:
                return
            mark = self.emu.mark(self.user_id)
            self._drain()
            wait = self.quiet_after
        self._drain()

    async def _meta(self, line: str) -> bool:
        if line == ":quit":
            return False
        if line == ":help":
            self.print(_HELP)
        if self.on_meta is not None:
            reply = self.on_meta(line)
            if inspect.isawaitable(reply):
                reply = await reply
            if reply:
                self.print(str(reply))
        elif line != ":help":
            self.print(f"unknown command {line} (:help lists them)")
        return True

    async def _press_number(self, number: int) -> bool:
        """Press button number; False if no such button (the digits are then sent as text)."""
        message_id, inline = self._inline
        if 1 <= number <= len(inline):
            return await self._press_inline(message_id, inline[number - 1])
        index = number - len(inline) - 1
        if 0 <= index < len(self._keyboard):
            button = self._keyboard[index]
            text = button if isinstance(button, str) else button.get("text", "")
            await self.emu.send_text(self.user_id, text)
            return True
        return False

    async def _press_inline(self, message_id: int, button: dict) -> bool:
        if "callback_data" in button:
            await self.emu.press(self.user_id, message_id, data=button["callback_data"])
        elif "url" in button:
            self.print(f"(link) {button['url']}")
        elif "copy_text" in button:
            self.print(f"(copied) {button['copy_text'].get('text', '')}")
        else:
            kind = next((k for k in _UNSUPPORTED if k in button), "this")
            self.print(f"({kind} buttons are not supported in the terminal)")
        return True

    async def _watch(self) -> None:
        state = self.emu.state
        while not state.closing:
            await state.wait_for(lambda: bool(state.events(self.user_id, self._since)), 3600.0)
            self._drain()

    def _drain(self) -> None:
        """Print every event not shown yet."""
        for event in self.emu.events(self.user_id, self._since):
            self._since = event.seq
            self._show(event)

    def _show(self, event: Event) -> None:
        if event.kind in ("sent", "edited") and event.message is not None:
            self._show_message(event.message)
        elif event.kind == "deleted":
            self.print(f"── bot deleted message #{event.message_id} ──")
        elif event.kind == "answered" and event.data.get("text"):
            label = "alert" if event.data.get("show_alert") else "popup"
            self.print(f"({label}) {event.data['text']}")

    def _show_message(self, msg: BotMessage) -> None:
        text, buttons = render_message(msg, 1, self.color)
        self.print(text)
        if buttons:
            self._inline = (msg.message_id, buttons)
        elif self._inline[0] == msg.message_id:
            # An edit removed the keyboard: those numbers no longer press anything.
            self._inline = (0, [])
        markup = msg.reply_markup or {}
        if "keyboard" in markup:
            self._keyboard = [b for row in markup["keyboard"] for b in row]
        elif "remove_keyboard" in markup:
            self._keyboard = []
        if self._keyboard and (buttons or "keyboard" in markup):
            self._print_keyboard(markup.get("keyboard"))

    def _print_keyboard(self, rows: list[list[Any]] | None) -> None:
        # Reply-keyboard numbers continue after the current inline buttons.
        rows = rows or [self._keyboard]
        text, _flat = button_rows(rows, len(self._inline[1]) + 1)
        self.print("keyboard: " + text.replace("\n", "\n          "))
