"""Terminal chat UI for the offline demo: print what the bot does, send what the user types."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import sys
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TextIO

from forumbot.emulator import picker
from forumbot.emulator.markup import INLINE_ACTIONS
from forumbot.emulator.state import BotMessage, Event
from forumbot.emulator.terminal_input import (
    parse_choice,
    picker_menu,
    read_upload,
    split_path,
    stdin_lines,
    user_label,
)
from forumbot.emulator.terminal_render import button_rows, render_message

if TYPE_CHECKING:
    from forumbot.emulator.server import BotAPIEmulator

__all__ = ["TerminalChat", "render_message", "stdin_lines"]

logger = logging.getLogger(__name__)

TERMINAL_HELP = """built-in commands:
  :help                  this list
  :quit                  leave the chat
  <n>                    press button number n (a "pick a person" button opens
                         Telegram's user picker: type a number or a name)
  :photo PATH [caption]  send a photo (JPEG, PNG or GIF), as from your phone
  :file PATH [caption]   send a file, e.g. a programme (.yaml, .json, .xml)
  :send PATH [caption]   the same as :file (as the organiser, next year's programme
                         opens a new edition)
  \\n                     inside a message: a line break ("Title\\nText")
other ":" commands are handled by the demo"""
# Buttons the terminal cannot press: every kind Telegram has but these three.
_UNSUPPORTED = tuple(a for a in INLINE_ACTIONS if a not in ("callback_data", "url", "copy_text"))
# Reply-keyboard buttons that open something on the phone instead of sending their text.
_KEYBOARD_REQUESTS = ("request_contact", "request_location", "request_chat", "request_poll",
                      "web_app")  # fmt: skip
_UPLOADS = {":photo": "photo", ":file": "document", ":send": "document"}


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
        self._keyboard: list[list[Any]] = []  # the reply keyboard's rows
        self._screens: dict[int, tuple[tuple[int, list[dict]], list[list[Any]]]] = {}
        self._picking: dict[str, Any] | None = None  # the request_users of an open picker

    def switch_user(self, user_id: int) -> None:
        """Continue as another user (the demo's switches); what reached their chat while you
        were someone else is shown now, and their buttons are pressable again."""
        self._seen[self.user_id] = self._since
        self._screens[self.user_id] = (self._inline, self._keyboard)
        self.user_id = user_id
        self._since = self._seen.get(user_id, 0)
        self._inline, self._keyboard = self._screens.get(user_id, ((0, []), []))
        self._picking = None
        if self._inline[1]:
            self.print("buttons: " + button_rows([self._inline[1]], 1)[0])
        if self._keyboard:
            self._print_keyboard()
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
        if self._picking is not None and not line.startswith((":", "/")):
            await self._pick(line)
            return True
        self._picking = None
        if not line:
            return True
        command, _, rest = line.partition(" ")
        if command in _UPLOADS:
            mark = self.emu.mark(self.user_id)
            if await self._upload(_UPLOADS[command], rest):
                await self._settle(mark)
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
        pressed = await self._press_number(int(line)) if line.isdigit() else None
        if pressed is None:
            # A terminal line is one line: "\n" typed in it stands for a line break.
            await self.emu.send_text(self.user_id, line.replace("\\n", "\n"))
        if pressed is not False:  # False: the press only showed something here
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
            self.print(TERMINAL_HELP)
        if self.on_meta is not None:
            reply = self.on_meta(line)
            if inspect.isawaitable(reply):
                reply = await reply
            if reply:
                self.print(str(reply))
        elif line != ":help":
            self.print(f"unknown command {line} (:help lists them)")
        return True

    async def _press_number(self, number: int) -> bool | None:
        """Press button number: True if it sent the bot something, False if it only showed
        something here, None if there is no such button (the digits are then sent as text)."""
        message_id, inline = self._inline
        if 1 <= number <= len(inline):
            return await self._press_inline(message_id, inline[number - 1])
        index = number - len(inline) - 1
        keys = [button for row in self._keyboard for button in row]
        if not 0 <= index < len(keys):
            return None
        button = keys[index]
        if isinstance(button, str):
            await self.emu.send_text(self.user_id, button)
        elif isinstance(button.get("request_users"), dict):
            self._picking = button["request_users"]
            self.print(picker_menu(self._picking, self._people()))
            return False
        elif kind := next((k for k in _KEYBOARD_REQUESTS if k in button), None):
            self.print(f"({kind} buttons are not supported in the terminal)")
            return False
        else:
            await self.emu.send_text(self.user_id, button.get("text", ""))
        return True

    def _people(self) -> list[dict[str, Any]]:
        assert self._picking is not None
        return picker.candidates(self.emu.state, self._picking, self.user_id)

    async def _pick(self, line: str) -> None:
        """A line typed while Telegram's user picker is open: the choice, or "" to close."""
        assert self._picking is not None
        if not line:
            self._picking = None
            self.print("(picker closed; nothing was sent)")
            return
        chosen = parse_choice(line, self._people(), int(self._picking.get("max_quantity", 1)))
        if isinstance(chosen, str):
            self.print(f"({chosen}; type a number or a name, or an empty line to close)")
            return
        request_id = self._picking["request_id"]
        self._picking = None
        mark = self.emu.mark(self.user_id)
        await self.emu.share_user(self.user_id, request_id, *chosen)
        names = ", ".join(user_label(self.emu.state.users[uid]) for uid in chosen)
        self.print(f"(you picked {names})")
        await self._settle(mark)

    async def _upload(self, kind: str, rest: str) -> bool:
        """:photo / :file PATH [caption]: send the file as this user; False if nothing went."""
        path, caption = split_path(rest)
        if not path:
            self.print(f"say :{'photo' if kind == 'photo' else 'file'} PATH [caption]")
            return False
        try:
            name, data = await asyncio.to_thread(read_upload, path)
            send = self.emu.send_photo if kind == "photo" else self.emu.send_document
            await send(self.user_id, name, data, caption.replace("\\n", "\n"))
        except (OSError, ValueError) as exc:
            self.print(f"(not sent: {exc})")
            return False
        self.print(f"(you sent the {kind} {name}, {len(data)} bytes)")
        return True

    async def _press_inline(self, message_id: int, button: dict) -> bool:
        if "callback_data" in button:
            await self.emu.press(self.user_id, message_id, data=button["callback_data"])
            return True
        if "url" in button:
            self.print(f"(link) {button['url']}")
        elif "copy_text" in button:
            self.print(f"(copied) {button['copy_text'].get('text', '')}")
        else:
            kind = next((k for k in _UNSUPPORTED if k in button), "this")
            self.print(f"({kind} buttons are not supported in the terminal)")
        return False

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
            self._keyboard = markup["keyboard"]
        elif "remove_keyboard" in markup:
            self._keyboard = []
        if self._keyboard and (buttons or "keyboard" in markup):
            self._print_keyboard()

    def _print_keyboard(self) -> None:
        # Reply-keyboard numbers continue after the current inline buttons.
        text, _flat = button_rows(self._keyboard, len(self._inline[1]) + 1)
        self.print("keyboard: " + text.replace("\n", "\n          "))
