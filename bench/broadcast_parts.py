"""Parts of bench/broadcast.py: a bulk audience, an emulator that times its calls, an
emulator in its own process, a Bot API that never leaves the process, and an RSS sampler."""

from __future__ import annotations

import asyncio
import bisect
import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forumbot.delivery.botapi import BotApi, SendResult
from forumbot.emulator import BotAPIEmulator
from forumbot.emulator.state import ApiError
from forumbot.store.db import Database
from forumbot.store.users import DEFAULT_TOPICS

TOKEN = "4242:BENCH-TOKEN"


# --- the audience -------------------------------------------------------------------------
async def add_subscribers(db: Database, first: int, count: int, epoch: int) -> None:
    """``count`` active English users from chat id ``first`` with the default topics, in two
    INSERT … SELECT statements over a recursive CTE (100,000 users in well under a second)."""
    series = "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
    last = first + count - 1
    async with db.transaction() as conn:
        await conn.execute(
            series + "INSERT INTO users (chat_id, language, first_seen, last_seen) "
            "SELECT i, 'en', ?, ? FROM n",
            (first, last, epoch, epoch),
        )
        for topic in DEFAULT_TOPICS:
            await conn.execute(
                series + "INSERT INTO user_topics (chat_id, topic, enabled) SELECT i, ?, 1 FROM n",
                (first, last, topic),
            )


async def add_bystanders(db: Database, chats: range, epoch: int) -> None:
    """Users who opted out of announcements: they ask /now but get no broadcast."""
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (chat_id, language, first_seen, last_seen) VALUES (?, 'en', ?, ?)",
            [(chat, epoch, epoch) for chat in chats],
        )
        await conn.executemany(
            "INSERT INTO user_topics (chat_id, topic, enabled) VALUES (?, 'announcements', 0)",
            [(chat,) for chat in chats],
        )


# --- an emulator that times every call it answers -----------------------------------------
@dataclass(slots=True)
class CallLog:
    """sendMessage calls that went through, and the calls answered 429: (monotonic time, chat)."""

    sent: list[tuple[float, int]] = field(default_factory=list)
    too_many: list[tuple[float, int]] = field(default_factory=list)


class TimedEmulator(BotAPIEmulator):
    """The emulator, unchanged, plus a log of when each sendMessage was answered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log = CallLog()

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        try:
            result = await super().call(method, params)
        except ApiError as exc:
            if exc.code == 429:
                self.log.too_many.append((time.monotonic(), int(params.get("chat_id") or 0)))
            raise
        if method == "sendMessage":
            self.log.sent.append((time.monotonic(), int(params["chat_id"])))
        return result


def max_in_window(times: list[float], width: float = 1.0) -> int:
    """The most events in any half-open window [t, t + width) that starts at an event."""
    ordered = sorted(times)
    return max(
        (bisect.bisect_left(ordered, t + width) - i for i, t in enumerate(ordered)), default=0
    )


# --- the emulator in a process of its own (so it has a core to itself) --------------------
def _serve(conn: Any, chats: range) -> None:
    asyncio.run(_serve_async(conn, chats))


async def _serve_async(conn: Any, chats: range) -> None:
    emu = BotAPIEmulator(token=TOKEN)
    await emu.start()
    emu.state.known_chats.update(chats)
    conn.send(emu.base_url)
    loop = asyncio.get_running_loop()
    while (request := await loop.run_in_executor(None, conn.recv)) != "stop":
        assert request == "stats"
        conn.send(dict(emu.stats))
    await emu.stop()
    conn.send("stopped")


class EmulatorProcess:
    """``async with EmulatorProcess(chats) as emu``: emu.base_url, await emu.stats()."""

    def __init__(self, chats: range) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, chats), daemon=True)
        self.base_url = ""

    async def _ask(self, request: str | None) -> Any:
        if request is not None:
            self._conn.send(request)
        return await asyncio.get_running_loop().run_in_executor(None, self._conn.recv)

    async def stats(self) -> dict[str, int]:
        return await self._ask("stats")

    async def __aenter__(self) -> EmulatorProcess:
        self._process.start()
        self.base_url = await self._ask(None)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._ask("stop")
        self._process.join(10)
        self._conn.close()


# --- a Bot API that answers at once, without HTTP ------------------------------------------
class InstantApi(BotApi):
    """Every call succeeds at once: the engine's own cost, no network and no server."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1/bot", TOKEN)
        self.calls = 0

    async def open(self) -> None:
        """No HTTP session to open."""

    async def close(self) -> None:
        """No HTTP session to close."""

    async def call(self, method: str, params: dict[str, Any]) -> SendResult:
        self.calls += 1
        await asyncio.sleep(0)  # a real call always yields to the loop at least once
        return SendResult(ok=True, message_id=self.calls)


# --- resident memory ------------------------------------------------------------------------
def rss_mb() -> float:
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    return next((int(ln.split()[1]) / 1024 for ln in lines if ln.startswith("VmRSS")), 0.0)


class RssPeak:
    """``with RssPeak() as peak``: a thread samples VmRSS every 5 ms; ``peak.mb`` after."""

    def __init__(self, interval: float = 0.005) -> None:
        self.mb = 0.0
        self._interval = interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.mb = max(self.mb, rss_mb())
            if self._done.wait(self._interval):
                break
        self.mb = max(self.mb, rss_mb())

    def __enter__(self) -> RssPeak:
        self.mb = rss_mb()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._done.set()
        self._thread.join()
