"""Counts for the organisers' /stats: who uses the bot (by language and topic, active,
blocked) and which sessions are starred most."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from forumbot.infra.timeutil import to_epoch
from forumbot.store.db import Database
from forumbot.store.users import DEFAULT_TOPICS, TOPICS


@dataclass(frozen=True, slots=True)
class Participants:
    total: int
    active: int  # seen since the moment asked about
    blocked: int  # blocked the bot (nothing reaches them until they /start)
    by_language: dict[str, int]
    by_topic: dict[str, int]  # people who follow each topic, of those not blocked


class StatsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def participants(self, seen_since: dt.datetime) -> Participants:
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(last_seen >= ?), 0), "
            "COALESCE(SUM(status = 'blocked'), 0) FROM users",
            (to_epoch(seen_since),),
        )
        total, active, blocked = (int(v) for v in row) if row else (0, 0, 0)
        languages = await self._db.fetchall(
            "SELECT language, COUNT(*) FROM users GROUP BY language ORDER BY 2 DESC, 1"
        )
        by_topic = {}
        for topic in TOPICS:  # a person without a row for a topic has its default
            default = int(topic in DEFAULT_TOPICS)
            found = await self._db.fetchone(
                "SELECT COUNT(*) FROM users u LEFT JOIN user_topics t "
                "ON t.chat_id = u.chat_id AND t.topic = ? "
                "WHERE u.status != 'blocked' AND COALESCE(t.enabled, ?) = 1",
                (topic, default),
            )
            by_topic[topic] = int(found[0]) if found else 0
        return Participants(total, active, blocked, {r[0]: int(r[1]) for r in languages}, by_topic)

    async def most_starred(self, limit: int = 10) -> list[tuple[str, int]]:
        """(session id, people who starred it), the most first."""
        rows = await self._db.fetchall(
            "SELECT session_id, COUNT(*) FROM stars GROUP BY session_id "
            "ORDER BY 2 DESC, 1 LIMIT ?",
            (limit,),
        )
        return [(r[0], int(r[1])) for r in rows]
