"""CPU milliseconds the bot spends per update, end to end, through the real PTB Application.

The bot runs in a child process (the real ``build_application`` and ``running``, polling,
the bundled programme, a simulated clock at speed 1 from the first forum morning); the Bot
API emulator and the driver run in this process, so their work is not counted. Per kind of
update, every user sends one update, the driver waits for every answer, and again; the bot's
CPU (user + system, all its threads, from /proc) over the measured rounds, divided by the
updates, is the figure. Exits 0 whatever the figures (a report, not a test).

    python bench/update_cost.py [--quick] [--users N] [--rounds N] [--profile DIR]

``--profile DIR`` writes a cProfile of the bot's measured rounds per kind (DIR/<kind>.prof).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forumbot.emulator import BotAPIEmulator

TOKEN = "123456:BENCH-TOKEN"
LANGS = ("ru", "ky", "en")
DAYS = ("20230622", "20230623")
SESSIONS = ("opening", "rt-technology")
QUERIES = ("выборы", "шайлоо", "digital")
FULL = {"users": 60, "rounds": 10, "warmup": 2}
QUICK = {"users": 30, "rounds": 3, "warmup": 1}


# --- the bot, in its own process ---------------------------------------------------------------
def run_bot(base_url: str, db: str) -> None:
    """The child: the bot until stdin closes; SIGUSR1 starts a cProfile, SIGUSR2 writes it
    to $BENCH_PROFILE_DIR/last.prof."""
    from zoneinfo import ZoneInfo

    from forumbot.infra.clock import SimulatedClock
    from forumbot.infra.settings import Settings
    from handlers.app import build_application, running

    settings = Settings(
        token=TOKEN, api_base_url=base_url, db_path=Path(db), health_port=0, log_level="WARNING"
    )
    clock = SimulatedClock(dt.datetime(2023, 6, 22, 10, 45, tzinfo=ZoneInfo("Asia/Bishkek")))

    async def serve() -> None:
        async with running(build_application(settings, clock), poll_timeout=10):
            print("ready", flush=True)
            loop = asyncio.get_running_loop()
            _profiling(loop)
            await loop.run_in_executor(None, sys.stdin.read)  # until the driver closes stdin

    asyncio.run(serve())


def run_bare(base_url: str) -> None:
    """The child: a bare PTB bot answering every kind from memory, as the issue's yardstick."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x")]])

    async def command(update, context) -> None:
        """Each command: one message (a bare /start: two, the second with a button)."""
        if update.message.text == "/start":
            await update.message.reply_text("Welcome")
        await update.message.reply_text("Now: a talk in the main hall", reply_markup=markup)

    async def button(update, context) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(update.callback_query.data)

    app = ApplicationBuilder().token(TOKEN).base_url(base_url).build()
    app.add_handler(CommandHandler(["start", "now", "search"], command))
    app.add_handler(CallbackQueryHandler(button))

    async def serve() -> None:
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=10)  # type: ignore[union-attr]
            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            await app.updater.stop()  # type: ignore[union-attr]
            await app.stop()

    asyncio.run(serve())


def _profiling(loop: asyncio.AbstractEventLoop) -> None:
    import cProfile

    state: dict[str, cProfile.Profile] = {}
    folder = os.environ.get("BENCH_PROFILE_DIR")

    def start() -> None:
        state["profile"] = cProfile.Profile()
        state["profile"].enable()

    def stop() -> None:
        profile = state.pop("profile", None)
        if profile is not None and folder:
            profile.disable()
            profile.dump_stats(Path(folder) / "last.prof.tmp")
            (Path(folder) / "last.prof.tmp").rename(Path(folder) / "last.prof")

    loop.add_signal_handler(signal.SIGUSR1, start)
    loop.add_signal_handler(signal.SIGUSR2, stop)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the driver --------------------------------------------------------------------------------
Action = Callable[[BotAPIEmulator, int, int], Awaitable[object]]  # queue (user, round)'s update


class Driver:
    def __init__(self, emu: BotAPIEmulator, users: list[int]) -> None:
        self.emu = emu
        self.users = users
        self.card: dict[int, int] = {}  # user -> the message id of a session card

    async def round(self, action: Action, round_: int, press: bool, together: bool) -> None:
        """Every user sends one update: all at once, or one after the other's answer."""
        if together:
            await self.wave(self.users, action, round_, press)
            return
        for user in self.users:
            await self.wave([user], action, round_, press)

    async def wave(
        self, users: list[int], action: Action, round_: int, press: bool, edit: bool = True
    ) -> None:
        """Each of ``users`` sends one update; wait until each got its answer."""
        log = self.emu.state.log
        start = len(log)
        for user in users:
            await action(self.emu, user, round_)
        kind = "answered" if press else "sent"
        wanted = set(users)  # others may get messages meanwhile (a reminder, a notice)

        def done() -> bool:
            return wanted <= {e.chat_id for e in log[start:] if e.kind == kind}

        if not await self.emu.state.wait_for(done, 60):
            raise TimeoutError(f"not every user was answered in round {round_}")
        if press and edit:  # the edit follows the callback answer

            def edited() -> bool:
                return wanted <= {e.chat_id for e in log[start:] if e.kind == "edited"}

            await self.emu.state.wait_for(edited, 10)

    async def setup(self) -> None:
        """Every user starts the bot, picks a language and has a session card to press on."""
        for i, user in enumerate(self.users):
            self.emu.add_user(user, first_name=f"U{user}", language_code="ru")
            lang = LANGS[i % len(LANGS)]
            _welcome, picker = await self.emu.ask(user, "/start", count=2)
            pick = raw_press(picker.message_id, f"lang:{lang}")
            await self.wave([user], pick, 0, press=True, edit=False)  # ru: no edit
            (card,) = await self.emu.ask(user, f"/start s_{SESSIONS[0]}")
            self.card[user] = card.message_id

    def press(self, data: Callable[[int], str]) -> Action:
        return lambda emu, user, r: emu.press_raw(user, self.card[user], data(r))


def raw_press(message_id: int, data: str) -> Action:
    return lambda emu, user, r: emu.press_raw(user, message_id, data)


def text(words: Callable[[int], str]) -> Action:
    return lambda emu, user, r: emu.send_text(user, words(r))


def kinds(d: Driver) -> dict[str, tuple[Action, bool]]:
    """Each kind of update: how to send it, and whether it is a button press."""
    return {
        "/now": (text(lambda r: "/now"), False),
        "/programme day": (d.press(lambda r: f"day:{DAYS[r % 2]}:0"), True),
        "/search": (text(lambda r: f"/search {QUERIES[r % len(QUERIES)]}"), False),
        "card open": (d.press(lambda r: f"ses:{SESSIONS[r % 2]}"), True),
        "star toggle": (d.press(lambda r: f"star:{SESSIONS[1]}:{(r + 1) % 2}"), True),
    }


async def measure(
    d: Driver, bot: subprocess.Popen, sizes: dict, profile: Path | None
) -> dict[str, list[float]]:
    """Per kind: CPU per update sent one at a time (each answered before the next: a
    getUpdates per update, as at a low rate) and sent by every user at once (one batch)."""
    n = len(d.users) * sizes["rounds"]
    result = {}
    for name, (action, press) in kinds(d).items():
        figures = []
        for together in (False, True):
            for r in range(sizes["warmup"]):
                await d.round(action, r, press, together)
            if profile and not together:
                os.kill(bot.pid, signal.SIGUSR1)
            before = cpu_seconds(bot.pid)
            for r in range(sizes["rounds"]):
                await d.round(action, sizes["warmup"] + r, press, together)
            figures.append((cpu_seconds(bot.pid) - before) * 1000 / n)
            if profile and not together:
                _dump(bot, profile / (name.strip("/").replace(" ", "_") + ".prof"))
        result[name] = figures
    return result


def _dump(bot: subprocess.Popen, path: Path) -> None:
    """Have the child write its profile, and name it after the kind."""
    last = path.parent / "last.prof"
    os.kill(bot.pid, signal.SIGUSR2)
    for _ in range(100):
        if last.exists():
            last.rename(path)
            return
        time.sleep(0.05)
    raise RuntimeError("the bot wrote no profile")


async def drive(args: argparse.Namespace) -> None:
    sizes = QUICK if args.quick else FULL
    sizes = {**sizes, **{k: v for k in ("users", "rounds") if (v := getattr(args, k))}}
    profile = Path(args.profile).resolve() if args.profile else None
    if profile:
        profile.mkdir(parents=True, exist_ok=True)
    users = list(range(1000, 1000 + sizes["users"]))
    print(f"{len(users)} users, {sizes['rounds']} measured rounds per kind; CPU ms per update")
    figures = {}
    for bare in (False, True):
        async with BotAPIEmulator(token=TOKEN) as emu, BotProcess(emu, bare, profile) as bot:
            driver = Driver(emu, users)
            await driver.setup()
            figures[bare] = await measure(driver, bot, sizes, None if bare else profile)
    print(f"{'update':<16}{'one at a time':>14}{'all at once':>13}{'bare PTB: one':>15}{'all':>7}")
    for name, (one, together) in figures[False].items():
        bare_one, bare_together = figures[True][name]
        print(f"{name:<16}{one:>14.2f}{together:>13.2f}{bare_one:>15.2f}{bare_together:>7.2f}")


class BotProcess:
    """The bot's process, ready to answer; stopped (stdin closed) on exit."""

    def __init__(self, emu: BotAPIEmulator, bare: bool, profile: Path | None) -> None:
        self.emu = emu
        self.bare = bare
        self.profile = profile
        self.tmp = tempfile.TemporaryDirectory(prefix="forumbot-cost-")

    async def __aenter__(self) -> subprocess.Popen:
        env = dict(os.environ, BENCH_PROFILE_DIR=str(self.profile or ""))
        db = str(Path(self.tmp.name) / "bot.sqlite3")
        child = ["--bare", self.emu.base_url] if self.bare else ["--child", self.emu.base_url, db]
        self.proc = subprocess.Popen(
            [sys.executable, __file__, *child],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        line = await asyncio.to_thread(self.proc.stdout.readline)  # type: ignore[union-attr]
        if line.strip() != "ready":
            raise RuntimeError(f"the bot did not start: {line!r}")
        return self.proc

    async def __aexit__(self, *exc: object) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        await asyncio.to_thread(self.proc.wait, 30)
        self.tmp.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (CI), under 30 s")
    parser.add_argument("--users", type=int, help="users sending one update each per round")
    parser.add_argument("--rounds", type=int, help="measured rounds per kind of update")
    parser.add_argument("--profile", metavar="DIR", help="write a cProfile per kind here")
    parser.add_argument("--child", nargs=2, metavar=("BASE_URL", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--bare", metavar="BASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare:
        run_bare(args.bare)
        return 0
    if args.child:
        run_bot(*args.child)
        return 0
    asyncio.run(drive(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
