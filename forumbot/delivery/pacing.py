"""Pacing, pure and synchronous: a global rate, per-chat and per-group limits, 429 pauses.

Time is an injected monotonic source (seconds), never the forum clock, so tests step it.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

GROUP_LIMIT = 20  # Telegram: about 20 messages a minute to one group
GROUP_WINDOW = 60.0


class Pacer:
    """Decides when the next message may go; ``acquire`` records it when it may go now.

    Globally at most ``ceil(rate * headroom)`` messages in any 1 s window (a sliding log),
    spread evenly ``1 / (rate * headroom)`` apart, each allowed ``catch_up`` seconds early (half a
    gap by default) so that late wake-ups do not slow the pace. The headroom keeps the count
    Telegram sees at most ``rate`` even when network jitter bunches messages on arrival. A
    private chat (id > 0) gets a message at most every ``chat_interval`` seconds, a group
    (id < 0) ``group_limit`` per ``group_window``. Memory holds only the chats sent to
    within their interval.
    """

    def __init__(
        self,
        rate: float,
        *,
        chat_interval: float = 1.0,
        group_limit: int = GROUP_LIMIT,
        group_window: float = GROUP_WINDOW,
        headroom: float = 0.96,
        catch_up: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("the rate must be above 0")
        self.rate = rate
        self._limit = max(1, math.ceil(rate * headroom))
        self._gap = 1.0 / (rate * headroom)
        # By default a message may go half a gap early, so that the sender's wake-up delays
        # do not add up (the schedule keeps its pace) while no burst forms.
        self._catch_up = self._gap / 2 if catch_up is None else catch_up
        self._chat_interval = chat_interval
        self._group_limit = group_limit
        self._group_window = group_window
        self._now = monotonic
        self._window: deque[float] = deque()
        self._due = -math.inf  # when the next message is due if sends were perfectly even
        self._paused_until = -math.inf
        self._chats: dict[int, float] = {}  # private chat -> last send, oldest first
        self._groups: dict[int, deque[float]] = {}  # group -> its recent sends

    @property
    def paused_until(self) -> float:
        return self._paused_until

    def pause(self, seconds: float) -> None:
        """After a 429: nothing goes out for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, self._now() + max(0.0, seconds))

    def global_wait(self) -> float:
        """Seconds until any message may go (0: now)."""
        now = self._now()
        at = max(self._paused_until, self._due - self._catch_up)
        if len(self._window) >= self._limit:
            at = max(at, self._window[-self._limit] + 1.0)
        return max(0.0, at - now)

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may get a message, global limits aside."""
        now = self._now()
        if chat_id >= 0:
            last = self._chats.get(chat_id)
            return 0.0 if last is None else max(0.0, last + self._chat_interval - now)
        sends = self._groups.get(chat_id)
        if not sends or len(sends) < self._group_limit:
            return 0.0
        return max(0.0, sends[-self._group_limit] + self._group_window - now)

    def wait(self, chat_id: int) -> float:
        """Seconds until a message to ``chat_id`` may go."""
        return max(self.global_wait(), self.chat_wait(chat_id))

    def acquire(self, chat_id: int) -> float:
        """Record a send to ``chat_id`` now and return 0, or return the seconds to wait."""
        wait = self.wait(chat_id)
        if wait > 0:
            return wait
        now = self._now()
        self._forget(now)
        self._window.append(now)
        while len(self._window) > self._limit:
            self._window.popleft()
        self._due = max(self._due, now) + self._gap
        if chat_id >= 0:
            self._chats.pop(chat_id, None)
            self._chats[chat_id] = now
        else:
            sends = self._groups.pop(chat_id, None) or deque(maxlen=self._group_limit)
            sends.append(now)
            self._groups[chat_id] = sends
        return 0.0

    def _forget(self, now: float) -> None:
        # Both dicts are in order of last use: drop from the front what no longer limits.
        while self._chats:
            chat_id, last = next(iter(self._chats.items()))
            if last + self._chat_interval > now:
                break
            del self._chats[chat_id]
        while self._groups:
            chat_id, sends = next(iter(self._groups.items()))
            if sends[-1] + self._group_window > now:
                break
            del self._groups[chat_id]

    def tracked_chats(self) -> int:
        """How many chats the pacer remembers (bounded by the sends of the last interval)."""
        return len(self._chats) + len(self._groups)
