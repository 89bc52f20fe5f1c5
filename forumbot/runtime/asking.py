"""Asking and voting round-table questions, one path for the chat (/ask, a card's ❓) and the
Mini App's session card: the same limits (blocked, per session, the interval, the length),
the question stored as pending with the asker's name, the moderators told once when a queue
starts, and one vote per person in the same store."""

from __future__ import annotations

from dataclasses import dataclass

from forumbot.models import Session
from forumbot.render.context import RenderCtx
from forumbot.render.questions import render_waiting
from forumbot.rules.questions import (
    PENDING,
    Limits,
    Person,
    accepts_questions,
    clean_question,
    refusal_to_ask,
)
from forumbot.runtime.services import Services


@dataclass(frozen=True, slots=True)
class Asked:
    """A question stored (``question_id``), or why not (``refusal``, a catalog key, with the
    number its text names as ``count``)."""

    question_id: int | None = None
    refusal: str | None = None
    count: int = 0


def limits_of(svc: Services) -> Limits:
    s = svc.settings
    return Limits(s.question_max_length, s.questions_per_session, s.question_interval)


def limit_count(limits: Limits, key: str) -> int:
    """The number a refusal names (its texts have plural forms)."""
    counts = {
        "q_limit_session": limits.per_session,
        "q_limit_interval": int(limits.interval.total_seconds()),
    }
    return counts.get(key, limits.max_length)


async def refusal(svc: Services, chat_id: int, session: Session) -> str | None:
    """Why this person may not ask about ``session`` now (a catalog key), or None."""
    if not accepts_questions(session):
        return "q_not_accepted"
    forum = await svc.store.programme.forum()
    asked_here, last = await svc.store.questions.asked(chat_id, session.id)
    return refusal_to_ask(
        limits_of(svc),
        svc.clock.now(),
        blocked=await svc.store.questions.is_blocked(forum.id, chat_id),
        asked_here=asked_here,
        last_asked=last,
    )


def _refused(svc: Services, key: str) -> Asked:
    return Asked(refusal=key, count=limit_count(limits_of(svc), key))


async def ask(svc: Services, session: Session, asker: Person, text: str | None) -> Asked:
    """Checked again (limits, block, length), stored as pending; the moderators told when
    the session's queue was empty."""
    key = await refusal(svc, asker.chat_id, session)
    if key:
        return _refused(svc, key)
    cleaned, problem = clean_question(text, limits_of(svc))
    if cleaned is None:
        return _refused(svc, problem or "q_text_only")
    question_id = await svc.store.questions.ask(
        session.id, asker.chat_id, cleaned, svc.clock.now(), asker
    )
    await tell_moderators(svc, session)
    return Asked(question_id=question_id)


async def tell_moderators(svc: Services, session: Session) -> None:
    """When a session's queue goes from empty to one waiting question, its moderators (or,
    when it has none, the organisers) are told once, in their languages, through the
    delivery engine; more questions while some wait add nothing."""
    if len(await svc.store.questions.of_session(session.id, [PENDING])) != 1:
        return
    people = set(await svc.store.questions.moderators(session.id))
    if not people:
        added = [uid for uid, _, _ in await svc.store.staff.organisers()]
        people = set(svc.settings.organiser_ids | svc.settings.owner_ids | set(added))
    languages = await svc.store.users.languages(sorted(people))
    forum = await svc.store.programme.forum()
    rows = []
    for chat_id in sorted(people):
        lang = languages.get(chat_id)
        if lang is None:
            continue  # never started the bot: it cannot write to them
        view = render_waiting(RenderCtx(lang, svc.catalogs, forum, svc.bot_username), session)
        rows.append(view.personal(chat_id, lang))
    if rows:
        await svc.delivery.create_personal("question", rows)
