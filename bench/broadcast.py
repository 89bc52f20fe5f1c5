"""How fast and how politely the bot broadcasts, against the local Bot API emulator.

a. The real bot (``build_application`` + ``running``) sends one announcement to N subscribers
   at its default rate while the emulator enforces Telegram's limits (30/s, 1/s per chat):
   429s, the most messages in any 1 s window, the achieved rate (N − 1 gaps over first to
   last send), and whether each subscriber got it exactly once, all seen from the emulator.
b. Meanwhile 20 participants (opted out of announcements) ask /now now and then: wall
   latency from their message to the bot's reply, p50 and p99.
c. No rate limit (as with paid broadcasts): the delivery engine beside a naive sequential PTB
   loop, both sending to the same chats of an emulator running in a process of its own (so
   the sender and the server each have a core); also the engine with a Bot API that answers
   at once, to separate the engine's cost from HTTP's.
d. Peak RSS while materialising and sending to a small and a large audience with that
   instant Bot API: recipients stream from SQLite, so memory should not grow with them.

Exits 0 even when a target is missed (a report, not a test). ``--quick`` is a smoke run of a
few seconds for CI; ``--big`` sends (a) to 10,000 subscribers.

    PYTHONPATH=. python bench/broadcast.py [--quick | --big]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import math
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

# Run as a file, bench/ heads sys.path and bench/handlers.py would shadow the handlers package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.broadcast_parts import (
    TOKEN,
    EmulatorProcess,
    InstantApi,
    RssPeak,
    TimedEmulator,
    add_bystanders,
    add_subscribers,
    max_in_window,
)
from bench.handlers import machine
from forumbot.delivery.models import Audience, Content
from forumbot.delivery.outbox import Outbox
from forumbot.delivery.sender import Sender, SenderConfig
from forumbot.delivery.service import DeliveryService
from forumbot.infra.clock import RealClock, SimulatedClock
from forumbot.infra.settings import DEFAULT_DATA, Settings
from forumbot.infra.timeutil import to_epoch
from forumbot.store import Store
from handlers.app import build_application, running

TEXT = "The closing ceremony moves to <b>17:00</b>, main hall."
ANNOUNCEMENT = Content(texts={"en": TEXT}, default_language="en")
FIRST_CHAT = 100_000
TELEGRAM_PER_SECOND, TELEGRAM_PER_CHAT = 30, 1
LATENCY_MS, PAID_CEILING, LOOP_RATIO, RSS_GROWTH_MB = 300.0, 1000.0, 3.0, 30.0
UNLIMITED = SenderConfig(rate=1_000_000, concurrency=64)
# During round table 1 of the bundled programme, so /now has something to show.
FORUM_MORNING = dt.datetime(2023, 6, 22, 10, 45, tzinfo=ZoneInfo("Asia/Bishkek"))


@dataclass(frozen=True, slots=True)
class Sizes:
    audience: int  # (a)
    participants: int  # (b)
    asks_each: int
    bulk: int  # (c)
    rss_small: int  # (d)
    rss_large: int


FULL = Sizes(audience=3000, participants=20, asks_each=3, bulk=10_000, rss_small=1000,
             rss_large=100_000)  # fmt: skip
QUICK = Sizes(audience=200, participants=20, asks_each=1, bulk=1000, rss_small=1000,
              rss_large=10_000)  # fmt: skip


# --- (a) and (b): the real bot under Telegram's limits ------------------------------------
@dataclass(frozen=True, slots=True)
class Live:
    audience: range
    rate: float
    sent: list[tuple[float, int]]  # (monotonic time, chat) of each sendMessage answered
    too_many: list[tuple[float, int]]  # (monotonic time, chat) of each 429
    latencies_ms: list[float]
    unanswered: int
    engine_sent: int  # what the outbox recorded as sent


async def run_live(sizes: Sizes, rate: float) -> Live:
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-") as tmp:
        async with TimedEmulator(token=TOKEN) as emu:
            emu.rate_limit(per_second=TELEGRAM_PER_SECOND, per_chat_per_second=TELEGRAM_PER_CHAT)
            settings = Settings(
                token=emu.token, api_base_url=emu.base_url, api_base_file_url=emu.base_file_url,
                db_path=Path(tmp) / "bot.sqlite3", data_path=DEFAULT_DATA, broadcast_rate=rate,
            )  # fmt: skip
            clock = SimulatedClock(FORUM_MORNING, speed=0)
            async with running(build_application(settings, clock), poll_timeout=1) as app:
                services = app.bot_data["services"]
                audience = range(FIRST_CHAT, FIRST_CHAT + sizes.audience)
                people = range(FIRST_CHAT - sizes.participants, FIRST_CHAT)
                epoch = to_epoch(clock.now())
                await add_subscribers(services.store.db, audience.start, len(audience), epoch)
                await add_bystanders(services.store.db, people, epoch)
                emu.state.known_chats.update(audience)  # they pressed /start long ago
                broadcast_id = await services.delivery.create(
                    kind="announcement", audience=Audience.topic("announcements"),
                    content=ANNOUNCEMENT,
                )  # fmt: skip
                expected_s = len(audience) / rate
                latencies, unanswered = await ask_during(emu, people, sizes, expected_s)
                sent = await wait_sent(services.delivery.outbox, broadcast_id, expected_s)
    return Live(audience, rate, emu.log.sent, emu.log.too_many, latencies, unanswered, sent)


async def ask_during(
    emu: TimedEmulator, people: range, sizes: Sizes, duration: float
) -> tuple[list[float], int]:
    """Each participant asks /now ``asks_each`` times, the asks spread evenly over the
    broadcast (one participant at a time); wall latency of each reply in ms."""
    total = len(people) * sizes.asks_each
    gap = 0.9 * duration / total
    latencies: list[float] = []
    unanswered = 0

    async def ask(k: int) -> None:
        nonlocal unanswered
        await asyncio.sleep((k + 0.5) * gap)
        start = time.perf_counter()
        try:
            [reply] = await emu.ask(people[k % len(people)], "/now", timeout=10)
        except TimeoutError:
            unanswered += 1
            return
        latencies.append((time.perf_counter() - start) * 1000)
        assert reply.text, "an empty /now reply"

    await asyncio.gather(*(ask(k) for k in range(total)))
    return latencies, unanswered


async def wait_sent(outbox: Outbox, broadcast_id: int, expected_s: float) -> int:
    """Until the outbox has recorded every row (at most twice the expected time + 30 s)."""
    deadline = time.monotonic() + 2 * expected_s + 30
    while True:
        report = await outbox.report(broadcast_id)
        assert report is not None
        if report.pending + report.inflight == 0 or time.monotonic() > deadline:
            return report.sent
        await asyncio.sleep(0.2)


# --- (c) and (d): the engine without a rate limit -----------------------------------------
@dataclass(frozen=True, slots=True)
class Run:
    sent: int
    seconds: float
    cpu_s: float  # this process's CPU time during the run
    peak_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0


async def engine_run(db_dir: Path, size: int, api_url: str | None) -> Run:
    """One broadcast to ``size`` subscribers of a fresh store, create to finish, sent by
    DeliveryService over HTTP to ``api_url``, or by a Sender on InstantApi when None."""
    store = await Store.open(db_dir / f"engine-{size}-{api_url is not None}.sqlite3")
    finished = asyncio.Event()
    clock = RealClock()
    await add_subscribers(store.db, FIRST_CHAT, size, to_epoch(clock.now()))
    if api_url is None:
        outbox, api = Outbox(store.db), InstantApi()
        sender = Sender(outbox, api, clock, UNLIMITED, on_finished=lambda *_: finished.set())
        service = DeliveryService(outbox, api, sender, clock)
    else:
        settings = Settings(token=TOKEN, api_base_url=api_url, paid_broadcasts=True)
        service = await DeliveryService.open(
            store.db, settings, clock, config=UNLIMITED, on_finished=lambda *_: finished.set()
        )
    try:
        await service.start()
        with RssPeak() as peak:
            start, cpu = time.perf_counter(), time.process_time()
            broadcast_id = await service.create(
                kind="announcement", audience=Audience.everyone(), content=ANNOUNCEMENT
            )
            await asyncio.wait_for(finished.wait(), 600)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        report = await service.outbox.report(broadcast_id)
    finally:
        await service.stop()
        await store.close()
    assert report is not None
    return Run(report.sent, seconds, cpu, peak.mb)


async def naive_loop(api_url: str, chats: range) -> Run:
    """``for chat in chats: await bot.send_message(...)`` with PTB's own Bot."""
    import telegram  # after handlers.app set PTB_TIMEDELTA

    async with telegram.Bot(TOKEN, base_url=api_url) as bot:
        start, cpu = time.perf_counter(), time.process_time()
        for chat in chats:
            await bot.send_message(chat, TEXT, parse_mode="HTML")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Run(len(chats), seconds, cpu)


async def run_bulk(size: int) -> tuple[Run, Run, dict[str, int]]:
    chats = range(FIRST_CHAT, FIRST_CHAT + size)
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-") as tmp:
        async with EmulatorProcess(chats) as emu:
            engine = await engine_run(Path(tmp), size, emu.base_url)
            loop = await naive_loop(emu.base_url, chats)
            stats = await emu.stats()
    return engine, loop, stats


async def run_instant(sizes: Sizes) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix="forumbot-bench-") as tmp:
        return [await engine_run(Path(tmp), n, None) for n in (sizes.rss_small, sizes.rss_large)]


# --- the report -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: str
    target: str
    over: bool | None  # None: no target, shown for context


def live_figures(live: Live) -> list[Figure]:
    ours = sorted(t for t, chat in live.sent if chat in live.audience)
    got = Counter(chat for _t, chat in live.sent if chat in live.audience)
    once = sum(1 for chat in live.audience if got[chat] == 1)
    window = max_in_window(ours)
    achieved = (len(ours) - 1) / (ours[-1] - ours[0]) if len(ours) > 1 else 0.0
    limit, n = math.floor(live.rate), len(live.audience)
    to_audience = sum(1 for _t, chat in live.too_many if chat in live.audience)
    others = len(live.too_many) - to_audience
    return [
        Figure("a. 429s to subscribers", f"{to_audience}", "0", to_audience > 0),
        Figure("a. 429s to /now replies", f"{others}", "0", others > 0),
        Figure("a. max in any 1 s", f"{window}", f"≤{limit}", window > limit),
        Figure("a. achieved rate /s", f"{achieved:.2f}", f"≥{0.95 * live.rate:.2f}",
               achieved < 0.95 * live.rate),
        Figure("a. exactly once", f"{once}/{n}", f"{n}/{n}", once != n),
        Figure("a. outbox 'sent'", f"{live.engine_sent}/{n}", f"{n}/{n}", live.engine_sent != n),
    ]  # fmt: skip


def latency_figures(live: Live) -> list[Figure]:
    asked = len(live.latencies_ms) + live.unanswered
    ordered = sorted(live.latencies_ms) or [math.inf]
    p50, p99 = (ordered[max(0, math.ceil(q * len(ordered)) - 1)] for q in (0.5, 0.99))
    return [
        Figure("b. /now replies", f"{len(live.latencies_ms)}/{asked}", f"{asked}/{asked}",
               live.unanswered > 0),
        Figure("b. /now p50 ms", f"{p50:.1f}", "", None),
        Figure("b. /now p99 ms", f"{p99:.1f}", f"≤{LATENCY_MS:.0f}", p99 > LATENCY_MS),
    ]  # fmt: skip


def bulk_figures(engine: Run, loop: Run, instant: Run, stats: dict[str, int]) -> list[Figure]:
    ratio = engine.rate / loop.rate if loop.rate else 0.0
    calls = stats.get("sendMessage", 0)
    return [
        Figure("c. engine msg/s", f"{engine.rate:.0f}", f"≥{PAID_CEILING:.0f}",
               engine.rate < PAID_CEILING),
        Figure("c. naive PTB loop msg/s", f"{loop.rate:.0f}", "", None),
        Figure("c. engine / loop", f"{ratio:.2f}×", f"≥{LOOP_RATIO:.0f}×", ratio < LOOP_RATIO),
        Figure("c. engine CPU µs/msg", f"{cpu_us(engine)}", "", None),
        Figure("c. loop CPU µs/msg", f"{cpu_us(loop)}", "", None),
        Figure("c. emulator sendMessage", f"{calls}", f"{engine.sent + loop.sent}",
               calls != engine.sent + loop.sent),
        Figure("c. engine, no HTTP msg/s", f"{instant.rate:.0f}", "", None),
    ]  # fmt: skip


def cpu_us(run: Run) -> str:
    return f"{run.cpu_s / run.sent * 1e6:.0f}" if run.sent else "-"


def rss_figures(small: Run, large: Run) -> list[Figure]:
    growth = large.peak_mb - small.peak_mb
    return [
        Figure(f"d. peak RSS {small.sent:,} MB", f"{small.peak_mb:.1f}", "", None),
        Figure(f"d. peak RSS {large.sent:,} MB", f"{large.peak_mb:.1f}", "", None),
        Figure("d. RSS growth MB", f"{growth:.1f}", f"<{RSS_GROWTH_MB:.0f}",
               growth >= RSS_GROWTH_MB),
    ]  # fmt: skip


_LINE = "{:<28}{:>12}{:>12}  {}"


def print_table(figures: list[Figure]) -> None:
    print(_LINE.format("figure", "value", "target", "result"))
    for f in figures:
        verdict = "" if f.over is None else ("OVER TARGET" if f.over else "OK")
        print(_LINE.format(f.name, f.value, f.target, verdict))
    missed = [f.name for f in figures if f.over]
    print(f"\nOVER TARGET: {', '.join(missed)}" if missed else "\nall within target")


async def run(sizes: Sizes, rate: float) -> None:
    print(f"machine: {machine()}")
    print(f"a/b: {sizes.audience:,} subscribers at {rate:g}/s, emulator capped at "
          f"{TELEGRAM_PER_SECOND}/s and {TELEGRAM_PER_CHAT}/s per chat; "
          f"{sizes.participants} participants × {sizes.asks_each} /now", flush=True)  # fmt: skip
    live = await run_live(sizes, rate)
    print(f"c: {sizes.bulk:,} messages, no rate limit, emulator in its own process", flush=True)
    engine, loop, stats = await run_bulk(sizes.bulk)
    print(f"d: {sizes.rss_small:,} and {sizes.rss_large:,} subscribers, instant Bot API\n",
          flush=True)  # fmt: skip
    small, large = await run_instant(sizes)
    print_table(
        live_figures(live) + latency_figures(live) + bulk_figures(engine, loop, large, stats)
        + rss_figures(small, large)
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a small smoke run of a few seconds")
    size.add_argument("--big", action="store_true", help="(a) to 10,000 subscribers")
    parser.add_argument("--rate", type=float, default=Settings().broadcast_rate,
                        help="the bot's broadcast rate for (a), messages a second")  # fmt: skip
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Deliberate, as in pyproject's pytest filters: the composer conversations are tracked per
    # user and chat, not per message, and PTB warns about that choice at construction.
    warnings.filterwarnings("ignore", message="If 'per_message=False'")
    sizes = QUICK if args.quick else replace(FULL, audience=10_000) if args.big else FULL
    asyncio.run(run(sizes, args.rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
