"""The offline demo: the real bot against the local Bot API emulator, in a terminal chat.

On the adapter side because it builds and runs the Application (handlers/app.py); the core
never imports telegram.ext.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import tempfile
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from urllib.parse import quote

from telegram.ext import Application

from forumbot.emulator import BotAPIEmulator, TerminalChat, stdin_lines
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import Settings
from forumbot.infra.timeutil import local_to_utc
from forumbot.programme import ProgrammeError, load_any
from forumbot.programme.worker import Limits, load_in_worker
from forumbot.rules.changes import describe_plain
from forumbot.runtime.cli import people
from forumbot.runtime.services import Services, put_in_service
from forumbot.store.editions import OtherForum
from handlers.app import build_application, running, webapp_base
from webapp.auth import WebUser, demo_init_data

PARTICIPANT_ID = 1001
ORGANISER_ID = 1
DEMO_HELP = """demo commands:
  :time                 show the bot's clock
  :time +15m | +2h | +1d | -30m   move the clock
  :time 2023-06-23 11:30          set the clock (forum time)
  :app                  the link that opens the Mini App in a browser, as whoever you are
  :organiser            chat as an organiser (try /status, /help)
  :participant          chat as the participant again
  :newuser [ky|ru|en]   a brand-new participant whose Telegram language is that one
  :import FILE          re-import a programme file (as `bot.py import` would), showing
                        what changes and how many people will be told
  :send FILE            send a file to the bot as a document, as you (try it as the
                        organiser with next year's programme: a new edition)
  :quit                 leave"""
_SHIFT = re.compile(r"([+-])(\d+)\s*([mhd])")


class DemoControl:
    """The demo's meta commands: the clock and who you are."""

    def __init__(self, emu: BotAPIEmulator, clock: SimulatedClock, zone: dt.tzinfo) -> None:
        self.emu, self.clock, self.zone = emu, clock, zone
        self.chat: TerminalChat | None = None
        self.on_clock_moved: Callable[[], None] = lambda: None  # the bot looks at once
        self.on_import: Callable[[str], Awaitable[str]] | None = None
        self.app_link: Callable[[int], str | None] = lambda user_id: None  # the Mini App
        self._next_user = PARTICIPANT_ID + 1

    def clock_line(self) -> str:
        now = self.clock.now().astimezone(self.zone)
        return f"bot clock: {now:%a %d %b %Y %H:%M} ({self.zone}), speed ×{self.clock.speed:g}"

    def __call__(self, line: str) -> str | None:
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        if command == ":help":
            return DEMO_HELP
        if command == ":time":
            return self._time(rest)
        if command in (":organiser", ":organizer"):
            return self._with_link(self._switch(ORGANISER_ID, "the organiser"))
        if command == ":participant":
            return self._with_link(self._switch(PARTICIPANT_ID, "the participant Aida"))
        if command == ":app":
            return self._with_link("")
        if command == ":import":
            if self.on_import is None or not rest:
                return "say :import path/to/programme.yaml"
            return self.on_import(rest)  # type: ignore[return-value]  # awaited by the chat
        if command == ":send":
            return self._send(rest) if rest else "say :send path/to/programme.yaml"  # type: ignore[return-value]
        if command == ":newuser":
            user_id, self._next_user = self._next_user, self._next_user + 1
            lang = rest or "ru"
            self.emu.add_user(user_id, first_name=f"Guest {user_id}", language_code=lang)
            return self._switch(user_id, f"a new participant (Telegram language {lang!r})")
        return f"unknown demo command {command} (:help lists them)"

    def _time(self, arg: str) -> str:
        if not arg:
            return self.clock_line()
        if shift := _SHIFT.fullmatch(arg):
            sign, amount, unit = shift.groups()
            delta = dt.timedelta(
                **{{"m": "minutes", "h": "hours", "d": "days"}[unit]: int(amount)}
            )
            self.clock.advance(delta if sign == "+" else -delta)
            self.on_clock_moved()
            return self.clock_line()
        try:
            moment = dt.datetime.fromisoformat(arg.replace(" ", "T"))
        except ValueError:
            return "say :time +15m, :time -1h, :time +1d or :time 2023-06-23 11:30"
        self.clock.set(local_to_utc(moment, self.zone))
        self.on_clock_moved()
        return self.clock_line()

    def _with_link(self, text: str) -> str:
        assert self.chat is not None
        link = self.app_link(self.chat.user_id)
        line = f"Mini App (open in a browser): {link}" if link else ""
        return "\n".join(part for part in (text, line) if part)

    async def _send(self, path_text: str) -> str:
        path = Path(path_text).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            return f"cannot read {path}: {exc.strerror}"
        assert self.chat is not None
        await self.emu.send_document(self.chat.user_id, path.name, data)
        return f"(sent {path.name} to the bot as a document)"

    def _switch(self, user_id: int, who: str) -> str:
        assert self.chat is not None
        self.chat.switch_user(user_id)
        return f"you are now {who} (user id {user_id}); try /start"


def default_start(settings: Settings) -> tuple[dt.datetime, dt.tzinfo]:
    """A quarter of an hour into the first session, so /now has an answer."""
    programme = load_any(settings.data_path, zone=settings.source_zone).programme
    zone = programme.forum.zone
    if settings.clock_start is not None:
        return local_to_utc(settings.clock_start, zone), zone
    first = min((s.start for s in programme.sessions), default=dt.datetime.now(dt.UTC))
    return first + dt.timedelta(minutes=15), zone


async def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    if args.start:
        settings = settings.with_(clock_start=dt.datetime.fromisoformat(args.start))
    try:
        start, zone = default_start(settings)
    except ProgrammeError as exc:
        print(exc.report())
        return 1
    logging.getLogger().setLevel(logging.WARNING)  # the chat is the output
    clock = SimulatedClock(start, args.speed)
    with tempfile.TemporaryDirectory(prefix="forumbot-demo-") as tmp:
        async with BotAPIEmulator(token="123456:DEMO-TOKEN") as emu:
            demo_settings = settings.with_(
                token=emu.token,
                api_base_url=emu.base_url,
                api_base_file_url=emu.base_file_url,
                db_path=Path(tmp) / "demo.sqlite3",
                organiser_ids=frozenset({ORGANISER_ID}),
                webapp_listen="127.0.0.1",
                webapp_port=0,  # a free port, printed in the link
            )
            emu.add_user(PARTICIPANT_ID, first_name="Aida", language_code=args.lang)
            emu.add_user(ORGANISER_ID, first_name="Organiser", language_code="en")
            control = DemoControl(emu, clock, zone)
            chat = TerminalChat(emu, PARTICIPANT_ID, on_meta=control)
            control.chat = chat
            application = build_application(demo_settings, clock)
            application.bot_data["serve_webapp"] = True  # on 127.0.0.1, for a browser
            async with running(application, poll_timeout=1) as app:
                # Broadcasts and reminders due after a clock move go out at once, not a tick later.
                services = app.bot_data["services"]
                control.on_clock_moved = services.wake
                control.on_import = partial(reimport, services)
                control.app_link = partial(app_link, app, emu)
                chat.print(_intro(control, args.lang))
                await chat.run(stdin_lines())
    return 0


async def reimport(services: Services, path_text: str) -> str:
    """:import FILE — what `bot.py import` does, into the demo's store."""
    path = Path(path_text).expanduser()
    try:
        result = await load_in_worker(path, limits=Limits.from_settings(services.settings))
    except ProgrammeError as exc:
        return "Refused; the programme in service is unchanged.\n" + exc.report()
    store = services.store
    changes = await store.programme.preview(result.programme)
    found = await store.personal.stargazers({c.session_id for c in changes})
    zone = result.programme.forum.zone
    lines = [f"{len(changes)} session(s) change:"] + [
        "  " + describe_plain(c, zone) for c in changes[:20]
    ]
    lines.append(f"{people(len(found))} who starred them will be told when the programme has")
    quiet = services.settings.change_window.total_seconds() / 60
    lines.append(f"been quiet for {quiet:g} min (try :time +5m).")
    try:
        await put_in_service(store, result, path, services.clock.now())
    except OtherForum as exc:  # a new edition opens only from its confirmation screen
        return f"Refused, nothing changed: {exc}. As an organiser, send the file to the bot."
    services.wake()
    lines.append(f"Imported {len(result.programme.sessions)} sessions from {path}.")
    return "\n".join(lines)


def app_link(app: Application, emu: BotAPIEmulator, user_id: int) -> str | None:
    """The Mini App's URL (for an organiser, the console's) with initData signed by the
    demo's token for ``user_id``, in the fragment where Telegram puts it (tgWebAppData)."""
    server = app.bot_data.get("webapp")
    user = emu.state.users.get(user_id)
    if server is None or user is None:
        return None
    person = WebUser(user_id, user["first_name"], language_code=user.get("language_code"))
    signed = demo_init_data(person, emu.token, dt.datetime.now(dt.UTC))
    settings = app.bot_data["settings"]
    page = webapp_base(settings) + ("org/" if user_id in settings.organiser_ids else "")
    return f"http://127.0.0.1:{server.port}{page}#tgWebAppData={quote(signed)}"


def _intro(control: DemoControl, lang: str) -> str:
    return (
        "forumbot offline demo: the real bot, a local Bot API, no token, no network.\n"
        f"You are Aida, a participant; your Telegram app's language is {lang!r}.\n"
        f"{control.clock_line()}\n"
        "Type /start. Type a number to press a button. :help lists the demo commands.\n"
        + control._with_link("")
    )
