"""The import and check command line (``bot.py import``, ``bot.py check``): a programme file
validated in the worker, its changes shown, and put in service; no Telegram involved."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from forumbot.infra.clock import RealClock
from forumbot.infra.settings import Settings
from forumbot.models import Programme, pick
from forumbot.programme import LoadResult, Problem, ProgrammeError
from forumbot.programme.worker import DEFAULT_LIMITS, Limits, load_in_worker
from forumbot.rules.changes import describe_plain
from forumbot.runtime.editions import edition_change, open_edition
from forumbot.runtime.services import put_in_service
from forumbot.runtime.speaker_notices import told_of
from forumbot.store import Store
from forumbot.store.editions import EditionChange, Facts


def _warnings(
    source: Path, warnings: tuple[Problem, ...], done: str = "imported anyway", limit: int = 30
) -> str:
    """What the import (or the check) noticed without refusing the file, one line each."""
    if not warnings:
        return ""
    lines = [f"{len(warnings)} warning(s), {done}:"]
    lines += [f"  {w.describe(str(source))}" for w in warnings[:limit]]
    if len(warnings) > limit:
        lines.append(f"  … and {len(warnings) - limit} more")
    return "\n" + "\n".join(lines)


async def run_import(
    settings: Settings, path: Path, zone: str | None = None, yes: bool = False
) -> int:
    """``bot.py import``: validate ``path``, show what changes, put it in service."""
    try:
        result = await load_in_worker(path, zone, limits=Limits.from_settings(settings))
    except ProgrammeError as exc:
        print(f"Refused; the programme in service is unchanged.\n{exc.report()}", file=sys.stderr)
        return 1
    store = await Store.open(settings.db_path)
    try:
        change = await edition_change(store, result.programme)
        if change is not None:
            return await _new_edition(store, result, path, change, yes)
        if not await _confirm_changes(store, result.programme, yes):
            print("Nothing changed.")
            return 1
        await put_in_service(store, result, path, RealClock().now())
    finally:
        await store.close()
    count = len(result.programme.sessions)
    print(f"Imported {count} sessions from {path} into {settings.db_path}")
    if result.warnings:
        print(_warnings(path, result.warnings).lstrip("\n"))
    return 0


def _facts(facts: Facts, lang: str) -> str:
    when = f"{facts.first} – {facts.last}" if facts.first and facts.last else "no days"
    title, city = pick(facts.title, lang, lang), pick(facts.city, lang, lang)
    return f"  {title}\n  {when}, {city} (id {facts.id})"


async def _new_edition(
    store: Store, result: LoadResult, path: Path, change: EditionChange, yes: bool
) -> int:
    """Another forum's file: show the old and the new forum and what ends; open the new
    edition only when confirmed (--yes, or "y" on a terminal), else refuse saying why."""
    lang = result.programme.forum.default_language
    ending, sessions = change.ending, len(result.programme.sessions)
    print("This file is another forum: putting it in service opens a new edition.")
    print(f"In service now:\n{_facts(change.old, lang)}")
    print(f"The new edition ({sessions} sessions):\n{_facts(change.new, lang)}")
    print(
        f"{people(ending.people)} carry over with their languages and topics; the old "
        "programme, news and summary move to the archive (/archive).\n"
        f"Ending with it: the stars of {people(ending.starred)} and their reminders, "
        f"{ending.questions} question(s); {ending.feedback} feedback answer(s) stay in the "
        "archive without names."
    )
    if not yes and not sys.stdin.isatty():
        print(
            "Refused: a new edition opens only when confirmed. Run this on a terminal and "
            "answer y, or add --yes. Nothing changed.",
            file=sys.stderr,
        )
        return 1
    if not yes and input("Open the new edition? [y/N] ").strip().lower() not in ("y", "yes"):
        print("Nothing changed.")
        return 1
    await open_edition(store, result, path, RealClock().now(), None)
    print(
        f"Opened the new edition: {sessions} sessions from {path}. "
        "Send the welcome-back message from the chat: /welcomeback"
    )
    return 0


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


async def _confirm_changes(store: Store, programme: Programme, yes: bool) -> bool:
    """Show what the import changes in the sessions people starred, and how many people will
    be told; on a terminal, ask before going on (unless --yes)."""
    if not await store.programme.has_programme():
        return True
    changes = await store.programme.preview(programme)
    if not changes:
        print("No session changes time, hall, title or status.")
        return True
    zone = programme.forum.zone
    print(f"{len(changes)} session(s) change:")
    for change in changes[:50]:
        print("  " + describe_plain(change, zone))
    if len(changes) > 50:
        print(f"  … and {len(changes) - 50} more")
    found = await told_of(store, {c.session_id for c in changes})
    print(
        f"{people(len(found))} who starred them or speak at them will be told "
        "(once the bot has run a tick)."
    )
    if yes or not sys.stdin.isatty():
        return True
    answer = input("Put this programme in service? [y/N] ").strip().lower()
    return answer in ("y", "yes")


def check(path: Path, zone: str | None = None, limits: Limits = DEFAULT_LIMITS) -> int:
    """``bot.py check``: validate ``path`` only."""
    try:
        result = asyncio.run(load_in_worker(path, zone, limits=limits))
    except ProgrammeError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    programme = result.programme
    print(
        f"{path}: OK, {len(programme.sessions)} sessions, {len(programme.speakers)} speakers"
        + _warnings(path, result.warnings, "the file can be imported all the same")
    )
    return 0
