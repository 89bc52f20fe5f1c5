"""What reminders cost at start-up and how fast a minute's worth of them goes out.

There is no job per reminder: the store is the source of truth and the planner's tick decides
what is due at the clock's now. So "rebuilding the reminder jobs" after a restart is opening
the store, starting the delivery engine, building the planner and running its first tick.

0. A synthetic forum (2 days, 10 rooms, 200 sessions) in a real SQLite file, with 5,000
   participants who starred 5 sessions each, lead times of 5/10/15/30 minutes or none; 500
   of them will be reminded in the same minute. Built in a process of its own.
1. Start-up, one minute before that minute, late on the last day so that every star is in
   the candidates query's horizon: ``Store.open``, ``DeliveryService.open`` + ``start``
   against the emulator, the Planner and its first tick (nothing due); VmRSS before and
   after, the peak between. Then steady ticks with nothing due, and the candidates query
   alone, p50/p99; and ticks before the forum, when no session is in the horizon.
2. The clock moves to the due minute; one tick queues the 500 and the real DeliveryService
   sends them while the emulator enforces Telegram's limits (30/s, 1/s per chat): 429s,
   the most in any 1 s, the achieved rate, how long after the due time the last one was sent
   (wall seconds; the bot's planner ticks every 15 s on the real clock, which may add up to
   that much), exactly one each, and a second tick queues nothing.
3. The same on a fresh copy, restarted in the middle: the delivery engine stops (gracefully)
   after a good part were sent and the store closes; a new store, engine and planner start on
   the same file; nobody gets a second reminder and none is lost.

Exits 0 even when a target is missed (a report, not a test). ``--quick`` is a smoke run of a
few seconds for CI.

    PYTHONPATH=. python bench/reminders.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime as dt
import logging
import math
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

# Run as a file, bench/ heads sys.path and bench/handlers.py would shadow the handlers package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.broadcast import Figure, print_table
from bench.broadcast_parts import TOKEN, RssPeak, TimedEmulator, max_in_window
from bench.handlers import machine
from bench.reminders_parts import FIRST_CHAT, Built, Plan, build, vm_mb
from bench.synthetic import Sizes as ProgrammeSizes
from forumbot.delivery.service import DeliveryService
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.settings import Settings
from forumbot.runtime.planner import Planner
from forumbot.store import Store

TELEGRAM_PER_SECOND, TELEGRAM_PER_CHAT = 30, 1
QUERY_MS = 50.0  # the candidates query over every star; above this, look for a missing index
SETTLE_S = 1.0  # after the last expected send: long enough for a duplicate to show
RESTART_S = 30  # forum seconds the restart takes


@dataclass(frozen=True, slots=True)
class Sizes:
    plan: Plan
    ticks: int
    restart_after: int  # sends before the restart in (3)


def _programme(sessions: int, rooms: int) -> ProgrammeSizes:
    return ProgrammeSizes(sessions=sessions, speakers=sessions + sessions // 4, rooms=rooms,
                          days=2, iterations=0, searches=0)  # fmt: skip


FULL = Sizes(Plan(_programme(200, 10), users=5000, stars_each=5, due=500), 50, 200)
QUICK = Sizes(Plan(_programme(40, 4), users=500, stars_each=5, due=100), 20, 40)


# --- the bot's parts, as on_startup opens them ------------------------------------------------
@dataclass(slots=True)
class Bot:
    store: Store
    delivery: DeliveryService
    planner: Planner

    async def close(self) -> None:
        try:
            await self.delivery.stop()
        finally:
            await self.store.close()

    async def reminders_sent(self) -> int:
        """What the outbox recorded as sent, over every reminder broadcast (personal
        broadcasts are not listed by the outbox, so asked here directly)."""
        row = await self.store.db.fetchone(
            "SELECT COUNT(*) FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id "
            "WHERE b.kind = 'reminder' AND d.status = 'sent'"
        )
        return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class StartUp:
    open_ms: float  # Store.open (schema check, WAL)
    engine_ms: float  # catalogs, DeliveryService.open and start
    tick_ms: float  # the Planner and its first tick
    queued: int  # what that tick queued

    @property
    def total_ms(self) -> float:
        return self.open_ms + self.engine_ms + self.tick_ms


async def start_bot(path: Path, emu: TimedEmulator, clock: SimulatedClock) -> tuple[Bot, StartUp]:
    t0 = time.perf_counter()
    store = await Store.open(path)
    t1 = time.perf_counter()
    catalogs = Catalogs.load()
    settings = Settings(token=emu.token, api_base_url=emu.base_url,
                        api_base_file_url=emu.base_file_url, db_path=path)  # fmt: skip
    delivery = await DeliveryService.open(store.db, settings, clock)
    await delivery.start()
    t2 = time.perf_counter()
    planner = Planner(store, catalogs, clock, delivery, bot_username="forumbot_bench")
    report = await planner.tick()
    t3 = time.perf_counter()
    ms = [(b - a) * 1000 for a, b in ((t0, t1), (t1, t2), (t2, t3))]
    return Bot(store, delivery, planner), StartUp(*ms, queued=report.reminders)


def limited_emulator(built: Built) -> TimedEmulator:
    emu = TimedEmulator(token=TOKEN)
    emu.rate_limit(per_second=TELEGRAM_PER_SECOND, per_chat_per_second=TELEGRAM_PER_CHAT)
    emu.state.known_chats.update(range(FIRST_CHAT, FIRST_CHAT + built.users))
    return emu


async def sent_to(emu: TimedEmulator, crowd: frozenset[int], count: int, rate: float) -> None:
    """Until the emulator has answered ``count`` sends to the crowd (or a generous deadline)."""
    deadline = time.monotonic() + 2 * count / rate + 30
    while sum(1 for _t, chat in emu.log.sent if chat in crowd) < count:
        if time.monotonic() > deadline:
            return
        await asyncio.sleep(0.05)


async def times_ms(n: int, fn: Callable[[], Awaitable[object]]) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        await fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


# --- 1 and 2: start-up, steady ticks, the due minute ----------------------------------------
@dataclass(frozen=True, slots=True)
class Main:
    startup: StartUp
    rss_before: float
    rss_after: float
    rss_peak: float  # during start-up
    late_ticks: list[float]  # ms, every star in the horizon
    queries: list[float]  # ms, the candidates query alone
    early_ticks: list[float]  # ms, before the forum
    queued: int
    queue_ms: float  # the tick that decided and queued them
    sends: list[tuple[float, int]]  # (monotonic, chat) answered by the emulator
    too_many: int
    due_mono: float  # monotonic time when the clock reached the due minute
    second: int  # what a tick after completion queued
    engine_sent: int
    rate: float
    hwm: float  # VmHWM at the end


async def run_main(built: Built, sizes: Sizes) -> Main:
    crowd = frozenset(built.crowd)
    async with limited_emulator(built) as emu:
        clock = SimulatedClock(built.startup_at, speed=0)
        rss_before = vm_mb("VmRSS")
        with RssPeak() as peak:
            bot, startup = await start_bot(built.copy("main.sqlite3"), emu, clock)
        rss_after = vm_mb("VmRSS")
        try:
            late = await times_ms(sizes.ticks, bot.planner.tick)
            candidates = bot.store.personal.reminder_candidates
            queries = await times_ms(sizes.ticks, lambda: candidates(clock.now()))
            clock.set(built.opens - dt.timedelta(hours=1))
            early = await times_ms(sizes.ticks, bot.planner.tick)
            clock.set(built.due_at)
            due_mono = time.monotonic()
            report = await bot.planner.tick()
            queue_ms = (time.monotonic() - due_mono) * 1000
            rate = bot.delivery.sender.config.rate
            await sent_to(emu, crowd, len(crowd), rate)
            await asyncio.sleep(SETTLE_S)
            second = (await bot.planner.tick()).reminders
            engine_sent = await bot.reminders_sent()
        finally:
            await bot.close()
    return Main(startup, rss_before, rss_after, peak.mb, late, queries, early, report.reminders,
                queue_ms, list(emu.log.sent), len(emu.log.too_many), due_mono, second,
                engine_sent, rate, vm_mb("VmHWM"))  # fmt: skip


# --- 3: a restart in the middle ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Restart:
    queued: int  # by the tick at the due minute
    before: int  # sends the emulator answered before the restart
    requeued: int  # by the first tick after the restart
    per_chat: Counter[int]
    too_many: int
    engine_sent: int


async def run_restart(built: Built, sizes: Sizes) -> Restart:
    crowd = frozenset(built.crowd)
    path = built.copy("restart.sqlite3")
    async with limited_emulator(built) as emu:
        clock = SimulatedClock(built.startup_at, speed=0)
        bot, _ = await start_bot(path, emu, clock)
        try:
            clock.set(built.due_at)
            queued = (await bot.planner.tick()).reminders
            rate = bot.delivery.sender.config.rate
            await sent_to(emu, crowd, sizes.restart_after, rate)
        finally:
            await bot.close()  # in-flight sends finish and are recorded; the rest stay queued
        before = sum(1 for _t, chat in emu.log.sent if chat in crowd)
        clock.advance(dt.timedelta(seconds=RESTART_S))
        bot, startup = await start_bot(path, emu, clock)
        try:
            await sent_to(emu, crowd, len(crowd), rate)
            await asyncio.sleep(SETTLE_S)
            engine_sent = await bot.reminders_sent()
        finally:
            await bot.close()
    per_chat = Counter(chat for _t, chat in emu.log.sent if chat in crowd)
    return Restart(queued, before, startup.queued, per_chat, len(emu.log.too_many), engine_sent)


# --- the report -------------------------------------------------------------------------------
def quantile(times: list[float], q: float) -> float:
    ordered = sorted(times) or [math.nan]
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def startup_figures(m: Main) -> list[Figure]:
    s = m.startup
    p99 = quantile(m.queries, 0.99)
    return [
        Figure("1. Store.open ms", f"{s.open_ms:.1f}", "", None),
        Figure("1. engine open+start ms", f"{s.engine_ms:.1f}", "", None),
        Figure("1. planner + 1st tick ms", f"{s.tick_ms:.1f}", "", None),
        Figure("1. start-up total ms", f"{s.total_ms:.1f}", "", None),
        Figure("1. first tick queued", f"{s.queued}", "0", s.queued != 0),
        Figure("1. RSS before MB", f"{m.rss_before:.1f}", "", None),
        Figure("1. RSS after MB", f"{m.rss_after:.1f}", "", None),
        Figure("1. peak RSS start-up MB", f"{m.rss_peak:.1f}", "", None),
        Figure("1. tick p50 ms", f"{quantile(m.late_ticks, 0.5):.1f}", "", None),
        Figure("1. tick p99 ms", f"{quantile(m.late_ticks, 0.99):.1f}", "", None),
        Figure("1. candidates p50 ms", f"{quantile(m.queries, 0.5):.1f}", "", None),
        Figure("1. candidates p99 ms", f"{p99:.1f}", f"≤{QUERY_MS:.0f}", p99 > QUERY_MS),
        Figure("1. tick pre-forum p50 ms", f"{quantile(m.early_ticks, 0.5):.1f}", "", None),
        Figure("1. tick pre-forum p99 ms", f"{quantile(m.early_ticks, 0.99):.1f}", "", None),
    ]


def due_figures(m: Main, crowd: tuple[int, ...]) -> list[Figure]:
    n, chats = len(crowd), set(crowd)
    ours = sorted(t for t, chat in m.sends if chat in chats)
    got = Counter(chat for _t, chat in m.sends)
    once = sum(1 for chat in crowd if got[chat] == 1)
    window, limit = max_in_window(ours), math.floor(m.rate)
    achieved = (len(ours) - 1) / (ours[-1] - ours[0]) if len(ours) > 1 else 0.0
    last = ours[-1] - m.due_mono if ours else math.inf
    expected = math.ceil(1.2 * n / m.rate)
    return [
        Figure("2. tick that queued ms", f"{m.queue_ms:.1f}", "", None),
        Figure("2. queued", f"{m.queued}", f"{n}", m.queued != n),
        Figure("2. 429s", f"{m.too_many}", "0", m.too_many > 0),
        Figure("2. max in any 1 s", f"{window}", f"≤{limit}", window > limit),
        Figure("2. achieved rate /s", f"{achieved:.2f}", f"≥{0.95 * m.rate:.2f}",
               achieved < 0.95 * m.rate),
        Figure("2. first sent after due s", f"{ours[0] - m.due_mono:.2f}" if ours else "-",
               "", None),
        Figure("2. last sent after due s", f"{last:.1f}", f"≤{expected}", last > expected),
        Figure("2. exactly once", f"{once}/{n}", f"{n}/{n}", once != n),
        Figure("2. outbox 'sent'", f"{m.engine_sent}/{n}", f"{n}/{n}", m.engine_sent != n),
        Figure("2. second tick queued", f"{m.second}", "0", m.second != 0),
        Figure("2. VmHWM at the end MB", f"{m.hwm:.1f}", "", None),
    ]  # fmt: skip


def restart_figures(r: Restart, crowd: tuple[int, ...]) -> list[Figure]:
    n = len(crowd)
    once = sum(1 for chat in crowd if r.per_chat[chat] == 1)
    twice = sum(1 for chat in crowd if r.per_chat[chat] > 1)
    lost = sum(1 for chat in crowd if r.per_chat[chat] == 0)
    return [
        Figure("3. queued", f"{r.queued}", f"{n}", r.queued != n),
        Figure("3. sent before restart", f"{r.before}", "", None),
        Figure("3. sent after restart", f"{r.per_chat.total() - r.before}", "", None),
        Figure("3. queued after restart", f"{r.requeued}", "0", r.requeued != 0),
        Figure("3. exactly once", f"{once}/{n}", f"{n}/{n}", once != n),
        Figure("3. more than once", f"{twice}", "0", twice > 0),
        Figure("3. never", f"{lost}", "0", lost > 0),
        Figure("3. 429s", f"{r.too_many}", "0", r.too_many > 0),
        Figure("3. outbox 'sent'", f"{r.engine_sent}/{n}", f"{n}/{n}", r.engine_sent != n),
    ]


async def run(sizes: Sizes) -> None:
    plan = sizes.plan
    print(f"machine: {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-") as tmp:
        spawn = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as pool:
            future = pool.submit(build, Path(tmp) / "built.sqlite3", plan)
            built = await asyncio.wrap_future(future)
        print(f"0: {built.sessions} sessions, {built.users:,} participants × "
              f"{plan.stars_each} stars = {built.stars:,} stars, {built.decided:,} reminders "
              f"already decided; built in {built.seconds:.1f} s in its own process "
              f"(store {built.size_mb:.1f} MB)\n"
              f"2: {len(built.crowd)} reminders due at {built.due_at:%H:%M} UTC "
              f"({built.together} sessions starting together), emulator capped at "
              f"{TELEGRAM_PER_SECOND}/s and {TELEGRAM_PER_CHAT}/s per chat\n"
              f"3: the same, restarted after {sizes.restart_after} sends\n",
              flush=True)  # fmt: skip
        main = await run_main(built, sizes)
        restart = await run_restart(built, sizes)
    print_table(
        startup_figures(main) + due_figures(main, built.crowd)
        + restart_figures(restart, built.crowd)
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run of a few seconds")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(run(QUICK if args.quick else FULL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
