"""The offline demo: the real bot against the local Bot API emulator, in a terminal chat.

On the adapter side because it builds and runs the Application (handlers/app.py); the core
never imports telegram.ext.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from telegram.ext import Application

from forumbot.emulator import BotAPIEmulator, TerminalChat, stdin_lines
from forumbot.emulator.terminal_input import find_user, user_label
from forumbot.infra.clock import SimulatedClock
from forumbot.infra.settings import Settings
from forumbot.infra.timeutil import local_to_utc
from forumbot.ops.logs import log_to_file
from forumbot.programme import ProgrammeError, load_any
from forumbot.programme.worker import Limits, load_in_worker
from forumbot.rules.changes import describe_plain
from forumbot.runtime.cli import people
from forumbot.runtime.services import Services, put_in_service
from forumbot.runtime.speaker_notices import told_of
from forumbot.store.editions import OtherForum
from handlers.app import build_application, running, webapp_base
from webapp.auth import WebUser, demo_init_data

PARTICIPANT_ID = 1001
ORGANISER_ID = 1
# The people of the demo, in the order :users lists them: (id, first name, last name,
# username, Telegram language or None for --lang). Bakyt and Elena are in the organiser's
# contacts but have not opened the bot: the user picker offers them.
CAST = (
    (PARTICIPANT_ID, "Aida", "Asanova", None, None),
    (ORGANISER_ID, "Gulnara", "Toktosunova", "gulnara_org", "en"),
    (PARTICIPANT_ID + 1, "Bakyt", "Sadykov", "bakyt_s", "ky"),
    (PARTICIPANT_ID + 2, "Elena", "Petrova", None, "ru"),
)
NEW_NAMES = ("Aibek", "Svetlana", "Tolkun", "Marat", "Nazira", "Daniyar")
DEMO_HELP = """demo commands:
  :time                 show the bot's clock
  :time +15m | +2h | +1d | -30m   move the clock
  :time 2023-06-23 11:30          set the clock (forum time)
  :users                who is in the demo, numbered
  :user N | :user NAME  chat as that person (from :users; back the same way)
  :app                  the link that opens the Mini App in a browser, as whoever you are
  :organiser            chat as Gulnara, organiser and owner (try /status, /organisers)
  :participant          chat as Aida, the participant, again
  :newuser [ky|ru|en] [NAME]      a brand-new participant with that Telegram language
  :import FILE          re-import a programme file (as `bot.py import` would), showing
                        what changes and how many people will be told
  :quit                 leave"""
_SHIFT = re.compile(r"([+-])(\d+)\s*([mhd])")
_LANG = re.compile(r"[a-z]{2}")


class DemoControl:
    """The demo's meta commands: the clock and who you are."""

    def __init__(self, emu: BotAPIEmulator, clock: SimulatedClock, zone: dt.tzinfo) -> None:
        self.emu, self.clock, self.zone = emu, clock, zone
        self.chat: TerminalChat | None = None
        self.services: Services | None = None
        self.on_clock_moved: Callable[[], None] = lambda: None  # the bot looks at once
        self.on_import: Callable[[str], Awaitable[str]] | None = None
        self.app_link: Callable[[int], str | None] = lambda user_id: None  # the Mini App
        self.people = [person[0] for person in CAST]

    def clock_line(self) -> str:
        now = self.clock.now().astimezone(self.zone)
        return f"bot clock: {now:%a %d %b %Y %H:%M} ({self.zone}), speed ×{self.clock.speed:g}"

    def __call__(self, line: str) -> str | Awaitable[str | None] | None:
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        if command == ":help":
            return DEMO_HELP
        if command == ":time":
            return self._time(rest)
        if command in (":organiser", ":organizer"):
            return self._switch(ORGANISER_ID)
        if command == ":participant":
            return self._switch(PARTICIPANT_ID)
        if command == ":user":
            return self._switch_to(rest)
        if command == ":app":
            return self._with_link("")
        if command == ":users":
            return self._users()
        if command == ":import":
            if self.on_import is None or not rest:
                return "say :import path/to/programme.yaml"
            return self.on_import(rest)
        if command == ":newuser":
            return self._newuser(rest.split())
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
        """``text`` and the Mini App's link for whoever chats now (the demo serves it)."""
        assert self.chat is not None
        link = self.app_link(self.chat.user_id)
        line = f"Mini App (open in a browser): {link}" if link else ""
        return "\n".join(part for part in (text, line) if part)

    def _person(self, user_id: int) -> dict[str, Any]:
        return self.emu.state.users[user_id]

    def _switch_to(self, word: str) -> str | Awaitable[None]:
        found = find_user(word, [self._person(uid) for uid in self.people]) if word else None
        if found is None:
            return f"nobody is {word!r}: say :user N or :user NAME (:users lists them)"
        return self._switch(found)

    async def _switch(self, user_id: int, role: str = "") -> None:
        """Say who you are now, then show what reached their chat meanwhile."""
        assert self.chat is not None
        role = role or (await self._roles()).get(user_id, "participant")
        self.chat.print(f"you are now {user_label(self._person(user_id))}, {role}; try /start")
        self.chat.switch_user(user_id)
        if link := self.app_link(user_id):
            self.chat.print(f"Mini App (open in a browser): {link}")

    def _newuser(self, words: list[str]) -> Awaitable[None]:
        lang = words.pop(0) if words and _LANG.fullmatch(words[0]) else "ru"
        number = len(self.people) - len(CAST)
        default = NEW_NAMES[number] if number < len(NEW_NAMES) else f"Guest {number + 1}"
        name = " ".join(words) or default
        user_id = max(self.people) + 1
        self.emu.add_user(user_id, first_name=name, language_code=lang)
        self.people.append(user_id)
        return self._switch(user_id, f"a new participant (Telegram language {lang!r})")

    async def _users(self) -> str:
        lines = ["people in the demo (:user N or :user NAME to be one of them):"]
        roles = await self._roles()
        you = self.chat.user_id if self.chat else None
        for number, user_id in enumerate(self.people, 1):
            user = self._person(user_id)
            role = roles.get(user_id, "participant")
            if user_id not in self.emu.state.known_chats:
                role += ", has not opened the bot"
            mark = "   ← you" if user_id == you else ""
            lang = user.get("language_code", "")
            lines.append(f"  {number}. {user_label(user)} · {role} · {lang}{mark}")
        return "\n".join(lines)

    async def _roles(self) -> dict[int, str]:
        roles: dict[int, str] = {}
        if self.services is not None:
            settings = self.services.settings
            for row in await self.services.store.staff.organisers():
                roles[row[0]] = "organiser (added in the chat)"
            roles.update({uid: "organiser" for uid in settings.organiser_ids})
            roles.update({uid: "organiser and owner" for uid in settings.owner_ids})
        return roles


def default_start(settings: Settings) -> tuple[dt.datetime, dt.tzinfo]:
    """A quarter of an hour into the first session, so /now has an answer."""
    programme = load_any(settings.data_path, zone=settings.source_zone).programme
    zone = programme.forum.zone
    if settings.clock_start is not None:
        return local_to_utc(settings.clock_start, zone), zone
    first = min((s.start for s in programme.sessions), default=dt.datetime.now(dt.UTC))
    return first + dt.timedelta(minutes=15), zone


@dataclass
class Demo:
    """A running demo: the emulator, the bot's services, the terminal chat and its commands."""

    emu: BotAPIEmulator
    services: Services
    chat: TerminalChat
    control: DemoControl


@asynccontextmanager
async def demo_session(
    settings: Settings, clock: SimulatedClock, zone: dt.tzinfo, lang: str, out: TextIO
) -> AsyncIterator[Demo]:
    """The real bot against the emulator with the demo's people, and a chat as Aida."""
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
                owner_ids=frozenset({ORGANISER_ID}),
            )
            for user_id, first, last, username, language in CAST:
                emu.add_user(user_id, first, language or lang, username, last)
            control = DemoControl(emu, clock, zone)
            chat = TerminalChat(emu, PARTICIPANT_ID, out=out, on_meta=control)
            control.chat = chat
            application = build_application(demo_settings, clock)
            application.bot_data["serve_webapp"] = True  # on 127.0.0.1, for a browser
            async with running(application, poll_timeout=1) as app:
                # Broadcasts and reminders due after a clock move go out at once, not a tick later.
                services = app.bot_data["services"]
                control.services = services
                control.on_clock_moved = services.wake
                control.on_import = partial(reimport, services)
                control.app_link = partial(app_link, app, emu)
                yield Demo(emu, services, chat, control)


async def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    if args.start:
        settings = settings.with_(clock_start=dt.datetime.fromisoformat(args.start))
    try:
        start, zone = default_start(settings)
    except ProgrammeError as exc:
        print(exc.report())
        return 1
    # The terminal is the chat: log lines go to a file, kept after the demo ends.
    handle, name = tempfile.mkstemp(prefix="forumbot-demo-", suffix=".log")
    os.close(handle)
    log_to_file(Path(name))
    clock = SimulatedClock(start, args.speed)
    async with demo_session(settings, clock, zone, args.lang, sys.stdout) as demo:
        demo.chat.print(_intro(demo.control, args.lang, name))
        await demo.chat.run(stdin_lines())
    print(f"The demo's log is in {name}")
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
    found = await told_of(store, {c.session_id for c in changes})
    zone = result.programme.forum.zone
    lines = [f"{len(changes)} session(s) change:"] + [
        "  " + describe_plain(c, zone) for c in changes[:20]
    ]
    lines.append(f"{people(len(found))} who starred them (or speak) will be told when it has")
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


def _intro(control: DemoControl, lang: str, log: str) -> str:
    return (
        "forumbot offline demo: the real bot, a local Bot API, no token, no network.\n"
        f"You are Aida, a participant; your Telegram app's language is {lang!r}.\n"
        "Gulnara (:organiser) organises the forum and owns the bot; :users lists everyone.\n"
        f"{control.clock_line()}\n"
        f"The bot's log lines go to {log}\n"
        "Type /start. Type a number to press a button. :help lists the demo commands.\n"
        + control._with_link("")
    )
