"""The console's questions queue, under api/org/questions: the sessions with questions
waiting, a session's waiting and approved questions, and the moderator's decisions through
the chat's own path (forumbot.runtime.moderation: the rules, the store, the asker told, the
audit). Block asks once: without {"confirm": true} it answers 409 naming the person; reopen
and unblock do not ask, as in the chat."""

from __future__ import annotations

from aiohttp import web

from forumbot.rules.questions import APPROVED, PENDING, Person, Question, by_votes
from forumbot.runtime import moderation
from webapp.context import state_of, user_of
from webapp.org import titles_of

ACTIONS = ("approve", "reject", "answer", "block", "reopen")
HISTORY_SHOWN = 15  # decided questions listed, the latest first (as the chat's 🗂 History)


def _person(person: Person) -> dict:
    return {"name": person.name, "username": person.username}


def _question_json(q: Question) -> dict:
    return {
        "id": q.id,
        "text": q.text,
        "status": q.status,
        "votes": q.votes,
        "askedAt": q.created_at.isoformat(),
        "asker": _person(q.asker or Person(q.chat_id)),
    }


async def sessions(request: web.Request) -> web.Response:
    """Every session with questions waiting, and how many."""
    counts = await state_of(request).services.store.questions.pending_counts()
    titles = await titles_of(request, sorted(counts))
    return web.json_response(
        {
            "sessions": [
                {"id": i, "title": titles.get(i, i), "pending": n}
                for i, n in sorted(counts.items())
            ]
        }
    )


async def queue(request: web.Request) -> web.Response:
    """A session's waiting questions (oldest first) and approved ones (by votes)."""
    svc = state_of(request).services
    session_id = request.match_info["session_id"]
    if await svc.store.programme.session(session_id) is None:
        return web.json_response({"error": "no_such_session"}, status=404)
    found = await svc.store.questions.of_session(session_id, (PENDING, APPROVED))
    approved = by_votes([q for q in found if q.status == APPROVED])
    return web.json_response(
        {
            "session": session_id,
            "title": (await titles_of(request, [session_id]))[session_id],
            "pending": [_question_json(q) for q in found if q.status == PENDING],
            "approved": [_question_json(q) for q in approved],
        }
    )


async def decide(request: web.Request) -> web.Response:
    """{"action": approve|reject|answer|block[, "confirm": true]}; 409 when it was already
    decided (another moderator was quicker) or a block is not yet confirmed."""
    svc = state_of(request).services
    try:
        body = await request.json()
        action, confirm = str(body["action"]), bool(body.get("confirm", False))
        question = await svc.store.questions.get(int(request.match_info["question_id"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return web.json_response({"error": "bad_request"}, status=400)
    if action not in ACTIONS:
        return web.json_response({"error": "bad_request"}, status=400)
    session = await svc.store.programme.session(question.session_id) if question else None
    if question is None or session is None:
        return web.json_response({"error": "no_such_question"}, status=404)
    by = user_of(request).id
    if action == "block":
        if not confirm:
            asker = _person(question.asker or Person(question.chat_id))
            return web.json_response({"error": "confirm", "asker": asker}, status=409)
        await moderation.block(svc, question, by)
        return web.json_response({"id": question.id, "blocked": True})
    if action == "reopen":
        after = await moderation.reopen(svc, question, by)
    else:
        after = await moderation.moderate(svc, question, session, action, by)
    if after is None:
        return web.json_response({"error": "already_decided"}, status=409)
    return web.json_response({"id": question.id, "status": after})


async def history(request: web.Request) -> web.Response:
    """A session's answered and rejected questions, the latest decided first."""
    svc = state_of(request).services
    session_id = request.match_info["session_id"]
    if await svc.store.programme.session(session_id) is None:
        return web.json_response({"error": "no_such_session"}, status=404)
    decided = await svc.store.questions.decided(session_id, HISTORY_SHOWN)
    return web.json_response(
        {"session": session_id, "decided": [_question_json(q) for q in decided]}
    )


async def blocked(request: web.Request) -> web.Response:
    """The people blocked from asking at this forum, each with when."""
    store = state_of(request).services.store
    people = await store.questions.blocked((await store.programme.forum()).id)
    return web.json_response(
        {"blocked": [{"id": b.person.chat_id, **_person(b.person), "at": b.at.isoformat()}
                     for b in people]}
    )  # fmt: skip


async def unblock(request: web.Request) -> web.Response:
    """They may ask again (audited); 404 when they were not blocked."""
    svc = state_of(request).services
    person = await moderation.unblock(svc, int(request.match_info["chat_id"]), user_of(request).id)
    if person is None:
        return web.json_response({"error": "not_blocked"}, status=404)
    return web.json_response({"unblocked": _person(person)})


def setup(app: web.Application, base: str) -> None:
    org = base + "api/org/questions"
    app.router.add_get(org, sessions)
    app.router.add_get(org + "/session/{session_id}", queue)
    app.router.add_get(org + "/session/{session_id}/history", history)
    app.router.add_post(org + "/{question_id:\\d+}", decide)
    app.router.add_get(org + "/blocked", blocked)
    app.router.add_delete(org + "/blocked/{chat_id:-?\\d+}", unblock)
