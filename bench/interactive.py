"""How many participants' updates a second the bot answers, measured from outside.

The bot runs as ``bot.py run`` in a process of its own (its CPU read from its own counters in
/proc); this process is the Bot API (a lean stub, bench/interactive_parts.py) and the load:
300 participants who started the bot send a mix of /now, /next, /search, /programme and
presses of the buttons the bot gave them, at 100, 200, 400 and 800 updates a second for a
fixed time each, in polling and in webhook mode, idle and while a 3,000-recipient
announcement goes out at the bot's real pace. Beside it, in the same run, a bare PTB bot
(bench/bare_bot.py) answers /now from memory. A rate is held when nothing is missing and
p99 ≤ 100 ms. Exits 0 whatever the figures (a report, not a test).

    python bench/interactive.py [--quick] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a file, bench/ would head sys.path

from bench.broadcast_parts import add_bystanders, add_subscribers  # noqa: E402
from bench.handlers import machine  # noqa: E402
from bench.interactive_parts import TOKEN, Stub, percentile  # noqa: E402
from forumbot.delivery.models import Audience, Content  # noqa: E402
from forumbot.delivery.outbox import Outbox  # noqa: E402
from forumbot.infra.timeutil import to_epoch  # noqa: E402
from forumbot.store import Store  # noqa: E402

PARTICIPANTS = range(10_000, 10_300)
AUDIENCE_FIRST, AUDIENCE = 100_000, 3_000
START = "2023-06-22T10:45"  # the forum's first morning, Bishkek time
START_UTC = dt.datetime(2023, 6, 22, 4, 45, tzinfo=dt.UTC)
HELD_P99 = 0.100
TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Row:
    bot: str
    mode: str
    load: str
    rate: int
    sent: int
    answered: int
    missing: int
    p50: float
    p99: float
    cpu_ms: float
    driver: float  # the stub and driver's own share of a core meanwhile (1.0: one core busy)

    @property
    def held(self) -> bool:
        return self.missing == 0 and self.p99 <= HELD_P99


def cpu_seconds(pid: int) -> float:
    """The process's own user + system CPU time, from /proc (its rusage, read from outside)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def prepare_store(path: Path, broadcast: bool) -> None:
    """The participants (announcements off: they only ask), and for a broadcast run 3,000
    subscribers and one announcement due at once, which the bot sends when it starts."""
    store = await Store.open(path)
    try:
        epoch = to_epoch(START_UTC)
        await add_bystanders(store.db, PARTICIPANTS, epoch)
        if broadcast:
            await add_subscribers(store.db, AUDIENCE_FIRST, AUDIENCE, epoch)
            await Outbox(store.db).create(
                kind="announcement",
                audience=Audience.topic("announcements"),
                content=Content(
                    texts={"en": "The plenary moves to Hall A."}, default_language="en"
                ),
                now=START_UTC,
            )
    finally:
        await store.close()


def start_forumbot(stub: Stub, workdir: Path, webhook_port: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        FORUMBOT_TOKEN=TOKEN,
        FORUMBOT_API_BASE_URL=stub.base_url,
        FORUMBOT_DB=str(workdir / "bot.sqlite3"),
        FORUMBOT_CLOCK_START=START,
        FORUMBOT_HEALTH_PORT="0",
        FORUMBOT_LOG_LEVEL="WARNING",
    )
    if webhook_port:
        env |= {
            "FORUMBOT_WEBHOOK_URL": f"http://127.0.0.1:{webhook_port}/hook",
            "FORUMBOT_WEBHOOK_SECRET": "bench-secret",
            "FORUMBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "FORUMBOT_WEBHOOK_PORT": str(webhook_port),
        }
    command = [sys.executable, str(ROOT / "bot.py"), "run"]
    return subprocess.Popen(command, env=env, cwd=workdir)


def start_bare(stub: Stub, webhook_port: int) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "bench" / "bare_bot.py"), stub.base_url]
    if webhook_port:
        command += ["--webhook", str(webhook_port)]
    return subprocess.Popen(command, stderr=subprocess.DEVNULL)


async def measure(bot: str, mode: str, load: str, rates: list[int], seconds: float) -> list[Row]:
    """One bot process in one mode and load, through every rate until it falls far behind."""
    rows: list[Row] = []
    webhook_port = free_port() if mode == "webhook" else 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if bot == "forumbot":
            await prepare_store(workdir / "bot.sqlite3", load == "broadcast")
        async with Stub(PARTICIPANTS, only_now=bot == "bare PTB") as stub:
            if bot == "forumbot":
                process = start_forumbot(stub, workdir, webhook_port)
            else:
                process = start_bare(stub, webhook_port)
            try:
                await stub.wait_for_bot()
                await stub.drive(50, len(PARTICIPANTS) / 50)  # everyone once: buttons to press
                await stub.drain(30)
                for rate in rates:
                    row = await one_rate(stub, process.pid, (bot, mode, load), rate, seconds)
                    rows.append(row)
                    print(format_row(row), flush=True)
                    if row.missing > row.sent // 10:  # far behind: higher rates only pile up
                        break
            finally:
                await stop(process)
            if load == "broadcast":
                print(
                    f"  (meanwhile the announcement reached {stub.broadcast_sends} of {AUDIENCE})"
                )
    return rows


async def stop(process: subprocess.Popen) -> None:
    """SIGTERM, as a deployment would; the stub keeps answering while the bot shuts down."""
    process.send_signal(signal.SIGTERM)
    for _ in range(200):
        if process.poll() is not None:
            return
        await asyncio.sleep(0.1)
    process.kill()
    process.wait()


async def one_rate(
    stub: Stub, pid: int, what: tuple[str, str, str], rate: int, seconds: float
) -> Row:
    before, driver_before, wall_before = cpu_seconds(pid), time.process_time(), time.monotonic()
    phase = await stub.drive(rate, seconds)
    await stub.drain(5)
    cpu = cpu_seconds(pid) - before
    driver = (time.process_time() - driver_before) / (time.monotonic() - wall_before)
    missing = phase.missing
    await stub.drain(60)  # let a backlog clear before the next rate, uncounted
    return Row(
        *what,
        rate=rate,
        sent=phase.sent,
        answered=phase.sent - missing,
        missing=missing,
        p50=percentile(phase.latencies, 0.50),
        p99=percentile(phase.latencies, 0.99),
        cpu_ms=1000 * cpu / max(phase.sent, 1),
        driver=driver,
    )


HEADER = (
    f"{'bot':9} {'mode':8} {'load':10} {'rate/s':>6} {'sent':>6} {'answered':>8} "
    f"{'missing':>7} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/update':>13} {'stub CPU':>8}"
)


def format_row(row: Row) -> str:
    return (
        f"{row.bot:9} {row.mode:8} {row.load:10} {row.rate:6d} {row.sent:6d} {row.answered:8d} "
        f"{row.missing:7d} {row.p50 * 1000:8.1f} {row.p99 * 1000:8.1f} {row.cpu_ms:13.2f} "
        f"{row.driver:8.0%}"
    )


def held(rows: list[Row]) -> dict[tuple[str, str, str], int]:
    """The highest rate each (bot, mode, load) held with every lower rate held too."""
    best: dict[tuple[str, str, str], int] = {}
    fell_behind: set[tuple[str, str, str]] = set()
    for row in rows:  # in rising rates for each key
        key = (row.bot, row.mode, row.load)
        best.setdefault(key, 0)
        if row.held and key not in fell_behind:
            best[key] = row.rate
        else:
            fell_behind.add(key)
    return best


def verdict(best: dict[tuple[str, str, str], int]) -> list[str]:
    lines = []
    for mode in ("polling", "webhook"):
        idle = best.get(("forumbot", mode, "idle"))
        if idle is None:
            continue
        bare = best.get(("bare PTB", mode, "idle"), 0)
        busy = best.get(("forumbot", mode, "broadcast"))
        ok = idle >= 300 and idle > bare
        lines.append(
            f"{mode}: forumbot holds {idle}/s idle (target ≥ 300/s and more than the bare bot's "
            f"{bare}/s): {'OK' if ok else 'MISSED'}"
        )
        if busy is not None:
            share = busy / idle if idle else 0
            lines.append(
                f"{mode}: during the broadcast {busy}/s, {share:.0%} of idle (target ≥ 80%): "
                f"{'OK' if share >= 0.8 else 'MISSED'}"
            )
    return lines


async def run(args: argparse.Namespace) -> None:
    rates = [100, 200] if args.quick else [100, 200, 400, 600, 800]
    modes = ["polling"] if args.quick else ["polling", "webhook"]
    loads = ["idle"] if args.quick else ["idle", "broadcast"]
    print(machine())
    print(
        f"{len(PARTICIPANTS)} participants; {args.seconds:g} s a rate; held: nothing missing "
        f"and p99 ≤ {HELD_P99 * 1000:.0f} ms\n"
    )
    print(HEADER, flush=True)
    rows: list[Row] = []
    for mode in modes:
        for load in loads:
            rows += await measure("forumbot", mode, load, rates, args.seconds)
        rows += await measure("bare PTB", mode, "idle", rates, args.seconds)
    print("\nhighest rate held:")
    for (bot, mode, load), rate in held(rows).items():
        print(f"  {bot:9} {mode:8} {load:10} {rate}/s")
    print()
    if args.quick:  # 100 and 200/s only: too few rates to judge the targets
        print("quick run: rates up to 200/s only; the targets are judged by a full run")
    else:
        print("\n".join(verdict(held(rows))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run for CI")
    parser.add_argument("--seconds", type=float, default=None, help="time at each rate")
    args = parser.parse_args()
    if args.seconds is None:
        args.seconds = 2.0 if args.quick else 10.0
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
