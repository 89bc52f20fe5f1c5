"""Updates from different chats run concurrently; one chat's run in the order they came.

PTB's ``BaseUpdateProcessor.process_update`` takes its semaphore before our code runs, so that
bound is set out of reach (``QUEUE_BOUND``) and the real bound (``ACTIVE_BOUND``) is taken only
once it is an update's turn in its chat: one chatty chat queues behind itself and cannot fill
every slot. Conversations and button presses keep today's behaviour because a chat's updates
never overlap.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

QUEUE_BOUND = 1_000_000  # PTB's own bound: in effect none; updates wait in their chat's line
ACTIVE_BOUND = 64  # updates at work at once, across chats


def order_key(update: object) -> Hashable | None:
    """The line an update waits in: its chat; without a chat (inline queries, buttons under
    inline messages) its user. Private chats share their user's id, so a person's inline
    queries and their chat with the bot form one line. None: no order to keep."""
    if not isinstance(update, Update):
        return None
    if (chat := update.effective_chat) is not None:
        return chat.id
    if (user := update.effective_user) is not None:
        return user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat, at most ``active`` at work at once."""

    def __init__(self, active: int = ACTIVE_BOUND) -> None:
        super().__init__(QUEUE_BOUND)
        self._active = asyncio.BoundedSemaphore(active)
        self._tails: dict[Hashable, asyncio.Future[None]] = {}

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def waiting_chats(self) -> int:
        """Chats with an update at work or waiting (for tests and metrics)."""
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            async with self._active:
                await coroutine
            return
        # Joining the chat's line happens before the first await, so the lines keep the order
        # in which PTB started the updates' tasks (the order they were fetched).
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await asyncio.shield(previous)
            async with self._active:
                await coroutine
        finally:
            _close_if_unstarted(coroutine)
            self._pass_turn(key, previous, mine)

    def _pass_turn(
        self, key: Hashable, previous: asyncio.Future[None] | None, mine: asyncio.Future[None]
    ) -> None:
        """Let the next update of the chat go; if this one was cancelled while still waiting,
        the next waits for the one before it, never overtaking it."""

        def done(_: object = None) -> None:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

        if previous is None or previous.done():
            done()
        else:
            previous.add_done_callback(done)


def _close_if_unstarted(coroutine: Awaitable[Any]) -> None:
    """A coroutine cancelled before its turn is closed, not left 'never awaited'."""
    if inspect.iscoroutine(coroutine) and (
        inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
    ):
        coroutine.close()
