"""Parts of bench/reminders.py: a synthetic forum in a real SQLite file with thousands of
participants who starred sessions, built in a process of its own (so that the start-up's
memory is the bot's alone), and memory figures from /proc.

The crowd: ``due`` people, each with a lead time of 10 minutes, starred one of the sessions
that start last (together, one per room): their reminders fall due in the same minute. The
others star any sessions with lead times of 5, 10, 15 or 30 minutes, or none; those with 10
stay away from the last sessions, so that nobody else falls due in that minute. Every
reminder due before the start-up moment is already decided, as a bot that ran all day would
have left it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.synthetic import Sizes, make_programme
from forumbot.infra.timeutil import to_epoch
from forumbot.models import UI_LANGUAGES
from forumbot.store import Store

FIRST_CHAT = 200_000
CROWD_LEAD = 10  # minutes
OTHER_LEADS = ((5, 10, 15, 30, 0), (20, 35, 20, 15, 10))  # minutes (0: off), weights in %
STARTUP_BEFORE = dt.timedelta(minutes=1)  # the bot starts this long before the due minute


@dataclass(frozen=True, slots=True)
class Plan:
    programme: Sizes
    users: int
    stars_each: int
    due: int  # reminders that fall due in the same minute
    seed: int = 2024


@dataclass(frozen=True, slots=True)
class Built:
    path: Path
    sessions: int
    users: int
    stars: int
    decided: int  # reminders decided before the start-up moment
    together: int  # sessions that start together, last of all
    opens: dt.datetime  # the first session's start
    due_at: dt.datetime  # the minute the crowd's reminders fall due
    crowd: tuple[int, ...]  # their chats
    seconds: float
    size_mb: float

    @property
    def startup_at(self) -> dt.datetime:
        return self.due_at - STARTUP_BEFORE

    def copy(self, name: str) -> Path:
        """A fresh copy of the store, as it was left by the build."""
        target = self.path.with_name(name)
        shutil.copyfile(self.path, target)
        wal = self.path.with_name(self.path.name + "-wal")  # gone after a clean close
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + "-wal"))
        return target


def build(path: Path, plan: Plan) -> Built:
    """Build the store at ``path`` (run in a process of its own)."""
    return asyncio.run(_build(path, plan))


async def _build(path: Path, plan: Plan) -> Built:
    start = time.perf_counter()
    rng = random.Random(plan.seed)
    programme = make_programme(plan.programme, plan.seed)
    last = max(s.start for s in programme.sessions)
    together = [s.id for s in programme.sessions if s.start == last]
    others = [s.id for s in programme.sessions if s.start != last]
    due_at = last - dt.timedelta(minutes=CROWD_LEAD)
    before = min(s.start for s in programme.sessions) - dt.timedelta(days=7)
    store = await Store.open(path)
    try:
        await store.programme.replace(programme, "bench", before)
        crowd = range(FIRST_CHAT, FIRST_CHAT + plan.due)
        people = [
            _person(rng, plan, chat, chat in crowd, together, others)
            for chat in range(FIRST_CHAT, FIRST_CHAT + plan.users)
        ]
        await _insert(store, people, to_epoch(before))
        decided = await _decide_before(store, due_at - STARTUP_BEFORE)
        for day in programme.days:  # a bot that ran all day has decided these too
            await store.personal.digests.mark(day.date, "sent", before)
            await store.feedback.days.mark(day.date, "sent", before)
        await _check(store, due_at, set(crowd))
        stars = await store.personal.count_stars()
    finally:
        await store.close()
    seconds = time.perf_counter() - start
    size_mb = path.stat().st_size / 2**20
    return Built(path, len(programme.sessions), plan.users, stars, decided, len(together),
                 before + dt.timedelta(days=7), due_at, tuple(crowd), seconds,
                 size_mb)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Person:
    chat_id: int
    language: str
    lead: int
    stars: list[str]


def _person(
    rng: random.Random,
    plan: Plan,
    chat_id: int,
    in_crowd: bool,
    together: Sequence[str],
    others: Sequence[str],
) -> _Person:
    language = UI_LANGUAGES[chat_id % len(UI_LANGUAGES)]
    if in_crowd:
        stars = [rng.choice(together), *rng.sample(others, plan.stars_each - 1)]
        return _Person(chat_id, language, CROWD_LEAD, stars)
    lead = rng.choices(*OTHER_LEADS)[0]
    pool = others if lead == CROWD_LEAD else [*together, *others]
    return _Person(chat_id, language, lead, rng.sample(pool, plan.stars_each))


async def _insert(store: Store, people: list[_Person], epoch: int) -> None:
    async with store.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (chat_id, language, language_chosen, first_seen, last_seen, "
            "reminder_lead, starred_once) VALUES (?, ?, 1, ?, ?, ?, 1)",
            [(p.chat_id, p.language, epoch, epoch, p.lead) for p in people],
        )
        await conn.executemany(
            "INSERT INTO stars (chat_id, session_id, created_at) VALUES (?, ?, ?)",
            [(p.chat_id, s, epoch) for p in people for s in p.stars],
        )


async def _decide_before(store: Store, moment: dt.datetime) -> int:
    """Every reminder due before ``moment`` was sent at its time (by the bot that ran)."""
    async with store.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO reminders (chat_id, session_id, start, status, decided_at) "
            "SELECT st.chat_id, s.id, s.start, 'sent', s.start - u.reminder_lead * 60 "
            "FROM stars st JOIN sessions s ON s.id = st.session_id "
            "JOIN users u ON u.chat_id = st.chat_id "
            "WHERE u.reminder_lead > 0 AND s.start - u.reminder_lead * 60 < ?",
            (to_epoch(moment),),
        )
        return cursor.rowcount


async def _check(store: Store, due_at: dt.datetime, crowd: set[int]) -> None:
    """Nothing is due at the start-up moment; exactly the crowd is due at ``due_at``."""
    early = await store.personal.reminder_candidates(due_at - STARTUP_BEFORE)
    due = await store.personal.reminder_candidates(due_at)
    assert not early, f"{len(early)} reminders due at start-up"
    assert sorted(c.chat_id for c in due) == sorted(crowd), "the crowd is not what falls due"


# --- memory ---------------------------------------------------------------------------------
def vm_mb(field: str) -> float:
    """A Vm* line of /proc/self/status (VmRSS now, VmHWM the peak so far) in MB; 0 elsewhere."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    return next((int(ln.split()[1]) / 1024 for ln in lines if ln.startswith(field + ":")), 0.0)
