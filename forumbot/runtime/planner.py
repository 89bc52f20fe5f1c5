"""The personal planner: reminders, daily digests and change notices, decided at the clock's
"now" by pure functions over the store, and sent through the delivery engine.

A periodic tick (the JobQueue in the bot) calls ``Planner.tick``. Nothing is scheduled on
the wall clock: the simulated clock that organisers rehearse with moves everything. What was
decided is written in the same transaction as the messages it queues, so a restart neither
repeats nor loses a reminder; one whose moment passed while the bot was down is sent late
only while its session has not started, otherwise dropped and counted. Session feedback
prompts are one more step of the same tick (``forumbot/runtime/feedback_planner.py``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import aiosqlite

from forumbot.infra.clock import Clock
from forumbot.infra.i18n import Catalogs
from forumbot.infra.timeutil import combine, local_to_utc, zone_or_none
from forumbot.models import Forum, Room, Session, Speaker
from forumbot.render.agenda import render_changes, render_digest, render_reminder
from forumbot.render.context import RenderCtx, View
from forumbot.render.hidden import with_hidden
from forumbot.rules.changes import Change, merge
from forumbot.rules.hidden import Sieve
from forumbot.runtime.daily import mark_missed, queue_for_day, zoned_rows
from forumbot.runtime.feedback_planner import FeedbackPlanner
from forumbot.runtime.link_notices import LinkNotices
from forumbot.runtime.quiet import QuietWindow, notices_due  # noqa: F401 (the rules' home)
from forumbot.runtime.speaker_notices import speaker_rows
from forumbot.store import Store
from forumbot.store.agenda import Candidate, record_reminders
from forumbot.store.changes import mark_told

logger = logging.getLogger(__name__)

DIGEST_LATE = dt.timedelta(hours=4)  # a digest the bot was down for still goes this late


# --- pure decisions ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReminderPlan:
    send: dict[str, list[Candidate]] = field(default_factory=dict)  # session id -> people
    drop: list[Candidate] = field(default_factory=list)


def decide_reminders(candidates: Iterable[Candidate], now: dt.datetime) -> ReminderPlan:
    """Due reminders go out while their session has not started; later ones are dropped."""
    plan = ReminderPlan()
    for c in candidates:
        if c.due > now:
            continue
        if now < c.start:
            plan.send.setdefault(c.session_id, []).append(c)
        else:
            plan.drop.append(c)
    return plan


def digest_moment(day: dt.date, hhmm: str, zone: dt.tzinfo) -> dt.datetime:
    return local_to_utc(combine(day, hhmm), zone)


def decide_digest(
    days: Sequence[dt.date], hhmm: str, zone: dt.tzinfo, now: dt.datetime, decided: set[dt.date]
) -> tuple[dt.date | None, list[dt.date]]:
    """The forum day whose digest is due now (if any), and the days whose digest can no
    longer be sent (their moment passed more than DIGEST_LATE ago)."""
    due, missed = None, []
    for day in days:
        if day in decided:
            continue
        moment = digest_moment(day, hhmm, zone)
        if moment > now:
            continue
        if now - moment > DIGEST_LATE:
            missed.append(day)
        else:
            due = day
    return due, missed


def notices_for(
    changes: Sequence[Change], stargazers: dict[int, set[str]]
) -> dict[int, list[Change]]:
    """Each person -> the merged changes of the sessions they starred."""
    merged = merge(changes)
    found: dict[int, list[Change]] = {}
    for chat_id, starred in stargazers.items():
        mine = [c for c in merged if c.session_id in starred]
        if mine:
            found[chat_id] = mine
    return found


def planner_interval(clock: Clock) -> float:
    """Wall seconds between ticks: 15 on the real clock; on a simulated one, often enough that
    a tick spans at most 15 forum seconds, but never more often than twice a second (also when
    it stands still): past speed 30 a tick spans more (30 forum seconds at speed 60)."""
    speed = getattr(clock, "speed", 1.0)
    if not speed:
        return 0.5
    return min(15.0, max(0.5, 15.0 / speed))


# --- the planner -----------------------------------------------------------------------------
@dataclass(slots=True)
class TickReport:
    reminders: int = 0
    dropped: int = 0
    digests: int = 0
    notices: int = 0
    link_notices: int = 0  # new slides or recordings told
    feedback: int = 0  # feedback prompts queued (after a session, end of day)
    feedback_dropped: int = 0


class Planner:
    """Decides and queues; ``tick`` is safe to call often and from several places."""

    def __init__(
        self,
        store: Store,
        catalogs: Catalogs,
        clock: Clock,
        delivery,  # DeliveryService (create_personal)
        *,
        bot_username: str | None = None,
        change_window: dt.timedelta = dt.timedelta(minutes=3),
        feedback_day_time: str | None = None,
    ) -> None:
        self.store, self.catalogs, self.clock, self.delivery = store, catalogs, clock, delivery
        self.bot_username = bot_username
        self.change_window = change_window
        self._lock = asyncio.Lock()
        self._quiet = QuietWindow(change_window)
        self.links = LinkNotices(store, catalogs, delivery, change_window, bot_username)
        self.feedback = FeedbackPlanner(
            store, catalogs, delivery, bot_username=bot_username, day_time=feedback_day_time
        )

    async def tick(self) -> TickReport:
        if self._lock.locked():
            return TickReport()  # a tick is running: it will see everything this one would
        async with self._lock:
            now = self.clock.now()
            report = TickReport()
            if not await self.store.programme.has_programme():
                return report
            forum = await self.store.programme.forum()
            await self._changes(forum, now, report)
            await self.links.tick(forum, now, report)
            await self._reminders(forum, now, report)
            await self._digest(forum, now, report)
            await self.feedback.tick(forum, now, report)
            return report

    def _reminder(
        self,
        forum: Forum,
        session: Session,
        rooms: Mapping[str, Room],
        people: Mapping[str, Speaker],
        lang: str,
        zone: str | None,
    ) -> View:
        return render_reminder(self._ctx(forum, lang, zone), session, rooms, people)

    def _ctx(self, forum: Forum, lang: str, zone: str | None = None) -> RenderCtx:
        """The reader's context; ``zone`` their own (from /settings), None for the forum's."""
        own = None if zone is None or zone == forum.timezone else zone_or_none(zone)
        return RenderCtx(lang, self.catalogs, forum, self.bot_username, own)

    async def _reminders(self, forum: Forum, now: dt.datetime, report: TickReport) -> None:
        repo = self.store.personal
        plan = decide_reminders(await repo.reminder_candidates(now), now)
        if plan.drop:
            async with self.store.db.transaction() as conn:
                await record_reminders(conn, plan.drop, "dropped", now, None)
            report.dropped += len(plan.drop)
            logger.warning("Dropped %d reminders: their sessions had started", len(plan.drop))
        if not plan.send:
            return
        programme = self.store.programme
        sessions = await programme.sessions_by_ids(list(plan.send), full=False)
        rooms = await programme.rooms()
        people = await programme.speakers(
            sorted({i for s in sessions.values() for i in (*s.moderator_ids, *s.speaker_ids)})
        )
        for session_id, group in plan.send.items():
            session = sessions.get(session_id)
            if session is None:
                continue
            rows = zoned_rows(
                group,
                partial(self._reminder, forum, session, rooms, people),
                await self.store.zones.of_many([c.chat_id for c in group]),
            )

            async def record_sent(conn: aiosqlite.Connection, broadcast_id: int, g=group) -> None:
                await record_reminders(conn, g, "sent", now, broadcast_id)

            await self.delivery.create_personal("reminder", rows, record_sent)
            report.reminders += len(rows)
            logger.info("Reminders for %s: %d", session_id, len(rows))

    async def _digest(self, forum: Forum, now: dt.datetime, report: TickReport) -> None:
        programme, repo = self.store.programme, self.store.personal
        days = [d for d, _ in await programme.days()]
        due, missed = decide_digest(
            [d.date for d in days],
            forum.digest_time,
            forum.zone,
            now,
            await repo.digests.decided(),
        )
        await mark_missed(
            repo.digests, missed, now, logger, "digest", "the bot was down at its time"
        )
        if due is None:
            return
        day_obj = next(d for d in days if d.date == due)
        readers = await self.store.users.readers("digest")
        sessions = await programme.sessions_on(due)
        rooms = await programme.rooms()
        rows = []
        zones = await self.store.zones.of_many([chat_id for chat_id, _ in readers])
        for chat_id, lang in readers:
            ctx, starred = self._ctx(forum, lang, zones.get(chat_id)), await repo.starred(chat_id)
            sieve = Sieve(await self.store.hidden.of(chat_id), frozenset(starred))
            kept, left_out = sieve.split(sessions) if sieve.hidden else (sessions, 0)
            view = render_digest(ctx, day_obj, kept, rooms, starred)
            rows.append(with_hidden(ctx, view, left_out).personal(chat_id, lang))
        await queue_for_day(self.delivery, repo.digests, "digest", due, rows, now)
        report.digests += len(rows)
        logger.info("Digest of %s: %d readers", due, len(rows))

    async def _changes(self, forum: Forum, now: dt.datetime, report: TickReport) -> None:
        logged, last = await self.store.changes.untold()
        if not self._quiet.due(logged[-1][0] if logged else None, last, now):
            return
        ids = [i for i, _ in logged]
        changes = [c for _, c in logged]
        stargazers = await self.store.personal.stargazers({c.session_id for c in changes})
        per_person = notices_for(changes, stargazers)
        own = await speaker_rows(self.store, forum, self._ctx, merge(changes), per_person, now)
        languages = await self.store.users.languages(list(per_person))
        rooms = await self.store.programme.rooms()
        zones = await self.store.zones.of_many(list(per_person))
        rows = list(own.values())  # a linked speaker's own message says it all
        for chat_id, mine in per_person.items():
            if chat_id in own:
                continue
            lang = languages.get(chat_id, forum.default_language)
            view = render_changes(self._ctx(forum, lang, zones.get(chat_id)), mine, rooms)
            rows.append(view.personal(chat_id, lang))

        async def told(conn: aiosqlite.Connection, broadcast_id: int | None = None) -> None:
            await mark_told(conn, ids)

        if rows:
            await self.delivery.create_personal("changes", rows, told)
        else:
            async with self.store.db.transaction() as conn:
                await told(conn)
        self._quiet.told()
        report.notices += len(rows)
        logger.info("Programme changes told to %d people", len(rows))
