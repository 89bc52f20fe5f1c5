"""Fault injection: scripted failures, time-outs, dropped connections and a rate cap."""

from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from forumbot.emulator.state import ApiError

# getUpdates is the bot's own polling loop; rate-limiting it would only slow tests down.
_EXEMPT = {"getupdates"}
# Telegram's limits (about 30 a second, 1 a second per chat) count messages, not calls such
# as setMyCommands or answerCallbackQuery: only these methods count towards the rate cap.
_MESSAGES = {
    "sendmessage", "sendphoto", "senddocument", "sendvenue", "sendlocation", "sendvideo",
    "sendaudio", "sendanimation", "sendvoice", "sendmediagroup", "copymessage",
    "forwardmessage", "editmessagetext", "editmessagecaption", "editmessagereplymarkup",
    "editmessagemedia",
}  # fmt: skip


class Hang(Exception):
    """Hold the answer ``seconds`` (past the client's time-out); do the call if ``done``."""

    def __init__(self, seconds: float, done: bool = False) -> None:
        super().__init__(f"hold for {seconds:g}s")
        self.seconds = seconds
        self.done = done


class Drop(Exception):
    """Close the connection without answering; do the call first if ``done``."""

    def __init__(self, description: str, done: bool = False) -> None:
        super().__init__(description)
        self.done = done


@dataclass
class _Failure:
    method: str
    error_code: int
    description: str
    retry_after: int | None
    chat_id: int | None
    times: int
    action: str = "error"  # "error", "hang" or "drop"
    seconds: float = 0.0
    done: bool = False  # hang and drop: the call is done, only its answer is lost

    def matches(self, method: str, chat_id: Any) -> bool:
        return self.method in (method, "*") and self.chat_id in (None, _norm(chat_id))

    def exception(self) -> Exception:
        if self.action == "hang":
            return Hang(self.seconds, self.done)
        if self.action == "drop":
            return Drop(self.description, self.done)
        return ApiError(self.error_code, self.description, self.retry_after)


class Faults:
    """Decides whether a Bot API call should fail before it is executed."""

    def __init__(self) -> None:
        self._failures: list[_Failure] = []
        self.per_second: float | None = None
        self.per_chat_per_second: float | None = None
        self._calls: deque[float] = deque()
        self._chat_calls: dict[Any, deque[float]] = defaultdict(deque)
        self._holds: dict[tuple[str, Any], asyncio.Event] = {}

    def hold(self, method: str, chat_ids: Iterable[int]) -> asyncio.Event:
        """Calls of ``method`` to these chats wait, not done, until the event returned is
        set; then they are done as usual. A test's order, not its timing."""
        gate = asyncio.Event()
        for chat_id in chat_ids:
            self._holds[(method.lower(), _norm(chat_id))] = gate
        return gate

    def gate(self, method: str, chat_id: Any) -> asyncio.Event | None:
        """The event a call waits for, if it is held (see ``hold``)."""
        if not self._holds:
            return None
        return self._holds.get((method.lower(), _norm(chat_id)))

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of method ("*": any) (optionally to chat_id) fail."""
        failure = _Failure(method.lower(), error_code, description, retry_after, chat_id, times)
        self._failures.append(failure)

    def hang_next(
        self,
        method: str,
        seconds: float,
        chat_id: int | None = None,
        times: int = 1,
        done: bool = False,
    ) -> None:
        """Hold the next `times` matching calls for `seconds`, then answer 504 undone; with
        `done`, do each call at once and send its answer only after `seconds`."""
        failure = _Failure(method.lower(), 504, "Gateway Timeout", None, chat_id, times, "hang")
        failure.seconds, failure.done = seconds, done
        self._failures.append(failure)

    def drop_next(
        self, method: str, chat_id: int | None = None, times: int = 1, done: bool = False
    ) -> None:
        """Close the connection of the next `times` matching calls without doing them; with
        `done`, do each call first and close the connection instead of answering."""
        failure = _Failure(method.lower(), 0, "connection dropped", None, chat_id, times, "drop")
        failure.done = done
        self._failures.append(failure)

    def rate_limit(
        self, per_second: float | None = None, per_chat_per_second: float | None = None
    ) -> None:
        """Cap calls per second globally and/or per chat; None switches a cap off."""
        self.per_second = per_second
        self.per_chat_per_second = per_chat_per_second
        self._calls.clear()
        self._chat_calls.clear()

    def check(self, method: str, chat_id: Any) -> None:
        """Raise ApiError, Hang or Drop if this call is scripted to fail or over the cap."""
        method = method.lower()
        for failure in self._failures:
            if failure.matches(method, chat_id):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                raise failure.exception()
        if method not in _EXEMPT and method in _MESSAGES:
            self._check_rate(chat_id)

    def _check_rate(self, chat_id: Any) -> None:
        now = time.monotonic()
        windows: list[tuple[deque[float], float]] = []
        if self.per_second:
            windows.append((self._calls, self.per_second))
        if self.per_chat_per_second and chat_id is not None:
            windows.append((self._chat_calls[_norm(chat_id)], self.per_chat_per_second))
        for window, cap in windows:
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= cap:
                wait = max(1, math.ceil(window[0] + 1.0 - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
        # Only calls that went through count towards the window, like a token bucket.
        for window, _cap in windows:
            window.append(now)


def _norm(chat_id: Any) -> Any:
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return chat_id
