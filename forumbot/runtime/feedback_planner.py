"""The feedback step of the planner's tick: after a session ends, its stargazers are asked
to rate it; at the end of each forum day, those with the feedback topic on get one prompt
listing the day's sessions they took part in (starred, asked or voted on a question) and
were not yet asked about. Decided at the clock's "now" by the pure rules in
``forumbot.rules.feedback``; the keys are written in the same transaction as the messages."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from functools import partial

import aiosqlite

from forumbot.infra.i18n import Catalogs
from forumbot.models import Forum, Room, Session
from forumbot.render.context import RenderCtx, View
from forumbot.render.feedback import render_day_prompt, render_prompt
from forumbot.rules.feedback import (
    FEEDBACK_LATE,
    day_items,
    day_moment,
    decide_day,
    decide_prompts,
)
from forumbot.runtime.daily import mark_missed, personal_rows, queue_for_day
from forumbot.store import Store
from forumbot.store.feedback import record_prompts

logger = logging.getLogger(__name__)


class FeedbackPlanner:
    """Driven by ``Planner.tick`` (same job, same lock); counts into its TickReport."""

    def __init__(
        self,
        store: Store,
        catalogs: Catalogs,
        delivery,  # DeliveryService (create_personal)
        *,
        bot_username: str | None = None,
        day_time: str | None = None,
        late: dt.timedelta = FEEDBACK_LATE,
    ) -> None:
        self.store, self.catalogs, self.delivery = store, catalogs, delivery
        self.bot_username, self.day_time, self.late = bot_username, day_time, late

    async def tick(self, forum: Forum, now: dt.datetime, report) -> None:
        # After the session prompts: the day prompt leaves out what they just asked about.
        await self._prompts(forum, now, report)
        await self._day(forum, now, report)

    def _prompt(
        self, forum: Forum, session: Session, rooms: Mapping[str, Room], lang: str
    ) -> View:
        return render_prompt(self._ctx(forum, lang), session, rooms)

    def _ctx(self, forum: Forum, lang: str) -> RenderCtx:
        return RenderCtx(lang, self.catalogs, forum, self.bot_username)

    async def _prompts(self, forum: Forum, now: dt.datetime, report) -> None:
        repo = self.store.feedback
        plan = decide_prompts(await repo.prompt_candidates(now), now, self.late)
        if plan.drop:
            async with self.store.db.transaction() as conn:
                await record_prompts(conn, plan.drop, "dropped", now, None)
            report.feedback_dropped += len(plan.drop)
            logger.warning("Dropped %d feedback prompts: too long after", len(plan.drop))
        if not plan.send:
            return
        sessions = await self.store.programme.sessions_by_ids(list(plan.send))
        rooms = await self.store.programme.rooms()
        for session_id, group in plan.send.items():
            session = sessions.get(session_id)
            if session is None:
                continue
            rows = personal_rows(
                group,
                partial(self._prompt, forum, session, rooms),
            )

            async def record(conn: aiosqlite.Connection, broadcast_id: int, g=group) -> None:
                await record_prompts(conn, g, "sent", now, broadcast_id)

            await self.delivery.create_personal("feedback", rows, record)
            report.feedback += len(rows)
            logger.info("Feedback prompts for %s: %d", session_id, len(rows))

    async def _day(self, forum: Forum, now: dt.datetime, report) -> None:
        programme, repo = self.store.programme, self.store.feedback
        days = {d.date: d for d, _ in await programme.days()}
        decided = await repo.days.decided()
        on_day = {day: await programme.sessions_on(day) for day in days if day not in decided}
        moments = {
            day: day_moment(day, sessions, self.day_time, forum.zone)
            for day, sessions in on_day.items()
        }
        due, missed = decide_day(moments, now, decided, self.late)
        await mark_missed(repo.days, missed, now, logger, "feedback prompt", "too long after")
        if due is None:
            return
        sessions = on_day[due]
        ids = [s.id for s in sessions]
        prompted, ratings = await repo.prompted(ids), await repo.ratings(ids)
        involved = await repo.involved(ids)
        rooms = await programme.rooms()
        rows = []
        for chat_id, lang in await self.store.users.readers("feedback"):
            mine, rated = prompted.get(chat_id, set()), ratings.get(chat_id, {})
            items = day_items(sessions, now, mine, rated, involved.get(chat_id, set()))
            if items:
                view = render_day_prompt(self._ctx(forum, lang), days[due], items, rooms)
                rows.append(view.personal(chat_id, lang))
        await queue_for_day(self.delivery, repo.days, "feedback_day", due, rows, now)
        report.feedback += len(rows)
        logger.info("End-of-day feedback prompt of %s: %d people", due, len(rows))
