"""Moderating a round table's questions, one path for the chat (/questions) and the Mini
App's console: the status moves as forumbot.rules.questions allows (one of two moderators at
once wins), the asker is told through the delivery engine, and every decision is audited."""

from __future__ import annotations

from forumbot.models import Session
from forumbot.render.context import RenderCtx
from forumbot.render.questions import render_notice
from forumbot.rules.questions import (
    PENDING,
    REJECTED,
    Person,
    Question,
    next_status,
    reopened_status,
)
from forumbot.runtime.services import Services


async def moderate(svc: Services, question: Question, session: Session, action: str,
                   by: int) -> str | None:  # fmt: skip
    """Approve, reject or mark answered; the new status, or None when the question was
    already decided (or the action does not apply to it)."""
    after = next_status(question.status, action)
    now = svc.clock.now()
    if after is None or not await svc.store.questions.move(
        question.id, question.status, after, by, now
    ):
        return None
    audited = f"question_{action}"  # question_approve, question_reject, question_answer
    await svc.store.staff.audit(by, audited, now, question=question.id,
                                before=question.status, after=after)  # fmt: skip
    if after != REJECTED:
        await tell_asker(svc, session, question.id)
    return after


async def block(svc: Services, question: Question, by: int) -> None:
    """The asker may no longer ask at this forum; a waiting question of theirs is rejected.
    Audited; lifted from the list of the blocked."""
    now = svc.clock.now()
    forum_id = (await svc.store.programme.forum()).id
    person = question.asker or Person(question.chat_id)
    await svc.store.questions.block(forum_id, question.chat_id, by, now, person)
    if question.status == PENDING:
        await svc.store.questions.move(question.id, PENDING, REJECTED, by, now)
    await svc.store.staff.audit(by, "question_block", now, question=question.id,
                                user=question.chat_id)  # fmt: skip


async def reopen(svc: Services, question: Question, by: int) -> str | None:
    """A rejected question back in the queue, an answered one back among the approved;
    the new status, or None when it is not decided (or another moderator was quicker).
    Audited (status before and after)."""
    after = reopened_status(question.status)
    now = svc.clock.now()
    if after is None or not await svc.store.questions.move(
        question.id, question.status, after, by, now
    ):
        return None
    await svc.store.staff.audit(by, "question_reopened", now, question=question.id,
                                before=question.status, after=after)  # fmt: skip
    return after


async def unblock(svc: Services, chat_id: int, by: int) -> Person | None:
    """They may ask again; the person, or None when they were not blocked. Audited."""
    forum_id = (await svc.store.programme.forum()).id
    blocked = await svc.store.questions.blocked(forum_id)
    person = next((b.person for b in blocked if b.person.chat_id == chat_id), None)
    if person is None or not await svc.store.questions.unblock(forum_id, chat_id):
        return None
    await svc.store.staff.audit(by, "question_unblock", svc.clock.now(), user=chat_id)
    return person


async def tell_asker(svc: Services, session: Session, question_id: int) -> None:
    """Through the delivery engine, in the asker's language: approved, or picked on stage."""
    question = await svc.store.questions.get(question_id)
    if question is None:
        return
    language = (await svc.store.users.languages([question.chat_id])).get(question.chat_id)
    if language is None:
        return  # they erased their data meanwhile
    forum = await svc.store.programme.forum()
    view = render_notice(
        RenderCtx(language, svc.catalogs, forum, svc.bot_username), session, question
    )
    await svc.delivery.create_personal("question", [view.personal(question.chat_id, language)])
