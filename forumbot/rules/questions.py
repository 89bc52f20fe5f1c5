"""Round-table questions: which sessions take them, who may moderate, and the abuse limits.

Pure decisions; the store holds the questions and the handlers ask these functions first.
A question is participants' text: it is shown to others only once a moderator approved it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from forumbot.models import Session

ASKING_KINDS = frozenset({"round_table", "plenary", "school"})

# status -> the moderator's actions allowed from it, and the status each leads to
PENDING, APPROVED, REJECTED, ANSWERED = "pending", "approved", "rejected", "answered"
PUBLIC = (APPROVED, ANSWERED)  # what participants see
MOVES: dict[str, dict[str, str]] = {
    "approve": {PENDING: APPROVED},
    "reject": {PENDING: REJECTED, APPROVED: REJECTED},
    "answer": {PENDING: ANSWERED, APPROVED: ANSWERED},
}


@dataclass(frozen=True, slots=True)
class Limits:
    max_length: int = 500
    per_session: int = 5
    interval: dt.timedelta = dt.timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone organisers see by name: as Telegram gave it when we last met them (None when
    it never did: a moderator named by id in the programme file who never wrote)."""

    chat_id: int
    name: str | None = None
    username: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    session_id: str
    chat_id: int
    text: str
    status: str
    created_at: dt.datetime
    votes: int = 0
    voted: bool = False  # by the person looking at it
    asker: Person | None = None  # as they were when they asked
    decided_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Blocked:
    """A person blocked from asking at this forum, and when."""

    person: Person
    at: dt.datetime


def accepts_questions(session: Session) -> bool:
    """Round tables, plenaries and schools take questions, unless cancelled."""
    return session.kind in ASKING_KINDS and not session.cancelled


def may_moderate(user_id: int, organiser: bool, moderators: Collection[int]) -> bool:
    """Organisers moderate every session; a session's moderators moderate it."""
    return organiser or user_id in moderators


def next_status(status: str, action: str) -> str | None:
    """The status a moderator's action leads to from ``status``; None if it does not apply."""
    return MOVES.get(action, {}).get(status)


DECIDED = (ANSWERED, REJECTED)  # the moderators' history, each with "reopen"
REOPENED = {REJECTED: PENDING, ANSWERED: APPROVED}  # back in the queue, or among the approved


def reopened_status(status: str) -> str | None:
    """Where "reopen" puts a rejected (the queue) or answered (approved) question; None if it
    is not decided."""
    return REOPENED.get(status)


def refusal_to_ask(
    limits: Limits,
    now: dt.datetime,
    *,
    blocked: bool,
    asked_here: int,
    last_asked: dt.datetime | None,
) -> str | None:
    """The catalog key explaining why this person may not ask now, or None."""
    if blocked:
        return "q_blocked"
    if asked_here >= limits.per_session:
        return "q_limit_session"
    if last_asked is not None and now - last_asked < limits.interval:
        return "q_limit_interval"
    return None


def clean_question(text: str | None, limits: Limits) -> tuple[str | None, str | None]:
    """(the question as it will be stored, None) or (None, the catalog key of the refusal)."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None, "q_text_only"
    if len(cleaned) > limits.max_length:
        return None, "q_too_long"
    return cleaned, None


def by_votes(questions: list[Question]) -> list[Question]:
    """Approved questions first by votes, then the earliest; answered ones after them."""
    return sorted(questions, key=lambda q: (q.status == ANSWERED, -q.votes, q.created_at, q.id))
